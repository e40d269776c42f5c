/**
 * `node dist/feed.js ...`: starts the reference feed and prints exactly one line of JSON on stdout
 * when it listens (url, tokens, leads, adminToken, projects). Everything else goes to stderr.
 */
import { parseFeedArgs } from './cliArgs';
import { startFeed } from './server';

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

main().catch((err: unknown) => {
  process.stderr.write(`[feed] could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
