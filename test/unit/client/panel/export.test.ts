import * as assert from 'node:assert/strict';
import { CSV_COLUMNS, csvField, toCsv } from '../../../../src/client/panel/export/csv';
import { fromFindingList, fromReviewList, withFindings, type ExportDecision } from '../../../../src/client/panel/export/decisions';
import { actionStatement, asksSuppression, sarifSuppressionStatus } from '../../../../src/client/panel/export/mapping';
import { isPackageUrl, projectPackageUrl, subcomponentId, toOpenVex } from '../../../../src/client/panel/export/openvex';
import { SARIF_SCHEMA, toSarif } from '../../../../src/client/panel/export/sarif';
import { makeFinding, makeItem, makeReviewEntry } from '../../webview/fixtures';
import { assertValid, openVexSchema, sarifSchema } from './schemas';

interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; rules: unknown[] } };
    originalUriBaseIds: Record<string, { uri?: string }>;
    results: (Record<string, unknown> & { suppressions?: { kind: string; status: string; justification: string }[] })[];
  }[];
}

function decision(patch: Partial<ExportDecision> = {}): ExportDecision {
  return {
    decisionId: 'D-1',
    findingId: 'F-1',
    ruleId: 'js/sql-injection',
    title: 'SQL',
    severity: 'high',
    cwe: ['CWE-89'],
    path: 'src/db.ts',
    line: 42,
    action: 'dispute',
    reason: 'false_positive',
    comment: 'parsed as int',
    actor: 'Ada',
    at: '2025-02-01T10:00:00Z',
    review: null,
    ...patch,
  };
}

/** A strict RFC 4180 reader, to prove the writer round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
      continue;
    }
    assert.notEqual(c, '\n', 'a bare newline outside quotes');
    field += c;
    i++;
  }
  assert.equal(field, '', 'the file ends with CRLF');
  return rows;
}

describe('exports', () => {
  describe('CSV', () => {
    it('quotes commas, quotes and newlines, and round-trips', () => {
      const nasty = 'He said "no", then\r\nleft,\nagain';
      const rows = parseCsv(toCsv([decision({ comment: nasty, title: 'a,b' })]));
      assert.deepEqual(rows[0], [...CSV_COLUMNS]);
      assert.equal(rows.length, 2);
      assert.equal(rows[1]![CSV_COLUMNS.indexOf('comment')], nasty);
      assert.equal(rows[1]![CSV_COLUMNS.indexOf('title')], 'a,b');
      assert.equal(rows[1]![CSV_COLUMNS.indexOf('review')], 'pending');
    });

    it('defuses spreadsheet formulas', () => {
      assert.equal(csvField('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
      assert.equal(csvField('+1'), "'+1");
      assert.equal(csvField('plain'), 'plain');
    });

    it('writes the header alone when there is nothing', () => {
      assert.equal(toCsv([]), CSV_COLUMNS.join(',') + '\r\n');
    });
  });

  describe('OpenVEX', () => {
    const approved = { decision: 'approve' as const, comment: 'agreed', actor: 'Lee', at: '2025-03-02T09:00:00Z' };
    const rejected = { decision: 'reject' as const, comment: 'reachable from the API', actor: 'Lee', at: '2025-03-02T09:00:00Z' };
    // [action, reason, review, status, justification]
    const cases: [ExportDecision['action'], string, ExportDecision['review'], string, string | undefined][] = [
      ['acknowledge', 'will_fix', null, 'affected', undefined],
      ['acknowledge', 'accepted_risk', approved, 'affected', undefined],
      ['acknowledge', 'mitigated', null, 'affected', undefined],
      ['acknowledge', 'will_fix', rejected, 'affected', undefined],
      ['dispute', 'false_positive', null, 'under_investigation', undefined],
      ['dispute', 'false_positive', approved, 'not_affected', 'vulnerable_code_not_present'],
      ['dispute', 'false_positive', rejected, 'affected', undefined],
      ['dispute', 'not_exploitable', approved, 'not_affected', 'vulnerable_code_cannot_be_controlled_by_adversary'],
      ['dispute', 'vulnerable_code_not_in_execute_path', approved, 'not_affected', 'vulnerable_code_not_in_execute_path'],
      ['dispute', 'inline_mitigations_already_exist', approved, 'not_affected', 'inline_mitigations_already_exist'],
      ['dispute', 'used_in_tests', approved, 'not_affected', 'vulnerable_code_not_in_execute_path'],
      ['dispute', 'brand_new_reason', approved, 'not_affected', undefined],
    ];
    for (const [action, reason, review, status, justification] of cases) {
      const decided = review === null ? 'pending' : review.decision === 'approve' ? 'approved' : 'rejected';
      it(`${action} ${reason}, ${decided} → ${status}${justification ? ` / ${justification}` : ''}, valid against the OpenVEX schema`, () => {
        const doc = toOpenVex([decision({ action, reason, review })], {
          id: 'urn:uuid:1',
          author: 'Ada',
          timestamp: '2025-03-01T00:00:00Z',
          productId: 'pkg:generic/p',
        }) as { statements: Record<string, unknown>[] };
        assertValid(openVexSchema(), doc);
        const s = doc.statements[0]!;
        assert.equal(s.status, status);
        assert.equal(s.justification, justification);
        if (status === 'affected')
          assert.ok(typeof s.action_statement === 'string' && s.action_statement.length > 0, 'affected needs an action statement');
        else assert.equal(s.action_statement, undefined);
        assert.doesNotMatch(String(s.status_notes), /rejectd|approvedd/);
      });
    }

    it('names the finding as the vulnerability (its CWEs as aliases) and the product as a package URL', () => {
      const doc = toOpenVex([decision({ cwe: ['CWE-89', 'CWE-89', 'CWE-564'] })], {
        id: 'urn:uuid:1',
        author: 'Ada',
        timestamp: '2025-03-01T00:00:00Z',
        productId: 'pkg:generic/acme-payments',
      }) as Record<string, unknown> & { statements: Record<string, unknown>[] };
      assertValid(openVexSchema(), doc);
      assert.equal(doc['@context'], 'https://openvex.dev/ns/v0.2.0');
      assert.deepEqual(doc.statements[0]!.vulnerability, {
        name: 'F-1',
        description: 'SQL (rule js/sql-injection)',
        aliases: ['CWE-89', 'CWE-564'],
      });
      assert.deepEqual(doc.statements[0]!.products, [
        { '@id': 'pkg:generic/acme-payments', subcomponents: [{ '@id': 'pkg:generic/acme-payments#src/db.ts' }] },
      ]);
      assert.match(
        String(doc.statements[0]!.status_notes),
        /^Finding F-1 at src\/db\.ts:42: disputed \(false_positive\) by Ada; not reviewed yet\.$/,
      );
    });

    it('says what is done about an acknowledged finding, per reason, with the comment', () => {
      const statement = (reason: string, review: ExportDecision['review'] = null) =>
        actionStatement(decision({ action: 'acknowledge', reason, review, comment: 'PAY-42' }));
      assert.equal(statement('will_fix'), 'Will fix: a fix is planned. PAY-42');
      assert.equal(statement('accepted_risk'), 'Risk accepted: no fix is planned. PAY-42');
      assert.equal(statement('mitigated'), 'Mitigated elsewhere: the risk is reduced outside this code. PAY-42');
      assert.match(statement('will_fix', rejected), /A lead rejected this in review: reachable from the API\.$/);
      assert.match(
        actionStatement(decision({ review: rejected })),
        /^The dispute \(false_positive\) was rejected in review: reachable from the API\. The finding stands/,
      );
    });

    it('takes the product from a package URL, or the project', () => {
      assert.equal(projectPackageUrl('acme payments'), 'pkg:generic/acme%20payments');
      assert.ok(isPackageUrl('pkg:npm/%40acme/payments@1.2.0'));
      assert.ok(isPackageUrl('pkg:github/acme/payments'));
      for (const bad of ['', 'acme', 'pkg:', 'pkg:generic/', 'https://acme.example/payments', 'pkg:generic/a b'])
        assert.ok(!isPackageUrl(bad), bad);
      assert.equal(subcomponentId('pkg:generic/p', 'src/a b.ts'), 'pkg:generic/p#src/a%20b.ts');
    });

    it('the schema check fails a statement OpenVEX refuses (it can fail)', () => {
      const doc = toOpenVex([decision({ review: rejected })], {
        id: 'urn:uuid:1',
        author: 'Ada',
        timestamp: '2025-03-01T00:00:00Z',
        productId: 'pkg:generic/p',
      }) as { statements: Record<string, unknown>[] };
      delete doc.statements[0]!.action_statement;
      assert.throws(() => assertValid(openVexSchema(), doc), /action_statement/);
    });
  });

  describe('SARIF', () => {
    const approved = { decision: 'approve' as const, comment: 'ok', actor: 'Lee', at: 't' };
    const rejected = { decision: 'reject' as const, comment: '', actor: 'Lee', at: 't' };

    it('is a 2.1.0 log, valid against its schema, with %SRCROOT% defined', () => {
      const log = toSarif([decision(), decision({ decisionId: 'D-2', ruleId: 'js/xss', cwe: ['CWE-79'], review: approved })], {
        toolVersion: '0.1.0',
        srcRoot: 'file:///home/ada/acme',
      }) as SarifLog;
      assertValid(sarifSchema(), log);
      assert.equal(log.version, '2.1.0');
      assert.equal(log.$schema, SARIF_SCHEMA);
      const run = log.runs[0]!;
      assert.equal(run.tool.driver.name, 'Findings Lens');
      assert.deepEqual(run.originalUriBaseIds['%SRCROOT%']!.uri, 'file:///home/ada/acme/');
      assert.deepEqual(run.tool.driver.rules, [
        { id: 'js/sql-injection', properties: { tags: ['external/cwe/cwe-89'] } },
        { id: 'js/xss', properties: { tags: ['external/cwe/cwe-79'] } },
      ]);
      assert.deepEqual(run.results[0]!.locations, [
        { physicalLocation: { artifactLocation: { uri: 'src/db.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 42 } } },
      ]);
      assertValid(sarifSchema(), toSarif([decision()], { toolVersion: '0.1.0' }));
    });

    it('suppresses only what was asked to be suppressed: a dispute or an accepted risk, never "will fix"', () => {
      const log = toSarif(
        [
          decision(),
          decision({ decisionId: 'D-2', review: approved }),
          decision({ decisionId: 'D-3', review: rejected }),
          decision({ decisionId: 'D-4', action: 'acknowledge', reason: 'will_fix', review: approved }),
          decision({ decisionId: 'D-5', action: 'acknowledge', reason: 'accepted_risk', review: approved }),
        ],
        { toolVersion: '0.1.0' },
      ) as SarifLog;
      assertValid(sarifSchema(), log);
      const sup = log.runs[0]!.results.map((r) => r.suppressions?.map((x) => `${x.kind}:${x.status}`) ?? []);
      assert.deepEqual(sup, [['external:underReview'], ['external:accepted'], ['external:rejected'], [], ['external:accepted']]);
      assert.match(log.runs[0]!.results[0]!.suppressions![0]!.justification, /dispute: false_positive — parsed as int/);
      assert.equal(asksSuppression({ action: 'acknowledge', reason: 'will_fix' }), false);
      assert.equal(sarifSuppressionStatus(null), 'underReview');
    });

    it('the schema check fails a log SARIF refuses (it can fail)', () => {
      const log = toSarif([decision()], { toolVersion: '0.1.0' }) as SarifLog;
      (log.runs[0]!.results[0]! as Record<string, unknown>).level = 'critical';
      assert.throws(() => assertValid(sarifSchema(), log), /level/);
    });
  });

  describe('sources', () => {
    it('from the review list: one record per decision with its finding', () => {
      const [d] = fromReviewList([makeReviewEntry()]);
      assert.equal(d!.ruleId, 'js/sql-injection');
      assert.equal(d!.line, 42);
      assert.equal(d!.actor, 'Ada');
      assert.equal(d!.review, null);
    });

    it('from the findings list: only findings with a decision, lines 1-based', () => {
      const items = [
        makeItem(1),
        makeItem(2, { line: 9, triage: { action: 'acknowledge', reason: 'will_fix', actor: 'Bob', at: 't', review: 'approve' } }),
      ];
      const out = fromFindingList(items);
      assert.equal(out.length, 1);
      assert.equal(out[0]!.line, 10);
      assert.equal(out[0]!.review?.decision, 'approve');
    });

    it('completed from the whole finding: its CWEs, and the comment and review the list does not carry', () => {
      const items = [
        makeItem(2, {
          id: 'F-2',
          triage: { action: 'dispute', reason: 'false_positive', actor: 'Bob', at: '2025-01-01T00:00:00Z', review: 'reject' },
        }),
      ];
      const finding = makeFinding({
        id: 'F-2',
        cwe: ['CWE-22'],
        triage: {
          id: 'D-9',
          findingId: 'F-2',
          action: 'dispute',
          reason: 'false_positive',
          comment: 'sanitised upstream',
          actor: { id: 'bob', name: 'Bob' },
          at: '2025-01-01T00:00:00Z',
          review: { id: 'R-1', decision: 'reject', comment: 'not deployed', actor: { id: 'lee', name: 'Lee' }, at: '2025-01-02T00:00:00Z' },
        },
      });
      const [d] = withFindings(fromFindingList(items), new Map([['F-2', finding]]));
      assert.deepEqual(
        { id: d!.decisionId, cwe: d!.cwe, comment: d!.comment, review: d!.review },
        {
          id: 'D-9',
          cwe: ['CWE-22'],
          comment: 'sanitised upstream',
          review: { decision: 'reject', comment: 'not deployed', actor: 'Lee', at: '2025-01-02T00:00:00Z' },
        },
      );
      assert.deepEqual(withFindings(fromFindingList(items), new Map()), fromFindingList(items), 'a finding gone keeps what the list said');
    });
  });
});
