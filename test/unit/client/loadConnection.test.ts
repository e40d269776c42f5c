import * as assert from 'node:assert/strict';
import { runSteps } from '../../../src/client/loadConnection';

describe("the language client's load in steps", () => {
  it('runs each step, and the last, after a turn of its own, in order, and returns what the last gave', async () => {
    const seen: string[] = [];
    const turn = async () => {
      seen.push('turn');
    };
    const { value, taken } = await runSteps(
      [() => seen.push('a'), () => seen.push('b')],
      () => {
        seen.push('last');
        return 'the module';
      },
      turn,
    );
    assert.deepEqual(seen, ['turn', 'a', 'turn', 'b', 'turn', 'last']);
    assert.equal(value, 'the module');
    assert.equal(taken.count, 3);
  });

  it('times the longest step and all of them', async () => {
    const busy = (ms: number) => () => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const { taken } = await runSteps([busy(5), busy(20)], busy(1), async () => undefined);
    assert.ok(taken.longestMs >= 20 && taken.longestMs < taken.allMs, `longest ${taken.longestMs} of ${taken.allMs} ms`);
    assert.ok(taken.allMs >= 26, `all ${taken.allMs} ms`);
  });

  it('stops at a step that throws, running none after it', async () => {
    let ranAfter = false;
    await assert.rejects(
      runSteps(
        [
          () => {
            throw new Error('broken module');
          },
          () => (ranAfter = true),
        ],
        () => undefined,
        async () => undefined,
      ),
      /broken module/,
    );
    assert.equal(ranAfter, false);
  });
});
