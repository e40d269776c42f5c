import * as assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../../../src/shared/commands';
import type { Finding, TriageDecision } from '../../../src/shared/feed';
import { toDiagnostic, type DiagnosticOptions } from '../../../src/server/diagnostics';
import { placeFinding, type Placement } from '../../../src/server/placement';
import { makeFinding } from './makeFinding';

const opts: DiagnosticOptions = {
  resolvedDisplay: 'hint',
  resolveUri: (path) => (path.startsWith('/') || path.includes('..') ? null : `file:///w/${path}`),
};
const at = (f: Finding): Placement => placeFinding(f.location, undefined);
const diag = (f: Finding, o: DiagnosticOptions = opts) => toDiagnostic(f, at(f), o);

const dana = { id: 'dana', name: 'Dana Developer' };
function triage(action: 'acknowledge' | 'dispute', review: 'approve' | 'reject' | null): TriageDecision {
  return {
    id: 'd1',
    findingId: 'f',
    action,
    reason: action === 'acknowledge' ? 'will_fix' : 'false_positive',
    comment: 'x',
    actor: dana,
    at: '2026-01-01T00:00:00Z',
    review: review ? { decision: review, comment: '', actor: { id: 'lee', name: 'Lee Lead' }, at: '2026-01-02T00:00:00Z' } : null,
  };
}

describe('diagnostics mapping', () => {
  it('maps severities: critical/high Error, medium Warning, low and info Information (Problems lists every open finding)', () => {
    const expected = {
      critical: DiagnosticSeverity.Error,
      high: DiagnosticSeverity.Error,
      medium: DiagnosticSeverity.Warning,
      low: DiagnosticSeverity.Information,
      info: DiagnosticSeverity.Information,
    } as const;
    for (const [severity, want] of Object.entries(expected)) {
      assert.equal(diag(makeFinding({ id: 'f', severity: severity as Finding['severity'] }))?.severity, want, severity);
    }
  });

  it('carries the source, the title as message, the rule as code, and the finding id in data', () => {
    const d = diag(makeFinding({ id: 'f1', title: 'SQL injection', ruleId: 'js/sqli', location: { path: 'a.ts', startLine: 4 } }));
    assert.equal(d?.source, DIAGNOSTIC_SOURCE);
    assert.equal(d?.message, 'SQL injection');
    assert.equal(d?.code, 'js/sqli');
    assert.deepEqual(d?.data, { findingId: 'f1' });
    assert.equal(d?.range.start.line, 3);
    assert.equal(d?.tags, undefined);
  });

  it('links the rule to helpUri only when it is https', () => {
    assert.deepEqual(diag(makeFinding({ id: 'f', helpUri: 'https://docs.example/r' }))?.codeDescription, {
      href: 'https://docs.example/r',
    });
    // The schema refuses non-https helpUri; the mapping checks again in case a record skipped it.
    assert.equal(diag({ ...makeFinding({ id: 'f' }), helpUri: 'http://docs.example/r' })?.codeDescription, undefined);
    assert.equal(diag({ ...makeFinding({ id: 'f' }), helpUri: 'https:// broken' })?.codeDescription, undefined);
    assert.equal(diag(makeFinding({ id: 'f' }))?.codeDescription, undefined);
  });

  it('shows acknowledged findings and approved disputes as unnecessary hints', () => {
    for (const f of [
      makeFinding({ id: 'f', status: 'acknowledged', triage: triage('acknowledge', null) }),
      makeFinding({ id: 'g', status: 'disputed', triage: triage('dispute', 'approve') }),
    ]) {
      const d = diag(f);
      assert.equal(d?.severity, DiagnosticSeverity.Hint, f.id);
      assert.deepEqual(d?.tags, [DiagnosticTag.Unnecessary], f.id);
    }
  });

  it('keeps a pending or rejected dispute at its severity', () => {
    assert.equal(diag(makeFinding({ id: 'f', status: 'disputed', triage: triage('dispute', null) }))?.severity, DiagnosticSeverity.Error);
    assert.equal(
      diag(makeFinding({ id: 'f', status: 'disputed', triage: triage('dispute', 'reject') }))?.severity,
      DiagnosticSeverity.Error,
    );
  });

  it('hides resolved findings with resolvedFindings "hide", and never draws lost ones', () => {
    const hide = { ...opts, resolvedDisplay: 'hide' as const };
    assert.equal(diag(makeFinding({ id: 'f', status: 'acknowledged' }), hide), undefined);
    assert.notEqual(diag(makeFinding({ id: 'f' }), hide), undefined);
    const f = makeFinding({ id: 'f' });
    assert.equal(toDiagnostic(f, { ...at(f), state: 'lost' }, opts), undefined);
  });

  it('builds related information from related locations and numbered flow steps, skipping refused paths', () => {
    const d = diag(
      makeFinding({
        id: 'f',
        relatedLocations: [
          { location: { path: 'src/source.ts', startLine: 2 }, message: 'user input enters here' },
          { location: { path: '../../etc/passwd', startLine: 1 }, message: 'never' },
        ],
        flow: [
          { location: { path: 'src/a.ts', startLine: 10, startColumn: 5 }, message: 'read' },
          { location: { path: '/abs.ts', startLine: 1 }, message: 'never' },
          { location: { path: 'src/b.ts', startLine: 20 }, message: 'used' },
        ],
      }),
    );
    assert.deepEqual(
      d?.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
      [
        ['file:///w/src/source.ts', 1, 'user input enters here'],
        ['file:///w/src/a.ts', 9, 'flow step 1: read'],
        ['file:///w/src/b.ts', 19, 'flow step 3: used'],
      ],
    );
  });
});
