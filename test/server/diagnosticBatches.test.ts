/**
 * How the diagnostics leave the server: in `findingsLens/diagnostics` batches to an editor that
 * says it takes them (VS Code's client), paced by its answers; as publishDiagnostics, one file
 * each, to any other LSP editor. Both editors must end up showing the same thing.
 */
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { admin, EXPECTED_SEVERITY, PROJECT, seedFindings, startWorld, type World } from './world';
import { VSCODE_CAPABILITIES } from './lspClient';

/** VS Code's capabilities without the batches: what any other LSP editor says. */
const { experimental: _experimental, ...OTHER_EDITOR } = VSCODE_CAPABILITIES;

const findingIdOf = (d: Diagnostic) => (d.data as { findingId?: string } | undefined)?.findingId;

/** The severity the editor shows for finding `id`. */
function findingSeverity(world: World, id: string): number | undefined {
  for (const diagnostics of world.server.diagnostics.values()) {
    const found = diagnostics.find((d) => findingIdOf(d) === id);
    if (found) return found.severity;
  }
  return undefined;
}

/** Every finding shown, as `uri line severity message`, sorted: what the editor shows, however it came. */
function shown(world: World): string[] {
  const rows: string[] = [];
  for (const [uri, diagnostics] of world.server.diagnostics) {
    for (const d of diagnostics) rows.push(`${uri} ${findingIdOf(d)} ${d.range.start.line} ${d.severity} ${d.message}`);
  }
  return rows.sort();
}

describe('language server: diagnostics in batches', function () {
  this.timeout(60_000);
  const worlds: World[] = [];
  afterEach(async () => {
    await Promise.all(worlds.splice(0).map((w) => w.stop()));
  });

  async function synced(capabilities: Record<string, unknown>): Promise<World> {
    const world = await startWorld({ capabilities });
    worlds.push(world);
    const ids = seedFindings().map((f) => f.id);
    await world.server.waitFor('every demo finding shown', () =>
      ids.every((id) => [...world.server.diagnostics.values()].some((ds) => ds.some((d) => findingIdOf(d) === id))),
    );
    await world.server.waitFor('the first sync ended', () => world.server.syncsEnded.length > 0);
    return world;
  }

  it('sends VS Code batches and another editor publishDiagnostics, and both show the same findings on the same lines', async () => {
    const vscode = await synced(VSCODE_CAPABILITIES);
    const other = await synced(OTHER_EDITOR);
    assert.ok(vscode.server.deliveries.length > 0 && vscode.server.deliveries.every((files) => files > 0), 'only batches to VS Code');
    assert.ok(
      vscode.server.deliveries.length < vscode.server.publishes.length,
      `fewer messages than files: ${vscode.server.deliveries.length} for ${vscode.server.publishes.length}`,
    );
    assert.ok(
      other.server.deliveries.length > 0 && other.server.deliveries.every((files) => files === 0),
      'only publishDiagnostics to the other',
    );
    assert.deepEqual(shown(vscode), shown(other));
  });

  it('ends a sync only once the editor has answered its batches', async () => {
    const world = await synced(VSCODE_CAPABILITIES);
    const server = world.server;
    let answer!: () => void;
    server.holdBatches = new Promise<void>((resolve) => (answer = resolve));
    const finding = seedFindings()[0]!;
    const severity = finding.severity === 'low' ? 'high' : 'low';
    await admin(world.feed, 'POST', '/__admin/findings', { project: PROJECT, findings: [{ id: finding.id, severity }] });
    const ended = server.syncsEnded.length;
    const sync = server.syncNow();
    await server.waitFor('the changed file sent', () => server.heldBatches > 0);
    assert.equal(server.syncsEnded.length, ended, 'the sync waits for the editor');
    assert.equal(findingSeverity(world, finding.id), EXPECTED_SEVERITY[finding.severity], 'not shown before the editor answers');
    answer();
    assert.equal((await sync).ok, true);
    await server.waitFor('the sync ended, the change shown', () => server.syncsEnded.length > ended);
    assert.equal(findingSeverity(world, finding.id), EXPECTED_SEVERITY[severity]);
  });
});
