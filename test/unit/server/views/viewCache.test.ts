import * as assert from 'node:assert/strict';
import type { Finding } from '../../../../src/shared/feed';
import { fileCodeLenses, fileDiagnostics, hoverAt, type ViewContext } from '../../../../src/server/views/fileView';
import type { Placement } from '../../../../src/server/views/placement';
import { FindingStore } from '../../../../src/server/findings/store';
import { ViewCache } from '../../../../src/server/views/viewCache';
import { makeFinding } from '../makeFinding';

const uri = 'file:///w/src/db.ts';

/** A file of findings, a view context over it, and a cache keyed like the server keys it (a version bumped by each change). */
function world(findings: Finding[]) {
  const store = new FindingStore(() => ({ ok: true, uri }));
  store.replaceAll(findings);
  const shift = { lines: 0 };
  let resolveCalls = 0;
  const state = { version: 0, display: 'hint' as ViewContext['resolvedDisplay'], open: true };
  const ctx = (): ViewContext => ({
    store,
    resolvedDisplay: state.display,
    // An open document (the anchors below place every finding, so its text is not read).
    document: () => (state.open ? { getText: () => '', lineCount: 1000 } : undefined),
    resolveUri: (path) => {
      resolveCalls += 1;
      return `file:///w/${path}`;
    },
    anchored: (_uri, id): Placement | undefined => {
      const line = store.get(id)!.finding.location.startLine - 1 + shift.lines;
      return {
        range: { start: { line, character: 0 }, end: { line, character: 5 } },
        state: shift.lines === 0 ? 'exact' : 'moved',
        confidence: 1,
        reason: 'moved',
      };
    },
  });
  const cache = new ViewCache(
    ctx,
    () => `${state.version}/${store.version}/${state.display}/${state.open}`,
    () => state.display,
  );
  return { store, shift, state, ctx, cache, resolveCalls: () => resolveCalls };
}

const related = (id: string, line: number): Finding =>
  makeFinding({
    id,
    location: { path: 'src/db.ts', startLine: line },
    relatedLocations: [{ location: { path: 'src/other.ts', startLine: 1 }, message: 'source' }],
  });

describe('the per-file view cache', () => {
  it('answers like the uncached views, for diagnostics, lenses and hovers on every line', () => {
    const w = world([
      related('a', 3),
      related('b', 3),
      makeFinding({ id: 'c', location: { path: 'src/db.ts', startLine: 9, endLine: 11 } }),
    ]);
    assert.deepEqual(w.cache.diagnostics(uri), fileDiagnostics(w.ctx(), uri));
    assert.deepEqual(w.cache.codeLenses(uri), fileCodeLenses(w.ctx(), uri));
    for (let line = 0; line < 14; line++) {
      for (const character of [0, 3, 9])
        assert.deepEqual(w.cache.hover(uri, { line, character }), hoverAt(w.ctx(), uri, { line, character }), `line ${line}:${character}`);
    }
  });

  it('gives an open file related information, and a closed one none (its diagnostics otherwise the same)', () => {
    const w = world([related('a', 3), makeFinding({ id: 'b', location: { path: 'src/db.ts', startLine: 5 } })]);
    const open = w.cache.diagnostics(uri);
    assert.equal(open[0]!.relatedInformation?.length, 1);
    w.state.open = false;
    const closed = w.cache.diagnostics(uri);
    assert.equal(closed[0]!.relatedInformation, undefined);
    assert.deepEqual(
      closed,
      open.map(({ relatedInformation: _, ...rest }) => rest),
    );
    w.state.open = true;
    assert.equal(w.cache.diagnostics(uri)[0]!.relatedInformation?.length, 1, 'opened again, they are back');
  });

  it('finds a finding spanning many lines from any of them, in drawing order with the others', () => {
    const w = world([
      makeFinding({ id: 'wide', location: { path: 'src/db.ts', startLine: 1, endLine: 900 } }),
      makeFinding({ id: 'small', location: { path: 'src/db.ts', startLine: 500 } }),
    ]);
    for (const line of [0, 499, 899])
      assert.deepEqual(w.cache.hover(uri, { line, character: 2 }), hoverAt(w.ctx(), uri, { line, character: 2 }));
    assert.equal(w.cache.hover(uri, { line: 900, character: 2 }), null);
  });

  it('gives the same answer while the key holds, and recomputes when it moves', () => {
    const w = world([related('a', 3)]);
    const first = w.cache.codeLenses(uri);
    assert.equal(w.cache.codeLenses(uri), first, 'an unchanged file costs a lookup');
    w.store.applyChanges([{ ...related('a', 3), revision: '2', title: 'Renamed' }]);
    const [details] = w.cache.codeLenses(uri);
    assert.match(String(details!.command!.title), /Renamed/, 'a store change is seen at once');
    w.state.display = 'hide';
    w.store.applyChanges([{ ...related('a', 3), revision: '3', status: 'acknowledged' }]);
    assert.deepEqual(w.cache.codeLenses(uri), [], 'hidden once resolved with resolvedFindings "hide"');
    assert.deepEqual(w.cache.diagnostics(uri), []);
  });

  it("after an edit, reuses each moved (or exact again) finding's diagnostic with its new range instead of resolving its paths again", () => {
    const w = world([related('a', 3), related('b', 7)]);
    w.cache.diagnostics(uri);
    const calls = w.resolveCalls();
    w.shift.lines = 1;
    w.state.version += 1;
    const moved = w.cache.diagnostics(uri);
    assert.equal(w.resolveCalls(), calls, 'no path resolved again');
    assert.deepEqual(moved, fileDiagnostics(w.ctx(), uri), 'the same as built from scratch');
    assert.deepEqual(
      moved.map((d) => d.range.start.line),
      [3, 7],
    );
    w.shift.lines = 0;
    w.state.version += 1;
    const before = w.resolveCalls();
    const back = w.cache.diagnostics(uri);
    assert.equal(w.resolveCalls(), before, 'exact again: still no path resolved');
    assert.deepEqual(back, fileDiagnostics(w.ctx(), uri), 'back where they were');
  });

  it("builds a finding's diagnostic again when the finding itself changed", () => {
    const w = world([related('a', 3)]);
    w.cache.diagnostics(uri);
    w.store.applyChanges([{ ...related('a', 3), revision: '2', title: 'New title', severity: 'low' }]);
    assert.deepEqual(w.cache.diagnostics(uri), fileDiagnostics(w.ctx(), uri));
    assert.equal(w.cache.diagnostics(uri)[0]!.message, 'New title');
  });
});
