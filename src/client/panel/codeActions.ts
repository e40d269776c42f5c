/**
 * "Acknowledge…", "Dispute…" and "Show details" quick fixes on Findings Lens diagnostics. The
 * finding is named by the diagnostic itself (see quickFixTargets.ts): no list is needed.
 */
import * as vscode from 'vscode';
import { Commands, DIAGNOSTIC_SOURCE } from '../../shared/commands';
import { findingIdOf } from './quickFixTargets';

export class FindingCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const id = findingIdOf(d as { data?: unknown });
      if (!id) continue;
      actions.push(
        action('Acknowledge…', Commands.acknowledge, id, d),
        action('Dispute…', Commands.dispute, id, d),
        action('Show details', Commands.showDetails, id, d),
      );
    }
    return actions;
  }
}

function action(title: string, command: string, findingId: string, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  a.command = { title, command, arguments: [findingId] };
  a.diagnostics = [diagnostic];
  return a;
}
