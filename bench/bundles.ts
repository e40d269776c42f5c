/**
 * The production bundles the bench measures, and the cold-start figures: `node esbuild.mjs
 * --production`, then the bundles copied to bench-results/dist (other builds may rewrite dist/
 * while the bench runs; a copy that is not the minified build is refused), the .vsix packaged
 * with vsce, and activation timed in fresh processes with a stand-in vscode (bench/activate.cjs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { median, percentile } from './stats';

export interface Bundles {
  dir: string;
  clientBytes: number;
  serverBytes: number;
  vsixBytes: number | null;
  vsixProblem?: string;
}

const ENTRIES = ['client.js', 'server.js', 'feed.js'];

/** Builds once, copies the minified bundles and packages the .vsix; retries when dist/ was rebuilt meanwhile. */
export function buildBundles(root: string, outDir: string): Bundles {
  const dir = path.join(outDir, 'dist');
  mkdirSync(dir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    execFileSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
    const vsix = packageVsix(root, outDir);
    for (const entry of ENTRIES) copyFileSync(path.join(root, 'dist', entry), path.join(dir, entry));
    if (ENTRIES.every((e) => isProduction(path.join(dir, e)))) {
      return { dir, clientBytes: size(path.join(dir, 'client.js')), serverBytes: size(path.join(dir, 'server.js')), ...vsix };
    }
    if (attempt === 3)
      throw new Error(
        'dist/ was rebuilt without --production three times while the bench copied it; run the bench again when the other builds are done',
      );
  }
}

function packageVsix(root: string, outDir: string): { vsixBytes: number | null; vsixProblem?: string } {
  const out = path.join(outDir, 'findings-lens.vsix');
  rmSync(out, { force: true });
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    const why = `${result.stderr}${result.stdout}`.trim().split('\n').filter(Boolean).pop() ?? `exit ${result.status}`;
    return { vsixBytes: null, vsixProblem: `vsce package failed: ${why}` };
  }
  return { vsixBytes: size(out) };
}

/** esbuild --production writes no source map comment; a development build does. */
function isProduction(file: string): boolean {
  const tail = readFileSync(file, 'utf8').slice(-200);
  return !tail.includes('sourceMappingURL');
}

function size(file: string): number {
  return statSync(file).size;
}

export interface ActivationFigures {
  /** require() of the client bundle, median of the runs. */
  loadMs: number;
  /** activate() itself, median and p95 of the runs. */
  activateMs: number;
  activateP95Ms: number;
  runs: number;
}

/** Times load and activate() in `runs` fresh node processes. */
export function activation(root: string, clientJs: string, runs = 15): ActivationFigures {
  const load: number[] = [];
  const activate: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, [path.join(__dirname, 'activate.cjs'), clientJs, root], { encoding: 'utf8' });
    if (run.status !== 0)
      throw new Error(
        `activate() failed under the stand-in vscode: ${run.stderr
          .split('\n')
          .filter((l) => /Error|at /.test(l))
          .slice(0, 4)
          .join('\n')}`,
      );
    const out = run.stdout;
    const figures = JSON.parse(out.trim().split('\n').pop()!) as { loadMs: number; activateMs: number };
    load.push(figures.loadMs);
    activate.push(figures.activateMs);
  }
  return { loadMs: median(load), activateMs: median(activate), activateP95Ms: percentile(activate, 95), runs };
}
