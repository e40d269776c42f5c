/**
 * Run by the bench in a process of its own (so that nothing else it holds weighs on the garbage
 * collector): `node --require tsx/cjs bench/ingestProbe.ts <results> <db> <db>`. Generates the
 * log, then, on each (fresh) database, takes it as the upload endpoint does with the bytes it read
 * (takeUpload: hash, parse, map, one transaction), first into an empty project, then again (every
 * result unchanged), with JSON.parse of the same bytes and the parse and map alone between. The
 * least disturbed of each is kept. Prints one line of JSON.
 */
import { randomUUID } from 'node:crypto';
import { takeUpload } from '../src/feed/analysesRoute';
import { mapSarifLog, parseSarifJson } from '../src/feed/sarif/mapLog';
import { openFeedStorage } from '../src/feed/storage/openStorage';
import { generateSarifLog } from './sarifLog';

const QUERY = { category: 'codeql', commit: 'c'.repeat(40), ref: 'refs/heads/main' };

function timed<T>(work: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = work();
  return { ms: performance.now() - started, value };
}

async function upload(db: string | undefined, bytes: Buffer): Promise<{ first: number; again: number; counts: unknown[] }> {
  const storage = await openFeedStorage(db, () => undefined);
  try {
    await storage.transaction(async (tx) => {
      await tx.accounts.ensureOrganization('bench', 'bench');
      await tx.accounts.addUser({ id: 'ci', name: 'CI', role: 'uploader', org: 'bench' });
      await tx.accounts.addProject('monorepo', 'monorepo', 'bench', ['ci']);
    });
    const once = async () => {
      const started = performance.now();
      const answer = await takeUpload(storage, {
        uploader: 'ci',
        project: 'monorepo',
        query: QUERY,
        key: randomUUID(),
        target: 'bench',
        bytes,
      });
      return { ms: performance.now() - started, counts: (answer.body as { counts: unknown }).counts };
    };
    const first = await once();
    const again = await once();
    return { first: first.ms, again: again.ms, counts: [first.counts, again.counts] };
  } finally {
    await storage.close();
  }
}

async function main(): Promise<void> {
  const [size, ...dbs] = process.argv.slice(2);
  const bytes = Buffer.from(generateSarifLog(Number(size)));
  const parses: number[] = [];
  const parse = () => parses.push(timed(() => JSON.parse(bytes.toString('utf8')) as unknown).ms);
  // Parsing and mapping alone (what happens before the transaction), to say how the time divides.
  const maps: number[] = [];
  const map = () => maps.push(timed(() => mapSarifLog(parseSarifJson(bytes), { project: 'monorepo', ...QUERY })).ms);
  const runs = [];
  for (const db of dbs) {
    parse();
    const run = await upload(db === '-' ? undefined : db, bytes);
    parse();
    map();
    runs.push(run);
  }
  process.stdout.write(
    `${JSON.stringify({
      bytes: bytes.length,
      parseMs: Math.min(...parses),
      mapMs: Math.min(...maps),
      firstMs: Math.min(...runs.map((r) => r.first)),
      againMs: Math.min(...runs.map((r) => r.again)),
      counts: runs[0]!.counts,
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
