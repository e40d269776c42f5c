/**
 * What a server test runs against: the reference feed in-process (fresh in-memory database each
 * time), the demo workspace, and the real server bundle over stdio.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI, Utils } from 'vscode-uri';
import type { Finding, Severity } from '../../src/shared/feed';
import type { ServerSettings } from '../../src/shared/settings';
import { startFeed, type RunningFeed } from '../../src/feed/server';
import { ROOT, SERVER_BUNDLE, ServerUnderTest } from './lspClient';

export const PROJECT = 'acme-payments';
export const SEED_PATH = path.join(ROOT, 'test/fixtures/demo-feed.json');
export const WORKSPACE = URI.file(path.join(ROOT, 'test/fixtures/demo-workspace'));

/** A finding as the seed writes it. */
export type SeedFinding = Omit<Finding, 'revision' | 'createdAt' | 'updatedAt' | 'status'> & {
  project: string;
  status?: Finding['status'];
};

/** The demo seed's findings of the demo project. */
export function seedFindings(): SeedFinding[] {
  const seed = JSON.parse(readFileSync(SEED_PATH, 'utf8')) as { findings: SeedFinding[] };
  return seed.findings.filter((f) => f.project === PROJECT);
}

/** The file URI a feed path should resolve to in the demo workspace (or in `workspace`). */
export function workspaceUri(relative: string, workspace: URI = WORKSPACE): string {
  return Utils.joinPath(workspace, ...relative.split('/')).toString();
}

/** A copy of the demo workspace in a temporary folder, for tests that change files or make links in it. */
export function copyWorkspace(): { base: string; workspace: URI; remove(): void } {
  const base = mkdtempSync(path.join(os.tmpdir(), 'fl-ws-'));
  const dir = path.join(base, 'workspace');
  cpSync(WORKSPACE.fsPath, dir, { recursive: true });
  return { base, workspace: URI.file(dir), remove: () => rmSync(base, { recursive: true, force: true }) };
}

/** The LSP severity each feed severity must become (written out here, not imported from the code under test). */
export const EXPECTED_SEVERITY: Record<Severity, number> = { critical: 1, high: 1, medium: 2, low: 3, info: 3 };

let built = false;
/** Builds dist/ once per run, so the test drives the bundle a user would get. */
export function buildOnce(): void {
  if (built && existsSync(SERVER_BUNDLE)) return;
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

export interface World {
  feed: RunningFeed;
  server: ServerUnderTest;
  token: string;
  storagePath: string;
  stop(): Promise<void>;
}

/** Starts a fresh feed with the demo seed (after `prepare` changes it, if given) and a server synced to it. */
export async function startWorld(
  opts: {
    prepare?: (feed: RunningFeed) => Promise<void>;
    settings?: Partial<ServerSettings>;
    storagePath?: string;
    workspace?: URI;
    capabilities?: Record<string, unknown>;
  } = {},
): Promise<World> {
  buildOnce();
  const feed = await startFeed({ port: 0, host: '127.0.0.1', seed: SEED_PATH, log: () => undefined });
  await opts.prepare?.(feed);
  const token = feed.tokens.dana!;
  const storagePath = opts.storagePath ?? mkdtempSync(path.join(os.tmpdir(), 'fl-server-'));
  const server = await ServerUnderTest.start({
    workspaceUri: (opts.workspace ?? WORKSPACE).toString(),
    // Without the feed's event stream unless a test asks for it (pushedUpdates.test.ts): its push sync
    // would race the test's own Sync Now for each change the test makes.
    settings: { feedUrl: feed.url, project: PROJECT, requestTimeout: 2, pollInterval: 3600, pushUpdates: false, ...opts.settings },
    storagePath,
    token,
    capabilities: opts.capabilities,
  });
  return {
    feed,
    server,
    token,
    storagePath,
    async stop() {
      await server.stop();
      await feed.close();
      if (!opts.storagePath) rmSync(storagePath, { recursive: true, force: true });
    },
  };
}

/** Calls a test control of the reference feed. */
export async function admin(feed: RunningFeed, method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${feed.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${feed.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A loopback listener that records every request it receives (and answers 200 `{}`). */
export async function startRecorder(): Promise<{
  url: string;
  requests: Array<{ url: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}> {
  const requests: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"findings":[],"nextCursor":null,"syncToken":"evil"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
