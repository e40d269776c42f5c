/**
 * `node dist/feed.js ...`: starts the reference feed and prints exactly one line of JSON on stdout
 * when it listens (url, tokens, leads, adminToken, projects, instance). Logs go to stderr, one JSON
 * object per line. SIGTERM and SIGINT stop it gracefully (RunningFeed.shutdown). With
 * `--ingest results.sarif`, the log is taken into the project `local` first, and what was taken is
 * said on stderr. `node dist/feed.js upload ...` is the upload CLI instead
 * (src/feed/upload/upload.ts), and `node dist/feed.js admin ...` the accounts CLI
 * (src/feed/adminCli/admin.ts).
 */
import { runAdmin } from './adminCli/admin';
import { parseFeedArgs, type LocalLog } from './cliArgs';
import { ingestLocalLog, LOCAL_PROJECT } from './ingest/localLog';
import { startFeed, type RunningFeed } from './server';
import { runUpload } from './upload/upload';

/** Ingests the log, or closes the feed and says why it will not start. */
async function ingested(feed: RunningFeed, local: LocalLog): Promise<string[]> {
  try {
    const summary = await ingestLocalLog(feed.storage, local, process.cwd());
    return [
      ...summary,
      `Open it in Findings Lens: feed URL ${feed.url}, project ${LOCAL_PROJECT}, a developer's token from the line above.`,
    ];
  } catch (err) {
    await feed.close();
    throw new Error(`could not ingest ${local.file}: ${err instanceof Error ? err.message : String(err)}. Nothing of it was stored.`, {
      cause: err,
    });
  }
}

async function main(): Promise<void> {
  const { ingest, ...options } = parseFeedArgs(process.argv.slice(2));
  const feed = await startFeed(options);
  const summary = ingest ? await ingested(feed, ingest) : [];
  const { url, tokens, leads, adminToken, instance } = feed;
  const projects = ingest ? await feed.storage.accounts.projects() : feed.projects;
  process.stdout.write(`${JSON.stringify({ url, tokens, leads, adminToken, projects, instance })}\n`);
  for (const line of summary) process.stderr.write(`${line}\n`);
  const stop = (): void => {
    feed.shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'shutdown failed', cause: String(err) })}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const io = {
  out: (l: string) => process.stdout.write(`${l}\n`),
  err: (l: string) => process.stderr.write(`${l}\n`),
};

function subcommand(name: string, run: () => Promise<number>): void {
  void run().then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

if (process.argv[2] === 'upload')
  subcommand('upload', () => runUpload(process.argv.slice(3), { ...io, cwd: process.cwd(), env: process.env }));
else if (process.argv[2] === 'admin') subcommand('admin', () => runAdmin(process.argv.slice(3), io));
else
  main().catch((err: unknown) => {
    process.stderr.write(`[feed] could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
