import { strict as assert } from 'node:assert';
import { SARIF_LIMITS } from '../../../../src/feed/sarif/limits';
import { mapSarifLog, parseSarifJson, SarifLogError, type SarifLogProblem } from '../../../../src/feed/sarif/mapLog';
import { logOf, mapped, resultAt } from './logs';

const options = { project: 'acme', category: 'scan' };

function refusal(run: () => unknown): { problem: SarifLogProblem; message: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof SarifLogError) return { problem: err.problem, message: err.message };
    throw err;
  }
  throw new Error('the log was not refused');
}

describe('mapSarifLog: a whole log', () => {
  it('refuses, with a clear message, what is not a SARIF 2.1.0 log or passes a hard bound', () => {
    const cut = refusal(() => parseSarifJson('{"version": "2.1.0", "runs": ['));
    assert.equal(cut.problem, 'invalid_json');
    assert.match(cut.message, /^the log is not JSON: .*JSON/);
    assert.deepEqual(
      refusal(() => parseSarifJson('{"runs":[]}', 10)),
      { problem: 'too_large', message: 'the log is 11 bytes, more than the 10 a log may have: split it (one log per tool or per folder)' },
    );
    assert.deepEqual(
      refusal(() => mapSarifLog({ version: '2.0.0', runs: [] }, options)),
      { problem: 'not_sarif', message: 'not a SARIF 2.1.0 log: version: Invalid input: expected "2.1.0"' },
    );
    assert.deepEqual(
      refusal(() => mapSarifLog({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] }, options)),
      {
        problem: 'not_sarif',
        message: 'run 0 is not a SARIF run: tool.driver.name: Invalid input: expected string, received undefined',
      },
    );
    const tooMany = logOf(new Array(SARIF_LIMITS.results + 1).fill({}));
    assert.deepEqual(
      refusal(() => mapSarifLog(tooMany, options)),
      {
        problem: 'too_many_results',
        message: `the log has ${SARIF_LIMITS.results + 1} results, more than the ${SARIF_LIMITS.results} a log may have: split it (one log per tool or per folder)`,
      },
    );
    assert.equal(refusal(() => mapSarifLog(logOf([]), { ...options, checkoutUri: '/home/dev/repo' })).problem, 'invalid_options');
  });

  it('sets a bad result aside with its reason, and takes the rest', () => {
    const log = mapped([
      resultAt('src/a.js', 1),
      resultAt('src/a.js', 2, { level: 'severe' }),
      'not an object',
      resultAt('src/a.js', 4, { message: { text: 'x'.repeat(SARIF_LIMITS.textChars + 1) } }),
      resultAt('src/a.js', 5, { kind: 'pass' }),
      resultAt('src/a.js', 6, { baselineState: 'absent' }),
      { ...resultAt('src/a.js', 7), locations: [] },
      resultAt('../../etc/passwd', 8),
      resultAt('src/a.js', 9),
    ]);
    assert.deepEqual(
      log.findings.map((f) => [f.index, f.finding.location.startLine]),
      [
        [0, 1],
        [8, 9],
      ],
    );
    assert.deepEqual(log.setAside, [
      {
        run: 0,
        index: 1,
        what: 'result',
        ruleId: 'js/sql-injection',
        reason: 'not a valid SARIF result: level: Invalid option: expected one of "none"|"note"|"warning"|"error"',
      },
      { run: 0, index: 2, what: 'result', reason: 'not a valid SARIF result: Invalid input: expected object, received string' },
      {
        run: 0,
        index: 3,
        what: 'result',
        ruleId: 'js/sql-injection',
        reason: `not a valid SARIF result: message.text: Too big: expected string to have <=${SARIF_LIMITS.textChars} characters`,
      },
      { run: 0, index: 4, what: 'result', ruleId: 'js/sql-injection', reason: 'its kind is "pass": the rule found nothing to report' },
      {
        run: 0,
        index: 5,
        what: 'result',
        ruleId: 'js/sql-injection',
        reason: 'its baselineState is "absent": the tool says it is no longer there',
      },
      {
        run: 0,
        index: 6,
        what: 'result',
        ruleId: 'js/sql-injection',
        reason: 'its location cannot be placed: it has no physical location (a file and a region)',
      },
      {
        run: 0,
        index: 7,
        what: 'result',
        ruleId: 'js/sql-injection',
        reason: 'its location cannot be placed: "../../etc/passwd" climbs out of the repository',
      },
    ]);
    assert.deepEqual(
      log.runs[0]!.unread,
      { rules: ['js/sql-injection'], anyRule: true },
      'what may be findings, less what the tool says is none',
    );
  });

  it('says which rules had a result that may be a finding set aside, not counting passes and absent ones', () => {
    const unread = (results: unknown[]) => mapped(results).runs[0]!.unread;
    assert.deepEqual(unread([resultAt('src/a.js', 1, { kind: 'pass' }), resultAt('src/a.js', 2, { baselineState: 'absent' })]), {
      rules: [],
      anyRule: false,
    });
    assert.deepEqual(unread([resultAt('../x.js', 1), resultAt('../y.js', 2, { ruleId: 'js/xss' })]), {
      rules: ['js/sql-injection', 'js/xss'],
      anyRule: false,
    });
    assert.deepEqual(unread([{ ...resultAt('src/a.js', 1), ruleId: undefined, message: 7 }]), { rules: [], anyRule: true });
  });

  it('says which runs cannot tell what is fixed: results missing, or a failed invocation', () => {
    const log = mapSarifLog(
      {
        version: '2.1.0',
        runs: [
          { tool: { driver: { name: 'A', version: '1.2' } }, results: [] },
          { tool: { driver: { name: 'B' } }, results: null },
          { tool: { driver: { name: 'C' } }, results: [], invocations: [{ executionSuccessful: false }] },
        ],
      },
      options,
    );
    assert.deepEqual(log.runs, [
      { tool: 'A', toolVersion: '1.2', category: 'scan', results: 0, complete: true, unread: { rules: [], anyRule: false } },
      { tool: 'B', category: 'scan', results: 0, complete: false, unread: { rules: [], anyRule: false } },
      { tool: 'C', category: 'scan', results: 0, complete: false, unread: { rules: [], anyRule: false } },
    ]);
  });

  it("takes the category given, else GitHub's rule on automationDetails.id, else the tool's name", () => {
    const categories = [{ id: 'codeql/analyze/run-42' }, { id: 'nightly' }, undefined].map((automationDetails) => {
      const run = { tool: { driver: { name: 'Scanner' } }, results: [], ...(automationDetails ? { automationDetails } : {}) };
      return mapSarifLog({ version: '2.1.0', runs: [run] }, { project: 'acme' }).runs[0]!.category;
    });
    assert.deepEqual(categories, ['codeql/analyze', 'nightly', 'Scanner']);
  });

  it('copies the commit to every finding, ignores properties it does not read, and malformed optional run properties', () => {
    const log = mapped(
      [resultAt('src/a.js', 1, { rank: 'high', properties: { anything: [1, 2] }, hostedViewerUri: 7 })],
      { newRunField: true },
      { commit: 'abc' },
    );
    assert.equal(log.findings[0]!.finding.commit, 'abc');
    assert.deepEqual(log.setAside, []);
    const odd = {
      tool: { driver: { name: 'Scanner', version: 3, rules: 'none' }, extensions: {} },
      columnKind: 'bytes',
      originalUriBaseIds: 'x',
      invocations: [{ executionSuccessful: 'yes' }],
    };
    const lenient = mapSarifLog({ version: '2.1.0', runs: [{ ...odd, results: [resultAt('src/a.js', 1)] }] }, options);
    assert.deepEqual(
      lenient.findings.map((f) => f.finding.location),
      [{ path: 'src/a.js', startLine: 1 }],
    );
    assert.deepEqual(lenient.runs, [
      { tool: 'Scanner', category: 'scan', results: 1, complete: true, unread: { rules: [], anyRule: false } },
    ]);
  });
});
