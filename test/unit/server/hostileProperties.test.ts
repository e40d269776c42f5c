/**
 * Property-based tests (fast-check) of what a hostile or sloppy feed can send, through validation,
 * the store and publishing, and through a whole paged sync: random and mutated findings (every
 * field at its edges, wrong types, long strings, hidden characters, deep nesting), random pages and
 * cursors. Bounded in runs and time: they run with `npm test`.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Diagnostic, Range } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { FileAnchors } from '../../../src/server/anchoring';
import { CountTally } from '../../../src/server/findings/counts';
import { FeedClient } from '../../../src/server/feed/client';
import { FeedRequestError } from '../../../src/server/feed/errors';
import { syncFindings } from '../../../src/server/feed/sync';
import { validateFindings } from '../../../src/server/feed/validate';
import { codeLensesOf, diagnosticsOf, drawFile, hoverOf, listItem, type ViewContext } from '../../../src/server/views/fileView';
import { resolveInFolder } from '../../../src/server/workspace/paths';
import { placementOfAnchor } from '../../../src/server/views/placement';
import { FindingStore } from '../../../src/server/findings/store';
import { Finding } from '../../../src/shared/feed';

const FOLDER = URI.parse('file:///w');
const INSIDE = 'file:///w/';
const MAX_UINTEGER = 2 ** 31 - 1;
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const RAW_HIDDEN = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF\u0000-\u0008\u001B]/;
const RUNS = { numRuns: 150, interruptAfterTimeLimit: 8_000 };

const hidden = fc.constantFrom(
  '\u202E',
  '\u202D',
  '\u2066',
  '\u2069',
  '\u200B',
  '\u200D',
  '\uFEFF',
  '\u0000',
  '\u001B',
  '\u009B',
  '\u2028',
  '\u{E0041}',
  '\uD800',
);
/** Text as a feed might send it: ordinary, laced with hidden characters, any UTF-16, or long. */
const text = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 5 }), hidden), { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 250, max: 25_000 }).map((n) => `${'x'.repeat(n)}\u202E`) },
);
/** Numbers at the edges of what a line or column may be, and past them. */
const edgeNumber = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 2, -1, MAX_UINTEGER, 2 ** 31, 2 ** 31 + 1, Number.MAX_SAFE_INTEGER, 1.5) },
  { weight: 12, arbitrary: fc.integer({ min: 1, max: 60 }) },
);
const path = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '../x.ts',
      '/etc/passwd',
      'C:/x',
      'a//b',
      'a\\b',
      '.',
      '',
      'src/\u202Eevil.ts',
      'src/..',
      `${'d/'.repeat(3000)}f`,
    ),
  },
  { weight: 4, arbitrary: fc.constantFrom('src/db.ts', 'src/app.ts', 'a.ts') },
  { weight: 2, arbitrary: fc.array(fc.stringMatching(/^[a-z.]{1,4}$/), { minLength: 1, maxLength: 3 }).map((s) => s.join('/')) },
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Mostly a value a feed would send, now and then one it should not. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: bad });
/** Any numbers at all, at the edges and past them. */
const wildLocation = fc.record(
  { path, startLine: edgeNumber, startColumn: edgeNumber, endLine: edgeNumber, endColumn: edgeNumber, snippet: text, lineHash: text },
  { requiredKeys: ['path', 'startLine'] },
);
/** A place a real feed would send (often one line, columns or not), so that many findings pass and reach publishing. */
const saneLocation = fc
  .record({
    path,
    startLine: fc.integer({ min: 1, max: 60 }),
    span: fc.nat(3),
    startColumn: optional(fc.integer({ min: 1, max: 80 })),
    width: optional(fc.nat(40)),
    snippet: optional(text),
  })
  .map(({ span, width, startColumn, snippet, ...rest }) => ({
    ...rest,
    ...(span > 0 ? { endLine: rest.startLine + span } : {}),
    ...(startColumn !== undefined ? { startColumn } : {}),
    ...(width !== undefined ? { endColumn: (startColumn ?? 1) + width } : {}),
    ...(snippet !== undefined ? { snippet } : {}),
  }));
const location = fc.oneof({ weight: 5, arbitrary: saneLocation }, { weight: 1, arbitrary: wildLocation });
const mostlyOneLine = location;
const step = fc.record({ location: mostlyOneLine, message: optional(text) }, { requiredKeys: ['location'] });
const finding = fc.record(
  {
    id: fc.oneof(fc.constantFrom('a', 'b', 'c', 'd'), fc.string({ minLength: 1, maxLength: 6 })),
    revision: mostly(
      fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.integer()),
      fc.oneof(fc.constant(''), fc.double(), fc.constant(null)),
    ),
    ruleId: mostly(fc.string({ minLength: 1, maxLength: 20 }), text),
    title: text,
    message: text,
    severity: mostly(fc.constantFrom('critical', 'high', 'medium', 'low', 'info'), fc.constantFrom('catastrophic', 'HIGH', '')),
    confidence: mostly(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -1, max: 2 })),
    cwe: fc.array(text, { maxLength: 30 }),
    helpUri: mostly(fc.constantFrom('https://ok.example', 'https://ok.example/x'), fc.constantFrom('command:evil', 'javascript:alert(1)')),
    commit: text,
    location: mostlyOneLine,
    relatedLocations: fc.array(step, { maxLength: 4 }),
    flow: fc.oneof(
      fc.array(step, { maxLength: 4 }),
      fc.array(
        step.map((st) => ({ ...st, location: { path: 'src/db.ts', startLine: 3 } })),
        { minLength: 40, maxLength: 80 },
      ),
    ),
    status: mostly(fc.constantFrom('open', 'open', 'acknowledged', 'disputed', 'fixed', 'withdrawn'), fc.constant('bogus')),
    createdAt: text,
    updatedAt: text,
  },
  { requiredKeys: ['id', 'revision', 'ruleId', 'title', 'message', 'severity', 'location', 'status', 'createdAt', 'updatedAt'] },
);
const KEYS = [
  'id',
  'revision',
  'ruleId',
  'title',
  'message',
  'severity',
  'location',
  'status',
  'flow',
  'relatedLocations',
  'triage',
  'cwe',
];
/** A finding with one field replaced by anything at all (wrong types, nesting). */
const mutated = fc
  .tuple(finding, fc.constantFrom(...KEYS), fc.anything({ maxDepth: 4 }))
  .map(([f, key, value]) => ({ ...f, [key]: value }));
/** An array nested far deeper than any finding. */
const deep = fc.integer({ min: 50, max: 2_000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
});
const rawFinding = fc.oneof(
  { weight: 6, arbitrary: finding },
  { weight: 3, arbitrary: mutated },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 6 }) },
  { weight: 1, arbitrary: deep },
);

/** A file's text, for the open files: some lines, some hidden characters, any line ending. */
const fileText = fc
  .array(fc.oneof(text, fc.constant('')), { maxLength: 40 })
  .chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => lines.join(eol)));

function isValidRange(r: Range): boolean {
  const ok = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_UINTEGER;
  const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  return ok(r.start.line) && ok(r.start.character) && ok(r.end.line) && ok(r.end.character) && ordered;
}

/** What one sync's findings become once validated, stored and drawn: everything that would be published. */
function publish(raws: unknown[], openTexts: Map<string, string>) {
  const { valid, invalid } = validateFindings(raws);
  const tally = new CountTally();
  const resolve = (p: string) => resolveInFolder(FOLDER, p);
  const store = new FindingStore(resolve, undefined, tally);
  store.replaceAll(valid);
  const anchors = new Map<string, FileAnchors>();
  const ctx: ViewContext = {
    store,
    resolvedDisplay: 'hint',
    document: (uri) => {
      const t = openTexts.get(uri);
      return t === undefined ? undefined : { getText: () => t, lineCount: t.split(/\r\n|\r|\n/).length };
    },
    resolveUri: (p) => {
      const r = resolve(p);
      return r.ok ? r.uri : null;
    },
    anchored: (uri, id) => {
      const t = openTexts.get(uri);
      if (t === undefined) return undefined;
      let file = anchors.get(uri);
      if (!file)
        anchors.set(
          uri,
          (file = new FileAnchors(
            store.inFile(uri).map((s) => ({ id: s.finding.id, location: s.finding.location, commit: s.finding.commit })),
            t,
          )),
        );
      const anchor = file.get(id);
      return anchor && placementOfAnchor(anchor);
    },
  };
  const files = store.files();
  const diagnostics: Array<{ uri: string; diagnostic: Diagnostic }> = [];
  const lensRanges: Range[] = [];
  const texts: string[] = [];
  for (const uri of files) {
    const drawn = drawFile(ctx, uri);
    for (const diagnostic of diagnosticsOf(drawn, ctx)) diagnostics.push({ uri, diagnostic });
    for (const lens of codeLensesOf(drawn)) {
      lensRanges.push(lens.range);
      texts.push(lens.command!.title);
    }
    for (const d of drawn.slice(0, 3)) {
      const hover = hoverOf(drawn, d.placement.range.start, store);
      if (hover?.range) lensRanges.push(hover.range);
      if (hover) texts.push((hover.contents as { value: string }).value);
    }
  }
  const rows = [...store.all()].map((s) => listItem(s, undefined));
  return { valid, invalid, store, tally, files, diagnostics, lensRanges, texts, rows };
}

describe('a hostile feed, property-based: validation, store and publishing', function () {
  this.timeout(60_000);

  it('never throws, and every published range is valid LSP, inside the workspace, with no raw hidden character and bounded text', () => {
    fc.assert(
      fc.property(
        fc.array(rawFinding, { maxLength: 25 }),
        fc.array(fc.tuple(fc.constantFrom('src/db.ts', 'a.ts', 'src/app.ts'), fileText), { maxLength: 3 }),
        (raws, open) => {
          const openTexts = new Map(open.map(([p, t]) => [`${INSIDE}${p}`, t]));
          const out = publish(raws, openTexts);
          for (const uri of out.files) assert.ok(uri.startsWith(INSIDE), `a file outside the workspace: ${uri}`);
          for (const { diagnostic } of out.diagnostics) {
            assert.ok(isValidRange(diagnostic.range), JSON.stringify(diagnostic.range));
            assert.ok(!RAW_HIDDEN.test(diagnostic.message), JSON.stringify(diagnostic.message));
            assert.ok(diagnostic.message.length <= 420, `a message of ${diagnostic.message.length}`);
            assert.ok((diagnostic.relatedInformation?.length ?? 0) <= 51);
            for (const r of diagnostic.relatedInformation ?? []) {
              assert.ok(r.location.uri.startsWith(INSIDE), r.location.uri);
              assert.ok(isValidRange(r.location.range), JSON.stringify(r.location.range));
              assert.ok(!RAW_HIDDEN.test(r.message));
            }
          }
          for (const r of out.lensRanges) assert.ok(isValidRange(r), JSON.stringify(r));
          for (const t of out.texts) assert.ok(!RAW_HIDDEN.test(t) && t.length < 260_000, t.slice(0, 200));
          for (const row of out.rows) {
            assert.ok(!RAW_HIDDEN.test(row.title + row.ruleId) && row.title.length <= 350);
            assert.ok(row.line >= 0 && row.line <= MAX_UINTEGER && Number.isInteger(row.line));
            assert.ok(row.uri === null || row.uri.startsWith(INSIDE));
          }
        },
      ),
      RUNS,
    );
  });

  it('counts in the status exactly what is shown: one diagnostic per counted finding, refused paths apart, each id once', () => {
    fc.assert(
      fc.property(fc.array(rawFinding, { maxLength: 25 }), (raws) => {
        const out = publish(raws, new Map());
        const counts = out.tally.counts(out.invalid.length, () => false);
        // Each id once, as its last copy in the sync left it (a later tombstone removes it).
        const last = new Map(out.valid.map((f) => [f.id, f.status]));
        const ids = [...last].filter(([, status]) => status !== 'withdrawn');
        assert.equal(out.store.size, ids.length, 'each id held once');
        assert.equal(counts.total + counts.resolved + counts.rejectedPaths, out.store.size);
        assert.equal(out.diagnostics.length, counts.total + counts.resolved, 'closed files: every counted finding is drawn, none else');
        assert.equal(counts.invalid, raws.length - out.valid.length);
        for (const f of out.valid) assert.ok(Finding.safeParse(f).success || f.status === 'withdrawn');
      }),
      RUNS,
    );
  });
});

/** A feed answering each findings request with the next of `answers` (the last one again and again after). */
function fakeFetch(answers: Array<{ status: number; body: string; headers?: Record<string, string> }>, calls: string[]): typeof fetch {
  return (async (input: string | URL | Request) => {
    calls.push(String(input));
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    return new Response(answer.status === 304 ? null : answer.body, {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  }) as typeof fetch;
}

const cursor = fc.oneof(
  fc.constant(null),
  fc.constantFrom('a', 'b', 'c'),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('https://elsewhere.example/p', '//evil.example/x', 'http://127.0.0.1:1/ok'),
);
const pageBody = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({ findings: fc.array(rawFinding, { maxLength: 8 }), nextCursor: cursor, syncToken: fc.string({ maxLength: 4 }) })
      .chain((p) => fc.constantFrom('', '\ufeff', '   ').map((prefix) => prefix + JSON.stringify(p))),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'undefined') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);
const answer = fc.oneof(
  { weight: 8, arbitrary: pageBody.map((body) => ({ status: 200, body })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(304, 400, 401, 404, 429, 500, 302).map((status) => ({
      status,
      body: '{"error":{"code":"x","message":"no \u202E"}}',
      headers: { location: 'https://evil.example/', 'retry-after': '600' },
    })),
  },
);

describe('a hostile feed, property-based: whole paged syncs', function () {
  this.timeout(60_000);

  it('ends within its bounds, and either brings only valid findings or fails with a feed error (nothing half-applied)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 12 }), async (answers) => {
        const calls: string[] = [];
        const client = new FeedClient({
          baseUrl: 'http://127.0.0.1:1',
          token: 'tok',
          timeoutMs: 1_000,
          fetchImpl: fakeFetch(answers, calls),
          maxResponseBytes: 200_000,
        });
        try {
          const outcome = await syncFindings(client, 'p', undefined, { maxPages: 15, maxFindings: 60 });
          assert.notEqual(outcome.kind, 'notModified', 'a full sync never sends If-None-Match');
          if (outcome.kind !== 'notModified') {
            for (const f of outcome.findings)
              assert.ok(Finding.safeParse(f).success || f.status === 'withdrawn', JSON.stringify(f).slice(0, 200));
            assert.ok(outcome.findings.length + outcome.invalid.length <= 60);
          }
        } catch (e) {
          assert.ok(e instanceof FeedRequestError, `not a feed error: ${String(e)}`);
        }
        assert.ok(calls.length <= 15, `${calls.length} requests`);
        for (const c of calls) assert.ok(c.startsWith('http://127.0.0.1:1/'), `a request elsewhere: ${c}`);
      }),
      { numRuns: 150, interruptAfterTimeLimit: 10_000 },
    );
  });
});
