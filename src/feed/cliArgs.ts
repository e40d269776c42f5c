/**
 * The command line of the reference feed (`node dist/feed.js --port 0 ...`), parsed into the
 * options of startFeed. Unknown flags and bad values are refused with a message, never ignored.
 */
import { DEFAULT_LIMITS, HEARTBEAT_SECONDS, type FeedLimits } from './limits';

const DEFAULT_RATE = DEFAULT_LIMITS.rateLimit!;
import type { FeedOptions } from './server';

export const USAGE = `usage: node dist/feed.js [--port 0] [--host 127.0.0.1] [--db <file> | --db postgres://...] [--seed <file> | --no-seed]
       [--instance <name>] [--max-body-kb <n>] [--rate-limit <requests/s per token, 0: none>] [--rate-burst <n>]
       [--max-streams <n>] [--max-streams-per-token <n>] [--max-replay <events>] [--heartbeat <seconds>]
       [--drain <seconds>]
       [--latency <ms>] [--failure-rate <0..1>] [--force-status <code>] [--page-size <n>]
       [--ingest <results.sarif> [--root <checkout>]]
       node dist/feed.js admin ...   (accounts and tokens; admin --help)
       node dist/feed.js upload ...  (a SARIF log from CI)`;

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
  const limits: Partial<FeedLimits> = {};
  let rate: { perSecond?: number; burst?: number } = {};
  let root: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-seed') {
      options.seed = false;
      continue;
    }
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
      case '--instance':
        options.instance = text(flag, value);
        break;
      case '--max-body-kb':
        limits.maxBodyBytes = number(flag, value, 1, 1024 * 1024, true) * 1024;
        break;
      case '--rate-limit':
        rate = { ...rate, perSecond: number(flag, value, 0, 1_000_000, false) };
        break;
      case '--rate-burst':
        rate = { ...rate, burst: number(flag, value, 1, 1_000_000, true) };
        break;
      case '--max-streams':
        limits.maxStreams = number(flag, value, 0, 1_000_000, true);
        break;
      case '--max-streams-per-token':
        limits.maxStreamsPerToken = number(flag, value, 0, 10_000, true);
        break;
      case '--max-replay':
        limits.maxReplayEvents = number(flag, value, 0, 100_000, true);
        break;
      case '--heartbeat':
        limits.heartbeatMs = number(flag, value, HEARTBEAT_SECONDS.min, HEARTBEAT_SECONDS.max, false) * 1000;
        break;
      case '--drain':
        limits.drainMs = number(flag, value, 0, 600, false) * 1000;
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
  const rateLimit = rateLimitOf(rate);
  if (rateLimit !== undefined) limits.rateLimit = rateLimit === 'off' ? undefined : rateLimit;
  if (Object.keys(limits).length > 0) options.limits = limits;
  if (root !== undefined) {
    if (!options.ingest) throw new Error(`--root goes with --ingest: it is the checkout the log is about\n${USAGE}`);
    options.ingest.root = root;
  }
  return options;
}

/** --rate-limit and --rate-burst together; the burst defaults to 4 seconds' worth. 'off' for --rate-limit 0. */
function rateLimitOf(rate: { perSecond?: number; burst?: number }): FeedLimits['rateLimit'] | 'off' | undefined {
  if (rate.perSecond === 0) return 'off';
  if (rate.perSecond === undefined && rate.burst === undefined) return undefined;
  const perSecond = rate.perSecond ?? DEFAULT_RATE.perSecond;
  return { perSecond, burst: rate.burst ?? Math.max(1, Math.ceil(perSecond * 4)) };
}
