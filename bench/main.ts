/**
 * npm run bench [-- --sizes 100,10000,100000] [--seed 42] [--postgres]
 *
 * Findings Lens at 100, 10,000 and 100,000 findings, each figure next to a floor measured in the
 * same run (see docs/performance.md), a SARIF log of as many results uploaded into the feed
 * (on PostgreSQL too with --postgres), and (figure 9, from 10,000 findings) closed files re-anchored
 * after 0, 10 and 100 files changed, and (figure 10) the findings cache rewritten whole. Prints a
 * table; writes bench-results/bench.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI, Utils } from 'vscode-uri';
import { fetchAndParse, fetchChanges, parseConcatenated, validationVsParse } from './baseline';
import { activation, buildBundles } from './bundles';
import { cacheRewriteBench, cacheRewriteRows } from './cacheRewrite';
import { closedFilesBench, closedFilesRows } from './closedFiles';
import {
  ADMIN_TOKEN,
  fixtureKey,
  PAGE_SIZE,
  preparedDatabase,
  PROJECT,
  startFeedProcess,
  TOKEN,
  writeSeed,
  writeWorkspace,
} from './feedFixture';
import { fileRequests, type FileRequestFigures } from './fileRequests';
import { generateFeed } from './generate';
import { ingestionRows, measureIngestion, type IngestionFigures } from './ingestion';
import { LspSession } from './lspSession';
import { table, type Row } from './report';
import { postgresCluster } from '../test/unit/feed/postgresCluster';
import {
  adminDoor,
  fullSync,
  incrementalSync,
  listAll,
  memoryAfterLoad,
  releaseExpected,
  resyncNotModified,
  SETTLE_SECONDS,
  type ListFigures,
} from './syncSteps';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench-results');
const MB = 1024 * 1024;

function parseArgs(argv: string[]): { sizes: number[]; seed: number; postgres: boolean } {
  let sizes = [100, 10_000, 100_000];
  let seed = 42;
  let postgres = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--postgres') {
      postgres = true;
      continue;
    }
    const [flag, inline] = argv[i]!.split('=');
    const value = inline ?? argv[++i];
    if (flag === '--sizes')
      sizes = String(value)
        .split(',')
        .map((s) => Number(s.replace(/_/g, '')));
    else if (flag === '--seed') seed = Number(value);
    else throw new Error(`unknown argument ${argv[i]}; usage: npm run bench -- [--sizes 100,10000,100000] [--seed 42] [--postgres]`);
  }
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes whole numbers, e.g. --sizes 100,10000');
  return { sizes, seed, postgres };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

async function benchSize(size: number, seed: number, dist: string): Promise<{ rows: Row[]; figures: Record<string, unknown> }> {
  const log = (line: string) => console.error(`[bench ${size}] ${line}`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), `fl-bench-${size}-`));
  const workspaceDir = path.join(tmp, 'workspace');
  const workspace = URI.file(workspaceDir);
  const uriOf = (p: string) => Utils.joinPath(workspace, ...p.split('/')).toString();
  try {
    log('generating the feed');
    const generated = generateFeed(size, PROJECT, seed);
    writeWorkspace(generated, workspaceDir);
    const feedJs = path.join(dist, 'feed.js');
    const db = path.join(tmp, 'feed.db');
    const { seededMs } = await preparedDatabase(
      feedJs,
      path.join(OUT, 'cache'),
      fixtureKey(ROOT, size, seed),
      () => {
        log('seeding the reference feed (kept in bench-results/cache for the next runs)');
        const file = path.join(tmp, 'seed.json');
        writeSeed(generated, file);
        return file;
      },
      db,
    );
    const feed = await startFeedProcess(feedJs, db, undefined);
    try {
      log('baselines: fetch + JSON.parse over loopback, JSON.parse in-process, zod');
      await fetchAndParse(feed.url, PROJECT, TOKEN, PAGE_SIZE); // warms the feed's database pages
      const fetched = await fetchAndParse(feed.url, PROJECT, TOKEN, PAGE_SIZE);
      if (fetched.findings !== size) throw new Error(`the feed serves ${fetched.findings} findings, expected ${size}`);
      const concatParseMs = parseConcatenated(fetched.pages);
      const validation = validationVsParse(fetched.pages);
      const biggestPage = Math.max(...fetched.pages.map((page) => Buffer.byteLength(page)));
      fetched.pages.length = 0;

      log('full sync through the server');
      const session = await LspSession.start({
        serverJs: path.join(dist, 'server.js'),
        workspaceDir,
        settings: { feedUrl: feed.url, project: PROJECT, pollInterval: 3600, requestTimeout: 120 },
        storagePath: path.join(tmp, 'storage'),
      });
      try {
        const empty = await session.probe(true);
        const full = await fullSync(session, TOKEN, size, 600_000, releaseExpected(fetched.bytes, biggestPage));
        const memory = await memoryAfterLoad(session);
        log('resync (304) and incremental sync');
        const resync = await resyncNotModified(session);
        const incremental = await incrementalSync(session, adminDoor(feed.url, ADMIN_TOKEN, PROJECT), generated.findings, uriOf, () =>
          fetchChanges(feed.url, PROJECT, TOKEN, fetched.syncToken, PAGE_SIZE),
        );
        let files;
        if (generated.hot) {
          log('per-file requests on the 1,000-finding file');
          const hotLines = generated.findings.filter((f) => f.location.path === generated.hot!.path).map((f) => f.location.startLine - 1);
          files = await fileRequests(session, uriOf(generated.hot.path), generated.hot.text, hotLines);
        }
        log('the whole findings list (listFindings)');
        const list = await listAll(session);
        const bytesPerFinding = (memory.heapUsed - empty.memory.heapUsed) / size;
        const figures = {
          size,
          files: generated.files,
          bytes: fetched.bytes,
          seededMs,
          baseline: { fetchParseMs: fetched.ms, concatParseMs, validation },
          full,
          memory,
          emptyHeap: empty.memory.heapUsed,
          emptyRss: empty.memory.rss,
          bytesPerFinding,
          resync,
          incremental,
          fileRequests: files,
          list,
        };
        return { rows: rowsOf(size, generated.files, figures), figures };
      } finally {
        await session.stop();
      }
    } finally {
      await feed.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Figure 8: a SARIF log of `size` results uploaded, on SQLite (and PostgreSQL), each database fresh. */
async function benchIngestion(size: number, postgres: boolean): Promise<{ rows: Row[]; figures: IngestionFigures[] }> {
  console.error(`[bench ${size}] a SARIF log of ${size} results uploaded, against JSON.parse of the same bytes`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), `fl-bench-ingest-${size}-`));
  try {
    const figures = [measureIngestion(ROOT, size, 'SQLite', [path.join(tmp, 'a.db'), path.join(tmp, 'b.db')])];
    if (postgres) {
      const cluster = await postgresCluster();
      figures.push(measureIngestion(ROOT, size, 'PostgreSQL', [await cluster.freshSchema(), await cluster.freshSchema()]));
    }
    return { rows: figures.flatMap((f) => ingestionRows(size, f)), figures };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

type SizeFigures = {
  bytes: number;
  baseline: { fetchParseMs: number; concatParseMs: number; validation: { parseMs: number; validateMs: number } };
  full: Awaited<ReturnType<typeof fullSync>>;
  memory: Awaited<ReturnType<typeof memoryAfterLoad>>;
  bytesPerFinding: number;
  resync: Awaited<ReturnType<typeof resyncNotModified>>;
  incremental: Awaited<ReturnType<typeof incrementalSync>>;
  fileRequests?: Awaited<ReturnType<typeof fileRequests>>;
  list: ListFigures;
};

function rowsOf(size: number, files: number, f: SizeFigures): Row[] {
  const { baseline, full, resync, incremental: inc } = f;
  const rows: Row[] = [
    {
      size,
      figure: `1. full sync (${(f.bytes / MB).toFixed(0)} MB, ${files.toLocaleString('en-US')} files)`,
      value: full.ms,
      unit: 'ms',
      baseline: baseline.fetchParseMs,
      baselineLabel: 'fetch + JSON.parse',
      ratio: full.ms / baseline.fetchParseMs,
      ...fullSyncTarget(size, full.ms <= 3 * baseline.fetchParseMs),
    },
    {
      size,
      figure: '   full sync vs JSON.parse in-process',
      value: full.ms,
      unit: 'ms',
      baseline: baseline.concatParseMs,
      baselineLabel: 'JSON.parse',
      ratio: full.ms / baseline.concatParseMs,
      pass: null,
      note: 'info',
    },
    {
      size,
      figure: '   files published / diagnostics',
      value: full.publishes,
      unit: '',
      pass: full.publishes === files,
      target: `= ${files} files`,
      note: `${full.diagnostics} diagnostics`,
    },
    {
      size,
      figure: '   hover latency during the sync (p95 / max)',
      value: full.pingP95Ms,
      unit: 'ms',
      pass: null,
      note: `max ${full.pingMaxMs.toFixed(1)} ms`,
    },
    {
      size,
      figure: '2. validation (zod) vs JSON.parse',
      value: baseline.validation.validateMs,
      unit: 'ms',
      baseline: baseline.validation.parseMs,
      baselineLabel: 'JSON.parse',
      ratio: baseline.validation.validateMs / baseline.validation.parseMs,
      pass: null,
      note: 'ratio reported',
    },
    {
      size,
      figure: '3. resync, 304: server CPU',
      value: resync.cpuMs,
      unit: 'ms',
      target: '< 5 ms',
      pass: resync.cpuMs < 5 && resync.allNotModified,
      note: `median of ${resync.runs}; probe ${resync.probeCpuMs.toFixed(2)} ms`,
    },
    {
      size,
      figure: '   resync, 304: diagnostics re-published',
      value: resync.publishes,
      unit: '',
      target: '0',
      pass: resync.publishes === 0,
    },
  ];
  const proportional = (full.ms * inc.changed) / size + resync.wallMs;
  rows.push(
    {
      size,
      figure: `4. incremental, ${inc.changed} changed: sync`,
      value: inc.wallMs,
      unit: 'ms',
      baseline: inc.floorMs,
      baselineLabel: 'fetch + JSON.parse of the changes',
      ratio: inc.wallMs / inc.floorMs,
      target: '≤ 3×',
      pass: inc.wallMs <= 3 * inc.floorMs,
    },
    {
      size,
      figure: '   incremental vs its share of the full sync',
      value: inc.wallMs,
      unit: 'ms',
      baseline: proportional,
      baselineLabel: 'full × change/size + 304',
      ratio: inc.wallMs / proportional,
      pass: null,
      note: 'info',
    },
    {
      size,
      figure: '   incremental: files re-published',
      value: inc.publishes,
      unit: '',
      target: `= ${inc.affectedFiles} affected`,
      pass: inc.unexpected === 0 && inc.missing === 0,
      note: `${inc.unexpected} unexpected, ${inc.missing} missing`,
    },
    {
      size,
      figure: '   incremental: server CPU incl. cache write',
      value: inc.cpuMs,
      unit: 'ms',
      pass: null,
      note: `cache write ${inc.cacheWriteMs === null ? 'n/a' : `${inc.cacheWriteMs.toFixed(0)} ms`}`,
    },
  );
  if (f.fileRequests) rows.push(...fileRequestRows(size, f.fileRequests));
  rows.push({
    size,
    figure: '   the whole findings list (listFindings, median of 3)',
    value: f.list.ms,
    unit: 'ms',
    pass: null,
    note: `info: ${f.list.rows} rows, ${(f.list.bytes / MB).toFixed(1)} MB; server CPU ${f.list.cpuMs.toFixed(0)} ms; asked after a change while the Findings view or the panel is shown`,
  });
  rows.push(
    {
      size,
      figure: '   memory given back after the sync (one GC pause)',
      value: f.full.release?.ms ?? null,
      unit: 'ms',
      pass: null,
      note: f.full.release
        ? `info: RSS ${f.full.release.rssBeforeMb} MB → ${f.full.release.rssAfterMb} MB, once the cache was written`
        : "info: none below the server's threshold",
    },
    {
      size,
      figure: '6. memory after load: RSS (after a full GC)',
      value: f.memory.rss,
      unit: 'B',
      target: '< 250 MB',
      pass: f.memory.rss < 250 * MB,
      note: `heap ${(f.memory.heapTotal / MB).toFixed(0)} MB reserved; peak ${f.memory.peakRss === null ? 'n/a' : `${(f.memory.peakRss / MB).toFixed(0)} MB`}`,
    },
    {
      size,
      figure: `   RSS ${SETTLE_SECONDS} s later, idle`,
      value: f.memory.settledRss,
      unit: 'B',
      pass: null,
      note: "info: lower once V8's memory reducer has run, which it does not always within the window",
    },
    {
      size,
      figure: '   heap used / bytes per finding',
      value: f.memory.heapUsed,
      unit: 'B',
      pass: null,
      note: `${Math.round(f.bytesPerFinding)} B per finding`,
    },
  );
  return rows;
}

const FILE_REQUESTS: Record<keyof FileRequestFigures, string> = {
  codeLens: 'codeLens',
  hover: 'hover',
  diagnostics: 'diagnostics after an edit',
};

/** Figure 5: each request's p95 next to the same bytes echoed through the same transport, with the server's CPU per request. */
function fileRequestRows(size: number, figures: FileRequestFigures): Row[] {
  return (Object.keys(FILE_REQUESTS) as Array<keyof FileRequestFigures>).map((name) => {
    const l = figures[name];
    const note = `p50 ${l.p50.toFixed(2)} ms, floor p50 ${l.floor.p50.toFixed(2)} ms; ${l.items} items, ${(l.bytes / 1024).toFixed(1)} KB; server CPU ${l.cpuMsPerRequest.toFixed(2)} ms/request`;
    return {
      size,
      figure: `5. ${FILE_REQUESTS[name]}, 1,000-finding file (p95)`,
      value: l.p95,
      unit: 'ms',
      baseline: l.floor.p95,
      baselineLabel: 'same bytes echoed',
      ratio: l.p95 / l.floor.p95,
      target: '< 2 ms',
      pass: l.p95 < 2,
      note,
    };
  });
}

/** The issue sets the full-sync target at 100,000 findings; smaller feeds are mostly fixed cost (loading fetch, compiling the schemas) and are shown, not graded. */
function fullSyncTarget(size: number, within: boolean): Pick<Row, 'target' | 'pass' | 'note'> {
  return size >= 100_000
    ? { target: '≤ 3×', pass: within }
    : { target: '≤ 3× at 100,000', pass: null, note: within ? 'info (within 3×)' : 'info (fixed costs dominate)' };
}

function coldStartRows(bundles: ReturnType<typeof buildBundles>, act: ReturnType<typeof activation>): Row[] {
  return [
    {
      size: null,
      figure: '7. activation: require(client.js) + activate()',
      value: act.loadMs + act.activateMs,
      unit: 'ms',
      target: '< 50 ms',
      pass: act.loadMs + act.activateMs < 50,
      note: `load ${act.loadMs.toFixed(1)} ms + activate ${act.activateMs.toFixed(1)} ms, median of ${act.runs}`,
    },
    {
      size: null,
      figure: '   activate() alone (p95)',
      value: act.activateP95Ms,
      unit: 'ms',
      target: '< 50 ms',
      pass: act.activateP95Ms < 50,
    },
    { size: null, figure: '   client bundle (minified)', value: bundles.clientBytes, unit: 'B', pass: null },
    { size: null, figure: '   server bundle (minified)', value: bundles.serverBytes, unit: 'B', pass: null },
    { size: null, figure: '   .vsix', value: bundles.vsixBytes, unit: 'B', pass: null, note: bundles.vsixProblem ?? '' },
  ];
}

async function main(): Promise<void> {
  const { sizes, seed, postgres } = parseArgs(process.argv.slice(2));
  mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  console.error('[bench] building the production bundles and the .vsix');
  const bundles = buildBundles(ROOT, OUT);
  const act = activation(ROOT, path.join(bundles.dir, 'client.js'));
  const rows: Row[] = [];
  const perSize: Record<string, unknown> = {};
  for (const size of sizes) {
    const { rows: r, figures } = await benchSize(size, seed, bundles.dir);
    const ingestion = await benchIngestion(size, postgres);
    rows.push(...r, ...ingestion.rows);
    perSize[size] = { ...figures, ingestion: ingestion.figures };
    if (size >= 10_000) {
      // In process, apart from the feed and the server above: a git repository of its own (see closedFiles.ts).
      const closedFiles = await closedFilesBench(size, seed, (line) => console.error(`[bench ${size}] ${line}`));
      rows.push(...closedFilesRows(size, closedFiles));
      const cacheRewrite = await cacheRewriteBench(size, seed);
      rows.push(...cacheRewriteRows(size, cacheRewrite));
      perSize[size] = { ...figures, ingestion: ingestion.figures, closedFiles, cacheRewrite };
    }
  }
  rows.push(...coldStartRows(bundles, act));
  const result = {
    at: new Date().toISOString(),
    machine: machine(),
    seed,
    sizes,
    seconds: (Date.now() - started) / 1000,
    bundles,
    activation: act,
    perSize,
    rows,
  };
  writeFileSync(path.join(OUT, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  const m = result.machine;
  console.log(
    `\nFindings Lens bench — ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}, Node ${m.node}; ${result.seconds.toFixed(0)} s\n`,
  );
  console.log(table(rows));
  console.log(`\nFigures written to ${path.relative(process.cwd(), path.join(OUT, 'bench.json'))}`);
  const failed = rows.filter((r) => r.pass === false);
  if (failed.length > 0)
    console.log(`${failed.length} target(s) missed: ${failed.map((r) => `${r.size ?? ''} ${r.figure.trim()}`).join('; ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
