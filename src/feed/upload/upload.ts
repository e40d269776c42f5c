/**
 * `node dist/feed.js upload …`: sends a SARIF log to a feed from CI (docs/feed-protocol.md,
 * `POST /v1/projects/{project}/analyses`). It checks the log locally first (JSON, SARIF 2.1.0,
 * size), adds from the checkout what the feed cannot compute (src/feed/sarif/enrich.ts), sends it
 * gzipped, and prints the feed's answer. Exit codes: 0 taken, 1 refused or unreachable, 2 a
 * problem found before sending (flags, token, file, git).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { AnalysisQuery, AnalysisReceipt } from '../../shared/analysis';
import { firstProblem } from '../findingBody';
import { enrichSarifLog } from '../sarif/enrich';
import { SarifLogError } from '../sarif/mapLog';
import { analysesUrl, feedBase } from './endpoint';
import { gitHead, type GitHead } from './gitCheckout';
import { sendAnalysis } from './send';
import { readSarifFile, SarifFileError } from './sarifFile';
import { parseUploadArgs, TOKEN_VARIABLE, UsageError, type UploadArgs } from './uploadArgs';
import { describeEnrichment, describeReceipt, describeRefusal } from './uploadReport';
import { checkoutFiles, isFolder } from './workingTree';

export interface UploadIo {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** git's view of the checkout (a seam for tests). */
  gitHead?: (root: string) => GitHead;
}

/** A problem found before anything was sent: exit 2 with this message. */
class LocalProblem extends Error {}

function tokenOf(env: UploadIo['env']): string {
  const token = env[TOKEN_VARIABLE];
  if (token === undefined || token.trim() === '')
    throw new LocalProblem(`set ${TOKEN_VARIABLE} to a feed token whose role allows uploads (a CI token). Nothing was sent.`);
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new LocalProblem(`${TOKEN_VARIABLE} holds spaces or control characters: set it to the token alone. Nothing was sent.`);
  return token;
}

function queryOf(args: UploadArgs, root: string, head: GitHead, io: UploadIo): AnalysisQuery {
  const commit = args.commit ?? head.commit;
  const ref = args.ref ?? head.ref;
  if (commit === undefined) throw new LocalProblem(`${root} is not a git checkout (or git is missing): give --commit. Nothing was sent.`);
  if (ref === undefined)
    throw new LocalProblem(
      `git's HEAD in ${root} is not on a branch (a detached checkout): give --ref, e.g. --ref refs/heads/main. Nothing was sent.`,
    );
  if (args.commit !== undefined && head.commit !== undefined && head.commit !== args.commit) {
    io.err(
      `warning: --commit ${args.commit} is not the checkout's HEAD (${head.commit}): line hashes and snippets are taken from the files as they are in ${root}.`,
    );
  }
  const parsed = AnalysisQuery.safeParse({ category: args.category, commit, ref, checkoutUri: pathToFileURL(root + '/').href });
  if (!parsed.success) throw new LocalProblem(`${firstProblem(parsed.error)}. Nothing was sent.`);
  return parsed.data;
}

function readLog(file: string): unknown {
  try {
    return readSarifFile(file);
  } catch (err) {
    if (err instanceof SarifFileError) throw new LocalProblem(`${err.message}. Nothing was sent.`);
    throw err;
  }
}

async function upload(args: UploadArgs, io: UploadIo): Promise<number> {
  const token = tokenOf(io.env);
  const base = feedBase(args.url);
  const root = resolve(io.cwd, args.root ?? '.');
  if (!isFolder(root)) throw new LocalProblem(`--root ${root} is not a folder: give the checkout the results are about. Nothing was sent.`);
  const query = queryOf(args, root, (io.gitHead ?? gitHead)(root), io);
  const file = resolve(io.cwd, args.file);
  const log = readLog(file);
  for (const line of describeEnrichment(enrichSarifLog(log, query.checkoutUri, checkoutFiles(root)), root)) io.out(line);
  const body = gzipSync(JSON.stringify(log));
  const url = analysesUrl(base, args.project, query);
  io.out(
    `Uploading ${file} (${body.length.toLocaleString('en-US')} bytes gzipped) to ${url.origin} for project ${args.project}, category ${query.category}, ${query.ref} at ${query.commit.slice(0, 12)}…`,
  );
  let answer;
  try {
    answer = await sendAnalysis(url, token, body, args.timeoutSeconds * 1000);
  } catch (err) {
    const why = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    io.err(`upload failed: no answer from ${url.origin} (${why}). The feed may or may not have taken the log: uploading it again is safe.`);
    return 1;
  }
  if (answer.status !== 200 && answer.status !== 201) {
    io.err(describeRefusal(answer.status, answer.body, answer.location));
    return 1;
  }
  let receipt;
  try {
    receipt = AnalysisReceipt.parse(JSON.parse(answer.body));
  } catch {
    io.err(
      `the feed answered ${answer.status} but not with a receipt this CLI understands: it may have taken the log. Check the feed, or update the CLI.`,
    );
    return 1;
  }
  io.out(describeReceipt(receipt));
  return 0;
}

/** Runs the upload command; resolves to the process's exit code. */
export async function runUpload(argv: readonly string[], io: UploadIo): Promise<number> {
  try {
    return await upload(parseUploadArgs(argv), io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof LocalProblem) {
      io.err(`upload: ${err.message}`);
      return 2;
    }
    if (err instanceof SarifLogError) {
      io.err(`upload: ${err.message}. Nothing was sent.`);
      return 2;
    }
    throw err;
  }
}
