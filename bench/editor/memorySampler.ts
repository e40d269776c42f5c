/**
 * Peak resident memory of the extension host and the language server together, sampled from
 * /proc every 100 ms while a run lasts. Both are found by their command lines under the
 * code-server process; the server appears later (the extension starts it) and may be restarted.
 */
import { descendants, isExtensionHost, isFindingsServer, rssBytes } from './procfs';

export interface MemoryFigures {
  /** Highest sum of both processes' RSS at one sample. */
  peakSum: number;
  peakExtensionHost: number;
  peakServer: number;
  samples: number;
  intervalMs: number;
}

export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  /** While a pid is awaited, the tree is looked at every 10 ms: the inspector is attached as soon as the process is there. */
  private search: NodeJS.Timeout | undefined;
  private extensionHostPid: number | undefined;
  private serverPid: number | undefined;
  private readonly figures: MemoryFigures;
  private readonly waiting: Array<{ want: 'extensionHost' | 'server'; resolve: (pid: number) => void }> = [];

  constructor(
    private readonly root: number,
    readonly intervalMs = 100,
  ) {
    this.figures = { peakSum: 0, peakExtensionHost: 0, peakServer: 0, samples: 0, intervalMs };
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.sample();
  }

  stop(): MemoryFigures {
    clearInterval(this.timer);
    clearInterval(this.search);
    return { ...this.figures };
  }

  /** The extension host's or the server's pid, once it runs (the sampler finds it). */
  pidOf(want: 'extensionHost' | 'server'): Promise<number> {
    const known = want === 'extensionHost' ? this.extensionHostPid : this.serverPid;
    if (known !== undefined) return Promise.resolve(known);
    this.search ??= setInterval(() => this.find(), 10);
    return new Promise((resolve) => this.waiting.push({ want, resolve }));
  }

  private sample(): void {
    let host = this.extensionHostPid === undefined ? undefined : rssBytes(this.extensionHostPid);
    let server = this.serverPid === undefined ? undefined : rssBytes(this.serverPid);
    if (host === undefined || server === undefined) {
      this.find();
      host = this.extensionHostPid === undefined ? undefined : rssBytes(this.extensionHostPid);
      server = this.serverPid === undefined ? undefined : rssBytes(this.serverPid);
    }
    this.figures.samples += 1;
    this.figures.peakExtensionHost = Math.max(this.figures.peakExtensionHost, host ?? 0);
    this.figures.peakServer = Math.max(this.figures.peakServer, server ?? 0);
    this.figures.peakSum = Math.max(this.figures.peakSum, (host ?? 0) + (server ?? 0));
  }

  private find(): void {
    const tree = descendants(this.root);
    this.extensionHostPid = tree.find(isExtensionHost)?.pid ?? this.extensionHostPid;
    this.serverPid = tree.find(isFindingsServer)?.pid ?? this.serverPid;
    for (const waiter of this.waiting.splice(0)) {
      const pid = waiter.want === 'extensionHost' ? this.extensionHostPid : this.serverPid;
      if (pid === undefined) this.waiting.push(waiter);
      else waiter.resolve(pid);
    }
    if (this.waiting.length === 0) {
      clearInterval(this.search);
      this.search = undefined;
    }
  }
}
