import * as assert from 'node:assert/strict';
import type { RunFigures } from '../../../../bench/editor/editorRun';
import { extensionHostShare, fromFileText, medianOf, problemsOverSync, warmSquiggle } from '../../../../bench/editor/editorReport';

const run = (over: Partial<RunFigures>): RunFigures =>
  ({
    mode: 'cold',
    activationMs: 3000,
    activateRanMs: 3100,
    activationEvent: 'onStartupFinished',
    firstRequestMs: 4000,
    cacheShownMs: null,
    cacheFirstLookMs: null,
    firstSquiggleMs: 6000,
    allInProblemsMs: 19_000,
    problems: 93_000,
    serverSync: { kind: 'full', findings: 100_000, ms: 10_000, loggedMs: 14_000 },
    ...over,
  }) as RunFigures;

describe('bench/editor/editorReport', () => {
  it("measures all-in-Problems from the server's first request against the sync the server timed itself", () => {
    assert.equal(problemsOverSync(run({})), 1.5);
    assert.equal(extensionHostShare(run({})), 5000);
    assert.equal(problemsOverSync(run({ firstRequestMs: null })), null);
    assert.equal(extensionHostShare(run({ serverSync: null })), null);
  });

  it('takes the median of the runs that have the figure', () => {
    const runs = [run({ activationMs: 100 }), run({ activationMs: null }), run({ activationMs: 300 }), run({ activationMs: 200 })];
    assert.equal(
      medianOf(runs, (r) => r.activationMs),
      200,
    );
    assert.equal(
      medianOf([run({ activationMs: null })], (r) => r.activationMs),
      null,
    );
  });

  it("measures a warm start's first squiggle from activate(), and both from the file's text drawn (medians of the runs that have them)", () => {
    const runs = [
      { activateRanMs: 5000, fileTextMs: 1000, firstSquiggleMs: 5100 },
      { activateRanMs: null, fileTextMs: 1000, firstSquiggleMs: 9000 },
      { activateRanMs: 6000, fileTextMs: null, firstSquiggleMs: 6300 },
    ];
    const w = warmSquiggle(runs);
    assert.deepEqual(w, { afterActivate: 100, activateAfterText: 4000, squiggleAfterText: 4100 }, 'of two, the lower (bench/stats.ts)');
    assert.equal(fromFileText(w), "from the open file's text drawn: activate() +4000 ms, the squiggle +4100 ms");
    assert.deepEqual(warmSquiggle([]), { afterActivate: null, activateAfterText: null, squiggleAfterText: null });
  });
});
