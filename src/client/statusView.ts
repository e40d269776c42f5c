/**
 * What the status bar item shows for a `findingsLens/status` notification: its text, its tooltip
 * (markdown, rendered untrusted), its background and what a click does. Pure, so every state can
 * be tested without an editor; src/client/statusBar.ts puts the result on screen.
 */
// Types only, to keep zod out of the client bundle; SEVERITY_LABELS names every severity.
import { SEVERITIES, severityLabel } from '../shared/codes';
import type { FindingCounts, StatusParams, SyncNotice, SyncState } from '../shared/protocol';

/** What clicking the item does. */
export type StatusClick = 'syncNow' | 'setToken' | 'openSettings' | 'showOutput';

/** The item's look for one status. */
export interface StatusView {
  /** Status bar text, with `$(icon)` codicons. */
  text: string;
  /** Markdown for an untrusted MarkdownString: no command links, no HTML; feed text is escaped. */
  tooltip: string;
  /** `warning` → statusBarItem.warningBackground, `error` → statusBarItem.errorBackground. */
  background?: 'warning' | 'error';
  click: StatusClick;
}

/** Formats an ISO time as the user's local HH:MM. */
export type Clock = (iso: string) => string;

export const localClock: Clock = (iso) => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '--:--';
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
};

/** Before the server's first status: the extension is starting. */
const STARTING: StatusView = {
  text: '$(shield) Findings Lens: starting…',
  tooltip: '**Findings Lens** · starting the language server…',
  click: 'syncNow',
};

/** The language server could not be started: nothing will sync until the window is reloaded. */
export function startFailedView(reason: string): StatusView {
  return {
    text: '$(error) Findings Lens: server not running',
    tooltip: [
      '**Findings Lens** · the language server did not start',
      escapeMarkdown(reason),
      'Findings are not shown. Reload the window to try again. Click to open the log.',
    ].join('\n\n'),
    background: 'error',
    click: 'showOutput',
  };
}

export function statusView(status: StatusParams | undefined, clock: Clock = localClock): StatusView {
  if (status === undefined) return STARTING;
  const { state, counts } = status;
  const notices = status.notices ?? [];
  const phrase = statePhrase(state, clock) + (notices.length > 0 && state.kind === 'upToDate' ? ', with limits hit' : '');
  const click = clickFor(state);
  const showCounts = counts.total > 0 || state.kind === 'upToDate';
  const icon = notices.length > 0 && state.kind === 'upToDate' ? '$(warning)' : stateIcon(state);
  const text = `${icon} ${showCounts ? `${countsText(counts)} · ` : ''}${phrase}`;
  const tooltip = [
    `**Findings Lens** · ${escapeMarkdown(phrase)}`,
    severityTable(counts),
    asideLines(counts),
    stateDetail(state, clock),
    noticeLines(notices),
    // Pushed or polled: said only while syncs run at all (not before a token or a feed is set).
    status.updates && (state.kind === 'upToDate' || state.kind === 'syncing') ? escapeMarkdown(status.updates.message) : '',
    CLICK_HINTS[click],
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  const background = backgroundFor(state) ?? (notices.length > 0 ? 'warning' : undefined);
  return background === undefined ? { text, tooltip, click } : { text, tooltip, background, click };
}

/** The short sync state, as the status bar says it. */
export function statePhrase(state: SyncState, clock: Clock = localClock): string {
  switch (state.kind) {
    case 'notConfigured':
      return 'not configured';
    case 'noToken':
      return 'no token — set one';
    case 'syncing':
      return 'syncing…';
    case 'upToDate':
      return `up to date at ${clock(state.at)}`;
    case 'offline':
      return `offline since ${clock(state.since)}, retrying`;
    case 'unauthorized':
      return 'token rejected';
    case 'error':
      return 'sync failed';
  }
}

/** `3 critical · 5 high · 12 total`: the two severities that call for action, then the total shown, named. */
export function countsText(counts: FindingCounts): string {
  if (counts.total === 0) return 'no findings';
  const urgent = (['critical', 'high'] as const)
    .filter((severity) => counts.bySeverity[severity] > 0)
    .map((severity) => `${counts.bySeverity[severity]} ${severity}`);
  if (urgent.length === 0) return `${counts.total} ${counts.total === 1 ? 'finding' : 'findings'}`;
  return [...urgent, `${counts.total} total`].join(' · ');
}

function stateIcon(state: SyncState): string {
  switch (state.kind) {
    case 'syncing':
      return '$(sync~spin)';
    case 'offline':
      return '$(cloud-offline)';
    case 'unauthorized':
    case 'noToken':
      return '$(key)';
    case 'error':
      return '$(warning)';
    default:
      return '$(shield)';
  }
}

function clickFor(state: SyncState): StatusClick {
  if (state.kind === 'noToken' || state.kind === 'unauthorized') return 'setToken';
  if (state.kind === 'notConfigured') return 'openSettings';
  return 'syncNow';
}

function backgroundFor(state: SyncState): StatusView['background'] {
  if (state.kind === 'offline') return 'warning';
  if (state.kind === 'unauthorized' || state.kind === 'error') return 'error';
  return undefined;
}

const CLICK_HINTS: Record<StatusClick, string> = {
  syncNow: 'Click to sync now.',
  setToken: 'Click to set the feed token.',
  openSettings: 'Click to open the Findings Lens settings.',
  showOutput: 'Click to open the log.',
};

function severityTable(counts: FindingCounts): string {
  const rows = SEVERITIES.map((severity) => `| ${severityLabel(severity)} | ${counts.bySeverity[severity] ?? 0} |`);
  return ['| Severity | Shown |', '|:--|--:|', ...rows, `| **Total** | **${counts.total}** |`].join('\n');
}

function asideLines(counts: FindingCounts): string {
  return [
    `Needs re-review (code changed since the decision; counted above): ${counts.reReview}`,
    `Resolved (acknowledged or dispute approved): ${counts.resolved}`,
    `Set aside as invalid: ${counts.invalid}`,
    `Set aside for an unsafe path: ${counts.rejectedPaths}`,
  ].join('  \n');
}

/** What the last sync had to cut, drop or wait for, each with the setting that raises its bound. */
function noticeLines(notices: readonly SyncNotice[]): string {
  if (notices.length === 0) return '';
  const lines = notices.map((n) => `- ${escapeMarkdown(n.message)}${n.setting ? ` (setting: ${escapeMarkdown(n.setting)})` : ''}`);
  return ['**Limits hit by the last sync**', ...lines].join('\n');
}

/** The server's own words for a problem; they may quote the feed, so they are escaped. */
function stateDetail(state: SyncState, clock: Clock): string {
  switch (state.kind) {
    case 'notConfigured':
    case 'unauthorized':
    case 'error':
      return escapeMarkdown(state.message);
    case 'offline':
      return escapeMarkdown(state.retryAt ? `${state.message} (next try at ${clock(state.retryAt)})` : state.message);
    default:
      return '';
  }
}

/** Escapes text so markdown shows it literally: no links, emphasis, tables, HTML or line breaks. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&$:]/g, (c) => `\\${c}`);
}
