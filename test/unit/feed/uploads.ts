/**
 * Uploading SARIF logs to a feed in the tests, as the upload CLI does: the real scanners' fixtures
 * with what the CLI adds from the checkout at their revision, gzipped, by the CI user.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { enrichSarifLog } from '../../../src/feed/sarif/enrich';
import type { RunningFeed } from '../../../src/feed/server';
import { checkoutFiles } from '../../../src/feed/upload/workingTree';
import { call, type JsonAnswer } from './helpers';
import { logOf, resultAt } from './sarif/logs';
import { demoWorkspaceAt, FIXTURE_CHECKOUT_URI, SARIF_FIXTURES, type Revision } from './sarif/demoRevisions';

export type Tool = 'eslint' | 'flawfinder';

export const COMMITS: Record<Revision, string> = { 1: '1'.repeat(40), 2: '2'.repeat(40) };

const enriched = new Map<string, string>();

/** A fixture as the upload CLI sends it: with line hashes and snippets from the demo workspace at its revision. */
export function fixtureLog(tool: Tool, revision: Revision): Record<string, any> {
  const name = `${tool}-r${revision}`;
  if (!enriched.has(name)) {
    const log = JSON.parse(readFileSync(join(SARIF_FIXTURES, `${name}.sarif`), 'utf8'));
    const workspace = demoWorkspaceAt(revision);
    try {
      enrichSarifLog(log, FIXTURE_CHECKOUT_URI, checkoutFiles(workspace.root));
    } finally {
      workspace.dispose();
    }
    enriched.set(name, JSON.stringify(log));
  }
  return JSON.parse(enriched.get(name)!);
}

export interface UploadOptions {
  project?: string;
  category?: string;
  commit?: string;
  ref?: string;
  key?: string;
  user?: string;
  gzip?: boolean;
  headers?: Record<string, string>;
}

let keys = 0;

/** POST /v1/projects/{project}/analyses with `log` (an object, or the body as it is sent). */
export async function uploadLog(feed: RunningFeed, log: unknown, options: UploadOptions = {}): Promise<JsonAnswer> {
  const query = new URLSearchParams({
    category: options.category ?? 'scan',
    commit: options.commit ?? COMMITS[1],
    ref: options.ref ?? 'refs/heads/main',
    checkoutUri: FIXTURE_CHECKOUT_URI,
  });
  const text = Buffer.isBuffer(log) ? log : Buffer.from(typeof log === 'string' ? log : JSON.stringify(log));
  const gzip = options.gzip ?? true;
  const headers: Record<string, string> = {
    'Content-Type': 'application/sarif+json',
    'Idempotency-Key': options.key ?? `upload-${++keys}-${process.pid}`,
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    ...options.headers,
  };
  const token = feed.tokens[options.user ?? 'ci'];
  return call(feed, token, 'POST', `/v1/projects/${options.project ?? 'p1'}/analyses?${query}`, {
    body: gzip ? gzipSync(text) : text,
    headers,
  });
}

/** Uploads a fixture at its revision, in the tool's category, as its revision's commit. */
export function uploadFixture(feed: RunningFeed, tool: Tool, revision: Revision, options: UploadOptions = {}): Promise<JsonAnswer> {
  return uploadLog(feed, fixtureLog(tool, revision), { category: tool, commit: COMMITS[revision], ...options });
}

/** A log of `count` results on distinct lines; the first ten carry a suppression (a decision by the tool). */
export function bigLog(count: number): Record<string, unknown> {
  return logOf(
    Array.from({ length: count }, (_, i) =>
      resultAt('src/a.js', i + 1, i < 10 ? { suppressions: [{ kind: 'inSource', justification: 'used in tests' }] } : {}),
    ),
  );
}
