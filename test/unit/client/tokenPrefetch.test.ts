// The token is asked of the secret store while the server starts (prefetch), and that answer is
// what the first hand-over sends, unless the token or the feed changed meanwhile.
import './vscodeStub';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { Redactor } from '../../../src/client/redact';
import { FeedToken } from '../../../src/client/token';
import { tokenSecretKey } from '../../../src/client/tokenRules';
import { EventEmitter } from './vscodeStub';

const FEED = 'https://feed.example.com';

function setup() {
  const stored = new Map<string, string>([[tokenSecretKey(FEED)!, 'fl_first_token']]);
  const changes = new EventEmitter<vscode.SecretStorageChangeEvent>();
  let reads = 0;
  const secrets = {
    get: async (key: string) => {
      reads += 1;
      return stored.get(key);
    },
    onDidChange: changes.event,
  } as unknown as vscode.SecretStorage;
  let feedUrl = FEED;
  const token = new FeedToken(secrets, new Redactor(), () => feedUrl);
  const sent: Array<string | null> = [];
  const send = async (value: string | null) => void sent.push(value);
  return {
    token,
    sent,
    send,
    reads: () => reads,
    store: (value: string) => {
      stored.set(tokenSecretKey(FEED)!, value);
      changes.fire({ key: tokenSecretKey(FEED)! });
    },
    moveFeed: (url: string) => (feedUrl = url),
  };
}

describe('FeedToken.prefetch', () => {
  it('reads the secret once, early, and the first hand-over sends that answer', async () => {
    const { token, sent, send, reads } = setup();
    token.prefetch();
    assert.equal(reads(), 1);
    await token.sendTo(send);
    assert.deepEqual(sent, ['fl_first_token']);
    assert.equal(reads(), 1, 'no second read for the first hand-over');
    await token.sendTo(send);
    assert.equal(reads(), 2, 'later hand-overs read the store again');
  });

  it('reads again when the token changed after the early read', async () => {
    const { token, sent, send, store } = setup();
    token.prefetch();
    store('fl_second_token');
    await token.sendTo(send);
    assert.deepEqual(sent, ['fl_second_token']);
  });

  it('reads again when the feed changed after the early read (a token is kept per feed)', async () => {
    const { token, sent, send, moveFeed } = setup();
    token.prefetch();
    moveFeed('https://other.example.com');
    await token.sendTo(send);
    assert.deepEqual(sent, [null]);
  });
});
