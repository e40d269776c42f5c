/**
 * The packages the editor bench measures: this working tree's, and with `--baseline <git ref>` that
 * commit's too (its files exported with `git archive` into a scratch folder that borrows this
 * tree's node_modules, then built and packaged by its own scripts/package-vsix.mjs), so a change is
 * measured against what it changes in one run, on the same machine and feed. Each package comes in
 * the production build (what users run) and, for the profiled start, the development build, whose
 * module comments say which source file a profiled frame is in.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** One package under test. */
export interface Variant {
  name: string;
  vsix: string;
  devVsix?: string;
}

interface PackageModule {
  packageExtension(options: { out: string; dev: boolean; log: (line: string) => void }): string;
}
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

/** Packages the tree at `root` as `<out>/<file>.vsix`, or `<file>-dev.vsix` for the development build. */
async function packageTree(root: string, out: string, file: string, dev: boolean, log: (line: string) => void): Promise<string> {
  const packaging = await importEsm<PackageModule>(path.join(root, 'scripts', 'package-vsix.mjs'));
  return packaging.packageExtension({ out: path.join(out, `${file}${dev ? '-dev' : ''}.vsix`), dev, log });
}

/** This tree's packages, named after its commit (`+` when it has changes not committed yet), and the reference feed bundle. */
export async function thisTree(
  root: string,
  out: string,
  dev: boolean,
  log: (line: string) => void,
): Promise<{ variant: Variant; feedJs: string }> {
  const head = git(root, ['rev-parse', '--short', 'HEAD']).trim();
  const dirty = git(root, ['status', '--porcelain', '--untracked-files=no']).trim() !== '';
  const vsix = await packageTree(root, out, 'this-tree', false, log);
  // The feed runs from a copy of the production build: the development build rewrites dist/.
  const feedJs = path.join(out, 'feed.js');
  copyFileSync(path.join(root, 'dist', 'feed.js'), feedJs);
  const devVsix = dev ? await packageTree(root, out, 'this-tree', true, log) : undefined;
  return { variant: { name: `${head}${dirty ? '+' : ''}`, vsix, devVsix }, feedJs };
}

/** The packages of the commit `ref`, built from its own files. */
export async function atCommit(root: string, ref: string, out: string, dev: boolean, log: (line: string) => void): Promise<Variant> {
  const commit = git(root, ['rev-parse', '--short', `${ref}^{commit}`]).trim();
  const checkout = mkdtempSync(path.join(os.tmpdir(), `fl-editor-baseline-${commit}-`));
  try {
    log(`exporting ${ref} (${commit}) to build its package`);
    const archive = spawnSync('git', ['archive', '--format=tar', commit], { cwd: root, maxBuffer: 1024 ** 3 });
    if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr.toString()}`);
    const untar = spawnSync('tar', ['-x', '-C', checkout], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`unpacking ${commit} failed: ${untar.stderr.toString()}`);
    symlinkSync(path.join(root, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
    mkdirSync(out, { recursive: true });
    const vsix = await packageTree(checkout, out, `baseline-${commit}`, false, log);
    const devVsix = dev ? await packageTree(checkout, out, `baseline-${commit}`, true, log) : undefined;
    return { name: `${ref === commit ? '' : `${ref} `}${commit}`, vsix, devVsix };
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
}

function git(root: string, args: string[]): string {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}
