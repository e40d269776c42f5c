/**
 * What the host does with the webview's messages, as pure functions: one server request per
 * finding (or per reviewed decision), the history to show, where a location or a step points.
 */
import type { TriageDecision } from '../../shared/feed';
import type { FindingDetails, OutboxEntryView, SubmitReviewParams, SubmitTriageParams } from '../../shared/protocol';
import type { PanelTab, WebviewToHost } from '../../shared/webview';

type Decide = Extract<WebviewToHost, { type: 'decide' }>;
type Review = Extract<WebviewToHost, { type: 'review' }>;

/** One submitTriage per selected finding, duplicates dropped, the comment trimmed. */
export function triageRequests(m: Decide): SubmitTriageParams[] {
  return [...new Set(m.ids)].map((findingId) => ({ findingId, action: m.action, reason: m.reason, comment: m.comment.trim() }));
}

export function reviewRequests(m: Review): SubmitReviewParams[] {
  return [...new Set(m.decisionIds)].map((decisionId) => ({ decisionId, decision: m.decision, comment: m.comment.trim() }));
}

/** The decisions to show, newest first: the server's history, else the latest one alone. */
export function historyOf(details: FindingDetails): TriageDecision[] {
  const all = details.history ?? (details.finding.triage ? [details.finding.triage] : []);
  return all.slice().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

export function outboxFor(findingId: string, entries: readonly OutboxEntryView[]): OutboxEntryView[] {
  return entries.filter((e) => e.findingId === findingId || e.targetId === findingId);
}

/** A place to open: a file URI and a 0-based line and character. */
export interface OpenTarget {
  uri: string;
  line: number;
  character: number;
}

/**
 * Where `openLocation` goes. The finding itself opens at its anchored line (where it is drawn
 * now); a data flow step opens the step's file, found beside the finding's file by replacing the
 * finding's relative path with the step's. Steps with unsafe paths (absolute, backslashes, `..`)
 * open nothing.
 */
export function locationTarget(details: FindingDetails, step: number | undefined, anchoredLine: number | undefined): OpenTarget | null {
  if (!details.uri) return null;
  const f = details.finding;
  if (step === undefined) {
    return { uri: details.uri, line: anchoredLine ?? f.location.startLine - 1, character: Math.max(0, (f.location.startColumn ?? 1) - 1) };
  }
  const s = f.flow?.[step];
  if (!s) return null;
  const uri = siblingUri(details.uri, f.location.path, s.location.path);
  if (!uri) return null;
  const sameFile = s.location.path === f.location.path;
  const shift = sameFile && anchoredLine !== undefined ? anchoredLine - (f.location.startLine - 1) : 0;
  return { uri, line: Math.max(0, s.location.startLine - 1 + shift), character: Math.max(0, (s.location.startColumn ?? 1) - 1) };
}

/** `file:///repo/src/a.ts` + `src/a.ts` + `lib/b.ts` → `file:///repo/lib/b.ts`. */
export function siblingUri(fileUri: string, relPath: string, otherRelPath: string): string | null {
  if (!isSafeRelative(otherRelPath)) return null;
  const encodedRel = relPath.split('/').map(encodeURIComponent).join('/');
  const root = fileUri.endsWith(encodedRel)
    ? fileUri.slice(0, -encodedRel.length)
    : fileUri.endsWith(relPath)
      ? fileUri.slice(0, -relPath.length)
      : null;
  if (root === null || !root.endsWith('/')) return null;
  return root + otherRelPath.split('/').map(encodeURIComponent).join('/');
}

export function isSafeRelative(p: string): boolean {
  return (
    p.length > 0 &&
    !p.startsWith('/') &&
    !p.includes('\\') &&
    !/^[a-zA-Z]:/.test(p) &&
    !p.split('/').some((seg) => seg === '..' || seg === '')
  );
}

/** The webview's saved state is untrusted input too: keep only the two fields the host uses. */
export function restoredState(state: unknown): { detailsId: string | null; tab: PanelTab } {
  const s = (typeof state === 'object' && state !== null ? state : {}) as Record<string, unknown>;
  return {
    detailsId: typeof s.detailsId === 'string' && s.detailsId.length > 0 && s.detailsId.length <= 200 ? s.detailsId : null,
    tab: s.tab === 'review' ? 'review' : 'findings',
  };
}
