/**
 * The command line of `node dist/feed.js upload`: flags and the log's file, refused with the usage
 * when unknown or incomplete. The token is never a flag (flags end up in shell histories and
 * process lists): it comes from the environment only.
 */

export const TOKEN_VARIABLE = 'FINDINGS_LENS_UPLOAD_TOKEN';

export const UPLOAD_USAGE = [
  'usage: node dist/feed.js upload --url <feed URL> --project <id> --category <name>',
  '                                [--commit <sha>] [--ref <git ref>] [--root <checkout dir>] [--timeout <seconds>] <results.sarif>',
  `The token is read from ${TOKEN_VARIABLE}. --commit and --ref default to git's HEAD and its branch in --root (default: the current folder).`,
].join('\n');

export interface UploadArgs {
  url: string;
  project: string;
  category: string;
  commit?: string;
  ref?: string;
  root?: string;
  timeoutSeconds: number;
  file: string;
}

/** A usage error: the message says what is wrong, then the usage. */
export class UsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\n${UPLOAD_USAGE}`);
    this.name = 'UsageError';
  }
}

const FLAGS = new Set(['--url', '--project', '--category', '--commit', '--ref', '--root', '--timeout']);

function timeout(text: string): number {
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600)
    throw new UsageError('--timeout needs a whole number of seconds from 1 to 3600');
  return seconds;
}

/** Parses `--flag value` and `--flag=value` pairs and one file. */
export function parseUploadArgs(argv: readonly string[]): UploadArgs {
  const given = new Map<string, string>();
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--token') throw new UsageError(`the token is never a flag: set ${TOKEN_VARIABLE}`);
    if (!FLAGS.has(flag)) throw new UsageError(`unknown argument ${arg}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
    given.set(flag, value);
  }
  if (files.length !== 1)
    throw new UsageError(files.length === 0 ? 'name the SARIF file to upload' : `one SARIF file at a time, not ${files.length}`);
  for (const required of ['--url', '--project', '--category']) if (!given.has(required)) throw new UsageError(`${required} is required`);
  const optional = (flag: string): { [key: string]: string } => (given.has(flag) ? { [flag.slice(2)]: given.get(flag)! } : {});
  return {
    url: given.get('--url')!,
    project: given.get('--project')!,
    category: given.get('--category')!,
    ...optional('--commit'),
    ...optional('--ref'),
    ...optional('--root'),
    timeoutSeconds: given.has('--timeout') ? timeout(given.get('--timeout')!) : 300,
    file: files[0]!,
  };
}
