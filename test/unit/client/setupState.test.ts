import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETUP_CONTEXT_KEY, setupState } from '../../../src/client/setupState';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { viewsWelcome: { view: string; contents: string; when: string }[] };
};

describe('what the Findings view says is missing', () => {
  const set = { feedUrl: 'https://feed.example.com', project: 'payments' };

  it('tells no feed URL from no project, no token and a refused token', () => {
    assert.equal(setupState({ feedUrl: ' ', project: 'payments' }, undefined), 'noFeedUrl');
    assert.equal(setupState({ ...set, project: '' }, { kind: 'noToken' }), 'noProject');
    assert.equal(setupState(set, { kind: 'noToken' }), 'noToken');
    assert.equal(setupState(set, { kind: 'unauthorized', message: 'no' }), 'tokenRejected');
    assert.equal(setupState(set, { kind: 'upToDate', at: 't' }), 'ready');
    assert.equal(setupState(set, undefined), 'ready', 'before the first status: nothing to ask for yet');
  });

  it('has a welcome, with its button, for each missing piece', () => {
    const welcome = (state: string) =>
      manifest.contributes.viewsWelcome.find((w) => w.view === 'findingsLens.findings' && w.when === `${SETUP_CONTEXT_KEY} == ${state}`);
    assert.match(welcome('noFeedUrl')?.contents ?? '', /\(command:workbench\.action\.openSettings\?%5B%22findingsLens\.feed\.url%22%5D\)/);
    assert.match(welcome('noProject')?.contents ?? '', /findingsLens\.feed\.project/);
    assert.match(welcome('noToken')?.contents ?? '', /\[Set Feed Token\]\(command:findingsLens\.setToken\)/);
    assert.match(welcome('tokenRejected')?.contents ?? '', /\(command:findingsLens\.setToken\)/);
  });
});
