// code-server (VS Code 1.100 in a browser) for the demo and the end-to-end tests.
//
// It is installed once into a cache folder outside the project, so the project's own `npm install`
// stays fast, and reused afterwards. Usage:
//   node scripts/code-server.mjs install   install it if it is not cached yet (CI calls this)
//   node scripts/code-server.mjs where     print the cached code-server entry point, or fail
//
// The other scripts import ensureCodeServer() and startCodeServer() from here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
// The @vscode/ripgrep version code-server 4.100.3 depends on, and the archive its install script
// would download from GitHub (unreachable here); a cached archive is used instead.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const MARKER = 'install-complete.json';

/** The folder that holds the cached install: `${XDG_CACHE_HOME:-~/.cache}/findings-lens/code-server-<version>`. */
export function codeServerCacheDir(env = process.env) {
  const cacheHome = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'findings-lens', `code-server-${CODE_SERVER_VERSION}`);
}

/** The code-server entry point inside the cache folder (run with this Node). */
export function codeServerEntry(dir = codeServerCacheDir()) {
  return path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** True when a previous install finished (the marker is written last, so a half-done install is redone). */
export function isInstalled(dir = codeServerCacheDir()) {
  const marker = path.join(dir, MARKER);
  if (!existsSync(marker) || !existsSync(codeServerEntry(dir))) return false;
  try {
    return JSON.parse(readFileSync(marker, 'utf8')).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

/** A command that is missing on this machine, with the command that installs it. */
export class MissingPrerequisite extends Error {
  constructor(what, installHint) {
    super(`${what} is missing. Install it with:\n  ${installHint}`);
    this.name = 'MissingPrerequisite';
  }
}

function findOnPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Puts Debian's `rg` where @vscode/ripgrep's install script looks before downloading. */
function seedRipgrepCache() {
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const archive = path.join(cacheDir, RIPGREP_ARCHIVE);
  if (existsSync(archive)) return;
  const rg = findOnPath('rg');
  if (!rg) throw new MissingPrerequisite('ripgrep (rg)', 'apt-get install -y ripgrep');
  const staging = mkdtempSync(path.join(os.tmpdir(), 'findings-lens-rg-'));
  try {
    copyFileSync(rg, path.join(staging, 'rg'));
    mkdirSync(cacheDir, { recursive: true });
    const tar = spawnSync('tar', ['-czf', archive, '-C', staging, 'rg'], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error(`could not create ${archive} (tar exited ${tar.status})`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function writeCachePackageJson(dir) {
  const manifest = {
    name: 'findings-lens-code-server-cache',
    private: true,
    description: 'code-server for the Findings Lens demo and end-to-end tests (created by scripts/code-server.mjs)',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    // code-server's postinstall runs `npm install` in lib/vscode and lib/vscode/extensions, which
    // build VS Code's native modules (node-pty, spdlog, kerberos, @parcel/watcher...); argon2 is
    // code-server's password hashing, loaded at startup even with --auth none.
    allowScripts: { 'code-server': true, argon2: true },
  };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
}

function runNpm(args, cwd, env) {
  return new Promise((resolve, reject) => {
    // stdout goes to stderr so that callers can keep stdout for machine-readable output.
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Installs code-server into the cache folder unless a completed install is there already.
 * Streams npm's own output (to stderr) so a first install shows its progress.
 * Returns the entry point to run with `node`.
 */
export async function ensureCodeServer({ log = (line) => console.error(line) } = {}) {
  const dir = codeServerCacheDir();
  if (isInstalled(dir)) return codeServerEntry(dir);
  if (!findOnPath('npm')) throw new MissingPrerequisite('npm', 'apt-get install -y nodejs npm');
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${dir}`);
  log("This takes about 2 minutes the first time (it builds VS Code's native modules); later runs reuse it.");
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h')) {
    throw new MissingPrerequisite("the Kerberos headers (needed to build code-server's kerberos module)", 'apt-get install -y libkrb5-dev');
  }
  // A half-done install is redone from scratch.
  rmSync(path.join(dir, MARKER), { force: true });
  rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  rmSync(path.join(dir, 'package-lock.json'), { force: true });
  mkdirSync(dir, { recursive: true });
  seedRipgrepCache();
  writeCachePackageJson(dir);
  const env = {
    ...process.env,
    // node-pty's postinstall runs `npx node-gyp`, which must not stop to ask.
    npm_config_yes: 'true',
    // code-server's postinstall refuses to run as root without it.
    npm_config_unsafe_perm: 'true',
  };
  const code = await runNpm(['install', '--no-audit', '--no-fund', '--foreground-scripts'], dir, env);
  if (code !== 0) throw new Error(`npm install of code-server failed (exit ${code}); see the output above. The next run starts over.`);
  checkNativeModules(dir);
  const entry = codeServerEntry(dir);
  const check = spawnSync(process.execPath, [entry, '--version'], {
    encoding: 'utf8',
    env: { ...process.env, CODE_SERVER_CONFIG: path.join(dir, 'config.yaml') },
  });
  if (check.status !== 0) throw new Error(`code-server was installed but does not start:\n${check.stderr}`);
  const reported = check.stdout.split('\n').find((line) => /^\d+\.\d+\.\d+ /.test(line)) ?? check.stdout.trim();
  writeFileSync(path.join(dir, MARKER), JSON.stringify({ version: CODE_SERVER_VERSION, reported, at: new Date().toISOString() }) + '\n');
  log(`code-server ${reported} is ready.`);
  return entry;
}

/**
 * The inner `npm install` of code-server's postinstall runs in a folder with no allowScripts; npm 11
 * runs those scripts (with a warning), but should a later npm block them, the editor would start
 * without its native modules. Fail here instead, saying so.
 */
function checkNativeModules(dir) {
  const vscodeModules = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  const expected = ['@vscode/spdlog/build/Release/spdlog.node', 'node-pty/build/Release/pty.node', '@vscode/ripgrep/bin/rg'];
  const missing = expected.filter((file) => !existsSync(path.join(vscodeModules, file)));
  if (missing.length > 0) {
    throw new Error(
      `code-server's native modules were not built (missing ${missing.join(', ')} in ${vscodeModules}); were install scripts blocked? The next run starts over.`,
    );
  }
}

/** Resolves with a free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `url` answers any HTTP status, or fails after `timeoutMs`. */
async function waitForHttp(url, timeoutMs, isAlive) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error('code-server exited before it was ready');
    try {
      const response = await fetch(url, { redirect: 'manual' });
      await response.body?.cancel();
      return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // polling interval, not a wait for an outcome
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms (${lastError})`);
}

/**
 * Starts code-server on a loopback port with its own user-data and extensions folders.
 * `userSettings` is written to the user settings.json; `vsix`, when given, is installed first.
 * `args` are added to code-server's command line and `env` to its environment (the editor bench
 * disables the built-in TypeScript extension and gives Node an inspector port).
 * Returns { url, folderUrl, process, userDataDir, extensionsDir, stop() }.
 */
export async function startCodeServer({
  entry,
  workspace,
  userDataDir,
  extensionsDir,
  userSettings = {},
  vsix,
  port,
  log = (line) => console.error(line),
  output = 'ignore',
  args: extraArgs = [],
  env = {},
}) {
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
    ...userSettings,
  };
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const common = ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];
  if (vsix) {
    log(`Installing ${path.basename(vsix)} into code-server`);
    const install = spawnSync(process.execPath, [entry, ...common, '--install-extension', vsix, '--force'], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`code-server --install-extension failed:\n${install.stdout}\n${install.stderr}`);
  }
  const chosenPort = port ?? (await freePort());
  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${chosenPort}`,
    ...common,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...extraArgs,
    workspace,
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', output, output],
    env: { ...process.env, ...env, CODE_SERVER_CONFIG: path.join(userDataDir, 'code-server-config.yaml') },
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${chosenPort}`;
  await waitForHttp(`${url}/healthz`, 60_000, () => !exited);
  const folderUrl = `${url}/?folder=${encodeURIComponent(workspace)}`;
  return {
    url,
    folderUrl,
    process: child,
    userDataDir,
    extensionsDir,
    stop: () => stopProcess(child),
  };
}

/** Ends a child process: SIGTERM, then SIGKILL if it is still there after 5 s. */
export function stopProcess(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main(command) {
  try {
    if (command === 'install') {
      const entry = await ensureCodeServer();
      console.error(`code-server is installed: ${entry}`);
    } else if (command === 'where') {
      if (!isInstalled()) throw new MissingPrerequisite(`code-server ${CODE_SERVER_VERSION}`, 'node scripts/code-server.mjs install');
      console.log(codeServerEntry());
    } else {
      console.error('usage: node scripts/code-server.mjs install|where');
      process.exitCode = 2;
    }
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main(process.argv[2]);
}
// Used by the other scripts to find the project root.
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
