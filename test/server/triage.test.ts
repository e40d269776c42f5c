/**
 * Decisions from the editor to the feed, through the real server bundle over stdio: a developer
 * acknowledges or disputes (queued, sent once, shown at once), a stale revision ends in a conflict
 * with the feed's words, a lead reviews from a second window, and code that changes after a
 * decision asks for a re-review.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { Commands } from '../../src/shared/commands';
import type { TriageDecision } from '../../src/shared/feed';
import * as protocol from '../../src/shared/protocol';
import { ServerUnderTest } from './lspClient';
import {
  admin,
  EXPECTED_SEVERITY,
  PROJECT,
  seedFindings,
  startWorld,
  WORKSPACE,
  workspaceUri,
  type SeedFinding,
  type World,
} from './world';

const HINT = 4;

/** The feed's state as its test control reports it. */
interface FeedState {
  findings: Array<{ id: string; status: string; revision: string }>;
  decisions: TriageDecision[];
  reviews: Array<{ decisionId: string; decision: string; actor: { id: string } }>;
}

function feedState(world: World): Promise<FeedState> {
  return admin(world.feed, 'GET', `/__admin/state?project=${PROJECT}`) as Promise<FeedState>;
}

/** The hash the issue asks for, written out here: sha256 of the lines trimmed, whitespace runs collapsed. */
function expectedHash(lines: string[]): string {
  const text = lines.map((l) => l.trim().replace(/\s+/g, ' ')).join('\n');
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function fileText(relative: string): string {
  return readFileSync(URI.parse(workspaceUri(relative)).fsPath, 'utf8');
}

function flaggedLines(f: SeedFinding): string[] {
  const lines = fileText(f.location.path).split(/\r?\n/);
  return lines.slice(f.location.startLine - 1, f.location.endLine ?? f.location.startLine);
}

function diagnosticOf(server: ServerUnderTest, f: SeedFinding): Diagnostic | undefined {
  return server.diagnostics
    .get(workspaceUri(f.location.path))
    ?.find((d) => (d.data as { findingId?: string } | undefined)?.findingId === f.id);
}

async function open(server: ServerUnderTest, f: SeedFinding): Promise<string> {
  const uri = workspaceUri(f.location.path);
  await server.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'plaintext', version: 1, text: fileText(f.location.path) },
  });
  return uri;
}

async function detailsLens(server: ServerUnderTest, f: SeedFinding): Promise<CodeLens | undefined> {
  const lenses = await server.codeLenses(workspaceUri(f.location.path));
  return lenses.find((l) => l.command?.command === Commands.showDetails && l.command.arguments?.[0] === f.id);
}

async function row(server: ServerUnderTest, id: string): Promise<protocol.FindingListItem | undefined> {
  return (await server.connection.sendRequest(protocol.listFindings)).find((r) => r.id === id);
}

/** Waits until outbox entry `id` reaches `state`, failing at once if it settles in another final state. */
function waitForEntry(server: ServerUnderTest, id: string, state: protocol.OutboxState): Promise<protocol.OutboxEntryView> {
  return server.waitFor(`outbox entry ${id} ${state}`, () => {
    const entry = server.outboxEntry(id);
    if (entry && entry.state !== state && entry.state !== 'pending')
      throw new Error(`entry ${id} ended ${entry.state}: ${entry.message ?? ''}`);
    return entry?.state === state ? entry : undefined;
  });
}

describe('decisions over stdio', function () {
  this.timeout(40_000);
  const seed = seedFindings();
  const byId = (id: string) => seed.find((f) => f.id === id)!;

  describe('a developer', () => {
    let world: World;
    before(async () => {
      world = await startWorld();
      await world.server.waitForState('upToDate');
    });
    after(async () => world?.stop());

    it('acknowledges a finding: queued, sent once with the code hash, shown as acknowledged at once', async () => {
      const f = byId('AP-101');
      const uri = await open(world.server, f);
      const before = await world.server.codeLenses(uri);
      assert.ok(
        before.some((l) => l.command?.command === Commands.acknowledge && l.command.arguments?.[0] === f.id),
        'Acknowledge offered before the decision',
      );
      const receipt = await world.server.connection.sendRequest(protocol.submitTriage, {
        findingId: f.id,
        action: 'acknowledge',
        reason: 'will_fix',
        comment: 'fix in next sprint',
      });
      assert.equal(receipt.state, 'queued');
      await waitForEntry(world.server, receipt.id, 'synced');
      assert.deepEqual(world.server.outboxStates(receipt.id), ['pending', 'synced']);

      const state = await feedState(world);
      const mine = state.decisions.filter((d) => d.findingId === f.id);
      assert.equal(mine.length, 1, JSON.stringify(mine));
      assert.equal(mine[0]!.action, 'acknowledge');
      assert.equal(mine[0]!.codeHash, expectedHash(flaggedLines(f)));
      assert.equal(state.findings.find((x) => x.id === f.id)?.status, 'acknowledged');

      await world.server.waitFor('the diagnostic shown as resolved', () => diagnosticOf(world.server, f)?.severity === HINT);
      assert.match((await detailsLens(world.server, f))!.command!.title, /· acknowledged$/);
      const after = await world.server.codeLenses(uri);
      assert.ok(
        !after.some((l) => l.command?.command === Commands.acknowledge && l.command.arguments?.[0] === f.id),
        'no Acknowledge lens once acknowledged',
      );
      const listed = await row(world.server, f.id);
      assert.equal(listed?.status, 'acknowledged');
      assert.equal(listed?.needsReReview, false);
      assert.deepEqual(listed?.outbox, { id: receipt.id, state: 'synced' });
      const details = await world.server.connection.sendRequest(protocol.getFinding, { id: f.id });
      assert.deepEqual(
        details?.history?.map((d) => [d.id, d.action]),
        [[mine[0]!.id, 'acknowledge']],
      );
    });

    it('disputes a finding of a closed file with a comment, hashed from the file on disk', async () => {
      const f = byId('AP-107');
      const receipt = await world.server.connection.sendRequest(protocol.submitTriage, {
        findingId: f.id,
        action: 'dispute',
        reason: 'used_in_tests',
        comment: 'only the e2e fixture loads this',
      });
      await waitForEntry(world.server, receipt.id, 'synced');
      const decision = (await feedState(world)).decisions.find((d) => d.findingId === f.id);
      assert.equal(decision?.comment, 'only the e2e fixture loads this');
      assert.equal(decision?.reason, 'used_in_tests');
      assert.equal(decision?.codeHash, expectedHash(flaggedLines(f)));
      const listed = await row(world.server, f.id);
      assert.equal(listed?.status, 'disputed');
      assert.equal(listed?.triage?.review, null);
    });

    it('refuses a decision the feed would refuse, and one on an unknown finding, with the reason', async () => {
      await assert.rejects(
        world.server.connection.sendRequest(protocol.submitTriage, {
          findingId: 'AP-102',
          action: 'dispute',
          reason: 'false_positive',
          comment: '  ',
        }),
        /dispute needs a comment/,
      );
      await assert.rejects(
        world.server.connection.sendRequest(protocol.submitTriage, {
          findingId: 'no-such-finding',
          action: 'acknowledge',
          reason: 'will_fix',
          comment: '',
        }),
        /no finding no-such-finding/,
      );
    });

    it("reports a conflict with the feed's message when the finding changed after the last sync", async () => {
      const f = byId('AP-103');
      await admin(world.feed, 'POST', '/__admin/findings', { project: PROJECT, findings: [{ ...f, title: `${f.title} (rescanned)` }] });
      const receipt = await world.server.connection.sendRequest(protocol.submitTriage, {
        findingId: f.id,
        action: 'acknowledge',
        reason: 'mitigated',
        comment: '',
      });
      const entry = await waitForEntry(world.server, receipt.id, 'conflict');
      const revision = (await feedState(world)).findings.find((x) => x.id === f.id)!.revision;
      assert.match(entry.message ?? '', new RegExp(`revision ${revision}`));
      assert.equal((await feedState(world)).decisions.filter((d) => d.findingId === f.id).length, 0);
      assert.equal((await row(world.server, f.id))?.outbox?.state, 'conflict');
    });

    it("is refused a review with the feed's own message, and the review list", async () => {
      const decision = (await feedState(world)).decisions[0]!;
      const before = await world.server.waitFor('a status', () => world.server.lastStatus?.counts);
      const receipt = await world.server.connection.sendRequest(protocol.submitReview, {
        decisionId: decision.id,
        decision: 'approve',
        comment: '',
      });
      const entry = await waitForEntry(world.server, receipt.id, 'refused');
      assert.match(entry.message ?? '', /only a lead may do this/);
      // The acknowledged finding whose review was refused needs someone again (the view's badge).
      await world.server.waitFor(
        'the status counting it as needing a decision',
        () => world.server.lastStatus?.counts.needsDecision === before.needsDecision + 1,
      );
      assert.equal((await feedState(world)).reviews.length, 0);
      await assert.rejects(world.server.connection.sendRequest(protocol.listTriage, { state: 'pending' }), /Only leads can review/);
      const me = await world.server.connection.sendRequest(protocol.getMe);
      assert.equal(me?.role, 'developer');
    });

    it('asks for a re-review when the acknowledged code is edited, and shows the diagnostic at its severity again', async () => {
      const f = byId('AP-104');
      const uri = await open(world.server, f);
      const before = await world.server.waitFor('a status', () => world.server.lastStatus?.counts);
      const receipt = await world.server.connection.sendRequest(protocol.submitTriage, {
        findingId: f.id,
        action: 'acknowledge',
        reason: 'accepted_risk',
        comment: '',
      });
      await waitForEntry(world.server, receipt.id, 'synced');
      await world.server.waitFor('acknowledged shown', () => diagnosticOf(world.server, f)?.severity === HINT);
      // The status that counts this acknowledgement (diagnostics go out before the status does).
      const acknowledged = await world.server.waitFor('the status counting it resolved', () => {
        const counts = world.server.lastStatus?.counts;
        return counts && counts.resolved === before.resolved + 1 && counts.reReview === 0 ? counts : undefined;
      });

      const line = f.location.startLine - 1;
      const lineText = flaggedLines(f)[0]!;
      // Re-indenting is not a change of the code...
      await world.server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '    ' }],
      });
      assert.equal((await row(world.server, f.id))?.needsReReview, false);
      // ...changing what it does is.
      const end = lineText.length + 4;
      await world.server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ range: { start: { line, character: end }, end: { line, character: end } }, text: ' // changed: 1 + 1' }],
      });
      await world.server.waitFor(
        'the diagnostic back at its severity',
        () => diagnosticOf(world.server, f)?.severity === EXPECTED_SEVERITY[f.severity],
      );
      const diagnostic = diagnosticOf(world.server, f)!;
      assert.equal(diagnostic.message, `${f.title} (code changed since it was acknowledged: needs re-review)`);
      assert.equal(diagnostic.tags, undefined);
      const listed = await row(world.server, f.id);
      assert.equal(listed?.needsReReview, true);
      assert.equal(listed?.status, 'acknowledged');
      assert.match((await detailsLens(world.server, f))!.command!.title, /needs re-review/);
      // The status bar counts it as needing attention again, at its severity, not as resolved.
      const counts = await world.server.waitFor('the status counting it as needing re-review', () => {
        const c = world.server.lastStatus?.counts;
        return c && c.reReview === 1 ? c : undefined;
      });
      assert.equal(counts.resolved, acknowledged.resolved - 1);
      assert.equal(counts.total, acknowledged.total + 1);
      assert.equal(counts.bySeverity[f.severity], acknowledged.bySeverity[f.severity] + 1);
    });

    it("counts in the status the rows that need a decision, so the Findings view's badge needs no list", async () => {
      const rows = await world.server.connection.sendRequest(protocol.listFindings);
      const needing = rows.filter((r) => r.status === 'open' || r.needsReReview || (r.outbox !== undefined && r.outbox.state !== 'synced'));
      // After the tests above: open findings (one with a conflict), one needing a re-review, and an
      // acknowledged one whose newest entry is the refused review, counted for that alone.
      assert.ok(
        rows.some((r) => r.needsReReview),
        'a row needs a re-review',
      );
      assert.ok(
        rows.some((r) => r.status === 'acknowledged' && !r.needsReReview && r.outbox?.state === 'refused'),
        JSON.stringify(rows.map((r) => [r.id, r.status, r.outbox?.state])),
      );
      await world.server.waitFor(
        `the status counting ${needing.length} needing a decision`,
        () => world.server.lastStatus?.counts.needsDecision === needing.length,
      );
    });
  });

  describe('a lead in a second window', () => {
    let world: World;
    let lead: ServerUnderTest;
    let leadStorage: string;
    before(async () => {
      world = await startWorld();
      await world.server.waitForState('upToDate');
      leadStorage = mkdtempSync(path.join(os.tmpdir(), 'fl-lead-'));
      lead = await ServerUnderTest.start({
        workspaceUri: WORKSPACE.toString(),
        settings: { feedUrl: world.feed.url, project: PROJECT, requestTimeout: 2, pollInterval: 3600 },
        storagePath: leadStorage,
        token: world.feed.tokens.lee!,
      });
      await lead.waitForState('upToDate');
    });
    after(async () => {
      await lead?.stop();
      await world?.stop();
      rmSync(leadStorage, { recursive: true, force: true });
    });

    it('sees who it is, lists the pending dispute, approves it; the feed holds the review', async () => {
      const f = byId('AP-105');
      const receipt = await world.server.connection.sendRequest(protocol.submitTriage, {
        findingId: f.id,
        action: 'dispute',
        reason: 'false_positive',
        comment: 'the cookie is set by the gateway',
      });
      await waitForEntry(world.server, receipt.id, 'synced');

      const me = await lead.connection.sendRequest(protocol.getMe);
      assert.equal(me?.role, 'lead');
      assert.equal(me?.user.id, 'lee');
      const pending = await lead.connection.sendRequest(protocol.listTriage, { state: 'pending' });
      const decision = pending.decisions.find((d) => d.findingId === f.id);
      assert.ok(decision, JSON.stringify(pending));
      assert.equal(decision.comment, 'the cookie is set by the gateway');

      const review = await lead.connection.sendRequest(protocol.submitReview, {
        decisionId: decision.id,
        decision: 'approve',
        comment: 'agreed',
      });
      const entry = await waitForEntry(lead, review.id, 'synced');
      assert.equal(entry.findingId, f.id);
      const state = await feedState(world);
      assert.deepEqual(
        state.reviews.map((r) => [r.decisionId, r.decision, r.actor.id]),
        [[decision.id, 'approve', 'lee']],
      );

      // The lead's window shows the approved dispute as resolved, and its history has the review.
      const details = await lead.connection.sendRequest(protocol.getFinding, { id: f.id });
      assert.equal(details?.history?.[0]?.review?.decision, 'approve');
      // The developer's window learns it at its next sync.
      await world.server.syncNow();
      assert.equal((await row(world.server, f.id))?.triage?.review, 'approve');
    });
  });
});
