import * as assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver';
import { Commands, FINDING_COMMANDS } from '../../../src/shared/commands';
import { buildCodeLenses, LensKind, resolveCodeLens, STALE_LENS, type LensSubject } from '../../../src/server/codeLens';
import { placeFinding } from '../../../src/server/placement';
import { makeFinding } from './makeFinding';
import { resolvedLenses } from './resolvedLenses';

describe('code lens builder', () => {
  it('puts details, Acknowledge and Dispute on the finding\'s first line, with the finding id as only argument', () => {
    const f = makeFinding({ id: 'f-1', severity: 'high', title: 'SQL built from request input', location: { path: 'a.ts', startLine: 7, endLine: 9 } });
    const lenses = resolvedLenses(f, placeFinding(f.location, undefined));
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.command, l.command?.title, l.command?.arguments]), [
      [6, Commands.showDetails, 'High · SQL built from request input · open', ['f-1']],
      [6, Commands.acknowledge, 'Acknowledge', ['f-1']],
      [6, Commands.dispute, 'Dispute', ['f-1']],
    ]);
    for (const l of lenses) assert.ok(FINDING_COMMANDS.includes(l.command!.command as never));
  });

  it('answers lenses with a range and only the finding id and kind, no command (the editor resolves the visible ones)', () => {
    const f = makeFinding({ id: 'f-1', location: { path: 'a.ts', startLine: 7 } });
    const lenses = buildCodeLenses(f, placeFinding(f.location, undefined));
    assert.deepEqual(lenses, [
      { range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, data: ['f-1', LensKind.details] },
      { range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, data: ['f-1', LensKind.acknowledge] },
      { range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, data: ['f-1', LensKind.dispute] },
    ]);
  });

  it('gives resolved findings only the details lens', () => {
    const f = makeFinding({ id: 'f', status: 'acknowledged' });
    const lenses = resolvedLenses(f, placeFinding(f.location, undefined));
    assert.deepEqual(lenses.map((l) => l.command?.command), [Commands.showDetails]);
    assert.match(lenses[0]!.command!.title, /· acknowledged$/);
  });

  it('gives lost findings only the details lens, at the top of the file', () => {
    const f = makeFinding({ id: 'f', location: { path: 'a.ts', startLine: 40 } });
    const lenses = buildCodeLenses(f, placeFinding(f.location, { getText: () => 'one line', lineCount: 1 }));
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.data]), [[0, ['f', LensKind.details]]]);
  });

  it('keeps a feed title on one short line and never lets it pick the command', () => {
    const f = makeFinding({ id: 'f', title: `findingsLens.setToken\n${'x'.repeat(200)}` });
    const [details] = resolvedLenses(f, placeFinding(f.location, undefined));
    assert.equal(details!.command!.command, Commands.showDetails);
    assert.ok(!details!.command!.title.includes('\n'));
    assert.ok(details!.command!.title.length < 120);
  });

  describe('resolving a lens', () => {
    const f = makeFinding({ id: 'f', severity: 'high', title: 'SQL built from request input', location: { path: 'a.ts', startLine: 3 } });
    const placement = placeFinding(f.location, undefined);
    const [details, acknowledge] = buildCodeLenses(f, placement);
    const drawn = (over: Partial<LensSubject> = {}) => (id: string): LensSubject | undefined => (id === 'f' ? { finding: f, placement, reReview: false, hidden: false, ...over } : undefined);

    it('reads the finding as it is drawn now, not as it was when the lens was sent', () => {
      const renamed = makeFinding({ ...f, title: 'Renamed since', status: 'acknowledged' });
      const resolved = resolveCodeLens(details!, drawn({ finding: renamed }));
      assert.deepEqual(resolved, { range: details!.range, command: { title: 'High · Renamed since · acknowledged', command: Commands.showDetails, arguments: ['f'] } });
    });

    it('answers a plain title with no command to run for a lens no longer offered, a finding gone, hidden or lost, or data that is not ours', () => {
      const acknowledged = makeFinding({ ...f, status: 'acknowledged' });
      const lost = placeFinding({ path: 'a.ts', startLine: 40 }, { getText: () => 'one line', lineCount: 1 });
      const cases: Array<[string, CodeLens, (id: string) => LensSubject | undefined]> = [
        ['acknowledged since', acknowledge!, drawn({ finding: acknowledged })],
        ['gone from the feed', details!, () => undefined],
        ['hidden since', details!, drawn({ hidden: true })],
        ['lost since', details!, drawn({ placement: lost })],
        ['data not a lens of ours', { ...details!, data: ['f', 9] }, drawn()],
        ['no data', { range: details!.range }, drawn()],
        ['a command id for data', { ...details!, data: 'findingsLens.setToken' }, drawn()],
      ];
      for (const [why, lens, drawnOf] of cases) {
        assert.deepEqual(resolveCodeLens(lens, drawnOf), { range: lens.range, command: STALE_LENS }, why);
      }
      assert.equal(STALE_LENS.command, '', 'VS Code shows an empty command id as text; a missing command would read "!!MISSING: command!!"');
    });
  });
});
