/** Lines a child process (the feed's bundle) writes, waited for as events, failing loudly when it exits first or takes too long. */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Waits for the first stdout line of a child, failing loudly if it exits or takes too long. */
export function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => reject(new Error(`no ready line within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolvePromise(line);
    });
    // 'close' rather than 'exit': it comes after stderr is fully read, so the message is complete.
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`feed exited with ${code} before its ready line; stderr: ${stderr}`));
    });
  });
}

/** Resolves with the first line of the child's stream that matches `pattern`; fails loudly if it exits first. */
export function lineMatching(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; saw: ${seen.join('\n')}`)),
      timeoutMs,
    );
    createInterface({ input: child[stream]! }).on('line', (line) => {
      seen.push(line);
      if (!pattern.test(line)) return;
      clearTimeout(timer);
      resolve(line);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`the feed exited with ${code} first; saw: ${seen.join('\n')}`));
    });
  });
}
