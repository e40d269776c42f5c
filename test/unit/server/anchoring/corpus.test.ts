import { strict as assert } from 'node:assert';
import { loadCorpus, scoreCorpus, tally } from './corpusScore';

// The targets of the anchoring issue, asserted on the whole corpus so that a regression fails here.
describe('anchoring corpus (test/fixtures/anchoring/cases.jsonl)', () => {
  const scored = scoreCorpus(loadCorpus());
  const all = tally(scored).get('ALL')!;

  it('has at least 200 cases covering every category of edit', () => {
    assert.ok(all.total >= 200, `${all.total} cases`);
    const categories = new Set(scored.map((s) => s.case.category));
    for (const c of [
      'inserted-above',
      'deleted-above',
      'line-edited',
      'reformatted',
      'block-moved',
      'function-renamed',
      'code-deleted',
      'identical-snippets',
      'file-renamed',
      'crlf',
      'tabs-spaces',
      'rewritten',
      'unicode',
    ]) {
      assert.ok(categories.has(c), `missing category ${c}`);
    }
  });

  it('never draws a finding as exact or moved on the wrong code', () => {
    const wrong = scored
      .filter((s) => s.verdict === 'wrongCode')
      .map((s) => `${s.case.name}: ${s.anchor.state} at ${s.anchor.range.startLine}`);
    assert.deepEqual(wrong, []);
  });

  it('places at least 97% of the corpus right', () => {
    assert.ok(all.right / all.total >= 0.97, `${all.right}/${all.total} = ${((100 * all.right) / all.total).toFixed(1)}%`);
  });

  it('answers a well-formed range, confidence and reason for every drawn anchor', () => {
    for (const s of scored) {
      if (s.anchor.state === 'lost') continue;
      const r = s.anchor.range;
      assert.ok(r.startLine <= r.endLine && r.startLine >= 0, s.case.name);
      assert.ok(s.anchor.confidence >= 0 && s.anchor.confidence <= 1, s.case.name);
      assert.ok(s.anchor.reason.length > 0, s.case.name);
    }
  });
});
