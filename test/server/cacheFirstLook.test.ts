/**
 * The cache's first look: with a large cache, the open file's findings are read from it and shown
 * before the whole cache is (seconds at 100,000 findings), which then replaces them all.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Finding } from '../../src/shared/feed';
import { cachePath, writeCache } from '../../src/server/storage/cache';
import { ServerUnderTest } from './lspClient';
import { buildOnce, PROJECT, WORKSPACE, workspaceUri } from './world';

/** No sync runs (no token is set): whatever is shown comes from the cache. */
const FEED_URL = 'http://127.0.0.1:9';
const OPENED = 'src/config.ts';
/** Enough findings elsewhere that reading the whole cache takes far longer than looking at one file's lines. */
const ELSEWHERE = 20_000;
const IN_OPENED = 12;

function cachedFinding(id: string, file: string, line: number): Finding {
  return {
    id,
    revision: '1',
    ruleId: 'js/sql-injection',
    title: `finding ${id}`,
    message: `The query concatenates request input (${id}). `.repeat(4),
    severity: 'medium',
    location: { path: file, startLine: line },
    relatedLocations: [{ location: { path: OPENED, startLine: 1 }, message: 'names the open file, is not in it' }],
    status: 'open',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

describe('language server: the cache first look', function () {
  this.timeout(60_000);
  let server: ServerUnderTest | undefined;
  let storagePath: string;

  beforeEach(async () => {
    buildOnce();
    storagePath = mkdtempSync(path.join(os.tmpdir(), 'fl-cache-look-'));
    const findings = [
      ...Array.from({ length: ELSEWHERE }, (_, i) => cachedFinding(`E-${i}`, `src/db.ts`, 1 + (i % 40))),
      ...Array.from({ length: IN_OPENED }, (_, i) => cachedFinding(`O-${i}`, OPENED, 1 + i)),
    ];
    await writeCache(cachePath(storagePath, FEED_URL, PROJECT), FEED_URL, PROJECT, { cursor: { syncToken: 's' }, findings });
  });
  afterEach(async () => {
    await server?.stop();
    rmSync(storagePath, { recursive: true, force: true });
  });

  it("shows the open file's cached findings before the whole cache, which then replaces them all", async () => {
    server = await ServerUnderTest.start({
      workspaceUri: WORKSPACE.toString(),
      settings: { feedUrl: FEED_URL, project: PROJECT, pollInterval: 3600 },
      storagePath,
    });
    const uri = workspaceUri(OPENED);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'typescript', version: 1, text: readFileSync(URI.parse(uri).fsPath, 'utf8') },
    });
    const wholeCache = () => server!.logs.find((l) => /^showing \d+ cached finding\(s\)/.test(l));

    const first = await server.waitFor('the open file shown', () => server!.diagnostics.get(uri)?.length || undefined);
    assert.equal(wholeCache(), undefined, 'shown before the whole cache was');
    assert.equal(first, IN_OPENED, 'every cached finding of the open file, and none that only names it');
    assert.ok(
      server.logs.some((l) => l.startsWith(`cache first look: ${IN_OPENED} finding(s) of 1 open file(s) in `)),
      server.logs.join('\n'),
    );

    await server.waitFor('the whole cache', wholeCache, 30_000);
    const total = () => [...server!.diagnostics.values()].reduce((n, d) => n + d.length, 0);
    await server.waitFor('every cached finding shown', () => total() === ELSEWHERE + IN_OPENED);
    assert.equal(server.diagnostics.get(uri)?.length, IN_OPENED, 'the whole cache shows the same in the open file');
    assert.match(wholeCache()!, new RegExp(`^showing ${ELSEWHERE + IN_OPENED} cached finding`));
  });
});
