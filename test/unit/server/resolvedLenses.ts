/**
 * Code lenses as the editor shows them: the unresolved lenses the server answers, each then
 * resolved (codeLens/resolve) against the findings as drawn now.
 */
import type { CodeLens } from 'vscode-languageserver';
import type { Finding } from '../../../src/shared/feed';
import { buildCodeLenses, resolveCodeLens, type LensSubject } from '../../../src/server/codeLens';
import { drawFile, type ViewContext } from '../../../src/server/fileView';
import type { Placement } from '../../../src/server/placement';

/** One finding's lenses, resolved. */
export function resolvedLenses(finding: Finding, placement: Placement, reReview = false): CodeLens[] {
  const subject: LensSubject = { finding, placement, reReview, hidden: false };
  return resolveAll(buildCodeLenses(finding, placement, reReview), (id) => (id === finding.id ? subject : undefined));
}

/** A file's lenses, resolved against the file as `ctx` draws it now. */
export function resolvedInFile(lenses: readonly CodeLens[], ctx: ViewContext, uri: string): CodeLens[] {
  const drawn = drawFile(ctx, uri);
  return resolveAll(lenses, (id) => drawn.find((d) => d.finding.id === id));
}

export function resolveAll(lenses: readonly CodeLens[], drawnOf: (id: string) => LensSubject | undefined): CodeLens[] {
  return lenses.map((lens) => resolveCodeLens(lens, drawnOf));
}
