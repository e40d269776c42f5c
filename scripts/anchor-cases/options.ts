/** The command line of scripts/anchor-cases-from-git.ts, parsed; a bad option is named in the error. */

export interface Options {
  repo: string;
  since?: string;
  oldRev?: string;
  newRev: string;
  perFile: number;
  /** Cases per file of the control categories (kept lines, deleted lines). */
  controls: number;
  maxFiles: number;
  maxCases?: number;
  maxLines: number;
  extensions: Set<string>;
  seed: number;
}

const USAGE =
  'usage: anchor-cases-from-git <repo-dir> (--since <date> | --old <rev>) [--new <rev>] [--per-file n] [--controls n] [--max-files n] [--max-cases n] [--max-lines n] [--ext ts,py,...] [--seed n]';

export function parseOptions(argv: readonly string[]): Options {
  const options: Partial<Options> & { extensions: Set<string> } = {
    newRev: 'HEAD',
    perFile: 3,
    controls: 1,
    maxFiles: 200,
    maxLines: 5000,
    extensions: new Set(['ts', 'tsx', 'js', 'mjs', 'py', 'go', 'c', 'h', 'java', 'rb', 'rs']),
    seed: 1,
  };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (!arg.startsWith('--')) {
      if (options.repo !== undefined) throw new Error(`one repository only (got ${options.repo} and ${arg}); ${USAGE}`);
      options.repo = arg;
      continue;
    }
    const value = argv[++k];
    if (value === undefined) throw new Error(`${arg} needs a value; ${USAGE}`);
    const count = (least = 1): number => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < least) throw new Error(`${arg} must be a whole number of ${least} or more (got ${value})`);
      return n;
    };
    if (arg === '--since') options.since = value;
    else if (arg === '--old') options.oldRev = value;
    else if (arg === '--new') options.newRev = value;
    else if (arg === '--per-file') options.perFile = count();
    else if (arg === '--controls') options.controls = count(0);
    else if (arg === '--max-files') options.maxFiles = count();
    else if (arg === '--max-cases') options.maxCases = count();
    else if (arg === '--max-lines') options.maxLines = count();
    else if (arg === '--seed') options.seed = count();
    else if (arg === '--ext') options.extensions = extensionsOf(value);
    else throw new Error(`unknown option ${arg}; ${USAGE}`);
  }
  if (options.repo === undefined) throw new Error(`no repository given; ${USAGE}`);
  if ((options.since === undefined) === (options.oldRev === undefined)) throw new Error(`give exactly one of --since and --old; ${USAGE}`);
  return options as Options;
}

/** `ts,.py, go` → ts, py, go. */
function extensionsOf(list: string): Set<string> {
  return new Set(
    list
      .split(',')
      .map((e) => e.trim().replace(/^\./, ''))
      .filter((e) => e !== ''),
  );
}
