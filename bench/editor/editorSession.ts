/**
 * One start of the editor as a user has it: code-server on the bench's workspace, and Chromium with
 * a profile of its own, kept between starts (the editor keeps its window state and the encrypted
 * token there; code-server keeps the other half of the key, the settings and the extension's
 * storage in its user-data folder). The file the user works in is open when the editor starts: the
 * page is loaded with VS Code's `openFile` payload at the finding's line, as `code-server
 * file:line` opens it (and as the restored window would).
 */
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { checkPrerequisites, CHROMIUM, CHROMIUM_ARGS, editorSettings } from '../../test/e2e/session';
import { PROJECT } from '../feedFixture';
import { pageProbe } from './pageProbe';
import { commandLine, descendants, isAlive } from './procfs';

type CodeServer = Awaited<ReturnType<typeof checkPrerequisites>>;
type CodeServerProcess = Awaited<ReturnType<CodeServer['startCodeServer']>>;

/**
 * Where one size's editor lives, across all its starts. The port stays too: the browser keeps the
 * window state and the secrets per origin, so a start on another port would be a first start.
 */
export interface EditorDirs {
  workspace: string;
  userData: string;
  extensions: string;
  browser: string;
  port: number;
}

export async function editorDirs(root: string): Promise<EditorDirs> {
  const codeServer = (await checkPrerequisites()) as CodeServer & { freePort(): Promise<number> };
  return {
    workspace: path.join(root, 'workspace'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    browser: path.join(root, 'browser'),
    port: await codeServer.freePort(),
  };
}

/** The extension's global storage: its findings cache, texts and outbox. Emptied for a cold start. */
export function extensionStorage(dirs: EditorDirs): string {
  return path.join(dirs.userData, 'User', 'globalStorage', 'findings-lens.findings-lens');
}

export function emptyCache(dirs: EditorDirs): void {
  rmSync(extensionStorage(dirs), { recursive: true, force: true });
  if (existsSync(extensionStorage(dirs))) throw new Error(`could not empty ${extensionStorage(dirs)}`);
}

export interface EditorStart {
  dirs: EditorDirs;
  feedUrl: string;
  openFile: { path: string; line: number };
  /** The Problems total the page probe waits for. */
  expectedProblems: number;
  /** Installed first when given (the first start of a size). */
  vsix?: string;
  /** User settings besides the bench's own (the floor extension's). */
  settings?: Record<string, unknown>;
  log: (line: string) => void;
}

export interface RunningEditor {
  codeServer: CodeServerProcess;
  context: BrowserContext;
  page: Page;
  /** The workbench URL with the open file, to load. */
  url: string;
  stop(): Promise<void>;
}

/** Starts code-server and Chromium, with the page probe ready; the caller loads `url`. */
export async function startEditor(start: EditorStart): Promise<RunningEditor> {
  const codeServer = await checkPrerequisites();
  const server = await codeServer.startCodeServer({
    entry: codeServer.codeServerEntry(),
    workspace: start.dirs.workspace,
    userDataDir: start.dirs.userData,
    extensionsDir: start.dirs.extensions,
    vsix: start.vsix,
    port: start.dirs.port,
    log: start.log,
    output: 'ignore',
    userSettings: {
      ...editorSettings(start.feedUrl),
      'findingsLens.feed.project': PROJECT,
      'findingsLens.feed.requestTimeout': 120,
      // The built-in TypeScript support stays, but reports nothing and runs only its light syntax
      // server: every squiggle and Problem is then a finding, and no project load competes for the
      // two cores (code-server has no --disable-extension).
      'typescript.validate.enable': false,
      'javascript.validate.enable': false,
      'typescript.tsserver.useSyntaxServer': 'always',
      ...start.settings,
    },
    // Where a process's inspector listens once SIGUSR1 opens it: a free port of its own (inspector.ts).
    env: { NODE_OPTIONS: '--inspect-port=0' },
  });
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(start.dirs.browser, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: CHROMIUM_ARGS,
    });
    await context.addInitScript(pageProbe, start.expectedProblems);
    const page = context.pages()[0] ?? (await context.newPage());
    const url = workbenchUrl(
      server.url,
      server.folderUrl,
      path.join(start.dirs.workspace, ...start.openFile.path.split('/')),
      start.openFile.line,
    );
    const opened = context;
    return { codeServer: server, context: opened, page, url, stop: () => stopEditor(server, opened) };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await stopEditor(server, undefined);
    throw error;
  }
}

/** The folder's workbench URL with VS Code's payload: open this file at this line. */
export function workbenchUrl(serverUrl: string, folderUrl: string, file: string, line: number): string {
  const remote = `vscode-remote://${new URL(serverUrl).host}${file}:${line}`;
  const payload = JSON.stringify([
    ['openFile', remote],
    ['gotoLineMode', 'true'],
  ]);
  return `${folderUrl}&payload=${encodeURIComponent(payload)}`;
}

/**
 * Closes the browser, stops code-server, and waits until the extension host and the language
 * server it leaves are gone (the server exits when it sees its client's process end): the next
 * start must not share the machine, or the cache file, with them.
 */
async function stopEditor(server: CodeServerProcess, context: BrowserContext | undefined): Promise<void> {
  const left = descendants(server.process.pid!);
  await context?.close().catch(() => undefined);
  await server.stop();
  const running = () => left.filter((p) => isAlive(p.pid) && commandLine(p.pid) === p.command);
  const deadline = Date.now() + 20_000;
  while (running().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100)); // polling, not a wait for an outcome
  // Ours (started by this code-server, the same command line), still there 20 s after it stopped: ended by its id.
  for (const p of running()) process.kill(p.pid, 'SIGKILL');
}
