import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { isDebugging, ServerProcesses } from '../../../src/client/serverLaunch';

/** A child process as ServerProcesses sees it: running until it exits or is killed. */
class FakeProcess {
  exitCode: number | null = null;
  signalCode: string | null = null;
  killed = false;
  constructor(readonly n: number) {}
  kill(): boolean {
    this.killed = true;
    this.signalCode = 'SIGTERM';
    return true;
  }
}

function setup() {
  const started: FakeProcess[] = [];
  const timers: Array<() => void> = [];
  const processes = new ServerProcesses(
    '/ext/dist/server.js',
    () => {
      const child = new FakeProcess(started.length + 1);
      started.push(child);
      return child as unknown as ChildProcess;
    },
    (run) => timers.push(run),
  );
  return { processes, started, runTimers: () => timers.splice(0).forEach((run) => run()) };
}

describe('ServerProcesses', () => {
  it('gives the language client the process started early, and a new one for each restart', () => {
    const { processes, started } = setup();
    processes.startEarly();
    processes.startEarly();
    assert.equal(started.length, 1, 'one early process');
    assert.equal((processes.next() as unknown as FakeProcess).n, 1);
    assert.equal((processes.next() as unknown as FakeProcess).n, 2, 'a restart forks anew');
  });

  it('does not hand over an early process that has already exited', () => {
    const { processes, started } = setup();
    processes.startEarly();
    started[0]!.exitCode = 1;
    assert.equal((processes.next() as unknown as FakeProcess).n, 2);
  });

  it('starts one when none was started early', () => {
    const { processes, started } = setup();
    assert.equal((processes.next() as unknown as FakeProcess).n, 1);
    assert.equal(started.length, 1);
  });

  it('ends, 2 s after the extension stops, a server that did not exit when told', () => {
    const { processes, started, runTimers } = setup();
    processes.startEarly();
    processes.next();
    processes.startEarly();
    started[0]!.exitCode = 0; // the one the client talked to heard shutdown and exit
    processes.dispose();
    assert.ok(
      started.every((p) => !p.killed),
      'nothing is killed at once',
    );
    runTimers();
    assert.equal(started[0]!.killed, false);
    assert.equal(started[1]!.killed, true, 'the early one nobody took');
  });

  it('starts the server with a debug port only when the extension host is being debugged, as the language client does', () => {
    assert.equal(isDebugging(['--inspect=9229']), true);
    assert.equal(isDebugging(['--inspect-brk']), true);
    assert.equal(isDebugging(['--dns-result-order=ipv4first']), false);
    assert.equal(isDebugging(['--inspect-port=0']), false);
  });
});
