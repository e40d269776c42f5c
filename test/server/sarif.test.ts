/**
 * A scanner's SARIF, uploaded by the upload CLI from the demo workspace (the checkout) to the
 * reference feed, shown by the real server bundle: every result on its line of its file.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { RunningFeed } from '../../src/feed/server';
import { runUpload } from '../../src/feed/upload/upload';
import { ROOT } from './lspClient';
import { PROJECT, startWorld, WORKSPACE, workspaceUri, type World } from './world';

const FIXTURES = path.join(ROOT, 'test/fixtures/sarif');
const FIXTURE_CHECKOUT_URI = 'file:///checkout/acme-payments/';

/** A result as the log itself says: its file (relative to the checkout), line, column and rule. */
interface Expected {
  path: string;
  line: number;
  column?: number;
  ruleId: string;
}

/** Every result of a log, read from the SARIF directly (not through the feed's mapping). */
function resultsOf(log: any): Expected[] {
  return log.runs.flatMap((run: any) =>
    run.results.map((r: any) => {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      const uri = String(artifactLocation.uri);
      const relative = uri.startsWith(FIXTURE_CHECKOUT_URI) ? uri.slice(FIXTURE_CHECKOUT_URI.length) : uri.replace(/^\.\//, '');
      return { path: relative, line: region.startLine, column: region.startColumn, ruleId: r.ruleId };
    }),
  );
}

/** Uploads a fixture with the upload CLI, the demo workspace being the checkout it was made from. */
async function uploadFromWorkspace(feed: RunningFeed, fixture: string, category: string, scratch: string): Promise<void> {
  // ESLint names files by absolute URI: as it would write them in this checkout.
  const text = readFileSync(path.join(FIXTURES, fixture), 'utf8')
    .split(FIXTURE_CHECKOUT_URI)
    .join(`${pathToFileURL(WORKSPACE.fsPath).href}/`);
  const file = path.join(scratch, fixture);
  writeFileSync(file, text);
  const said: string[] = [];
  const io = {
    out: (l: string) => said.push(l),
    err: (l: string) => said.push(l),
    cwd: WORKSPACE.fsPath,
    env: { FINDINGS_LENS_UPLOAD_TOKEN: feed.tokens.ci },
  };
  const argv = ['--url', feed.url, '--project', PROJECT, '--category', category, '--ref', 'refs/heads/main', file];
  const code = await runUpload(argv, io);
  assert.equal(code, 0, said.join('\n'));
  assert.match(said.join('\n'), / 0 set aside\./);
}

describe('language server over stdio: findings uploaded as SARIF', function () {
  this.timeout(30_000);
  let world: World;
  let scratch: string;
  const expected = ['eslint-r1.sarif', 'flawfinder-r1.sarif'].flatMap((f) =>
    resultsOf(JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8'))),
  );

  before(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'fl-sarif-'));
    world = await startWorld({
      prepare: async (feed) => {
        await uploadFromWorkspace(feed, 'eslint-r1.sarif', 'eslint', scratch);
        await uploadFromWorkspace(feed, 'flawfinder-r1.sarif', 'flawfinder', scratch);
      },
    });
    await world.server.waitForState('upToDate');
  });
  after(async () => {
    await world?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('publishes every result of the uploaded logs on its line, with its rule, among the other findings', async () => {
    assert.equal(expected.length, 8, 'four results of each scanner');
    const shown = (e: Expected): Diagnostic | undefined =>
      world.server.diagnostics
        .get(workspaceUri(e.path))
        ?.find(
          (d) =>
            d.code === e.ruleId &&
            d.range.start.line === e.line - 1 &&
            (e.column === undefined || d.range.start.character === e.column - 1),
        );
    await world.server.waitFor('every SARIF result published on its line', () => expected.every((e) => shown(e)));
    for (const e of expected) {
      const d = shown(e)!;
      assert.match(String((d.data as { findingId?: string }).findingId), /^sarif-[0-9a-f]{24}$/, `${e.path}:${e.line}`);
    }
    const status = world.server.lastStatus!;
    assert.equal(status.counts.invalid, 0);
    assert.equal(status.counts.rejectedPaths, 0);
  });
});
