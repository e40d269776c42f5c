import { strict as assert } from 'node:assert';
import { cweOfTag } from '../../../../src/feed/sarif/cwe';
import { severityOfScore } from '../../../../src/feed/sarif/severity';
import { mapped, onlyFinding, resultAt } from './logs';

const at = (line: number, extra: Record<string, unknown> = {}): Record<string, unknown> => resultAt('src/a.js', line, extra);

describe('SARIF results as findings', () => {
  describe('severity', () => {
    it("follows GitHub code scanning's security-severity thresholds", () => {
      const scores = [10, 9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0];
      assert.deepEqual(scores.map(severityOfScore), ['critical', 'critical', 'high', 'high', 'medium', 'medium', 'low', 'low', 'info']);
    });

    it('takes the score from the result, else from its rule (js/sql-injection says 8.8), as a string or a number', () => {
      assert.equal(onlyFinding(at(1)).finding.severity, 'high');
      assert.equal(onlyFinding(at(1, { properties: { 'security-severity': '9.1' } })).finding.severity, 'critical');
      assert.equal(onlyFinding(at(1, { properties: { 'security-severity': 2 } })).finding.severity, 'low');
    });

    it("falls back to the level: the result's, its rule's default, else warning", () => {
      const noScore = { ruleId: 'other/rule' };
      const levels = ['error', 'warning', 'note', 'none'].map((level) => onlyFinding(at(1, { ...noScore, level })).finding.severity);
      assert.deepEqual(levels, ['high', 'medium', 'low', 'info']);
      assert.equal(onlyFinding(at(1, { ruleId: 'js/weak-hash' })).finding.severity, 'low', 'js/weak-hash defaults to note');
      assert.equal(onlyFinding(at(1, noScore)).finding.severity, 'medium');
      assert.equal(onlyFinding(at(1, { ...noScore, kind: 'informational' })).finding.severity, 'info', 'not a failure: level none');
      assert.equal(
        onlyFinding(at(1, { ...noScore, level: 'error', properties: { 'security-severity': 'high' } })).finding.severity,
        'high',
        'a score that is not a number is ignored',
      );
    });
  });

  describe('CWE', () => {
    it('reads rule tags in both common forms', () => {
      assert.deepEqual(
        ['external/cwe/cwe-089', 'CWE-79: Cross-site scripting', 'security', 'external/cwe/cwe-x', 'cwe-1004'].map(cweOfTag),
        ['CWE-89', 'CWE-79', undefined, undefined, 'CWE-1004'],
      );
      assert.deepEqual(onlyFinding(at(1)).finding.cwe, ['CWE-89']);
    });

    it("reads the rule's relationships and the result's taxa into the CWE taxonomy, and nothing else", () => {
      const rules = [
        {
          id: 'ff/strcpy',
          relationships: [
            { target: { id: 'CWE-120', toolComponent: { name: 'CWE' } } },
            { target: { id: 'A03', toolComponent: { name: 'OWASP' } } },
          ],
        },
      ];
      const taxonomies = [{ name: 'OWASP' }, { name: 'CWE', guid: 'FFC64C90-42B6-44CE-8BEB-F6B7DAE649E5' }];
      const result = at(1, {
        ruleId: 'ff/strcpy',
        taxa: [
          { id: '787', toolComponent: { index: 1 } },
          { id: '120', toolComponent: { guid: 'ffc64c90-42b6-44ce-8beb-f6b7dae649e5' } },
          { id: '22', toolComponent: { index: 0 } },
        ],
      });
      const finding = onlyFinding(result, { tool: { driver: { name: 'Scanner', rules } }, taxonomies }).finding;
      assert.deepEqual(finding.cwe, ['CWE-120', 'CWE-787']);
    });
  });

  describe('the rule', () => {
    it('is found by ruleIndex, by id, and in the tool extensions; a rule reference can name its extension', () => {
      const extensions = [
        {
          name: 'pack',
          rules: [{ id: 'pack/xss', shortDescription: { text: 'XSS from the pack' }, properties: { 'security-severity': '6.1' } }],
        },
      ];
      const run = { tool: { driver: { name: 'Scanner', rules: [{ id: 'drv/one', shortDescription: { text: 'One' } }] }, extensions } };
      const byIndex = onlyFinding({ ...at(1), ruleId: undefined, ruleIndex: 0 }, run).finding;
      assert.deepEqual([byIndex.ruleId, byIndex.title], ['drv/one', 'One']);
      const inExtension = onlyFinding(at(1, { ruleId: 'pack/xss' }), run).finding;
      assert.deepEqual([inExtension.title, inExtension.severity], ['XSS from the pack', 'medium']);
      const byReference = onlyFinding({ ...at(1), ruleId: undefined, rule: { index: 0, toolComponent: { index: 0 } } }, run).finding;
      assert.deepEqual([byReference.ruleId, byReference.title], ['pack/xss', 'XSS from the pack']);
    });

    it('gives helpUri only when it is https', () => {
      assert.equal(onlyFinding(at(1)).finding.helpUri, 'https://example.com/sql');
      const rules = [
        { id: 'r', helpUri: 'http://example.com/r' },
        { id: 's', helpUri: 'Please see details in message' },
      ];
      const log = mapped([at(1, { ruleId: 'r' }), at(2, { ruleId: 's' })], { tool: { driver: { name: 'Scanner', rules } } });
      assert.deepEqual(
        log.findings.map((f) => f.finding.helpUri),
        [undefined, undefined],
      );
    });

    it('is noted once when it does not parse, and its results keep their own id and message', () => {
      const rules = [{ id: 7 }];
      const log = mapped(
        [at(1, { ruleId: undefined, ruleIndex: 0 }), at(2, { ruleId: 'x/y', ruleIndex: 0 }), at(3, { ruleId: 'x/y', ruleIndex: 0 })],
        { tool: { driver: { name: 'Scanner', rules } } },
      );
      assert.deepEqual(log.notes, [
        'run 0: Scanner rule 0 is not a valid rule (id: Invalid input: expected string, received number): its results have no rule metadata',
      ]);
      assert.deepEqual(
        log.findings.map((f) => f.finding.ruleId),
        ['x/y', 'x/y'],
      );
      assert.deepEqual(log.setAside, [{ run: 0, index: 0, what: 'result', reason: 'it names no rule (ruleId, rule.id or ruleIndex)' }]);
    });
  });

  describe('related locations and data flows', () => {
    it('keeps related locations with their messages, and the first thread flow as steps, source first', () => {
      const step = (line: number, text: string) => ({
        location: { physicalLocation: { artifactLocation: { uri: 'src/a.js' }, region: { startLine: line } }, message: { text } },
      });
      const result = at(30, {
        message: { text: 'Query built from [user input](1).' },
        relatedLocations: [
          {
            id: 1,
            physicalLocation: { artifactLocation: { uri: 'src/input.js' }, region: { startLine: 4 } },
            message: { text: 'the request body' },
          },
        ],
        codeFlows: [
          { threadFlows: [{ locations: [step(4, 'source'), { location: { message: { text: 'logical only' } } }, step(30, 'sink')] }] },
          { threadFlows: [{ locations: [step(99, 'other flow')] }] },
        ],
      });
      const { finding } = onlyFinding(result);
      assert.equal(finding.message.split('\n')[0], 'Query built from user input (`src/input.js:4`).');
      assert.deepEqual(finding.relatedLocations, [{ location: { path: 'src/input.js', startLine: 4 }, message: 'the request body' }]);
      assert.deepEqual(finding.flow, [
        { location: { path: 'src/a.js', startLine: 4 }, message: 'source' },
        { location: { path: 'src/a.js', startLine: 30 }, message: 'sink' },
      ]);
    });

    it('leaves out a location outside the repository, and keeps the finding', () => {
      const outside = { physicalLocation: { artifactLocation: { uri: '../../lib/node.js' }, region: { startLine: 1 } } };
      const log = mapped([at(5, { relatedLocations: [outside] })]);
      assert.equal(log.findings.length, 1);
      assert.equal(log.findings[0]!.finding.relatedLocations, undefined);
      assert.deepEqual(log.setAside, [
        {
          run: 0,
          index: 0,
          what: 'location',
          ruleId: 'js/sql-injection',
          reason: 'related location 1: "../../lib/node.js" climbs out of the repository',
        },
      ]);
    });

    it('keeps at most 100 flow steps: the first 99 and the sink', () => {
      const steps = Array.from({ length: 150 }, (_, i) => ({
        location: { physicalLocation: { artifactLocation: { uri: 'src/a.js' }, region: { startLine: i + 1 } } },
      }));
      const log = mapped([at(150, { codeFlows: [{ threadFlows: [{ locations: steps }] }] })]);
      const flow = log.findings[0]!.finding.flow!;
      assert.equal(flow.length, 100);
      assert.deepEqual([flow[98]!.location.startLine, flow[99]!.location.startLine], [99, 150]);
      assert.match(log.setAside[0]!.reason, /^50 of its 150 flow steps \(more than 100\)$/);
    });
  });
});
