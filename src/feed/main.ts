/**
 * `node dist/feed.js ...`: starts the reference feed and prints exactly one line of JSON on stdout
 * when it listens (url, tokens, leads, adminToken, projects). Everything else goes to stderr.
 * `node dist/feed.js upload ...` is the upload CLI instead (src/feed/upload/upload.ts).
 */
import { parseFeedArgs } from './cliArgs';
import { startFeed } from './server';
import { runUpload } from './upload/upload';

async function main(): Promise<void> {
  const feed = await startFeed(parseFeedArgs(process.argv.slice(2)));
  const { url, tokens, leads, adminToken, projects } = feed;
  process.stdout.write(`${JSON.stringify({ url, tokens, leads, adminToken, projects })}\n`);
  process.stderr.write(`[feed] listening on ${url} (projects: ${projects.join(', ')})\n`);
  const stop = (): void => {
    feed.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function uploadMain(): void {
  const io = {
    out: (l: string) => process.stdout.write(`${l}\n`),
    err: (l: string) => process.stderr.write(`${l}\n`),
    cwd: process.cwd(),
    env: process.env,
  };
  void runUpload(process.argv.slice(3), io).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`upload failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

if (process.argv[2] === 'upload') uploadMain();
else
  main().catch((err: unknown) => {
    process.stderr.write(`[feed] could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
