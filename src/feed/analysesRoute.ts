/**
 * `POST /v1/projects/{project}/analyses` (docs/feed-protocol.md): a SARIF 2.1.0 log, gzipped or
 * not, uploaded by an upload token. Everything that can be checked before the log is read is
 * (role, project, query, key, media type); the body is bounded before and after gunzip; the log is
 * mapped outside the transaction (a long CPU task should not hold the change lock), then taken in
 * one transaction that claims the Idempotency-Key first: a repeat gets the first receipt.
 */
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { AnalysisQuery } from '../shared/analysis';
import type { FeedContext } from './context';
import { FeedHttpError } from './errors';
import { firstProblem } from './findingBody';
import { checkProjectAccess } from './findingsRoute';
import { header, readBytes } from './httpIo';
import { ingestAnalysis, type IngestHooks } from './ingest/ingest';
import { SARIF_LIMITS } from './sarif/limits';
import { mapSarifLog, parseSarifJson, SarifLogError } from './sarif/mapLog';
import type { MappedLog } from './sarif/types';
import type { FeedUser } from './storage/accounts';
import type { FeedStorage } from './storage/feedStorage';
import { requestHashOfBytes } from './storage/idempotencyTable';
import { answerOnce, idempotencyKey, type Answer } from './triageRoutes';

const gunzipAsync = promisify(gunzip);
const MEDIA_TYPES = ['application/sarif+json', 'application/json'];
const MIB = 1024 * 1024;

/** `size`: how big the log is, in words (`300000000 bytes gzipped`). */
function tooLarge(size: string): FeedHttpError {
  return new FeedHttpError(
    413,
    'body_too_large',
    `the log is ${size}, more than the ${SARIF_LIMITS.logBytes / MIB} MiB a log may have: split it (one log per tool or per folder). Nothing was stored.`,
    {},
    { Connection: 'close' },
  );
}

function parseQuery(params: URLSearchParams): AnalysisQuery {
  const parsed = AnalysisQuery.safeParse(Object.fromEntries(params));
  if (!parsed.success) throw new FeedHttpError(400, 'invalid_request', `query parameter ${firstProblem(parsed.error)}`);
  return parsed.data;
}

/** The body's encoding: gzip or none; anything else is refused before the body is read. */
function checkMediaType(req: IncomingMessage): boolean {
  const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!MEDIA_TYPES.includes(type)) {
    throw new FeedHttpError(415, 'unsupported_media_type', `send the log with Content-Type: application/sarif+json, not ${type || 'none'}`);
  }
  const encoding = (header(req, 'content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'gzip' && encoding !== 'identity') {
    throw new FeedHttpError(415, 'unsupported_media_type', `Content-Encoding ${encoding} is not taken: send the log as it is, or gzipped`);
  }
  return encoding === 'gzip';
}

/** The log's bytes, gunzipped when they came gzipped; each side bounded. */
async function readLog(req: IncomingMessage, gzipped: boolean): Promise<Buffer> {
  const body = await readBytes(req, SARIF_LIMITS.logBytes, (size) => tooLarge(`${size} bytes${gzipped ? ' gzipped' : ''}`));
  if (!gzipped) return body;
  try {
    return await gunzipAsync(body, { maxOutputLength: SARIF_LIMITS.logBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('larger once gunzipped');
    throw new FeedHttpError(400, 'invalid_request', `Content-Encoding is gzip, but the body is not gzip data (${(err as Error).message})`);
  }
}

/** The log mapped, or the refusal of the whole log (413 past a limit, 400 otherwise), naming the problem. */
function mapOrRefuse(bytes: Buffer, project: string, query: AnalysisQuery): MappedLog {
  try {
    return mapSarifLog(parseSarifJson(bytes), { project, ...query });
  } catch (err) {
    if (!(err instanceof SarifLogError)) throw err;
    const message = `${err.message}. Nothing was stored.`;
    if (err.problem === 'too_large' || err.problem === 'too_many_results') throw new FeedHttpError(413, 'body_too_large', message);
    if (err.problem === 'invalid_options') throw new FeedHttpError(400, 'invalid_request', `query parameter checkoutUri: ${message}`);
    throw new FeedHttpError(400, 'invalid_sarif', message);
  }
}

/** The test fault that stops an upload halfway (PUT /__admin/faults `stopUpload`). */
function faultHooks(ctx: FeedContext, path: string): IngestHooks {
  const stop = ctx.faults.stopUpload;
  if (!stop) return {};
  return {
    written: async (count) => {
      if (count < stop.afterFindings) return;
      ctx.logger.info('an upload was stopped inside its transaction (fault)', { path, findings: count, how: stop.how });
      if (stop.how === 'fail') throw new Error(`the upload was stopped after writing ${count} findings (injected fault)`);
      await new Promise<never>(() => undefined);
    },
  };
}

/** An upload as the endpoint has read it: who sent which log (gunzipped) where, under which key. */
export interface ReadUpload {
  uploader: string;
  project: string;
  query: AnalysisQuery;
  key: string;
  /** What the request names besides the body (path and query), for the idempotency hash. */
  target: string;
  bytes: Buffer;
}

/** What the endpoint does with an upload once read: map it, then take it in one transaction behind its key. */
export function takeUpload(storage: FeedStorage, upload: ReadUpload, hooks: IngestHooks = {}): Promise<Answer> {
  const { uploader, project, query, key } = upload;
  const hash = requestHashOfBytes(uploader, upload.target, upload.bytes);
  const mapped = mapOrRefuse(upload.bytes, project, query);
  const analysis = { project, category: query.category, ref: query.ref, commit: query.commit, uploader };
  return answerOnce(storage, key, hash, async (tx) => ({ status: 201, body: await ingestAnalysis(tx, mapped, analysis, hooks) }));
}

/** `POST /v1/projects/{project}/analyses` (uploaders only: the route table, src/feed/routes.ts, checks the role first). */
export async function postAnalysis(ctx: FeedContext, user: FeedUser, req: IncomingMessage, url: URL, project: string): Promise<Answer> {
  await checkProjectAccess(ctx, user, project);
  const query = parseQuery(url.searchParams);
  const key = idempotencyKey(req, user);
  const bytes = await readLog(req, checkMediaType(req));
  const target = `${url.pathname}\n${JSON.stringify(query)}`;
  return takeUpload(ctx.storage, { uploader: user.id, project, query, key, target, bytes }, faultHooks(ctx, url.pathname));
}
