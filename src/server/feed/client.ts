/**
 * The partner feed's HTTP client. Every request goes to the configured origin only (redirects are
 * refused, next-page URLs are checked), carries the token in the Authorization header only, and
 * has a timeout. Failures are FeedRequestErrors; their messages and the log never hold the token.
 */
import type { z } from 'zod';
import { version } from '../../../package.json';
import { FindingsPage, Me, ReviewResponse, TriageList, TriageResponse, type ReviewRequest, type TriageRequest } from '../../shared/feed';
import type { ServerSettings } from '../../shared/settings';
import { BodyCutOff, BodyTooLarge, readBody, withoutBom } from './body';
import { FeedRequestError } from './errors';
import { resolveNextPage } from './nextPage';
import { checkFeedUrl } from './origin';
import { statusError } from './statusError';
import { fetchFailure, redirectError, timeoutError, tooLargeError } from './transport';
import { firstProblem } from './validate';

export type FeedLog = (level: 'info' | 'warn' | 'error', msg: string) => void;

/** How to reach the feed. */
export interface FeedClientOptions {
  /** The `findingsLens.feed.url` setting: https, or http on loopback only. */
  baseUrl: string;
  /** The user's feed token; sent as `Authorization: Bearer` to the base URL's origin and nowhere else. */
  token: string;
  /** Longest wait for one whole answer, body included. */
  timeoutMs: number;
  /** Receives one line per request; never the token. */
  log?: FeedLog;
  /** For tests; default: Node's global fetch. */
  fetchImpl?: typeof fetch;
  /** Default `findings-lens/<version>`. */
  userAgent?: string;
  /** The most bytes one answer may hold; reading stops past it (a 'limit' error). Default: {@link DEFAULT_MAX_RESPONSE_BYTES}. */
  maxResponseBytes?: number;
  /** Told the bytes of each answer body read (whole, cut off or stopped), for the memory it may leave behind. */
  onBytes?: (bytes: number) => void;
}

/** The default of `findingsLens.feed.maxResponseMegabytes`, in bytes. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** One findings page, or the feed's word that the first page has not changed (304). */
export type PageResult = { notModified: true } | { notModified: false; page: FindingsPage; etag?: string; bytes: number };

/** A query of one findings page. `cursor` may be a same-origin URL handed out as nextCursor. */
export interface PageQuery {
  since?: string;
  cursor?: string;
  limit?: number;
  etag?: string;
  /** The `path` filter: only these files' findings (a first page of a full listing only; see docs/feed-protocol.md). */
  paths?: readonly string[];
  /** `order=path`: the full listing in path order, if the feed knows it (a first page of a full listing only). */
  order?: 'path';
}

interface RequestSpec {
  method: 'GET' | 'POST';
  url: URL;
  signal?: AbortSignal;
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether a 304 is an answer (only for conditional GETs). */
  conditional?: boolean;
}

interface Answer {
  status: number;
  headers: Headers;
  json: unknown;
  bytes: number;
}

// Header values cannot hold control characters or spaces; a token with them was mis-pasted.
const SENDABLE_TOKEN = /^[\x21-\x7e]+$/;

export class FeedClient {
  /** The configured base URL, normalised (no trailing slash on its path). */
  readonly base: URL;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly log: FeedLog;
  private readonly fetchImpl: typeof fetch;
  private readonly userAgent: string;
  private readonly maxResponseBytes: number;
  private readonly onBytes: (bytes: number) => void;

  /** Throws FeedRequestError: 'insecure' for a non-https non-loopback URL, 'badRequest' for a URL that is not one, 'unauthorized' for a token that cannot be sent. */
  constructor(opts: FeedClientOptions) {
    const checked = checkFeedUrl(opts.baseUrl);
    if (!checked.ok) throw new FeedRequestError(checked.reason === 'insecure' ? 'insecure' : 'badRequest', checked.message);
    if (!SENDABLE_TOKEN.test(opts.token)) {
      throw new FeedRequestError('unauthorized', 'the feed token is empty or holds spaces or line breaks; set the token again.');
    }
    this.base = checked.base;
    this.token = opts.token;
    this.timeoutMs = opts.timeoutMs;
    this.log = opts.log ?? (() => undefined);
    this.fetchImpl = opts.fetchImpl ?? fetch;
    this.userAgent = opts.userAgent ?? `findings-lens/${version}`;
    this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.onBytes = opts.onBytes ?? (() => undefined);
  }

  /** `GET /v1/me`: who the token belongs to. */
  async me(signal?: AbortSignal): Promise<Me> {
    const answer = await this.request({ method: 'GET', url: this.endpoint('/v1/me'), signal });
    return parseAnswer(Me, answer.json, 'GET /v1/me');
  }

  /** One page. Sends If-None-Match when etag given; returns { notModified: true } on 304. */
  async findingsPage(project: string, q: PageQuery, signal?: AbortSignal): Promise<PageResult> {
    const url = this.pageUrl(project, q);
    const headers = q.etag === undefined ? undefined : { 'If-None-Match': q.etag };
    const answer = await this.request({ method: 'GET', url, signal, headers, conditional: q.etag !== undefined });
    if (answer.status === 304) return { notModified: true };
    const page = parseAnswer(FindingsPage, answer.json, 'the findings page');
    const etag = answer.headers.get('etag') ?? undefined;
    return etag === undefined ? { notModified: false, page, bytes: answer.bytes } : { notModified: false, page, etag, bytes: answer.bytes };
  }

  /** `POST /v1/findings/{id}/triage`; If-Match is the revision the user saw (412 if it changed). */
  async postTriage(
    findingId: string,
    body: TriageRequest,
    h: { idempotencyKey: string; ifMatch: string },
    signal?: AbortSignal,
  ): Promise<TriageResponse> {
    const url = this.endpoint(`/v1/findings/${encodeURIComponent(findingId)}/triage`);
    const headers = { 'Idempotency-Key': h.idempotencyKey, 'If-Match': h.ifMatch };
    const answer = await this.request({ method: 'POST', url, signal, body, headers });
    return parseAnswer(TriageResponse, answer.json, 'the triage answer');
  }

  /** `GET /v1/projects/{project}/triage?state=` (leads only). */
  async listTriage(project: string, state: 'pending' | 'reviewed' | 'all', signal?: AbortSignal): Promise<TriageList> {
    const url = this.endpoint(`/v1/projects/${encodeURIComponent(project)}/triage`, { state });
    const answer = await this.request({ method: 'GET', url, signal });
    return parseAnswer(TriageList, answer.json, 'the triage list');
  }

  /** `POST /v1/triage/{id}/review` (leads only). */
  async postReview(decisionId: string, body: ReviewRequest, h: { idempotencyKey: string }, signal?: AbortSignal): Promise<ReviewResponse> {
    const url = this.endpoint(`/v1/triage/${encodeURIComponent(decisionId)}/review`);
    const answer = await this.request({ method: 'POST', url, signal, body, headers: { 'Idempotency-Key': h.idempotencyKey } });
    return parseAnswer(ReviewResponse, answer.json, 'the review answer');
  }

  /**
   * `GET /v1/projects/{project}/events`: the stream's body once the feed answered 200 with
   * `text/event-stream`. Same token, origin and redirect rules as every request; the timeout covers
   * the answer's headers only (the body lasts as long as the stream). A refusal is a FeedRequestError
   * with its status and Retry-After, as for any request. The caller reads the body under `signal`.
   */
  async openEvents(project: string, lastEventId: string | undefined, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const url = this.endpoint(`/v1/projects/${encodeURIComponent(project)}/events`);
    const spec: RequestSpec = { method: 'GET', url, signal, headers: { Accept: 'text/event-stream' } };
    if (lastEventId !== undefined) spec.headers = { ...spec.headers, 'Last-Event-ID': lastEventId };
    const what = describe(spec);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    let res: Response;
    try {
      const options = { method: 'GET', headers: this.headersFor(spec), redirect: 'manual' as const };
      res = await this.fetchImpl(url, { ...options, signal: AbortSignal.any([signal, timeout.signal]) });
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw this.logged(what, fetchFailure(err, timeout.signal.aborted, what, this.timeoutMs, this.base.origin));
    } finally {
      clearTimeout(timer);
    }
    if (res.ok && res.body !== null && /^text\/event-stream\b/i.test(res.headers.get('content-type') ?? '')) {
      this.log('info', `${what} → ${res.status}, stream open`);
      return res.body;
    }
    throw this.logged(what, await this.refusal(res, url, what, signal));
  }

  /** Why an events request was not a stream: a redirect (never followed), a status error, or another kind of answer. */
  private async refusal(res: Response, url: URL, what: string, signal: AbortSignal): Promise<FeedRequestError> {
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      return redirectError(res.status, res.headers.get('location'), url);
    }
    // An error body is small; more than 64 KB of one is not read.
    const text = await readBody(res, signal, 65_536).then(
      (b) => b.text,
      () => '',
    );
    if (!res.ok) return statusError(res.status, res.statusText, res.headers, text);
    return new FeedRequestError(
      'malformed',
      `the feed answered ${what} with ${res.headers.get('content-type') ?? 'no content type'}, not an event stream`,
      {
        status: res.status,
      },
    );
  }

  private logged(what: string, err: FeedRequestError): FeedRequestError {
    err.message = this.redact(err.message);
    this.log('warn', this.redact(`${what} failed: ${err.kind}: ${err.message}`));
    return err;
  }

  /** The URL of a findings page: a same-origin nextCursor URL as it is, else the query. */
  private pageUrl(project: string, q: PageQuery): URL {
    if (q.cursor !== undefined) {
      const next = resolveNextPage(q.cursor, this.base);
      if (next.kind === 'url') return next.url;
      return this.endpoint(`/v1/projects/${encodeURIComponent(project)}/findings`, { cursor: next.cursor, limit: q.limit });
    }
    const url = this.endpoint(`/v1/projects/${encodeURIComponent(project)}/findings`, { since: q.since, limit: q.limit, order: q.order });
    for (const path of q.paths ?? []) url.searchParams.append('path', path);
    return url;
  }

  private endpoint(path: string, query: Record<string, string | number | undefined> = {}): URL {
    const url = new URL(this.base.href);
    url.pathname = `${this.base.pathname.replace(/\/+$/, '')}${path}`;
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** One exchange, logged; failures are logged and rethrown with the token redacted. */
  private async request(spec: RequestSpec): Promise<Answer> {
    const what = describe(spec);
    const started = Date.now();
    try {
      const answer = await this.exchange(spec, what);
      this.log('info', this.redact(`${what} → ${answer.status}, ${answer.bytes} bytes in ${Date.now() - started} ms`));
      return answer;
    } catch (err) {
      if (err instanceof FeedRequestError) {
        err.message = this.redact(err.message);
        this.log('warn', this.redact(`${what} failed after ${Date.now() - started} ms: ${err.kind}: ${err.message}`));
      } else {
        this.log('info', this.redact(`${what} cancelled`));
      }
      throw err;
    }
  }

  private async exchange(spec: RequestSpec, what: string): Promise<Answer> {
    const headers = this.headersFor(spec);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    let res: Response;
    try {
      const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
      res = await this.fetchImpl(spec.url, { method: spec.method, headers, body, redirect: 'manual', signal });
    } catch (err) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      throw fetchFailure(err, timeout.aborted, what, this.timeoutMs, this.base.origin);
    }
    if (res.status >= 300 && res.status < 400 && res.status !== 304) {
      await res.body?.cancel().catch(() => undefined);
      throw redirectError(res.status, res.headers.get('location'), spec.url);
    }
    if (res.status === 304) {
      await res.body?.cancel().catch(() => undefined);
      if (spec.conditional) return { status: 304, headers: res.headers, json: undefined, bytes: 0 };
      throw new FeedRequestError('malformed', `the feed answered ${what} with 304 to a request that was not conditional`, { status: 304 });
    }
    const { text, bytes } = await this.readWhole(res, signal, spec.signal, timeout, what);
    if (!res.ok) throw statusError(res.status, res.statusText, res.headers, text);
    return { status: res.status, headers: res.headers, json: parseJson(text, bytes, what, res.status), bytes };
  }

  private async readWhole(
    res: Response,
    signal: AbortSignal,
    own: AbortSignal | undefined,
    timeout: AbortSignal,
    what: string,
  ): Promise<{ text: string; bytes: number }> {
    try {
      const body = await readBody(res, signal, this.maxResponseBytes);
      this.onBytes(body.bytes);
      return body;
    } catch (err) {
      if (err instanceof BodyCutOff || err instanceof BodyTooLarge) this.onBytes(err.received);
      if (own?.aborted) throw own.reason;
      if (err instanceof BodyTooLarge) throw tooLargeError(what, err);
      if (timeout.aborted) throw timeoutError(what, this.timeoutMs, err instanceof BodyCutOff ? err.received : undefined);
      if (err instanceof BodyCutOff) {
        throw new FeedRequestError('malformed', `the feed's answer to ${what} was ${err.message}`, {
          status: res.status,
          cause: err.reason,
        });
      }
      throw new FeedRequestError('malformed', `the feed's answer to ${what} could not be read`, { status: res.status, cause: err });
    }
  }

  private headersFor(spec: RequestSpec): Headers {
    try {
      const headers = new Headers({
        Authorization: `Bearer ${this.token}`,
        Accept: 'application/json',
        'User-Agent': this.userAgent,
        ...spec.headers,
      });
      if (spec.body !== undefined) headers.set('Content-Type', 'application/json');
      return headers;
    } catch {
      // The values are not echoed: one of them is the token.
      throw new FeedRequestError('badRequest', `a header of ${describe(spec)} holds characters that cannot be sent`);
    }
  }

  private redact(text: string): string {
    return text.includes(this.token) ? text.split(this.token).join('[token]') : text;
  }
}

/** "GET /v1/me" for logs and messages: method, path and query (which never hold the token). */
function describe(spec: RequestSpec): string {
  const target = `${spec.url.pathname}${spec.url.search}`;
  return `${spec.method} ${target.length > 200 ? `${target.slice(0, 199)}…` : target}`;
}

function parseJson(text: string, bytes: number, what: string, status: number): unknown {
  try {
    return JSON.parse(withoutBom(text)) as unknown;
  } catch (err) {
    const why = err instanceof Error ? `: ${err.message.slice(0, 120)}` : '';
    throw new FeedRequestError('malformed', `the feed's answer to ${what} is not JSON (${bytes} bytes received)${why}`, { status });
  }
}

/** Checks an answer against its contract schema; 'malformed' names the first problem. */
export function parseAnswer<S extends z.ZodType>(schema: S, json: unknown, what: string): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  throw new FeedRequestError('malformed', `the feed sent ${what} in an unexpected shape: ${firstProblem(result.error)}`);
}

/** A client for the feed the settings name, with `token`; undefined without a token, or when the URL or token cannot be used. */
export function feedClientFor(settings: ServerSettings, token: string | null, log: FeedLog): FeedClient | undefined {
  if (token === null) return undefined;
  try {
    return new FeedClient({ baseUrl: settings.feedUrl, token, timeoutMs: settings.requestTimeout * 1000, log });
  } catch {
    return undefined;
  }
}
