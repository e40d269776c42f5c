/**
 * npm run bench:editor [-- --sizes 10000,100000] [--runs 3] [--seed 42] [--profile] [--no-floor] [--baseline <git ref>[,<git ref>…]]
 *
 * Findings Lens in code-server driven by Chromium, from the page's load event, on a 2,000-file
 * workspace with findings from the reference feed: cold (empty cache) and warm starts alternating,
 * the median of `--runs` of each. `--baseline main` measures that commit's package too, taking
 * turns with this tree's (several refs, comma-separated, measure each). `--profile` adds a cold start of the largest size with CPU profiles of
 * the extension host, the server and the renderer (bench-results/editor-profiles). After the
 * packages, each size measures the extension host's floor in the same code-server (floorRun.ts: a
 * bare extension setting the same diagnostics in two shapes, and the bare editor at the first
 * size, with their memory and stalls; warmFloorRun.ts: the same extension on `onLanguage` setting
 * the open file's diagnostics in activate(), a first start then `--runs` warm ones): nine more
 * editor starts for two sizes with one run; `--no-floor` leaves them all out.
 * Prints the table and writes bench-results/editor.json. Run it under both locks (see
 * docs/performance.md): it drives code-server and wants a quiet machine.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { editorTable, profileReport } from './editorReport';
import { atCommit, thisTree } from './packages';
import { benchSize, type SizeResult } from './sizeBench';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'bench-results');
const TIMEOUT_MS = 10 * 60_000;

interface Args {
  sizes: number[];
  runs: number;
  seed: number;
  profile: boolean;
  baselines: string[];
  floor: boolean;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [10_000, 100_000], runs: 3, seed: 42, profile: false, baselines: [], floor: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=');
    if (flag === '--profile') {
      args.profile = true;
      continue;
    }
    if (flag === '--no-floor') {
      args.floor = false;
      continue;
    }
    const value = inline ?? argv[++i];
    if (flag === '--sizes')
      args.sizes = String(value)
        .split(',')
        .map((s) => Number(s.replace(/_/g, '')));
    else if (flag === '--runs') args.runs = Number(value);
    else if (flag === '--seed') args.seed = Number(value);
    else if (flag === '--baseline') args.baselines = String(value).split(',').filter(Boolean);
    else
      throw new Error(
        `unknown argument ${argv[i]}; usage: npm run bench:editor -- [--sizes 10000,100000] [--runs 3] [--seed 42] [--profile] [--no-floor] [--baseline <git ref>[,<git ref>…]]`,
      );
  }
  if (args.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes whole numbers, e.g. --sizes 10000');
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs takes a whole number of at least 1');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.error(line);
  const started = Date.now();
  const work = path.join(OUT, 'editor');
  mkdirSync(work, { recursive: true });
  const { variant, feedJs } = await thisTree(ROOT, work, args.profile, log);
  const variants = [];
  for (const ref of args.baselines) variants.push(await atCommit(ROOT, ref, work, args.profile, log));
  variants.push(variant);
  const results: SizeResult[] = [];
  const largest = Math.max(...args.sizes);
  for (const size of args.sizes) {
    const scratch = mkdtempSync(path.join(os.tmpdir(), `fl-editor-bench-${size}-`));
    try {
      const profileDir = args.profile && size === largest ? path.join(OUT, 'editor-profiles') : undefined;
      results.push(
        await benchSize(size, {
          root: ROOT,
          scratch,
          seed: args.seed,
          runs: args.runs,
          variants,
          feedJs,
          cacheDir: path.join(OUT, 'cache'),
          profileDir,
          // The bare editor does not depend on the size: measured once, at the first.
          floor: !args.floor ? 'none' : size === args.sizes[0] ? 'editor' : 'diagnostics',
          timeoutMs: TIMEOUT_MS,
          log,
        }),
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const result = {
    at: new Date().toISOString(),
    machine: machine(),
    seed: args.seed,
    runs: args.runs,
    seconds: (Date.now() - started) / 1000,
    sizes: results,
  };
  writeFileSync(path.join(OUT, 'editor.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nFindings Lens in the editor — ${result.machine}; ${args.runs} run(s) of each; ${result.seconds.toFixed(0)} s\n`);
  console.log(editorTable(results));
  for (const report of results.map(profileReport).filter(Boolean)) console.log(`\n${report}`);
  console.log(`\nFigures written to ${path.relative(process.cwd(), path.join(OUT, 'editor.json'))}`);
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GB, Node ${process.version}`;
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
