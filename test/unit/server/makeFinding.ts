import type { Finding } from '../../../src/shared/feed';

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
