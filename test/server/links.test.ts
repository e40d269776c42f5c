/**
 * A feed path that goes through a symbolic link out of the workspace, over stdio: the finding is
 * refused and counted, nothing is published for it, and no decision sends the feed a hash of the
 * file behind the link, even when the link is made after the sync checked the path.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TriageDecision } from '../../src/shared/feed';
import * as protocol from '../../src/shared/protocol';
import { admin, copyWorkspace, PROJECT, startWorld, workspaceUri, type World } from './world';

const SECRET_LINE = 'root:x:0:0:the secret first line';

/** sha256 of the secret's first line, as the server would pin a decision to it (trimmed, spaces collapsed). */
const SECRET_HASH = `sha256:${createHash('sha256').update(SECRET_LINE).digest('hex')}`;

function finding(id: string, findingPath: string) {
  return {
    id,
    ruleId: 'js/path',
    title: `Finding at ${findingPath}`,
    message: 'x',
    severity: 'high',
    location: { path: findingPath, startLine: 1 },
  };
}

describe('feed paths through symbolic links, over stdio', function () {
  this.timeout(30_000);
  let world: World;
  let ws: ReturnType<typeof copyWorkspace>;
  let secret: string;

  before(async () => {
    ws = copyWorkspace();
    const outside = path.join(ws.base, 'outside');
    mkdirSync(outside);
    secret = path.join(outside, 'passwd');
    writeFileSync(secret, `${SECRET_LINE}\nsecond line\n`);
    symlinkSync(outside, path.join(ws.workspace.fsPath, 'link'));
    symlinkSync(secret, path.join(ws.workspace.fsPath, 'src', 'passwd-link'));
    // A link that stays inside the folder is fine.
    symlinkSync(path.join(ws.workspace.fsPath, 'src'), path.join(ws.workspace.fsPath, 'alias'));
    world = await startWorld({
      workspace: ws.workspace,
      prepare: (feed) =>
        admin(feed, 'POST', '/__admin/findings', {
          project: PROJECT,
          findings: [
            finding('through-dir-link', 'link/passwd'),
            finding('file-link', 'src/passwd-link'),
            finding('inside-alias', 'alias/db.ts'),
            finding('made-later', 'src/later.ts'),
          ],
        }).then(() => undefined),
    });
    await world.server.waitForState('upToDate');
  });
  after(async () => {
    await world?.stop();
    ws?.remove();
  });

  const uriOf = (p: string) => workspaceUri(p, ws.workspace);

  it('refuses both findings, counts them with the refused paths, logs why, and publishes nothing for them', async () => {
    const status = world.server.lastStatus!;
    assert.equal(status.counts.rejectedPaths, 2);
    for (const id of ['through-dir-link', 'file-link']) {
      assert.ok(
        world.server.logs.some((l) => l.includes(id) && /leads out of the workspace folder through a symbolic link/.test(l)),
        `${id} logged`,
      );
      const details = await world.server.connection.sendRequest(protocol.getFinding, { id });
      assert.equal(details?.uri, null, `${id} has no file`);
    }
    for (const p of ['link/passwd', 'src/passwd-link'])
      assert.equal(world.server.diagnostics.get(uriOf(p)), undefined, `nothing published at ${p}`);
    const rows = await world.server.connection.sendRequest(protocol.listFindings);
    assert.equal(rows.find((r) => r.id === 'through-dir-link')?.uri, null);
    // The link that stays inside, and the file that does not exist yet, are shown.
    await world.server.waitFor(
      'the finding behind the inside link shown',
      () => world.server.diagnostics.get(uriOf('alias/db.ts'))?.length === 1,
    );
    assert.equal(world.server.diagnostics.get(uriOf('src/later.ts'))?.length, 1);
  });

  it('sends no hash of the file behind the link with a decision on a refused finding', async () => {
    assert.equal((await acknowledged('through-dir-link')).codeHash, undefined);
  });

  it('sends no hash either when the file became a link to outside after the sync checked its path', async () => {
    symlinkSync(secret, path.join(ws.workspace.fsPath, 'src', 'later.ts'));
    assert.equal((await acknowledged('made-later')).codeHash, undefined);
    // ...and the next sync refuses it too.
    await admin(world.feed, 'POST', '/__admin/findings', { project: PROJECT, findings: [{ id: 'made-later', title: 'rescanned' }] });
    assert.equal((await world.server.syncNow()).ok, true);
    await world.server.waitFor('the finding refused at the next sync', () => world.server.lastStatus?.counts.rejectedPaths === 3);
    assert.deepEqual(world.server.diagnostics.get(uriOf('src/later.ts')), []);
  });

  it('never sent the feed anything computed from the file outside', async () => {
    const state = (await admin(world.feed, 'GET', `/__admin/state?project=${PROJECT}`)) as { decisions: TriageDecision[] };
    assert.ok(state.decisions.length >= 2);
    for (const d of state.decisions) assert.notEqual(d.codeHash, SECRET_HASH, JSON.stringify(d));
  });

  /** Acknowledges `findingId` and waits for the feed to hold the decision, which it returns. */
  async function acknowledged(findingId: string): Promise<TriageDecision> {
    const receipt = await world.server.connection.sendRequest(protocol.submitTriage, {
      findingId,
      action: 'acknowledge',
      reason: 'will_fix',
      comment: '',
    });
    return syncedDecision(receipt.id, findingId);
  }

  async function syncedDecision(entryId: string, findingId: string): Promise<TriageDecision> {
    await world.server.waitFor(`entry ${entryId} synced`, () => world.server.outboxEntry(entryId)?.state === 'synced');
    const state = (await admin(world.feed, 'GET', `/__admin/state?project=${PROJECT}`)) as { decisions: TriageDecision[] };
    const decision = state.decisions.find((d) => d.findingId === findingId);
    assert.ok(decision, `the feed holds a decision on ${findingId}`);
    return decision;
  }
});
