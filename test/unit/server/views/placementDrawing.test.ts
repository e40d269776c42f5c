import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { Commands } from '../../../../src/shared/commands';
import { toDiagnostic } from '../../../../src/server/views/diagnostics';
import { fileCodeLenses, fileDiagnostics, hoverAt, listItem, type ViewContext } from '../../../../src/server/views/fileView';
import { buildCodeLenses } from '../../../../src/server/views/codeLens';
import { GitBases } from '../../../../src/server/workspace/gitBases';
import { hoverMarkdown } from '../../../../src/server/views/hover';
import type { Placement } from '../../../../src/server/views/placement';
import { FindingStore } from '../../../../src/server/findings/store';
import { makeFinding } from '../makeFinding';

const range = { start: { line: 4, character: 0 }, end: { line: 4, character: 9 } };
const placed = (state: Placement['state'], reason = 'the flagged line was edited since commit abc1234: best guess'): Placement => ({
  range,
  state,
  confidence: 0.6,
  reason,
});
const opts = { resolvedDisplay: 'hint' as const, resolveUri: () => null };

describe('drawing anchored findings', () => {
  const f = makeFinding({ id: 'f', title: 'SQL built from request input', severity: 'high' });

  it('an uncertain finding keeps its severity, its message starts with ≈, and a lens says why', () => {
    const d = toDiagnostic(f, placed('uncertain'), opts)!;
    assert.equal(d.message, '≈ SQL built from request input');
    assert.equal(d.severity, 1);
    const lenses = buildCodeLenses(f, placed('uncertain'));
    assert.deepEqual(
      lenses.map((l) => [l.command?.command, l.command?.title]),
      [
        [Commands.showDetails, '≈ High · SQL built from request input · open'],
        [Commands.showDetails, 'Location uncertain: the flagged line was edited since commit abc1234: best guess'],
        [Commands.acknowledge, 'Acknowledge'],
        [Commands.dispute, 'Dispute'],
      ],
    );
  });

  it('exact and moved findings read as usual', () => {
    assert.equal(toDiagnostic(f, placed('moved'), opts)!.message, f.title);
    assert.equal(buildCodeLenses(f, placed('exact')).length, 3);
  });

  it('the hover says how the location was found unless it is exact, with the reason escaped', () => {
    assert.ok(!hoverMarkdown(f, placed('exact')).includes('Location'));
    assert.match(
      hoverMarkdown(f, placed('moved', 'moved 3 lines down since commit abc1234')),
      /\*\*Location:\*\* moved 3 lines down since commit abc1234/,
    );
    assert.match(hoverMarkdown(f, placed('uncertain')), /\*\*Location uncertain:\*\* the flagged line was edited/);
    assert.ok(hoverMarkdown(f, placed('uncertain', '[x](command:evil)')).includes('\\[x\\]'));
  });

  describe('in one file', () => {
    const uri = 'file:///w/src/db.ts';
    const store = new FindingStore(() => ({ ok: true, uri }));
    store.replaceAll([
      makeFinding({ id: 'lost', location: { path: 'src/db.ts', startLine: 5 } }),
      makeFinding({ id: 'here', location: { path: 'src/db.ts', startLine: 2 } }),
    ]);
    const anchors: Record<string, Placement> = {
      lost: placed('lost', 'location lost: the flagged code is no longer in this file since the scan'),
      here: {
        ...placed('moved', 'moved 6 lines down since the scan'),
        range: { start: { line: 7, character: 0 }, end: { line: 7, character: 3 } },
      },
    };
    const ctx: ViewContext = {
      store,
      resolvedDisplay: 'hint',
      document: () => undefined,
      resolveUri: () => null,
      anchored: (_uri, id) => anchors[id],
    };

    it("a lost finding gets no diagnostic, no lens and no hover, but is listed as lost at the feed's line", () => {
      assert.deepEqual(
        fileDiagnostics(ctx, uri).map((d) => [d.data, d.range.start.line]),
        [[{ findingId: 'here' }, 7]],
      );
      const lenses = fileCodeLenses(ctx, uri);
      assert.ok(lenses.length > 0 && lenses.every((l) => l.command?.arguments?.[0] === 'here'), JSON.stringify(lenses));
      assert.equal(hoverAt(ctx, uri, { line: 4, character: 2 }), null);
      const row = listItem(store.get('lost')!, undefined, anchors.lost);
      assert.deepEqual([row.anchor, row.line], ['lost', 4]);
    });

    it('a moved finding is drawn, hovered and listed where the engine put it', () => {
      assert.match((hoverAt(ctx, uri, { line: 7, character: 1 })?.contents as { value: string }).value, /moved 6 lines down/);
      const row = listItem(store.get('here')!, undefined, anchors.here);
      assert.deepEqual([row.anchor, row.line], ['moved', 7]);
    });

    it("without an anchor (a closed file) the feed's lines are taken as exact", () => {
      const closed: ViewContext = { ...ctx, anchored: () => undefined };
      assert.deepEqual(
        fileDiagnostics(closed, uri)
          .map((d) => d.range.start.line)
          .sort(),
        [1, 4],
      );
      assert.equal(listItem(store.get('lost')!, undefined).anchor, 'exact');
    });
  });
});

describe('git base texts of the project folder', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fl-gitbases-'));
    mkdirSync(path.join(dir, 'sub'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('asks git only in a folder that is the root of its repository', async () => {
    const calls: string[][] = [];
    const bases = new GitBases(async (args, cwd) => {
      calls.push([...args, cwd]);
      if (args[0] === 'rev-parse') return { code: 0, stdout: `${dir}\n` };
      return { code: 0, stdout: 'old text' };
    });
    assert.equal(
      await bases.textAt(URI.file(path.join(dir, 'sub')).toString(), 'abc1234', 'a.ts'),
      undefined,
      'a folder inside a repository: feed paths would not match',
    );
    assert.equal(await bases.textAt(URI.file(dir).toString(), 'abc1234', 'a.ts'), 'old text');
    assert.deepEqual(calls.at(-1), ['show', 'abc1234:a.ts', dir]);
  });

  it('gives nothing outside a repository, for other schemes, and for unsafe requests', async () => {
    const bases = new GitBases(async (args) => (args[0] === 'rev-parse' ? { code: 128, stdout: '' } : { code: 0, stdout: 'x' }));
    assert.equal(await bases.textAt(URI.file(dir).toString(), 'abc1234', 'a.ts'), undefined);
    const root = new GitBases(async (args) => (args[0] === 'rev-parse' ? { code: 0, stdout: dir } : { code: 0, stdout: 'x' }));
    assert.equal(await root.textAt('vscode-vfs://github/acme/repo', 'abc1234', 'a.ts'), undefined);
    assert.equal(await root.textAt(URI.file(dir).toString(), '--output=/tmp/x', 'a.ts'), undefined);
  });
});
