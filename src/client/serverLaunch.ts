/**
 * Starting the language server's process. The first one starts on the turn after activate(),
 * before the language client is loaded: the server's own start-up (Node, then its bundle) runs on
 * the other core while the extension host loads the language client, instead of after it. The
 * language client takes that process when it starts (ServerProcesses.next); a restart after a crash
 * gets a new one. The process is the one the client would start itself: dist/server.js over node
 * IPC, with the same environment, and the debug port when the extension host is being debugged.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { SERVER_ENV } from '../shared/serverProcess';

/** The language client's test for a debugged extension host, whose server then gets a debug port too. */
export function isDebugging(execArgv: readonly string[]): boolean {
  return execArgv.some((arg) => /^--(debug|debug-brk|inspect|inspect-brk)(=|$)/.test(arg));
}

/** Forks dist/server.js as the language client does for TransportKind.ipc. */
export function forkServer(module: string): ChildProcess {
  return fork(module, ['--node-ipc', `--clientProcessId=${process.pid}`], {
    execArgv: isDebugging(process.execArgv) ? ['--nolazy', '--inspect=6009'] : [],
    // As the language client forks: the extension host's environment, run as Node under Electron.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1', ...SERVER_ENV },
    silent: true,
  });
}

/** The server processes of this window: the one started early, then one per restart. */
export class ServerProcesses {
  private current: ChildProcess | undefined;
  private early: ChildProcess | undefined;

  constructor(
    private readonly module: string,
    private readonly start: (module: string) => ChildProcess = forkServer,
    private readonly later: (run: () => void, ms: number) => void = (run, ms) => setTimeout(run, ms).unref(),
  ) {}

  /** Starts the first process now, before anyone asks for it. */
  startEarly(): void {
    this.early ??= this.start(this.module);
  }

  /** The process for the language client's next start: the early one while it runs, else a new one. */
  next(): ChildProcess {
    const early = this.early;
    this.early = undefined;
    this.current = early && early.exitCode === null && early.signalCode === null ? early : this.start(this.module);
    return this.current;
  }

  /**
   * The extension stops: the client has sent shutdown and exit, and a server that heard them is
   * gone within moments. One still there 2 s later is ended, as the language client ends its own.
   */
  dispose(): void {
    const left = [this.early, this.current].filter((child): child is ChildProcess => child !== undefined);
    this.early = undefined;
    this.current = undefined;
    this.later(() => {
      for (const child of left) if (child.exitCode === null && child.signalCode === null) child.kill();
    }, 2000);
  }
}
