import * as assert from 'node:assert/strict';
import { CSV_COLUMNS, csvField, toCsv } from '../../../../src/client/panel/export/csv';
import { fromFindingList, fromReviewList, type ExportDecision } from '../../../../src/client/panel/export/decisions';
import { sarifSuppressionStatus, vexFor } from '../../../../src/client/panel/export/mapping';
import { toOpenVex } from '../../../../src/client/panel/export/openvex';
import { SARIF_SCHEMA, toSarif } from '../../../../src/client/panel/export/sarif';
import { makeItem, makeReviewEntry } from '../../webview/fixtures';

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
    const cases: [string, string, string, string | undefined][] = [
      ['acknowledge', 'will_fix', 'affected', undefined],
      ['acknowledge', 'accepted_risk', 'affected', undefined],
      ['acknowledge', 'mitigated', 'not_affected', 'inline_mitigations_already_exist'],
      ['dispute', 'false_positive', 'not_affected', 'vulnerable_code_not_present'],
      ['dispute', 'not_exploitable', 'not_affected', 'vulnerable_code_cannot_be_controlled_by_adversary'],
      ['dispute', 'vulnerable_code_not_in_execute_path', 'not_affected', 'vulnerable_code_not_in_execute_path'],
      ['dispute', 'inline_mitigations_already_exist', 'not_affected', 'inline_mitigations_already_exist'],
      ['dispute', 'used_in_tests', 'not_affected', 'vulnerable_code_not_in_execute_path'],
    ];
    for (const [action, reason, status, justification] of cases) {
      it(`${action} ${reason} → ${status}${justification ? ` / ${justification}` : ''}`, () => {
        const doc = toOpenVex([decision({ action: action as ExportDecision['action'], reason })], {
          id: 'urn:uuid:1',
          author: 'Ada',
          timestamp: '2025-03-01T00:00:00Z',
          productId: 'pkg:generic/p',
        }) as { statements: Record<string, unknown>[] };
        const s = doc.statements[0]!;
        assert.equal(s.status, status);
        assert.equal(s.justification, justification);
        if (status === 'affected')
          assert.ok(typeof s.action_statement === 'string' && s.action_statement.length > 0, 'affected needs an action statement');
      });
    }

    it('is an OpenVEX v0.2.0 document naming the rule and its CWE', () => {
      const doc = toOpenVex([decision()], {
        id: 'urn:uuid:1',
        author: 'Ada',
        timestamp: '2025-03-01T00:00:00Z',
        productId: 'pkg:generic/p',
      }) as Record<string, unknown> & { statements: { vulnerability: unknown; products: unknown; impact_statement?: string }[] };
      assert.equal(doc['@context'], 'https://openvex.dev/ns/v0.2.0');
      assert.equal(doc['@id'], 'urn:uuid:1');
      assert.equal(doc.version, 1);
      assert.deepEqual(doc.statements[0]!.vulnerability, { name: 'js/sql-injection', description: 'SQL', aliases: ['CWE-89'] });
      assert.deepEqual(doc.statements[0]!.products, [{ '@id': 'pkg:generic/p', subcomponents: [{ '@id': 'src/db.ts#L42' }] }]);
      assert.equal(doc.statements[0]!.impact_statement, 'parsed as int');
    });

    it('a rejected decision is not claimed: affected, with the rejection', () => {
      const review = { decision: 'reject' as const, comment: 'reachable', actor: 'Lee', at: 't' };
      assert.equal(vexFor('dispute', 'false_positive', review).status, 'affected');
      const doc = toOpenVex([decision({ review })], { id: 'i', author: 'a', timestamp: 't', productId: 'p' }) as {
        statements: { action_statement?: string }[];
      };
      assert.match(doc.statements[0]!.action_statement ?? '', /rejected in review: reachable/);
      assert.equal(vexFor('dispute', 'brand_new_reason', null).status, 'under_investigation');
    });
  });

  describe('SARIF', () => {
    it('is a 2.1.0 log from Findings Lens with external suppressions', () => {
      const log = toSarif(
        [
          decision(),
          decision({ decisionId: 'D-2', ruleId: 'js/xss', review: { decision: 'approve', comment: 'ok', actor: 'Lee', at: 't' } }),
          decision({ decisionId: 'D-3', review: { decision: 'reject', comment: '', actor: 'Lee', at: 't' } }),
        ],
        '0.1.0',
      ) as {
        version: string;
        $schema: string;
        runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: Record<string, unknown>[] }[];
      };
      assert.equal(log.version, '2.1.0');
      assert.equal(log.$schema, SARIF_SCHEMA);
      assert.equal(log.runs[0]!.tool.driver.name, 'Findings Lens');
      assert.deepEqual(
        log.runs[0]!.tool.driver.rules.map((r) => r.id),
        ['js/sql-injection', 'js/xss'],
      );
      const results = log.runs[0]!.results;
      assert.equal(results[0]!.ruleId, 'js/sql-injection');
      assert.equal(results[0]!.level, 'error');
      assert.deepEqual(results[0]!.locations, [
        { physicalLocation: { artifactLocation: { uri: 'src/db.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 42 } } },
      ]);
      const sup = results.map((r) => (r.suppressions as { kind: string; status: string; justification: string }[])[0]!);
      assert.deepEqual(
        sup.map((s) => s.kind),
        ['external', 'external', 'external'],
      );
      assert.deepEqual(
        sup.map((s) => s.status),
        ['underReview', 'accepted', 'rejected'],
      );
      assert.match(sup[0]!.justification, /dispute: false_positive — parsed as int/);
    });

    it('maps reviews to suppression status', () => {
      assert.equal(sarifSuppressionStatus(null), 'underReview');
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
  });
});
