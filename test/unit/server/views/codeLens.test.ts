import * as assert from 'node:assert/strict';
import { Commands, FINDING_COMMANDS } from '../../../../src/shared/commands';
import { buildCodeLenses } from '../../../../src/server/views/codeLens';
import { placeFinding } from '../../../../src/server/views/placement';
import { makeFinding } from '../makeFinding';

describe('code lens builder', () => {
  it("puts details, Acknowledge and Dispute on the finding's first line, with the finding id as only argument", () => {
    const f = makeFinding({
      id: 'f-1',
      severity: 'high',
      title: 'SQL built from request input',
      location: { path: 'a.ts', startLine: 7, endLine: 9 },
    });
    const lenses = buildCodeLenses(f, placeFinding(f.location, undefined));
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.command, l.command?.title, l.command?.arguments]),
      [
        [6, Commands.showDetails, 'High · SQL built from request input · open', ['f-1']],
        [6, Commands.acknowledge, 'Acknowledge', ['f-1']],
        [6, Commands.dispute, 'Dispute', ['f-1']],
      ],
    );
    for (const l of lenses) assert.ok(FINDING_COMMANDS.includes(l.command!.command as never));
  });

  it('adds "Apply suggested fix…" to a finding with fixes while it is open or acknowledged, never to a disputed or fixed one', () => {
    const fixes = [{ description: 'd', files: [{ path: 'a.ts', replacements: [{ deletedRegion: { startLine: 1 }, insertedText: '' }] }] }];
    const kinds = (overrides: Partial<Parameters<typeof makeFinding>[0]>) => {
      const f = makeFinding({ id: 'f', fixes, ...overrides });
      return buildCodeLenses(f, placeFinding(f.location, undefined)).map((l) => [l.command?.command, l.command?.title]);
    };
    assert.deepEqual(kinds({}).at(-1), [Commands.applySuggestedFix, 'Apply suggested fix…']);
    assert.deepEqual(kinds({ fixes: [fixes[0]!, fixes[0]!] }).at(-1), [Commands.applySuggestedFix, 'Apply a suggested fix (2)…']);
    assert.deepEqual(
      kinds({ status: 'acknowledged' }).map((k) => k[0]),
      [Commands.showDetails, Commands.applySuggestedFix],
    );
    assert.deepEqual(
      kinds({ status: 'fixed' }).map((k) => k[0]),
      [Commands.showDetails],
    );
    assert.ok(!kinds({ fixes: undefined }).some((k) => k[0] === Commands.applySuggestedFix));
    assert.ok(FINDING_COMMANDS.includes(Commands.applySuggestedFix));
  });

  it('answers each lens with its command and nothing else (no codeLens/resolve: see codeLens.ts)', () => {
    const f = makeFinding({ id: 'f-1', location: { path: 'a.ts', startLine: 7 } });
    for (const lens of buildCodeLenses(f, placeFinding(f.location, undefined))) {
      assert.deepEqual(Object.keys(lens).sort(), ['command', 'range']);
      assert.deepEqual(lens.range, { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } });
    }
  });

  it('gives resolved findings only the details lens', () => {
    const f = makeFinding({ id: 'f', status: 'acknowledged' });
    const lenses = buildCodeLenses(f, placeFinding(f.location, undefined));
    assert.deepEqual(
      lenses.map((l) => l.command?.command),
      [Commands.showDetails],
    );
    assert.match(lenses[0]!.command!.title, /· acknowledged$/);
  });

  it('gives lost findings only the details lens, at the top of the file', () => {
    const f = makeFinding({ id: 'f', location: { path: 'a.ts', startLine: 40 } });
    const lenses = buildCodeLenses(f, placeFinding(f.location, { getText: () => 'one line', lineCount: 1 }));
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.command]),
      [[0, Commands.showDetails]],
    );
  });

  it('keeps a feed title on one short line and never lets it pick the command', () => {
    const f = makeFinding({ id: 'f', title: `findingsLens.setToken\n${'x'.repeat(200)}` });
    const [details] = buildCodeLenses(f, placeFinding(f.location, undefined));
    assert.equal(details!.command!.command, Commands.showDetails);
    assert.ok(!details!.command!.title.includes('\n'));
    assert.ok(details!.command!.title.length < 120);
  });
});
