import type { Finding, TriageDecision } from '../../../src/shared/feed';

/** A valid finding with sensible defaults; override what the test is about. */
export function makeFinding(overrides: Partial<Finding> & { id: string }): Finding {
  return {
    revision: '1',
    ruleId: 'js/sql-injection',
    title: 'SQL built from request input',
    message: 'The query concatenates `req.query.id`.',
    severity: 'high',
    location: { path: 'src/db.ts', startLine: 3 },
    status: 'open',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** A developer's acknowledgement of finding `f`, not reviewed; override what the test is about. */
export function makeDecision(overrides: Partial<TriageDecision> & { id: string }): TriageDecision {
  return {
    findingId: 'f',
    action: 'acknowledge',
    reason: 'will_fix',
    comment: '',
    actor: { id: 'dana', name: 'Dana' },
    at: '2026-01-01T00:00:00Z',
    review: null,
    ...overrides,
  };
}
