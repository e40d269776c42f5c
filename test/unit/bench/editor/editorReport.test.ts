import * as assert from 'node:assert/strict';
import type { RunFigures } from '../../../../bench/editor/editorRun';
import { extensionHostShare, medianOf, problemsOverSync } from '../../../../bench/editor/editorReport';

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
});
