// `npm run demo`: Findings Lens in a real editor against the reference feed, in one command.
//
//   npm run demo [-- --desktop] [-- --port 13337] [-- --feed-port 13338] [-- --user dana|devon|lee] [-- --fresh]
//
// It builds and packages the extension, starts the reference feed with the demo data, installs
// code-server if it is not cached yet, starts it on a copy of the demo workspace with the extension
// configured for the feed, and prints the URL to open. Ctrl-C stops everything it started.
//
// The token: code-server keeps secrets in the browser (localStorage, sealed with a key the server
// mints), so it can be stored only in a browser that the demo drives. With a display, the demo
// opens Chromium and stores the token through "Findings Lens: Set Feed Token" itself; without one it
// prints the token and that one-time step. State lives in .cache/demo and the ports are fixed, so
// the token stays stored across runs in the same browser. `--fresh` starts over.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, startCodeServer, stopProcess } from './code-server.mjs';
import { packageExtension } from './package-vsix.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = path.join(root, '.cache', 'demo');
const PROJECT = 'acme-payments';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The command line, with defaults. */
export function parseDemoArgs(argv) {
  const options = { desktop: false, fresh: false, port: 13337, feedPort: 13338, user: 'dana' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--desktop') options.desktop = true;
    else if (arg === '--fresh') options.fresh = true;
    else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--feed-port') options.feedPort = Number(argv[++i]);
    else if (arg === '--user') options.user = argv[++i];
    else
      throw new Error(
        `unknown option ${arg}; usage: npm run demo -- [--desktop] [--port N] [--feed-port N] [--user dana|devon|lee] [--fresh]`,
      );
  }
  for (const key of ['port', 'feedPort']) {
    if (!Number.isInteger(options[key]) || options[key] < 1 || options[key] > 65535)
      throw new Error(`--${key === 'port' ? 'port' : 'feed-port'} needs a port number`);
  }
  return options;
}

const say = (line) => console.log(`[demo] ${line}`);

const FEED_LOG = path.join(stateDir, 'feed.log');
const FEED_DB = path.join(stateDir, 'feed.db');

/** Calls `then` once, the next time the user presses Enter. */
function waitForEnter(then) {
  if (!process.stdin.isTTY && process.stdin.readableEnded) return;
  const lines = readline.createInterface({ input: process.stdin });
  lines.once('line', () => {
    lines.close();
    void then();
  });
}

/** Starts `node dist/feed.js` on the demo database; resolves with its one-line JSON handshake. */
function startFeedProcess(port) {
  const logFile = FEED_LOG;
  const child = spawn(process.execPath, [path.join(root, 'dist', 'feed.js'), '--port', String(port), '--db', FEED_DB], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(createWriteStream(logFile, { flags: 'a' }));
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    child.once('exit', (code) =>
      reject(
        new Error(`the reference feed exited (code ${code}) before listening; see ${logFile} (is port ${port} in use? try --feed-port)`),
      ),
    );
    lines.once('line', (line) => {
      try {
        resolve({ child, info: JSON.parse(line) });
      } catch (error) {
        reject(new Error(`the reference feed printed ${line} instead of its JSON line: ${error}`));
      }
    });
  });
}

function userSettings(feedUrl) {
  return {
    'findingsLens.feed.url': feedUrl,
    'findingsLens.feed.project': PROJECT,
    'findingsLens.feed.pollInterval': 30,
    'workbench.colorTheme': 'Default Light Modern',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
  };
}

/** With a display, opens Chromium on the editor and stores the token through the Set Feed Token command. */
async function openBrowserWithToken(url, token) {
  if (!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || !existsSync(CHROMIUM)) return undefined;
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(path.join(stateDir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: false,
    viewport: null,
    args: ['--no-first-run', '--disable-sync', '--disable-component-update', '--disable-background-networking'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  const status = page.locator('.statusbar-item[id$="findingsLens.status"]');
  await status.waitFor({ timeout: 120_000 });
  if (/up to date|offline|syncing/.test(await status.innerText())) return context; // stored on an earlier run
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Findings Lens: Set Feed Token');
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Set Feed Token' }).first().click();
  const password = page.locator('.quick-input-widget input[type="password"]');
  await password.fill(token);
  await password.press('Enter');
  return context;
}

function openDesktop(workspace, vsix, settingsFeedUrl) {
  const userData = path.join(stateDir, 'desktop-user-data');
  const extensions = path.join(stateDir, 'desktop-extensions');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(userSettings(settingsFeedUrl), null, 2));
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
  const install = spawnSync('code', [...common, '--install-extension', vsix, '--force'], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error('code --install-extension failed');
  spawnSync('code', [...common, '--new-window', workspace], { stdio: 'inherit' });
}

function hasDesktopCode() {
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function main() {
  const options = parseDemoArgs(process.argv.slice(2));
  const running = [];
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping everything the demo started…');
    for (const stop of running.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    if (options.fresh) rmSync(stateDir, { recursive: true, force: true });
    mkdirSync(stateDir, { recursive: true });
    if (options.desktop && !hasDesktopCode())
      throw new Error('--desktop needs VS Code desktop (`code`) on the PATH; without it, run `npm run demo` for the browser editor.');

    say('building and packaging the extension');
    const vsix = packageExtension({ out: path.join(stateDir, 'findings-lens.vsix'), log: say });

    const workspace = path.join(stateDir, 'workspace');
    if (!existsSync(workspace)) cpSync(path.join(root, 'test', 'fixtures', 'demo-workspace'), workspace, { recursive: true });

    say(`starting the reference feed on port ${options.feedPort} (log: ${path.relative(root, path.join(stateDir, 'feed.log'))})`);
    const feed = await startFeedProcess(options.feedPort);
    let feedChild = feed.child;
    running.push(() => stopProcess(feedChild));
    const token = feed.info.tokens[options.user];
    if (!token) throw new Error(`no demo user "${options.user}"; choose one of ${Object.keys(feed.info.tokens).join(', ')}`);
    // The feed stopping is not the end of the demo: the editor stays up (it shows the feed as
    // offline and keeps the findings), and Enter starts the feed again on the same database.
    const watchFeed = (child) =>
      child.once('exit', (code, signal) => {
        if (stopping) return;
        say(`the reference feed stopped (${signal ?? `exit code ${code}`}); see its log: ${FEED_LOG}`);
        say('the editor keeps running and shows the feed as offline. Press Enter to start the feed again, Ctrl-C to stop everything.');
        waitForEnter(async () => {
          try {
            const again = await startFeedProcess(options.feedPort);
            feedChild = again.child;
            watchFeed(again.child);
            say(
              `the reference feed is back on ${again.info.url}, same database: the editor syncs at its next try (or run "Findings Lens: Sync Now").`,
            );
          } catch (error) {
            say(`the feed did not start again: ${error.message}. Press Enter to try again, Ctrl-C to stop everything.`);
            watchFeed({ once: (_event, listener) => listener(null, null) });
          }
        });
      });
    watchFeed(feed.child);

    if (options.desktop) {
      openDesktop(workspace, vsix, feed.info.url);
      printReady({
        where: 'VS Code desktop (a separate window with its own profile in .cache/demo)',
        token,
        user: options.user,
        feedUrl: feed.info.url,
        stored: false,
        feed: feed.info,
      });
      return;
    }

    const entry = await ensureCodeServer({ log: say });
    say(`starting code-server on port ${options.port}`);
    const server = await startCodeServer({
      entry,
      workspace,
      userDataDir: path.join(stateDir, 'user-data'),
      extensionsDir: path.join(stateDir, 'extensions'),
      vsix,
      port: options.port,
      userSettings: userSettings(feed.info.url),
      log: say,
      output: 'ignore',
    }).catch((error) => {
      throw new Error(`${error.message} (is port ${options.port} in use? try --port)`);
    });
    running.push(() => server.stop());
    server.process.once('exit', () => {
      if (!stopping) {
        say('code-server stopped unexpectedly');
        void stopAll(1);
      }
    });

    let stored = false;
    try {
      const browser = await openBrowserWithToken(server.folderUrl, token);
      if (browser) {
        running.push(() => browser.close());
        stored = true;
      }
    } catch (error) {
      say(`could not open Chromium to store the token (${error.message}); do the one-time step below.`);
    }
    printReady({ where: server.folderUrl, token, user: options.user, feedUrl: feed.info.url, stored, feed: feed.info });
  } catch (error) {
    console.error(`\n[demo] ${error instanceof Error ? error.message : error}`);
    await stopAll(1);
  }
}

/** The demo users' tokens, the lead's marked, to sign in as someone else with Set Feed Token. */
export function tokenLines(info) {
  const leads = new Set(info.leads ?? []);
  return Object.entries(info.tokens).map(
    ([user, token]) => `    ${`${user}${leads.has(user) ? ' (lead: the Review tab)' : ' (developer)'}`.padEnd(30)} ${token}`,
  );
}

function printReady({ where, token, user, feedUrl, stored, feed }) {
  const lines = [
    '',
    `Findings Lens demo is running (feed ${feedUrl}, project ${PROJECT}, signed in as ${user}).`,
    '',
    `  Open: ${where}`,
    '',
  ];
  if (stored) {
    lines.push('  Chromium is open on it with the token already stored.');
  } else {
    lines.push(
      '  One-time step in that browser (the token is then kept there across demo runs):',
      '    Command palette (F1) → "Findings Lens: Set Feed Token" → paste:',
      `    ${token}`,
    );
  }
  lines.push(
    '',
    "  Every demo user's token (Findings Lens: Set Feed Token switches who is signed in):",
    ...tokenLines(feed),
    '',
    `  The feed's log: ${FEED_LOG}`,
    `  The feed's database: ${FEED_DB} (kept across runs; --fresh starts over)`,
    '',
    'Ctrl-C stops everything the demo started.',
    '',
  );
  console.log(lines.join('\n'));
}

// Run, unless imported (the unit tests read parseDemoArgs and tokenLines).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
