/**
 * "Apply suggested fix: …" Quick Fixes: a finding's suggested fixes (the feed's `fixes`) as code
 * actions whose workspace edit the editor previews before applying anything. Every edit carries a
 * change annotation with `needsConfirmation`, which VS Code answers with its refactor preview; an
 * editor that cannot show one gets the action disabled, saying why, never an edit applied unseen.
 *
 * A fix is offered only when it still fits: each file it edits resolves inside the workspace folder
 * (the same lexical and real-path checks as every feed path; the current text of a closed file is
 * read only through workspaceFiles.ts), and its regions, moved as far as the finding moved, still
 * read as at the finding's commit (see fixEdits.ts). Otherwise it is offered disabled with the
 * reason. The inserted text is the feed's, inserted as it is; the description is shown as plain text.
 *
 * After the edit, the action's command offers to acknowledge the finding as "will fix" (the client
 * asks the user: nothing is decided without them).
 */
import type { CodeAction, CodeActionParams, Diagnostic, Range, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { Commands, SUGGESTED_FIX_KIND } from '../../shared/commands';
import type { SuggestedFix } from '../../shared/feed';
import { isResolved } from '../findings/findingState';
import type { PathResolution } from '../workspace/paths';
import type { ProjectFiles } from '../workspace/projectFiles';
import type { DrawnFinding } from './fileView';
import { eitherOriginal, fileFixEdits, originalFromSnippet, originalFromText, type Misplaced, type OriginalLines } from './fixEdits';
import { shown } from './shownText';

/** The most text a fix may insert in all its files (the contract allows 20 × 100 × 65,536 characters). */
export const MAX_FIX_INSERTED_CHARS = 1_048_576;

/** Characters of a fix's description in the action's title. */
const TITLE_DESCRIPTION_CHARS = 100;

/** What the editor can do with a code action, from `initialize`. */
export interface FixEditor {
  /** Workspace edits with change annotations (and document changes): the edit can be confirmed before it applies. */
  confirmsEdits: boolean;
  /** Code actions may be sent disabled, with a reason. */
  disabledActions: boolean;
}

/** Where the fixes' files are and what they read. */
export interface FixFiles {
  /** A feed path in the workspace folder (lexical check, then real paths), or why it is refused. */
  resolve(path: string): PathResolution;
  /** The text the user has now: the open document's (with its version), else the file on disk through the workspace checks. */
  current(uri: string): Promise<{ text: string; version: number | null } | undefined>;
  /** A file (a feed path) at a commit, from the folder's repository, when it has it. */
  atCommit(commit: string, path: string): Promise<string | undefined>;
}

/** The fixes' files of a session: open documents as the editor has them, closed files from disk through the workspace checks. */
export function fixFiles(files: ProjectFiles, document: (uri: string) => { getText(): string; version: number } | undefined): FixFiles {
  return {
    resolve: (path) => files.resolve(path),
    current: async (uri) => {
      const open = document(uri);
      if (open) return { text: open.getText(), version: open.version };
      const text = await files.read(uri);
      return text === undefined ? undefined : { text, version: null };
    },
    atCommit: (commit, path) => files.fileAtCommit(commit, path),
  };
}

/** Whether a request's `only` kinds take suggested fixes (no `only`: every kind). */
export function offersSuggestedFixes(only: readonly string[] | undefined): boolean {
  return !only || only.some((kind) => kind === '' || SUGGESTED_FIX_KIND === kind || SUGGESTED_FIX_KIND.startsWith(`${kind}.`));
}

/** The sentences a disabled fix says (the first one the lead engineer's words, kept as the user sees them). */
export const FIX_REASONS = {
  changed: 'the code changed since the finding; the suggested fix no longer applies',
  unknown:
    "the code the fix was made for is not known here (no snippet of those lines, and the finding's commit is not in this repository)",
  misfit: 'the fix does not fit the code it was made for (a region past the end of its line)',
  overlap: 'two of its edits change the same text',
  lost: "the finding's code is no longer found in this file",
  editor: 'this editor cannot show the edit for confirmation before applying it (change annotations in workspace edits)',
  tooBig: `it inserts more than ${MAX_FIX_INSERTED_CHARS.toLocaleString('en-US')} characters`,
} as const;

/** Where the code actions of a request are looked for: the session's drawn findings, files and open documents. */
export interface CodeActionSource {
  views: { drawn(uri: string): readonly DrawnFinding[] };
  files: ProjectFiles;
  document(uri: string): { getText(): string; version: number } | undefined;
}

/** `textDocument/codeAction`: the suggested fixes of the findings the range touches, when the request takes quick fixes. */
export async function codeActionsFor(params: CodeActionParams, source: CodeActionSource, editor: FixEditor): Promise<CodeAction[]> {
  if (!offersSuggestedFixes(params.context?.only)) return [];
  const files = fixFiles(source.files, (uri) => source.document(uri));
  return suggestedFixActions(source.views.drawn(params.textDocument.uri), params.range, params.context?.diagnostics ?? [], files, editor);
}

/** The suggested-fix actions of the drawn findings of one file that `range` touches. */
export async function suggestedFixActions(
  drawn: readonly DrawnFinding[],
  range: Range,
  diagnostics: readonly Diagnostic[],
  files: FixFiles,
  editor: FixEditor,
): Promise<CodeAction[]> {
  const out: CodeAction[] = [];
  for (const d of drawn) {
    const fixes = d.finding.fixes;
    if (!fixes?.length || d.hidden || !touches(d.placement.range, range)) continue;
    const own = diagnostics.filter((g) => (g.data as { findingId?: unknown } | undefined)?.findingId === d.finding.id);
    for (const fix of fixes) {
      const action = await fixAction(d, fix, files, editor);
      if (action.disabled && !editor.disabledActions) continue;
      if (own.length > 0) action.diagnostics = own;
      if (fixes.length === 1 && !action.disabled) action.isPreferred = true;
      out.push(action);
    }
  }
  return out;
}

/** One fix of one finding as a code action: its previewed edit, or disabled with why. */
export async function fixAction(d: DrawnFinding, fix: SuggestedFix, files: FixFiles, editor: FixEditor): Promise<CodeAction> {
  const title = `Apply suggested fix: ${shown(oneLine(fix.description), TITLE_DESCRIPTION_CHARS, '…')}`;
  const edit = await fixEdit(d, fix, files, editor);
  if (typeof edit === 'string') return { title, kind: SUGGESTED_FIX_KIND, disabled: { reason: edit } };
  const action: CodeAction = { title, kind: SUGGESTED_FIX_KIND, edit };
  // Offered only while the finding is open: an acknowledged one has its decision already.
  if (!isResolved(d.finding))
    action.command = { title: 'Acknowledge as will fix…', command: Commands.fixApplied, arguments: [d.finding.id] };
  return action;
}

/** The fix as a workspace edit whose every edit asks for confirmation, or the reason it is not offered. */
async function fixEdit(d: DrawnFinding, fix: SuggestedFix, files: FixFiles, editor: FixEditor): Promise<WorkspaceEdit | string> {
  if (!editor.confirmsEdits) return FIX_REASONS.editor;
  if (d.placement.state === 'lost') return FIX_REASONS.lost;
  const inserted = fix.files.reduce((n, f) => n + f.replacements.reduce((m, r) => m + r.insertedText.length, 0), 0);
  if (inserted > MAX_FIX_INSERTED_CHARS) return FIX_REASONS.tooBig;
  const { finding } = d;
  const changes: TextDocumentEdit[] = [];
  for (const change of fix.files) {
    const where = shown(change.path, 200, '…');
    const resolved = files.resolve(change.path);
    if (!resolved.ok)
      return `it edits ${where}, which is not inside the workspace folder (${resolved.reason}); nothing outside it is edited`;
    const current = await files.current(resolved.uri);
    if (!current) return `${where} cannot be read (missing, too big, or not inside the workspace folder)`;
    const own = d.stored.resolution.ok && resolved.uri === d.stored.resolution.uri;
    const atCommit = finding.commit !== undefined ? await files.atCommit(finding.commit, change.path) : undefined;
    const original = originalOf(atCommit, own ? originalFromSnippet(finding.location) : undefined);
    // The finding's own file: its regions move with the finding; other files are taken at the commit's lines.
    const shift = own ? d.placement.range.start.line - (finding.location.startLine - 1) : 0;
    const placed = fileFixEdits(change, original, current.text, shift);
    if (!placed.ok) return reasonIn(placed.why, where, fix.files.length > 1);
    const edits = placed.edits.map((e) => ({ ...e, annotationId: ANNOTATION }));
    changes.push({ textDocument: { uri: resolved.uri, version: current.version }, edits });
  }
  const description = shown(fix.description, 1_000, '…');
  return {
    documentChanges: changes,
    changeAnnotations: { [ANNOTATION]: { label: `Suggested fix: ${oneLine(description)}`, description, needsConfirmation: true } },
  };
}

const ANNOTATION = 'findingsLens.suggestedFix';

function originalOf(atCommit: string | undefined, snippet: OriginalLines | undefined): OriginalLines {
  const fromCommit = atCommit !== undefined ? originalFromText(atCommit) : undefined;
  if (fromCommit && snippet) return eitherOriginal(fromCommit, snippet);
  return fromCommit ?? snippet ?? (() => undefined);
}

function reasonIn(why: Misplaced, where: string, several: boolean): string {
  return several ? `${FIX_REASONS[why]} (in ${where})` : FIX_REASONS[why];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether two ranges share a position (an empty request range at a finding's edge counts). */
function touches(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
