/**
 * One end-to-end session: the reference feed (in process, so tests can read its database), a copy
 * of the demo workspace, code-server with the packaged extension installed, and Chromium on it.
 * Every test of the suite shares it; nothing here knows about a particular test.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startFeed, type RunningFeed } from '../../src/feed/server';
import { Editor } from './editor';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const OUTPUT_DIR = path.join(PROJECT_ROOT, 'test-output', 'e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PROJECT = 'acme-payments';
/** Chromium's flags for the tests (and the editor bench): no sandbox in the container, nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** What a running session offers the tests. */
export interface E2eSession {
  feed: RunningFeed;
  /** The workspace folder code-server has open (a fresh copy of test/fixtures/demo-workspace). */
  workspace: string;
  editor: Editor;
  page: Page;
  /** Lines code-server and the extension host printed, for a failing test's report. */
  serverLog: string[];
  /** The last lines of the extension's own log (its "Findings Lens" output channel), for a failing test's report. */
  extensionLogTail(lines: number): string[];
  /** A scratch folder of this session, removed at its end. */
  scratch: string;
}

interface CodeServerModule {
  isInstalled(): boolean;
  codeServerEntry(): string;
  CODE_SERVER_VERSION: string;
  startCodeServer(
    options: Record<string, unknown>,
  ): Promise<{ url: string; folderUrl: string; process: import('node:child_process').ChildProcess; stop(): Promise<void> }>;
}

interface PackageModule {
  packageExtension(options: { out: string; dev: boolean; log: (line: string) => void }): string;
}

// The scripts are plain ESM (.mjs) so they run without a build; load them from CommonJS tests.
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

/** Fails loudly, with the command that fixes it, when a prerequisite is missing. */
export async function checkPrerequisites(): Promise<CodeServerModule> {
  const codeServer = await importEsm<CodeServerModule>(path.join(PROJECT_ROOT, 'scripts', 'code-server.mjs'));
  const missing: string[] = [];
  if (!existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}): apt-get install -y chromium   (or set CHROMIUM_PATH)`);
  if (!codeServer.isInstalled())
    missing.push(
      `code-server ${codeServer.CODE_SERVER_VERSION}: node scripts/code-server.mjs install   (needs: apt-get install -y libkrb5-dev ripgrep)`,
    );
  if (missing.length > 0) {
    throw new Error(`The end-to-end tests cannot run: missing\n  ${missing.join('\n  ')}`);
  }
  return codeServer;
}

/** Starts everything; `stop()` of the result undoes it all, in reverse order. */
export async function startSession(log: (line: string) => void): Promise<{ session: E2eSession; stop: () => Promise<void> }> {
  const codeServer = await checkPrerequisites();
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`cleanup failed: ${String(error)}`);
      }
    }
  };
  try {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'findings-lens-e2e-'));
    cleanups.push(() => rmSync(scratch, { recursive: true, force: true }));

    const packaging = await importEsm<PackageModule>(path.join(PROJECT_ROOT, 'scripts', 'package-vsix.mjs'));
    const vsix = packaging.packageExtension({ out: path.join(scratch, 'findings-lens.vsix'), dev: true, log });

    const feed = await startFeed({ port: 0, log: () => undefined });
    cleanups.push(() => feed.close());

    const workspace = path.join(scratch, 'workspace');
    cpSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'demo-workspace'), workspace, { recursive: true });

    const serverLog: string[] = [];
    const server = await codeServer.startCodeServer({
      entry: codeServer.codeServerEntry(),
      workspace,
      userDataDir: path.join(scratch, 'user-data'),
      extensionsDir: path.join(scratch, 'extensions'),
      vsix,
      log,
      output: 'pipe',
      userSettings: editorSettings(feed.url),
    });
    cleanups.push(() => server.stop());
    for (const stream of [server.process.stdout, server.process.stderr]) {
      stream?.on('data', (chunk: Buffer) => serverLog.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    }

    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const editor = new Editor(page, OUTPUT_DIR);
    await editor.open(server.folderUrl);
    const logsDir = path.join(scratch, 'user-data', 'logs');
    const extensionLogTail = (lines: number): string[] => {
      try {
        return channelLogs(logsDir).flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-lines));
      } catch (error) {
        return [`(could not read the extension's log: ${String(error)})`];
      }
    };
    return { session: { feed, workspace, editor, page, serverLog, extensionLogTail, scratch }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The user settings of the test profile: the feed, a project, and a quiet editor. */
export function editorSettings(feedUrl: string): Record<string, unknown> {
  return {
    'findingsLens.feed.url': feedUrl,
    'findingsLens.feed.project': DEMO_PROJECT,
    'findingsLens.feed.pollInterval': 300,
    'findingsLens.feed.requestTimeout': 5,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.enableExperiments': false,
    'workbench.editor.enablePreview': false,
    // code-server saves after a second by default; off, the edits the tests type stay unsaved, so
    // the server has to follow the editor's text, not the file on disk.
    'files.autoSave': 'off',
    'git.enabled': false,
    'editor.hover.delay': 100,
    'security.workspace.trust.enabled': false,
    'chat.commandCenter.enabled': false,
  };
}

/** The files the editor wrote the extension's "Findings Lens" output channel to (one per window the session opened). */
export function channelLogs(logsDir: string): string[] {
  if (!existsSync(logsDir)) return [];
  return (readdirSync(logsDir, { recursive: true }) as string[])
    .filter((file) => path.basename(file) === 'Findings Lens.log')
    .map((file) => path.join(logsDir, file))
    .sort();
}
