/** Generated findings for the panel's tests: deterministic, varied enough to filter on. */
import { FINDING_STATUSES, SEVERITIES, type Finding, type TriageDecision } from '../../../src/shared/feed';
import type { FindingListItem, ReviewListEntry } from '../../../src/shared/webview';

const RULES = ['js/sql-injection', 'js/xss', 'py/path-traversal', 'go/weak-crypto', 'java/ssrf'];

export function makeItem(i: number, patch: Partial<FindingListItem> = {}): FindingListItem {
  return {
    id: `F-${i}`,
    title: `Finding number ${i} in ${RULES[i % RULES.length]}`,
    ruleId: RULES[i % RULES.length]!,
    severity: SEVERITIES[i % SEVERITIES.length]!,
    status: FINDING_STATUSES[(i >> 1) % FINDING_STATUSES.length]!,
    path: `src/module${i % 50}/file${i % 7}.ts`,
    uri: `file:///repo/src/module${i % 50}/file${i % 7}.ts`,
    line: i % 400,
    anchor: 'exact',
    needsReReview: false,
    ...patch,
  };
}

export function makeItems(n: number): FindingListItem[] {
  return Array.from({ length: n }, (_, i) => makeItem(i));
}

export function makeFinding(patch: Partial<Finding> = {}): Finding {
  return {
    id: 'F-1',
    revision: 'r1',
    ruleId: 'js/sql-injection',
    title: 'SQL built from request input',
    message: 'The query is **built** from `req.query.id`.\n\nUse a parameter.',
    severity: 'high',
    confidence: 0.9,
    cwe: ['CWE-89'],
    location: { path: 'src/db/users.ts', startLine: 42, startColumn: 5, snippet: 'db.query("SELECT * FROM u WHERE id=" + id)' },
    flow: [
      { location: { path: 'src/routes/users.ts', startLine: 10 }, message: 'source: req.query.id' },
      { location: { path: 'src/db/users.ts', startLine: 40 }, message: 'passed to find()' },
    ],
    status: 'open',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-02T00:00:00Z',
    ...patch,
  };
}

export function makeDecision(patch: Partial<TriageDecision> = {}): TriageDecision {
  return {
    id: 'D-1',
    findingId: 'F-1',
    action: 'dispute',
    reason: 'false_positive',
    comment: 'The id is parsed as an integer first.',
    actor: { id: 'u1', name: 'Ada' },
    at: '2025-02-01T10:00:00Z',
    review: null,
    ...patch,
  };
}

export function makeReviewEntry(patch: Partial<ReviewListEntry> = {}): ReviewListEntry {
  return {
    ...makeDecision(),
    finding: {
      id: 'F-1',
      title: 'SQL built from request input',
      ruleId: 'js/sql-injection',
      severity: 'high',
      status: 'disputed',
      location: { path: 'src/db/users.ts', startLine: 42 },
    },
    ...patch,
  };
}
