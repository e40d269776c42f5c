/** What the client's findings code talks to, faked for its tests: the debounce, the server, the list's arrival. */
import './vscodeStub';
import { FindingsSource, type Delay, type FindingsServer } from '../../../src/client/findingsSource';
import type { FindingListItem } from '../../../src/shared/protocol';

/** The debounce, run by hand: nothing is asked until `flush`. */
export function manualWait() {
  const waiting = new Set<() => void>();
  const wait: Delay = (run) => {
    waiting.add(run);
    return () => waiting.delete(run);
  };
  return {
    wait,
    pending: () => waiting.size,
    flush: () => {
      const runs = [...waiting];
      waiting.clear();
      runs.forEach((run) => run());
    },
  };
}

/** A server that counts its `listFindings` and answers each when the test says so (or at once with `answer`). */
export function fakeServer(answer?: () => FindingListItem[]) {
  const calls: Array<{ resolve(items: FindingListItem[]): void; reject(error: Error): void }> = [];
  let called: (() => void) | undefined;
  const server: FindingsServer & { running: boolean } = {
    running: true,
    isRunning: () => server.running,
    listFindings: () =>
      new Promise<FindingListItem[]>((resolve, reject) => {
        calls.push({ resolve, reject });
        called?.();
        if (answer) resolve(answer());
      }),
  };
  return {
    server,
    calls,
    requests: () => calls.length,
    /** Resolves once the next request is made. */
    nextRequest: () => new Promise<void>((resolve) => (called = resolve)),
  };
}

export const quietLog = { warn: (): void => undefined, debug: (): void => undefined };

/** Resolves with the list the next time it changes. */
export function arrival(source: FindingsSource): Promise<readonly FindingListItem[]> {
  return new Promise((resolve) => {
    const listening = source.onDidChange(() => {
      listening.dispose();
      resolve(source.findings);
    });
  });
}

/**
 * What each test of the list starts from: a source attached to a fake server (answering with
 * `answer`, or when the test says), its debounce run by hand.
 */
export function attachedSource(
  opts: { answer?: () => FindingListItem[]; running?: boolean; log?: ConstructorParameters<typeof FindingsSource>[0] } = {},
) {
  const timing = manualWait();
  const feed = fakeServer(opts.answer);
  feed.server.running = opts.running ?? true;
  const source = new FindingsSource(opts.log ?? quietLog, timing.wait);
  source.attach(feed.server);
  return { ...timing, feed, source };
}
