import { strict as assert } from 'node:assert';
import { toolDecision } from '../../../../src/feed/sarif/suppressions';
import { onlyFinding, resultAt } from './logs';

describe('SARIF suppressions as decisions by the tool', () => {
  it('are accepted_risk acknowledgements when the justification names no reason, approved unless under review or rejected', () => {
    assert.deepEqual(toolDecision({ kind: 'inSource' }), {
      action: 'acknowledge',
      reason: 'accepted_risk',
      comment: 'Suppressed in the source, without a justification.',
      kind: 'inSource',
      review: 'approve',
    });
    assert.deepEqual(
      [
        toolDecision({ kind: 'external', status: 'underReview' }).review,
        toolDecision({ kind: 'external', status: 'rejected' }).review,
        toolDecision({ kind: 'external', status: 'accepted' }).review,
      ],
      [null, 'reject', 'approve'],
    );
  });

  it('read the reason a justification names in words', () => {
    const read = (justification: string) => {
      const d = toolDecision({ kind: 'inSource', justification });
      return `${d.action}:${d.reason}`;
    };
    assert.deepEqual(
      [
        'False positive: the value is a constant',
        'only used in tests',
        "won't fix, legacy endpoint",
        'mitigated by the WAF rule 12',
        'not exploitable here',
        'reviewed by Sam',
      ].map(read),
      [
        'dispute:false_positive',
        'dispute:used_in_tests',
        'acknowledge:accepted_risk',
        'acknowledge:mitigated',
        'dispute:not_exploitable',
        'acknowledge:accepted_risk',
      ],
    );
    assert.equal(toolDecision({ kind: 'inSource', justification: 'reviewed by Sam' }).comment, 'reviewed by Sam');
  });

  it("read back exactly what Findings Lens's own SARIF export writes", () => {
    const exported = toolDecision({
      kind: 'external',
      status: 'accepted',
      justification: 'dispute: used_in_tests — only the fixtures call it (review: approve — agreed)',
    });
    assert.deepEqual(exported, {
      action: 'dispute',
      reason: 'used_in_tests',
      comment: 'only the fixtures call it',
      kind: 'external',
      review: 'approve',
    });
    const unknownCode = toolDecision({ kind: 'external', justification: 'dispute: not_a_code — x' });
    assert.deepEqual([unknownCode.action, unknownCode.reason], ['acknowledge', 'accepted_risk'], 'a code of neither list is not trusted');
  });

  it('come with the finding', () => {
    const { toolDecisions } = onlyFinding(
      resultAt('src/a.js', 2, { suppressions: [{ kind: 'inSource', justification: 'false positive' }] }),
    );
    assert.deepEqual(toolDecisions, [
      { action: 'dispute', reason: 'false_positive', comment: 'false positive', kind: 'inSource', review: 'approve' },
    ]);
  });
});
