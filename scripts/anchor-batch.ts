/**
 * npm run anchor:batch < in.jsonl > out.jsonl — each input line
 * `{ id?, location, currentText, baseText?, commit? }` becomes `{ id, anchor }` (or `{ id, error }`),
 * in order. Blank lines are skipped. Exit code 1 if any line was an error.
 */
import { createInterface } from 'node:readline';
import { anchorBatchLine } from '../src/server/anchoring/batch';

async function main(): Promise<void> {
  let lineNumber = 0;
  let errors = 0;
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const out = anchorBatchLine(line, lineNumber);
    if ('error' in out) errors++;
    process.stdout.write(JSON.stringify(out) + '\n');
  }
  if (errors > 0) {
    process.stderr.write(`${errors} of ${lineNumber} lines could not be anchored (see their "error")\n`);
    process.exitCode = 1;
  }
}

void main();
