// The set-up `npm test` and `npm run demo` need, done before them (package.json `pretest` and
// `predemo`), and by CI's .ci/run through `npm test`. It uses Node's own modules only: it runs
// before node_modules exists.
//
//   node scripts/setup.mjs test|demo      check and install what is missing, saying what
//   node scripts/setup.mjs --list         print the Debian packages, one a line
//
// 1. Debian packages (the table below): installed with apt-get when running as root or with
//    password-less sudo; elsewhere the one command to run is printed and the script fails.
// 2. npm dependencies: `npm ci` when node_modules is missing or does not match package-lock.json.
// 3. For the tests: code-server, into its cache outside the project (scripts/code-server.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Every Debian package the tests and the demo need, and why: one table, so that a new need is one
 * line (`for` says which of the two commands needs it).
 */
export const DEBIAN_PACKAGES = [
  { name: 'chromium', for: ['test'], why: 'the end-to-end tests drive the editor in it' },
  { name: 'ripgrep', for: ['test', 'demo'], why: "code-server's search" },
  { name: 'libkrb5-dev', for: ['test', 'demo'], why: "headers code-server's kerberos module is built against" },
  { name: 'python3', for: ['test', 'demo'], why: "node-gyp, to build better-sqlite3 and code-server's native modules" },
  { name: 'make', for: ['test', 'demo'], why: 'node-gyp builds' },
  { name: 'g++', for: ['test', 'demo'], why: 'node-gyp builds' },
  {
    name: 'postgresql-15',
    for: ['test'],
    why: "the feed's PostgreSQL tests start a private cluster from its binaries (no server is run as a service)",
  },
];

const say = (line) => console.error(`[setup] ${line}`);

/** The packages `purpose` needs that dpkg does not know as installed; undefined without dpkg (not Debian). */
export function missingPackages(purpose, isInstalled = debianInstalled) {
  if (!hasCommand('dpkg-query')) return undefined;
  return DEBIAN_PACKAGES.filter((p) => p.for.includes(purpose) && !isInstalled(p.name));
}

function debianInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** How packages can be installed here: as root, through password-less sudo, or not at all. */
function installer() {
  if (process.getuid?.() === 0) return [];
  if (hasCommand('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

/** The one command that installs `packages`, as the user would type it. */
export function installCommand(packages) {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.map((p) => p.name).join(' ')}`;
}

function run(command, args, opts = {}) {
  const r = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function ensureDebianPackages(purpose) {
  const missing = missingPackages(purpose);
  if (missing === undefined) {
    say(
      `not a Debian system: make sure these are installed (Debian names): ${DEBIAN_PACKAGES.filter((p) => p.for.includes(purpose))
        .map((p) => p.name)
        .join(', ')}`,
    );
    return;
  }
  if (missing.length === 0) return;
  const how = installer();
  const list = missing.map((p) => `  ${p.name.padEnd(12)} ${p.why}`).join('\n');
  if (how === undefined) {
    throw new Error(
      `these Debian packages are missing:\n${list}\nInstall them, then run the same command again:\n  ${installCommand(missing)}`,
    );
  }
  say(`installing the Debian packages that are missing:\n${list}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [sudo, ...sudoArgs] = how;
  const apt = (args) =>
    sudo ? run(sudo, [...sudoArgs, 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { env }) : run('apt-get', args, { env });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', ...missing.map((p) => p.name)]);
}

/**
 * Whether node_modules holds what package-lock.json says: npm writes its own copy of the lock
 * (node_modules/.package-lock.json) on every install; a package missing there, or at another
 * version, means `npm ci`.
 */
export function dependenciesCurrent(lock, installed) {
  if (!installed) return false;
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    // Optional packages (other platforms' builds) are installed only where they fit.
    if (key === '' || entry.optional) continue;
    if (installed.packages?.[key]?.version !== entry.version) return false;
  }
  return true;
}

function ensureNpmDependencies() {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const installedFile = path.join(root, 'node_modules', '.package-lock.json');
  const installed = existsSync(installedFile) ? JSON.parse(readFileSync(installedFile, 'utf8')) : undefined;
  if (dependenciesCurrent(lock, installed)) return;
  say(installed ? 'node_modules does not match package-lock.json: npm ci' : 'installing the npm dependencies (npm ci, about 2 minutes)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

async function ensureCodeServerInstalled() {
  const { ensureCodeServer } = await import('./code-server.mjs');
  await ensureCodeServer({ log: say });
}

async function main(argv) {
  if (argv[0] === '--list') {
    console.log(DEBIAN_PACKAGES.map((p) => p.name).join('\n'));
    return;
  }
  const purpose = argv[0];
  if (purpose !== 'test' && purpose !== 'demo') throw new Error('usage: node scripts/setup.mjs test|demo|--list');
  ensureDebianPackages(purpose);
  ensureNpmDependencies();
  // The demo installs code-server itself (it says so while it builds); the tests need it before they start.
  if (purpose === 'test') await ensureCodeServerInstalled();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`\n[setup] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
