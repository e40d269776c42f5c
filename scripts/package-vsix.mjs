// Builds the bundles and packages the extension into a .vsix with vsce.
//   node scripts/package-vsix.mjs [--out <file.vsix>] [--dev]
// Default output: out/findings-lens.vsix. `--dev` keeps the bundles unminified with source maps
// (the end-to-end tests use it, so stack traces in the editor's logs stay readable).
// The bundles in dist/ hold every dependency, so the package never contains node_modules or src.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vsceBin = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** The files vsce would put in the package; refuses a list that holds sources or node_modules. */
export function checkPackageFiles(files) {
  const bad = files.filter((f) => f.startsWith('node_modules/') || f.startsWith('src/') || f.startsWith('test/'));
  if (bad.length > 0) throw new Error(`the package would contain files it must not:\n  ${bad.join('\n  ')}\nCheck .vscodeignore.`);
  for (const needed of ['package.json', 'dist/client.js', 'dist/connection.js', 'dist/panelHost.js', 'dist/server.js', 'dist/webview.js']) {
    if (!files.includes(needed)) throw new Error(`the package would lack ${needed}; run the build first.`);
  }
}

/** Builds and packages; returns the absolute path of the .vsix. */
export function packageExtension({
  out = path.join(root, 'out', 'findings-lens.vsix'),
  dev = false,
  log = (line) => console.error(line),
} = {}) {
  log(`Building the extension${dev ? '' : ' (production)'}`);
  run(process.execPath, ['esbuild.mjs', ...(dev ? [] : ['--production'])], 'the build');
  const licenseFlags = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => existsSync(path.join(root, f))) ? [] : ['--skip-license'];
  const files = run(process.execPath, [vsceBin, 'ls', '--no-dependencies'], 'vsce ls')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  checkPackageFiles(files);
  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(out, { force: true });
  log(`Packaging ${files.length} files into ${path.relative(root, out) || out}`);
  run(
    process.execPath,
    [vsceBin, 'package', '--no-dependencies', '--allow-missing-repository', ...licenseFlags, '-o', out],
    'vsce package',
  );
  if (!existsSync(out)) throw new Error(`vsce reported success but ${out} is missing`);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  try {
    const file = packageExtension({ out: outIndex >= 0 ? path.resolve(args[outIndex + 1]) : undefined, dev: args.includes('--dev') });
    console.log(file);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
