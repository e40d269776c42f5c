/**
 * The client's half of suggested fixes, which the server offers as Quick Fixes (see
 * src/server/views/codeActions.ts): the "Apply suggested fix…" lens opens them on its finding, and
 * once one is applied (VS Code runs the action's command only after its edit went through the
 * refactor preview) the user is asked whether to acknowledge the finding as "will fix". Nothing is
 * decided without them: the button opens the usual decision form with that reason chosen.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, SUGGESTED_FIX_KIND } from '../shared/commands';
import type { TriageUi } from './panel';
import { findingIdOf } from './panel/quickFixTargets';
import { findingIdArgument } from './triageInput';

/** The lens: the cursor goes to the finding's diagnostic, and VS Code shows its suggested fixes (applies the only one, previewed). */
export async function openSuggestedFixes(arg: unknown): Promise<void> {
  const findingId = findingIdArgument(arg);
  const editor = vscode.window.activeTextEditor;
  const diagnostic =
    findingId !== undefined && editor
      ? vscode.languages
          .getDiagnostics(editor.document.uri)
          .find((d) => d.source === DIAGNOSTIC_SOURCE && findingIdOf(d as { data?: unknown }) === findingId)
      : undefined;
  if (!editor || !diagnostic) {
    void vscode.window.showWarningMessage(
      "Findings Lens: the suggested fix opens from the finding's lens in its file; this finding is not shown in the active editor. Nothing was changed.",
    );
    return;
  }
  editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
  await vscode.commands.executeCommand('editor.action.codeAction', { kind: SUGGESTED_FIX_KIND, apply: 'ifSingle' });
}

/** The words of the question after a fix, and its button. */
export const FIX_APPLIED_QUESTION = 'Findings Lens: the suggested fix was applied. Acknowledge the finding as "Will fix"?';
export const ACKNOWLEDGE_WILL_FIX = 'Acknowledge as Will fix…';

/** After a suggested fix was applied: offer the decision form with "Will fix" chosen; the user submits it (or not). */
export async function offerWillFix(triageUi: TriageUi, arg: unknown): Promise<void> {
  const findingId = findingIdArgument(arg);
  if (findingId === undefined) return;
  if ((await vscode.window.showInformationMessage(FIX_APPLIED_QUESTION, ACKNOWLEDGE_WILL_FIX)) === ACKNOWLEDGE_WILL_FIX)
    triageUi.decide(findingId, 'acknowledge', 'will_fix');
}
