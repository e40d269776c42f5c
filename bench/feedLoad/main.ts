/**
 * npm run bench:feed [-- --quick | --full] [--editors 100,1000] [--seconds 15] [--think 1000]
 *
 * The reference feed under load, on loopback only: N simulated editors (incremental syncs and
 * decisions, each decision sent twice under one key) against SQLite, PostgreSQL, and two instances
 * on one PostgreSQL; requests per second, p50/p99 latency, and whether every decision was stored
 * exactly once (checked in the database). SQLite with one instance is the baseline of each N.
 * Then the bytes on the wire of a full sync of 100,000 findings, uncompressed, gzip and br.
 * Prints tables; writes bench-results/feed-load.json. Every run is bounded by --seconds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildFeedBundle, FEED_BUNDLE } from '../../test/unit/feed/feedBundle';
import { postgresCluster } from '../../test/unit/feed/postgresCluster';
import { fixtureKey, PROJECT, preparedDatabase, startFeedProcess, TOKEN, writeSeed, type FeedProcess } from '../feedFixture';
import { generateFeed, prng } from '../generate';
import { percentile } from '../stats';
import { runEditor, Tally, type EditorPlan } from './editors';
import { checkExactlyOnce, type ExactlyOnce } from './exactlyOnce';
import { closeAgents } from './http';
import { writeLoadSeed } from './seed';
import { fullSyncBytes, type WireFigures } from './wire';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'bench-results');
const BACKENDS = [
  { name: 'sqlite', instances: 1 },
  { name: 'postgres', instances: 1 },
  { name: 'postgres', instances: 2 },
] as const;

interface Options {
  editors: number[];
  seconds: number;
  thinkMs: number;
  wire: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { editors: [100, 1000], seconds: 15, thinkMs: 1000, wire: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=');
    const value = (): string => inline ?? argv[++i] ?? '';
    if (flag === '--quick') continue;
    else if (flag === '--full') Object.assign(options, { editors: [10, 100, 1000], seconds: 60 });
    else if (flag === '--editors') options.editors = value().split(',').map(Number);
    else if (flag === '--seconds') options.seconds = Number(value());
    else if (flag === '--think') options.thinkMs = Number(value());
    else if (flag === '--no-wire') options.wire = false;
    else
      throw new Error(
        `unknown argument ${argv[i]}; usage: npm run bench:feed -- [--quick | --full] [--editors 100,1000] [--seconds 15] [--think 1000] [--no-wire]`,
      );
  }
  if (options.editors.some((n) => !Number.isInteger(n) || n < 1 || n > 1000))
    throw new Error('--editors takes whole numbers from 1 to 1000');
  if (!(options.seconds > 0 && options.seconds <= 600)) throw new Error('--seconds takes 1 to 600');
  return options;
}

interface LoadRow {
  backend: string;
  instances: number;
  editors: number;
  seconds: number;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  p99Sync: number;
  p99Decision: number;
  failed: number;
  exactlyOnce: ExactlyOnce;
}

async function loadRun(editors: number, backend: (typeof BACKENDS)[number], options: Options, dir: string): Promise<LoadRow> {
  const seed = writeLoadSeed(editors, path.join(dir, `seed-${editors}.json`));
  const db = backend.name === 'sqlite' ? path.join(dir, `load-${editors}.db`) : await (await postgresCluster()).freshSchema();
  const feeds: FeedProcess[] = [];
  const tally = new Tally();
  try {
    for (let i = 0; i < backend.instances; i++)
      feeds.push(await startFeedProcess(FEED_BUNDLE, db, seed.file, undefined, ['--instance', `bench-${i}`]));
    const plans: EditorPlan[] = seed.editors.map((e, i) => {
      const primary = feeds[i % feeds.length]!.url;
      return { ...e, urls: [primary, feeds[(i + 1) % feeds.length]!.url] };
    });
    const random = prng(7);
    const started = Date.now();
    const until = started + options.seconds * 1000;
    await Promise.all(plans.map((plan) => runEditor(plan, until, options.thinkMs, tally, random)));
    const seconds = (Date.now() - started) / 1000;
    const all = [...tally.latencies.sync, ...tally.latencies.decision];
    const failed =
      [...tally.statuses].filter(([status]) => ![200, 201, 304].includes(status)).reduce((n, [, c]) => n + c, 0) + tally.errors;
    for (const feed of feeds.splice(0)) await feed.stop();
    return {
      backend: backend.name,
      instances: backend.instances,
      editors,
      seconds,
      requests: tally.requests,
      perSecond: tally.requests / seconds,
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      p99Sync: percentile(tally.latencies.sync, 99),
      p99Decision: percentile(tally.latencies.decision, 99),
      failed,
      exactlyOnce: await checkExactlyOnce(db, tally),
    };
  } finally {
    for (const feed of feeds) await feed.stop();
    closeAgents();
  }
}

async function wireRun(dir: string): Promise<WireFigures[]> {
  const size = 100_000;
  const db = path.join(dir, 'wire.db');
  await preparedDatabase(
    FEED_BUNDLE,
    path.join(OUT, 'cache'),
    fixtureKey(ROOT, size, 42),
    () => {
      const file = path.join(dir, 'seed-100000.json');
      writeSeed(generateFeed(size, PROJECT, 42), file);
      return file;
    },
    db,
  );
  const feed = await startFeedProcess(FEED_BUNDLE, db, undefined);
  try {
    const figures: WireFigures[] = [];
    for (const encoding of ['identity', 'gzip', 'br']) figures.push(await fullSyncBytes(feed.url, TOKEN, PROJECT, encoding));
    return figures;
  } finally {
    await feed.stop();
    closeAgents();
  }
}

function markdown(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const ms = (n: number) => (Number.isNaN(n) ? 'n/a' : `${n.toFixed(n >= 100 ? 0 : 1)} ms`);
const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`);

function loadTable(rows: LoadRow[]): string {
  const base = (r: LoadRow) => rows.find((b) => b.editors === r.editors && b.backend === 'sqlite' && b.instances === 1);
  return markdown(
    [
      'editors',
      'database',
      'instances',
      'requests',
      'req/s',
      'vs sqlite',
      'p50',
      'p99',
      'p99 vs sqlite',
      'p99 sync page',
      'p99 decision',
      'failed',
      'decisions stored exactly once',
    ],
    rows.map((r) => [
      String(r.editors),
      r.backend,
      String(r.instances),
      String(r.requests),
      r.perSecond.toFixed(0),
      base(r) ? `${(r.perSecond / base(r)!.perSecond).toFixed(2)}×` : '',
      ms(r.p50),
      ms(r.p99),
      base(r) ? `${(r.p99 / base(r)!.p99).toFixed(2)}×` : '',
      ms(r.p99Sync),
      ms(r.p99Decision),
      String(r.failed),
      `${r.exactlyOnce.ok ? 'yes' : 'NO'} (${r.exactlyOnce.keys} keys, ${r.exactlyOnce.stored} stored, ${r.exactlyOnce.duplicates} twice, ${r.exactlyOnce.lost} lost)`,
    ]),
  );
}

function wireTable(figures: WireFigures[]): string {
  const plain = figures.find((f) => f.encoding === 'identity')!;
  return markdown(
    ['Accept-Encoding', 'pages', 'full sync of 100,000 findings', 'vs none', 'one page of 1,000', 'time'],
    figures.map((f) => [f.encoding, String(f.pages), kb(f.bytes), `${(f.bytes / plain.bytes).toFixed(3)}×`, kb(f.firstPage), ms(f.ms)]),
  );
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feed-load-'));
  try {
    await buildFeedBundle();
    const rows: LoadRow[] = [];
    for (const editors of options.editors) {
      for (const backend of BACKENDS) {
        process.stderr.write(`[bench:feed] ${editors} editors, ${backend.name} × ${backend.instances}, ${options.seconds} s\n`);
        rows.push(await loadRun(editors, backend, options, dir));
      }
    }
    const wire = options.wire ? await wireRun(dir) : [];
    const report = [
      `Load: ${options.seconds} s per run, think time ${options.thinkMs} ms (0.5-1.5×), loopback, ${os.cpus().length} cores shared by the editors, the feeds and PostgreSQL (fsync off: the tests' private cluster).`,
      loadTable(rows),
      ...(wire.length ? ['', 'Bytes on the wire:', wireTable(wire)] : []),
    ].join('\n');
    process.stdout.write(`${report}\n`);
    writeFileSync(path.join(OUT, 'feed-load.json'), JSON.stringify({ at: new Date().toISOString(), options, rows, wire }, null, 2));
    writeFileSync(path.join(OUT, 'feed-load.md'), `${report}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:feed failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
