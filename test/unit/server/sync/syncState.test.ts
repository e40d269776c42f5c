import * as assert from 'node:assert/strict';
import { ServerSettings } from '../../../../src/shared/settings';
import { changesNothing, describeFailure, failedState, notReady, offlineState } from '../../../../src/server/sync/syncState';
import { makeFinding } from '../makeFinding';

describe('sync state messages', () => {
  const configured = ServerSettings.parse({ feedUrl: 'https://feed.example', project: 'p' });

  it('says what is missing before a sync can run', () => {
    assert.equal(notReady(ServerSettings.parse({}), 't')?.kind, 'notConfigured');
    assert.equal(notReady(ServerSettings.parse({ feedUrl: 'https://f' }), 't')?.kind, 'notConfigured');
    assert.deepEqual(notReady(configured, null), { kind: 'noToken' });
    assert.equal(notReady(configured, 't'), undefined);
  });

  it('offline carries since, the retry time, and says the findings are kept', () => {
    const state = offlineState({ kind: 'timeout', message: 'x' }, new Date('2026-01-01T10:00:00Z'), new Date('2026-01-01T10:00:05Z'));
    assert.deepEqual(
      { ...state, message: undefined },
      { kind: 'offline', since: '2026-01-01T10:00:00.000Z', retryAt: '2026-01-01T10:00:05.000Z', message: undefined },
    );
    assert.match((state as { message: string }).message, /in time.*last good sync/);
  });

  it('401 is unauthorized and asks for a new token; other failures are errors', () => {
    const unauthorized = failedState({ kind: 'unauthorized', status: 401, message: 'x' });
    assert.equal(unauthorized.kind, 'unauthorized');
    assert.match((unauthorized as { message: string }).message, /new token/);
    assert.equal(failedState({ kind: 'malformed', message: 'x' }).kind, 'error');
  });

  it('never repeats a response body, only the kind of failure', () => {
    assert.doesNotMatch(describeFailure({ kind: 'malformed', message: '<html>secret</html>' }), /secret/);
    assert.match(describeFailure({ kind: 'server', status: 503, message: '' }), /503/);
  });

  it('a 304 and an empty incremental page change nothing; a full sync, a finding or an invalid one do', () => {
    const cursor = { syncToken: 't2', etag: '"e2"' };
    assert.equal(changesNothing({ kind: 'notModified' }), true);
    assert.equal(changesNothing({ kind: 'incremental', findings: [], invalid: [], cursor, pages: 1, bytes: 10 }), true);
    assert.equal(
      changesNothing({ kind: 'full', findings: [], invalid: [], cursor, pages: 1, bytes: 10 }),
      false,
      'an empty full sync clears the findings',
    );
    assert.equal(
      changesNothing({ kind: 'incremental', findings: [makeFinding({ id: 'a' })], invalid: [], cursor, pages: 1, bytes: 10 }),
      false,
    );
    assert.equal(
      changesNothing({ kind: 'incremental', findings: [], invalid: [{ id: 'b', problem: 'bad' }], cursor, pages: 1, bytes: 10 }),
      false,
    );
  });
});
