/**
 * Closed files follow their code on disk: a git workspace, a finding found at its commit, the file
 * edited on disk above the finding and never opened. The published diagnostic (what the Problems
 * list shows and a double-click selects) moves to the new line: when the editor says the file
 * changed (the server's file watcher), and after a sync when the editor watches nothing for us.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import * as protocol from '../../src/shared/protocol';
import { startFeed, type RunningFeed } from '../../src/feed/server';
import { ServerUnderTest } from './lspClient';
import { admin, buildOnce, PROJECT, SEED_PATH } from './world';

const findingIdOf = (d: Diagnostic) => (d.data as { findingId?: string } | undefined)?.findingId;
const ORIGINAL = Array.from({ length: 10 }, (_, i) => (i === 5 ? 'const v5 = eval(input);' : `const v${i} = ${i};`)).join('\n') + '\n';
const EDITED = `// 1\n// 2\n// 3\n// 4\n${ORIGINAL}`;

describe('closed files in the language server (a git workspace)', function () {
  this.timeout(30_000);
  let dir: string;
  let uri: string;
  let feed: RunningFeed;
  let server: ServerUnderTest | undefined;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  const lineOf = () => server!.diagnostics.get(uri)?.find((d) => findingIdOf(d) === 'closed-1')?.range;

  beforeEach(async () => {
    buildOnce();
    dir = mkdtempSync(nodePath.join(os.tmpdir(), 'fl-closed-ws-'));
    writeFileSync(nodePath.join(dir, 'a.ts'), ORIGINAL);
    writeFileSync(nodePath.join(dir, 'b.ts'), ORIGINAL);
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'scan');
    const commit = git('rev-parse', 'HEAD');
    uri = URI.file(nodePath.join(dir, 'a.ts')).toString();
    feed = await startFeed({ port: 0, host: '127.0.0.1', seed: SEED_PATH, log: () => undefined });
    const finding = (id: string, path: string) => ({
      id,
      ruleId: 'js/eval',
      title: 'eval of input',
      message: 'm',
      severity: 'high',
      commit,
      location: { path, startLine: 6, startColumn: 12, endColumn: 23, snippet: 'const v5 = eval(input);' },
    });
    await admin(feed, 'POST', '/__admin/findings', {
      project: PROJECT,
      findings: [finding('closed-1', 'a.ts'), finding('closed-2', 'b.ts')],
    });
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await feed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (watchFiles: boolean) =>
    ServerUnderTest.start({
      workspaceUri: URI.file(dir).toString(),
      settings: { feedUrl: feed.url, project: PROJECT, requestTimeout: 2, pollInterval: 3600 },
      token: feed.tokens.dana!,
      watchFiles,
    });

  it('moves the diagnostic of a file edited on disk when the editor says it changed, without opening it', async () => {
    server = await start(true);
    const registration = await server.waitFor('a file watcher registered', () =>
      server!.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'),
    );
    assert.deepEqual(registration.registerOptions, { watchers: [{ globPattern: '**/*' }] });
    assert.equal((await server.waitFor("the finding at the feed's line", () => lineOf()))?.start.line, 5);

    writeFileSync(nodePath.join(dir, 'a.ts'), EDITED);
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    const range = await server.waitFor('the diagnostic on the new line', () => lineOf()?.start.line === 9 && lineOf());
    assert.deepEqual(
      range,
      { start: { line: 9, character: 11 }, end: { line: 9, character: 22 } },
      'the flagged text, as the feed columns said',
    );
    const details = await server.connection.sendRequest(protocol.getFinding, { id: 'closed-1' });
    assert.equal(details?.anchor?.state, 'moved');
    const rows = await server.connection.sendRequest(protocol.listFindings);
    assert.equal(rows.find((r) => r.id === 'closed-1')?.line, 9, 'the tree and the panel go to the new line too');
    const b = server.diagnostics.get(URI.file(nodePath.join(dir, 'b.ts')).toString());
    assert.equal(b?.[0]?.range.start.line, 5, 'the file that did not change stays where the feed says');
  });

  it('without a file watcher, finds the changed file after the next sync', async () => {
    server = await start(false);
    assert.equal((await server.waitFor("the finding at the feed's line", () => lineOf()))?.start.line, 5);
    writeFileSync(nodePath.join(dir, 'a.ts'), EDITED);
    await server.syncNow();
    await server.waitFor('the diagnostic on the new line', () => lineOf()?.start.line === 9);
  });

  it('anchors a file that already differs from the commit when the findings arrive', async () => {
    writeFileSync(nodePath.join(dir, 'a.ts'), EDITED);
    server = await start(true);
    await server.waitFor('the diagnostic on the new line', () => lineOf()?.start.line === 9);
  });
});
