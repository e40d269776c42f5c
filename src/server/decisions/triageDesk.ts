/**
 * The decision requests: a developer's acknowledge or dispute, a lead's review, who the user is,
 * and the lead's review list. Decisions go through the outbox (durable, retried, sent once);
 * `getMe` and `listTriage` ask the feed directly (nothing to keep: they are only read).
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Me, TriageList } from '../../shared/feed';
import type { ListTriageParams, SubmitReviewParams, SubmitTriageParams, TriageReceipt } from '../../shared/protocol';
import type { DecisionHistory } from './decisionHistory';
import type { FeedClient } from '../feed/client';
import { FeedRequestError } from '../feed/errors';
import { feedMessage } from '../outbox/outcome';
import { InvalidDecisionError, type Outbox } from '../outbox/outbox';
import type { StoredFinding } from '../findings/store';

export interface TriageDeskDeps {
  finding(id: string): StoredFinding | undefined;
  /** The hash of the finding's flagged code as the user sees it now (editor or disk). */
  codeHashNow(stored: StoredFinding): Promise<string | undefined>;
  /** The open outbox (after any switch in progress), or undefined without a storage folder or feed. */
  outbox(): Promise<Outbox | undefined>;
  /** A feed client for the current token, or undefined (no token, no valid feed URL). */
  feedClient(): FeedClient | undefined;
  project(): string;
  history: DecisionHistory;
}

const NO_OUTBOX =
  'Decisions need a storage folder and a configured feed (findingsLens.feed.url and findingsLens.project); nothing was recorded. Open a folder and check the settings, then try again.';

export class TriageDesk {
  private me: Me | null = null;
  private meAsked: Promise<Me | null> | undefined;
  private meGeneration = 0;

  constructor(private readonly deps: TriageDeskDeps) {}

  /** Queues an acknowledge or dispute, pinned to the finding's revision and to its code now. */
  async submitTriage(params: SubmitTriageParams): Promise<TriageReceipt> {
    const outbox = await this.deps.outbox();
    if (!outbox) throw new ResponseError(ErrorCodes.InvalidRequest, NO_OUTBOX);
    const stored = this.deps.finding(params.findingId);
    if (!stored) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `The feed has no finding ${params.findingId} (it may have been withdrawn); nothing was recorded. Sync to refresh the list.`,
      );
    }
    const codeHash = await this.deps.codeHashNow(stored);
    const { findingId, action, reason, comment } = params;
    const view = await enqueue(() =>
      outbox.enqueueTriage({ findingId, action, reason, comment, ifMatch: stored.finding.revision, codeHash }),
    );
    return { id: view.id, state: 'queued' };
  }

  /** Queues a lead's review of a decision (the feed refuses it for a developer: the entry says so). */
  async submitReview(params: SubmitReviewParams): Promise<TriageReceipt> {
    const outbox = await this.deps.outbox();
    if (!outbox) throw new ResponseError(ErrorCodes.InvalidRequest, NO_OUTBOX);
    const findingId = this.deps.history.findingOf(params.decisionId);
    const { decisionId, decision, comment } = params;
    const view = await enqueue(() => outbox.enqueueReview({ decisionId, decision, comment, findingId }));
    return { id: view.id, state: 'queued' };
  }

  /** Who the token belongs to: asked once per token and feed, null when unknown (no token, offline). */
  async getMe(): Promise<Me | null> {
    if (this.me) return this.me;
    const client = this.deps.feedClient();
    if (!client) return null;
    const generation = this.meGeneration;
    this.meAsked ??= client.me().catch(() => null);
    const asked = this.meAsked;
    const me = await asked;
    if (generation === this.meGeneration) {
      this.me = me;
      if (this.meAsked === asked) this.meAsked = undefined;
    }
    return generation === this.meGeneration ? me : null;
  }

  /** The token or the feed changed: who the user is must be asked again. */
  forgetMe(): void {
    this.meGeneration += 1;
    this.me = null;
    this.meAsked = undefined;
  }

  /** The project's decisions (leads only); each one seen joins its finding's history. */
  async listTriage(params: ListTriageParams): Promise<TriageList> {
    const client = this.deps.feedClient();
    if (!client)
      throw new ResponseError(
        ErrorCodes.InvalidRequest,
        'No feed token is set (or the feed URL is not valid): set the token to see the decisions to review.',
      );
    try {
      const list = await client.listTriage(this.deps.project(), params.state);
      for (const { finding: _finding, ...decision } of list.decisions) this.deps.history.record(decision);
      return list;
    } catch (e) {
      throw listFailure(e);
    }
  }
}

async function enqueue<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof InvalidDecisionError) throw new ResponseError(ErrorCodes.InvalidParams, e.message);
    throw e;
  }
}

/** A failed review list in words: a 403 means the user is not a lead. */
export function listFailure(e: unknown): ResponseError<void> {
  if (e instanceof FeedRequestError && e.kind === 'forbidden') {
    const said = feedMessage(e.body) ?? e.message;
    return new ResponseError(ErrorCodes.InvalidRequest, `Only leads can review decisions; the feed refused the review list (${said}).`);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new ResponseError(
    ErrorCodes.InvalidRequest,
    `Could not get the decisions to review: ${message}. Nothing was changed; try again later.`,
  );
}
