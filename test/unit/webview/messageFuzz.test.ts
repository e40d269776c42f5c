/**
 * The panel's message parsers, property-based (fast-check): whatever arrives, parseMessage answers
 * (never throws), and only members of the contract pass. Valid messages with one field added, one
 * field given a random value, or a random type are refused, so a webview (or a page that got into
 * one) can never pass a command id, a URI or anything unplanned to the host.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { HostToWebview, WebviewToHost, parseMessage } from '../../../src/shared/webview';
import { makeFinding, makeItem } from './fixtures';

const RUNS = { numRuns: 300, interruptAfterTimeLimit: 5_000 };

const toHost: unknown[] = [
  { type: 'ready' },
  { type: 'select', id: 'F-1' },
  { type: 'decide', ids: ['F-1'], action: 'dispute', reason: 'used_in_tests', comment: 'test helper only' },
  { type: 'review', decisionIds: ['D-1'], decision: 'reject', comment: 'no' },
  { type: 'openLocation', findingId: 'F-1', step: 0 },
  { type: 'openHelp', findingId: 'F-1' },
  { type: 'export', format: 'sarif' },
  { type: 'requestReviewList', state: 'pending' },
  { type: 'tab', tab: 'review' },
];
const toWebview: unknown[] = [
  { type: 'findings', items: [makeItem(1), makeItem(2)] },
  { type: 'details', finding: makeFinding(), resolved: true, history: [], outbox: [] },
  { type: 'select', id: 'F-1' },
  { type: 'openForm', ids: ['F-1'], action: 'acknowledge' },
  { type: 'trust', trusted: false },
  { type: 'error', message: 'the feed said \u202Eno' },
];

/** Anything at all, JSON-like or not, deeply nested now and then. */
const anything = fc.oneof(
  fc.anything({ maxDepth: 5, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }),
  fc.jsonValue({ maxDepth: 8 }),
);

describe("the panel's message parsers, property-based", function () {
  this.timeout(30_000);

  for (const [name, schema, good] of [
    ['webview → host', WebviewToHost, toHost],
    ['host → webview', HostToWebview, toWebview],
  ] as const) {
    describe(name, () => {
      it('the valid examples pass (the properties below start from them)', () => {
        for (const m of good) assert.equal(parseMessage(schema as never, m).ok, true, JSON.stringify(m));
      });

      it('never throws on anything, and refuses what has no known type', () => {
        fc.assert(
          fc.property(anything, (raw) => {
            const parsed = parseMessage(schema as never, raw);
            if (parsed.ok)
              assert.ok(
                typeof raw === 'object' &&
                  raw !== null &&
                  good.some((m) => (m as { type: string }).type === (raw as { type?: unknown }).type),
              );
          }),
          RUNS,
        );
      });

      it('refuses a valid message with one field added (a command, a uri, anything)', () => {
        fc.assert(
          fc.property(fc.constantFrom(...good), fc.string({ minLength: 1, maxLength: 12 }), anything, (m, key, value) => {
            fc.pre(!(key in (m as object)) && key !== '__proto__');
            assert.equal(parseMessage(schema as never, { ...(m as object), [key]: value }).ok, false);
          }),
          RUNS,
        );
      });

      it('refuses a random type, and never throws when one field holds anything', () => {
        fc.assert(
          fc.property(fc.constantFrom(...good), anything, fc.string({ maxLength: 12 }), (m, value, type) => {
            const keys = Object.keys(m as object).filter((k) => k !== 'type');
            fc.pre(!good.some((g) => (g as { type: string }).type === type));
            assert.equal(parseMessage(schema as never, { ...(m as object), type }).ok, false);
            for (const key of keys) {
              const parsed = parseMessage(schema as never, { ...(m as object), [key]: value });
              if (parsed.ok) assert.deepEqual(parseMessage(schema as never, parsed.message).ok, true, 'what passes, passes again');
            }
          }),
          RUNS,
        );
      });
    });
  }
});
