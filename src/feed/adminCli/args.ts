/**
 * The command line of `node dist/feed.js admin …`: the words of the command, its flags, and
 * `--db`. Unknown flags and missing values are refused with the usage, never ignored.
 */

export const ADMIN_USAGE = `usage: node dist/feed.js admin --db <file | postgres://...> <command>

  org create <id> [--name <name>]
  org list
  user create <id> --org <org> --role developer|lead|uploader [--name <name>]
  user list [--org <org>]
  project create <id> --org <org> [--name <name>] [--members <user,user,...>]
  project list [--org <org>]
  member add <project> <user>
  member remove <project> <user>
  token issue <user> [--expires-in <n>d | <n>h | never] [--expires <ISO time>] [--label <text>]
  token revoke <token id>
  token list [--user <user>]

A token is printed once, on stdout, when it is issued: the database keeps only its SHA-256 hash.
Tokens expire after 90 days unless --expires-in or --expires says otherwise.`;

/** A mistake in the command line: exit 2 with the message and the usage. */
export class AdminUsageError extends Error {}

export interface AdminArgs {
  db: string;
  words: string[];
  flags: Record<string, string>;
}

const FLAGS = new Set(['--db', '--name', '--org', '--role', '--members', '--expires-in', '--expires', '--label', '--user']);

export function parseAdminArgs(argv: readonly string[]): AdminArgs {
  const words: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (!FLAGS.has(flag)) throw new AdminUsageError(`unknown flag ${flag}`);
    if (value === undefined || value.startsWith('--')) throw new AdminUsageError(`${flag} needs a value`);
    flags[flag.slice(2)] = value;
  }
  const { db, ...rest } = flags;
  if (db === undefined || db === '')
    throw new AdminUsageError('--db is required: the feed database to manage (a SQLite file or a postgres:// URL)');
  return { db, words, flags: rest };
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** An id of an organization, project or user: it appears in URLs and logs, so it is kept plain. */
export function checkId(what: string, id: string | undefined): string {
  if (id === undefined) throw new AdminUsageError(`give the ${what}`);
  if (!ID.test(id))
    throw new AdminUsageError(`${what} "${id}" must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  return id;
}

const DEFAULT_EXPIRY_DAYS = 90;

/** When a token issued at `now` expires, from --expires-in / --expires; null: never. */
export function expiryOf(flags: Record<string, string>, now: Date): string | null {
  const { expires, 'expires-in': expiresIn } = flags;
  if (expires !== undefined && expiresIn !== undefined) throw new AdminUsageError('give --expires or --expires-in, not both');
  if (expires !== undefined) {
    const at = new Date(expires);
    if (Number.isNaN(at.getTime())) throw new AdminUsageError(`--expires ${expires} is not a time (e.g. 2027-01-31T00:00:00Z)`);
    if (at <= now) throw new AdminUsageError(`--expires ${expires} is in the past`);
    return at.toISOString();
  }
  if (expiresIn === 'never') return null;
  const m = /^(\d{1,5})([dh])$/.exec(expiresIn ?? `${DEFAULT_EXPIRY_DAYS}d`);
  if (!m || Number(m[1]) === 0)
    throw new AdminUsageError(`--expires-in ${expiresIn} must be a number of days or hours (90d, 12h) or never`);
  const hours = Number(m[1]) * (m[2] === 'd' ? 24 : 1);
  return new Date(now.getTime() + hours * 3_600_000).toISOString();
}
