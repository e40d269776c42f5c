import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs';
import { afterEditorWrites, nextTurn } from '../../../src/client/turns';

/**
 * Runs `body` from an I/O callback, where the extension host runs activate() (a message from the
 * window), with a timer set first as VS Code's ProtocolWriter sets one to write what activate()
 * asked of the window; resolves with the order things happened in.
 */
function fromActivation(body: (order: string[]) => Promise<void>): Promise<string[]> {
  const order: string[] = [];
  return new Promise((resolve, reject) => {
    readFile(__filename, () => {
      setTimeout(() => order.push('the editor writes its messages'));
      body(order).then(() => resolve(order), reject);
    });
  });
}

describe('turns of the extension host', () => {
  it("afterEditorWrites comes after the editor's messages of activate()'s turn are written", async () => {
    const order = await fromActivation(async (o) => {
      await afterEditorWrites();
      o.push('our next step');
    });
    assert.deepEqual(order, ['the editor writes its messages', 'our next step']);
  });

  it('nextTurn comes before them (why the first step after activate() does not take it)', async () => {
    const order = await fromActivation(async (o) => {
      await nextTurn();
      o.push('our next step');
      await afterEditorWrites();
    });
    assert.deepEqual(order, ['our next step', 'the editor writes its messages']);
  });
});
