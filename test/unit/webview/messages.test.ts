import * as assert from 'node:assert/strict';
import { HostToWebview, WebviewToHost, parseMessage } from '../../../src/shared/webview';
import { makeDecision, makeFinding, makeItem, makeReviewEntry } from './fixtures';

describe('webview message contract', () => {
  describe('webview → host', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'select', id: 'F-1' },
      { type: 'decide', ids: ['F-1', 'F-2'], action: 'acknowledge', reason: 'will_fix', comment: '' },
      { type: 'decide', ids: ['F-1'], action: 'dispute', reason: 'used_in_tests', comment: 'test helper only' },
      { type: 'review', decisionIds: ['D-1'], decision: 'reject', comment: 'no' },
      { type: 'openLocation', findingId: 'F-1' },
      { type: 'openLocation', findingId: 'F-1', step: 0 },
      { type: 'openHelp', findingId: 'F-1' },
      { type: 'export', format: 'sarif' },
      { type: 'requestReviewList', state: 'pending' },
      { type: 'tab', tab: 'review' },
    ];
    for (const m of good) {
      it(`accepts ${JSON.stringify(m)}`, () => assert.equal(parseMessage(WebviewToHost, m).ok, true));
    }

    const bad: [string, unknown][] = [
      ['an unknown type', { type: 'runCommand', id: 'x' }],
      ['a command field', { type: 'select', id: 'F-1', command: 'workbench.action.terminal.new' }],
      ['a uri on openLocation', { type: 'openLocation', findingId: 'F-1', uri: 'file:///etc/passwd' }],
      ['a negative step', { type: 'openLocation', findingId: 'F-1', step: -1 }],
      ['a fractional step', { type: 'openLocation', findingId: 'F-1', step: 1.5 }],
      ['no ids', { type: 'decide', ids: [], action: 'acknowledge', reason: 'will_fix', comment: '' }],
      ['a reason of the other action', { type: 'decide', ids: ['F-1'], action: 'acknowledge', reason: 'false_positive', comment: '' }],
      ['a dispute without comment', { type: 'decide', ids: ['F-1'], action: 'dispute', reason: 'false_positive', comment: '   ' }],
      ['an unknown export format', { type: 'export', format: 'html' }],
      ['a string', 'ready'],
      ['null', null],
      ['a missing type', { id: 'F-1' }],
      ['a wrong field type', { type: 'select', id: 42 }],
    ];
    for (const [what, m] of bad) {
      it(`rejects ${what}`, () => assert.equal(parseMessage(WebviewToHost, m).ok, false));
    }

    it('says what is wrong', () => {
      const r = parseMessage(WebviewToHost, { type: 'decide', ids: ['F-1'], action: 'dispute', reason: 'false_positive', comment: '' });
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.error : '', /comment/);
    });
  });

  describe('host → webview', () => {
    const good: unknown[] = [
      {
        type: 'init',
        me: { user: { id: 'u', name: 'U' }, role: 'lead', projects: ['p'] },
        items: [makeItem(1)],
        selectedId: null,
        tab: 'review',
        trusted: true,
      },
      { type: 'init', me: null, items: [], selectedId: 'F-1', tab: 'findings', trusted: false },
      { type: 'findings', items: [makeItem(1, { outbox: { id: 'o', state: 'conflict', message: 'changed' } })] },
      { type: 'details', finding: makeFinding(), resolved: true, history: [makeDecision()], outbox: [] },
      {
        type: 'outbox',
        entries: [
          { id: 'o', kind: 'triage', targetId: 'F-1', findingId: 'F-1', state: 'refused', message: 'no', attempts: 1, queuedAt: 'now' },
        ],
      },
      { type: 'reviewList', state: 'all', decisions: [makeReviewEntry()] },
      { type: 'reviewsChanged' },
      { type: 'select', id: 'F-1' },
      { type: 'openForm', ids: ['F-1'], action: 'dispute' },
      { type: 'openForm', ids: ['F-1'], action: 'acknowledge', reason: 'will_fix' },
      { type: 'trust', trusted: true },
      { type: 'error', message: 'x' },
      { type: 'notice', message: 'y' },
    ];
    for (const m of good) {
      it(`accepts ${(m as { type: string }).type}`, () => {
        const r = parseMessage(HostToWebview, m);
        assert.equal(r.ok, true, r.ok ? '' : r.error);
      });
    }

    const bad: [string, unknown][] = [
      ['an unknown type', { type: 'eval', code: 'alert(1)' }],
      ['a command field', { type: 'notice', message: 'hi', command: 'x' }],
      ['a bad severity in a row', { type: 'findings', items: [{ ...makeItem(1), severity: 'urgent' }] }],
      ['a negative line', { type: 'findings', items: [{ ...makeItem(1), line: -1 }] }],
      ['an http helpUri', { type: 'details', finding: makeFinding({ helpUri: 'http://evil' }), resolved: true, history: [], outbox: [] }],
      ['reviewsChanged with a field', { type: 'reviewsChanged', state: 'all' }],
      ['an unknown tab', { type: 'init', me: null, items: [], selectedId: null, tab: 'admin', trusted: true }],
    ];
    for (const [what, m] of bad) {
      it(`rejects ${what}`, () => assert.equal(parseMessage(HostToWebview, m).ok, false));
    }
  });
});
