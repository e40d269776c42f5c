import * as assert from 'node:assert/strict';
import {
  activateRan,
  activationOf,
  cacheSavedAfter,
  cacheFirstLook,
  cacheShown,
  channelLog,
  firstSync,
  parseLog,
  parseLogLine,
} from '../../../../bench/editor/editorLogs';

const HOST_LOG = `2026-12-04 00:52:08.136 [info] Extension host with pid 21258 started
2026-12-04 00:52:09.258 [info] ExtensionService#_doActivateExtension vscode.emmet, startup: false, activationEvent: 'onLanguage'
2026-12-04 00:52:11.034 [info] ExtensionService#_doActivateExtension findings-lens.findings-lens, startup: false, activationEvent: 'onStartupFinished'
`;

const OUR_LOG = `2026-12-04 00:52:13.900 [info] Findings Lens 0.1.0 activated
2026-12-04 00:52:14.235 [info] decision outbox open for project monorepo
2026-12-04 00:52:14.600 [info] cache first look: 6 finding(s) of 1 open file(s) in 85 ms
2026-12-04 00:52:15.000 [info] showing 10000 cached finding(s) until the sync ends
2026-12-04 00:52:20.500 [info] sync: full, 10 page(s), 10000 finding(s), 0 invalid, 4321 ms
2026-12-04 00:52:22.000 [info] findings cache saved (whole; 10000 finding(s))
`;

describe('bench/editor/editorLogs', () => {
  it('reads a log line in local time, to the millisecond', () => {
    const line = parseLogLine('2026-12-04 00:52:11.034 [warn] something happened');
    assert.deepEqual(line, { at: new Date(2026, 11, 4, 0, 52, 11, 34).getTime(), level: 'warn', message: 'something happened' });
    assert.equal(parseLogLine('\tat PipeConnectWrap.afterConnect'), undefined);
  });

  it("finds Findings Lens's activation and the event that did it, not another extension's", () => {
    const activation = activationOf(parseLog(HOST_LOG), 'findings-lens.findings-lens');
    assert.deepEqual(activation, { at: new Date(2026, 11, 4, 0, 52, 11, 34).getTime(), event: 'onStartupFinished' });
    assert.equal(activationOf(parseLog(HOST_LOG), 'someone.else'), undefined);
  });

  it("reads the server's sync with its own time, the cache it showed and the cache it saved", () => {
    const lines = parseLog(OUR_LOG);
    const sync = firstSync(lines)!;
    assert.deepEqual({ kind: sync.kind, findings: sync.findings, ms: sync.ms }, { kind: 'full', findings: 10000, ms: 4321 });
    assert.equal(cacheShown(lines)?.findings, 10000);
    assert.deepEqual(cacheFirstLook(lines), { at: new Date(2026, 11, 4, 0, 52, 14, 600).getTime(), findings: 6, ms: 85 });
    // An older package's line: its timestamp, with or without the host's start.
    assert.equal(activateRan(lines), new Date(2026, 11, 4, 0, 52, 13, 900).getTime());
    assert.equal(activateRan(lines, 1_000), new Date(2026, 11, 4, 0, 52, 13, 900).getTime());
    assert.equal(cacheSavedAfter(lines, sync.at), true);
    assert.equal(cacheSavedAfter(lines, sync.at + 10_000), false);
  });

  it('places activate() by the time it measured after the extension host started, not by when its line was written', () => {
    const lines = parseLog('2026-12-04 00:52:13.900 [info] Findings Lens 0.1.0 activated 2345 ms after the extension host started\n');
    const hostStartedAt = new Date(2026, 11, 4, 0, 52, 8, 100).getTime();
    assert.equal(activateRan(lines, hostStartedAt), hostStartedAt + 2345);
    assert.equal(activateRan(lines), new Date(2026, 11, 4, 0, 52, 13, 900).getTime(), 'without the host start, the line time');
  });

  it("reads the floor extension's line by its name, and never takes one extension's line for the other's", () => {
    const lines = parseLog(`2026-12-04 00:52:13.900 [info] Findings Lens 0.1.0 activated 2345 ms after the extension host started
2026-12-04 00:52:14.100 [info] Diagnostics floor 0.0.1 activated 3456 ms after the extension host started
`);
    assert.equal(activateRan(lines, 1_000, 'Diagnostics floor'), 1_000 + 3456);
    assert.equal(activateRan(lines, 1_000), 1_000 + 2345);
    assert.equal(activateRan(lines.slice(0, 1), 1_000, 'Diagnostics floor'), undefined);
    assert.equal(activateRan(lines.slice(1), 1_000), undefined);
    // The name is text, not a pattern.
    assert.equal(activateRan(lines, 1_000, 'Diagnostics.floor'), undefined);
  });

  it("finds an extension's log channel beside the extension host's log", () => {
    assert.equal(
      channelLog('/u/logs/20261204T005208/exthost1/remoteexthost.log', 'findings-lens-bench.diagnostics-floor', 'Diagnostics floor'),
      '/u/logs/20261204T005208/exthost1/findings-lens-bench.diagnostics-floor/Diagnostics floor.log',
    );
  });

  it('reads a sync that changed nothing (a warm start)', () => {
    for (const message of ['sync: not modified (12 ms)', 'sync: no change since the last sync (40 ms)']) {
      const sync = firstSync(parseLog(`2026-12-04 00:52:20.500 [info] ${message}\n`))!;
      assert.equal(sync.findings, 0);
      assert.ok(sync.ms === 12 || sync.ms === 40);
    }
    assert.equal(firstSync(parseLog('2026-12-04 00:52:20.500 [info] sync failed (offline): ECONNREFUSED\n')), undefined);
  });
});
