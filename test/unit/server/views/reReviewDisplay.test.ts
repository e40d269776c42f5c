import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { Commands } from '../../../../src/shared/commands';
import { buildCodeLenses } from '../../../../src/server/views/codeLens';
import { toDiagnostic } from '../../../../src/server/views/diagnostics';
import { placeFinding } from '../../../../src/server/views/placement';
import { makeFinding } from '../makeFinding';

const triage = {
  id: 'd',
  findingId: 'f',
  action: 'acknowledge' as const,
  reason: 'will_fix',
  comment: '',
  actor: { id: 'a', name: 'A' },
  at: 'x',
  review: null,
  codeHash: 'sha256:a',
};
const opts = { resolvedDisplay: 'hint' as const, resolveUri: () => null };

describe('a decision whose code changed (needs re-review)', () => {
  const f = makeFinding({ id: 'f', severity: 'high', status: 'acknowledged', triage });
  const placement = placeFinding(f.location, undefined);

  it('draws the acknowledged finding at its severity again, saying why', () => {
    assert.equal(toDiagnostic(f, placement, opts)?.severity, DiagnosticSeverity.Hint);
    const d = toDiagnostic(f, placement, opts, true)!;
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.tags, undefined);
    assert.equal(d.message, `${f.title} (code changed since it was acknowledged: needs re-review)`);
    const disputed = makeFinding({
      id: 'f',
      status: 'disputed',
      triage: { ...triage, action: 'dispute', review: { decision: 'approve', comment: '', actor: { id: 'l', name: 'L' }, at: 'y' } },
    });
    assert.match(toDiagnostic(disputed, placement, opts, true)!.message, /since it was disputed: needs re-review\)$/);
  });

  it('is still drawn when resolved findings are hidden', () => {
    assert.equal(toDiagnostic(f, placement, { ...opts, resolvedDisplay: 'hide' }), undefined);
    assert.ok(toDiagnostic(f, placement, { ...opts, resolvedDisplay: 'hide' }, true));
  });

  it('says so on the code lens and offers the decision again', () => {
    const lenses = buildCodeLenses(f, placement, true);
    assert.match(lenses[0]!.command!.title, /· acknowledged, needs re-review$/);
    assert.deepEqual(
      lenses.map((l) => l.command?.command),
      [Commands.showDetails, Commands.acknowledge, Commands.dispute],
    );
  });
});
