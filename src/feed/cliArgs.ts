/**
 * The command line of the reference feed (`node dist/feed.js --port 0 ...`), parsed into the
 * options of startFeed. Unknown flags and bad values are refused with a message, never ignored.
 */
import type { FeedOptions } from './server';

export const USAGE =
  'usage: node dist/feed.js [--port 0] [--host 127.0.0.1] [--db <file> | --db postgres://...] [--seed <file>] [--latency <ms>] [--failure-rate <0..1>] [--force-status <code>] [--page-size <n>] [--ingest <results.sarif> [--root <checkout>]]';

/** `--ingest`: a SARIF log to take into a project of its own before the feed says it is ready. */
export interface LocalLog {
  file: string;
  /** The checkout the log is about (default: the current folder). */
  root?: string;
}

/** What the command line asks for: the feed's options, and a log to ingest. */
export type FeedCommandLine = FeedOptions & { ingest?: LocalLog };

function number(flag: string, text: string | undefined, min: number, max: number, integer: boolean): number {
  const n = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new Error(`${flag} needs a ${integer ? 'whole ' : ''}number from ${min} to ${max}\n${USAGE}`);
  }
  return n;
}

function text(flag: string, value: string | undefined): string {
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
  return value;
}

/** Parses `--flag value` and `--flag=value` pairs. */
export function parseFeedArgs(argv: readonly string[]): FeedCommandLine {
  const options: FeedCommandLine = {};
  let root: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    switch (flag) {
      case '--port':
        options.port = number(flag, value, 0, 65535, true);
        break;
      case '--host':
        options.host = text(flag, value);
        break;
      case '--db':
        options.db = text(flag, value);
        break;
      case '--seed':
        options.seed = text(flag, value);
        break;
      case '--latency':
        options.latencyMs = number(flag, value, 0, 600_000, true);
        break;
      case '--failure-rate':
        options.failureRate = number(flag, value, 0, 1, false);
        break;
      case '--force-status':
        options.forceStatus = number(flag, value, 200, 599, true);
        break;
      case '--page-size':
        options.pageSize = number(flag, value, 1, 1000, true);
        break;
      case '--ingest':
        options.ingest = { file: text(flag, value) };
        break;
      case '--root':
        root = text(flag, value);
        break;
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  if (root !== undefined) {
    if (!options.ingest) throw new Error(`--root goes with --ingest: it is the checkout the log is about\n${USAGE}`);
    options.ingest.root = root;
  }
  return options;
}
