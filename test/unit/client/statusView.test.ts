import * as assert from 'node:assert/strict';
import type { FindingCounts, StatusParams, SyncState } from '../../../src/shared/protocol';
import { countsText, escapeMarkdown, localClock, startFailedView, statusView } from '../../../src/client/statusView';

const clock = (iso: string) => `T${iso.slice(11, 16)}`;

function counts(bySeverity: Partial<FindingCounts['bySeverity']>, extra: Partial<FindingCounts> = {}): FindingCounts {
  const full = { critical: 0, high: 0, medium: 0, low: 0, info: 0, ...bySeverity };
  const total = Object.values(full).reduce((a, b) => a + b, 0);
  return { bySeverity: full, total, resolved: 0, reReview: 0, needsDecision: 0, invalid: 0, rejectedPaths: 0, ...extra };
}

function view(state: SyncState, c: FindingCounts = counts({})) {
  const params: StatusParams = { state, counts: c };
  return statusView(params, clock);
}

describe('client/statusView', () => {
  it('shows critical and high counts, then the total, then when it last synced', () => {
    const v = view({ kind: 'upToDate', at: '2026-01-02T14:05:00Z' }, counts({ critical: 3, high: 5, medium: 4 }));
    assert.equal(v.text, '$(shield) 3 critical · 5 high · 12 total · up to date at T14:05');
    assert.equal(v.click, 'syncNow');
    assert.equal(v.background, undefined);
  });

  it('leaves out severities with no findings and says "findings" when only the total is left', () => {
    assert.equal(countsText(counts({ high: 2, low: 1 })), '2 high · 3 total');
    assert.equal(countsText(counts({ medium: 1 })), '1 finding');
    assert.equal(countsText(counts({ low: 4, info: 3 })), '7 findings');
    assert.equal(view({ kind: 'upToDate', at: '2026-01-02T09:00:00Z' }).text, '$(shield) no findings · up to date at T09:00');
  });

  it('names every sync state in the words the user sees', () => {
    const cases: [SyncState, string][] = [
      [{ kind: 'syncing' }, '$(sync~spin) syncing…'],
      [{ kind: 'offline', since: '2026-01-02T08:30:00Z', message: 'ECONNREFUSED' }, '$(cloud-offline) offline since T08:30, retrying'],
      [{ kind: 'unauthorized', message: '401' }, '$(key) token rejected'],
      [{ kind: 'noToken' }, '$(key) no token — set one'],
      [{ kind: 'notConfigured', message: 'findingsLens.feed.url is empty' }, '$(shield) not configured'],
      [{ kind: 'error', message: 'bad gateway' }, '$(warning) sync failed'],
    ];
    for (const [state, text] of cases) assert.equal(view(state).text, text, state.kind);
  });

  it('keeps the counts visible while offline, since the cached findings are still shown', () => {
    const v = view({ kind: 'offline', since: '2026-01-02T08:30:00Z', message: 'down' }, counts({ critical: 1 }));
    assert.equal(v.text, '$(cloud-offline) 1 critical · 1 total · offline since T08:30, retrying');
  });

  it('lists what the last sync had to cut or drop, with the setting that raises the bound, escaped', () => {
    const notices: StatusParams['notices'] = [
      { kind: 'duplicateIds', message: '1 finding was sent more than once in one sync (same id); duplicates were dropped.' },
      {
        kind: 'pagesPerSync',
        message: 'Sync stopped: more than 2,000 pages [x](command:evil).',
        setting: 'findingsLens.feed.maxPagesPerSync',
      },
    ];
    const v = statusView({ state: { kind: 'upToDate', at: '2026-01-02T14:05:00Z' }, counts: counts({ high: 1 }), notices }, clock);
    assert.equal(v.text, '$(warning) 1 high · 1 total · up to date at T14:05, with limits hit');
    assert.equal(v.background, 'warning');
    assert.match(v.tooltip, /\*\*Limits hit by the last sync\*\*/);
    assert.match(v.tooltip, /duplicates were dropped/);
    assert.match(v.tooltip, /setting: findingsLens\\\.feed\\\.maxPagesPerSync/);
    assert.ok(!v.tooltip.includes('](command:'), v.tooltip);
    const error = statusView({ state: { kind: 'error', message: 'Sync stopped.' }, counts: counts({}), notices }, clock);
    assert.equal(error.text, '$(warning) sync failed');
    assert.equal(error.background, 'error');
  });

  it('colours offline as a warning and a rejected token as an error', () => {
    assert.equal(view({ kind: 'offline', since: '2026-01-02T08:30:00Z', message: 'x' }).background, 'warning');
    assert.equal(view({ kind: 'unauthorized', message: 'x' }).background, 'error');
    assert.equal(view({ kind: 'syncing' }).background, undefined);
  });

  it('sends a click to Set Feed Token when there is no token or it was rejected, to the settings when unconfigured', () => {
    assert.equal(view({ kind: 'noToken' }).click, 'setToken');
    assert.equal(view({ kind: 'unauthorized', message: 'x' }).click, 'setToken');
    assert.equal(view({ kind: 'notConfigured', message: 'x' }).click, 'openSettings');
    assert.equal(view({ kind: 'offline', since: '2026-01-02T08:30:00Z', message: 'x' }).click, 'syncNow');
  });

  it('lists every severity, the resolved and set-aside counts in the tooltip', () => {
    const v = view(
      { kind: 'upToDate', at: '2026-01-02T14:05:00Z' },
      counts({ critical: 3, info: 2 }, { resolved: 4, reReview: 1, invalid: 1, rejectedPaths: 2 }),
    );
    for (const row of ['| Critical | 3 |', '| High | 0 |', '| Medium | 0 |', '| Low | 0 |', '| Info | 2 |', '| **Total** | **5** |']) {
      assert.ok(v.tooltip.includes(row), `missing ${row} in\n${v.tooltip}`);
    }
    assert.match(v.tooltip, /Resolved \(acknowledged or dispute approved\): 4/);
    assert.match(v.tooltip, /Needs re-review \(code changed since the decision; counted above\): 1/);
    assert.match(v.tooltip, /Set aside as invalid: 1/);
    assert.match(v.tooltip, /Set aside for an unsafe path: 2/);
    assert.match(v.tooltip, /Click to sync now\./);
  });

  it('escapes the server message in the tooltip so feed text cannot become a link or a command', () => {
    const message = 'see [here](command:workbench.action.terminal.new) <img src=x> **now**';
    const v = view({ kind: 'error', message });
    assert.ok(!v.tooltip.includes('](command:'), v.tooltip);
    assert.ok(!/(^|[^\\])<img/.test(v.tooltip), v.tooltip);
    assert.ok(v.tooltip.includes('\\[here\\]\\(command\\:workbench'), v.tooltip);
  });

  it('keeps markdown escapes on one line', () => {
    assert.equal(escapeMarkdown('a\nb\r\nc'), 'a b c');
    assert.equal(escapeMarkdown('*x*'), '\\*x\\*');
  });

  it('shows a starting state before the server has said anything', () => {
    const v = statusView(undefined);
    assert.match(v.text, /starting/);
  });

  it('says when the server did not start, in red, and opens the log on click', () => {
    const v = startFailedView('spawn node ENOENT');
    assert.match(v.text, /server not running/);
    assert.equal(v.background, 'error');
    assert.equal(v.click, 'showOutput');
    assert.match(v.tooltip, /Reload the window/);
  });

  it('formats times as local HH:MM and says so when the time is unreadable', () => {
    const local = new Date(2026, 0, 2, 9, 5).toISOString();
    assert.equal(localClock(local), '09:05');
    assert.equal(localClock('not a time'), '--:--');
  });
});
