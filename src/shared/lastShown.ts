/**
 * The open files' last diagnostics, kept for the editor's next start. The server writes them
 * (src/server/views/lastShown.ts) beside its findings cache, with a hash of each file's text as it
 * drew them; at the next start the VS Code client shows them at activation, for the files open then
 * whose text still hashes the same (src/client/lastShown.ts), while the server starts and reads
 * its cache. Same text, same lines: what the user sees first is what they saw last, on the same
 * lines. It is a boundary (a file anyone could edit), so it is parsed, each part bounded.
 */

/** What one file holds at most: the open files of one window, not a second cache. */
export const LAST_SHOWN_LIMITS = { files: 20, diagnostics: 2_000, message: 2_000 } as const;

/** sha256 of a text, as hex; each side passes node:crypto's (this layer has no Node). */
export type Sha256Hex = (text: string) => string;

/** `shown-<key>.json`, in the storage folder: the key as the findings cache's, one file per feed and project. */
export function lastShownFileName(sha256Hex: Sha256Hex, feedUrl: string, project: string): string {
  return `shown-${feedKey(sha256Hex, feedUrl, project)}.json`;
}

/** The first 16 hex of sha256(feedUrl + "\n" + project): the name of what is kept for that feed and project. */
export function feedKey(sha256Hex: Sha256Hex, feedUrl: string, project: string): string {
  return sha256Hex(`${feedUrl}\n${project}`).slice(0, 16);
}

/** The parts of an LSP diagnostic kept (no related information: it names other files, which may have changed). */
export interface ShownDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** LSP's: 1 error … 4 hint. */
  severity?: 1 | 2 | 3 | 4;
  message: string;
  source?: string;
  code?: string;
  /** Only https. */
  codeDescription?: { href: string };
  /** LSP's: 1 unnecessary, 2 deprecated. */
  tags?: Array<1 | 2>;
  data: { findingId: string };
}

export interface ShownFile {
  /** A file: URI. */
  uri: string;
  /** sha256 hex of the file's text as the diagnostics were drawn for it. */
  textHash: string;
  diagnostics: ShownDiagnostic[];
}

export interface LastShown {
  version: 1;
  feedUrl: string;
  project: string;
  files: ShownFile[];
}

/**
 * The files of `text` when it is a last-shown file of this feed and project, within the limits;
 * otherwise why not (the caller logs it and shows nothing from it).
 */
export function parseLastShown(text: string, feedUrl: string, project: string): ShownFile[] | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  const problems: string[] = [];
  const shown = checkLastShown(raw, problems);
  if (!shown) return { problem: problems.join('; ') };
  if (shown.feedUrl !== feedUrl || shown.project !== project) return { problem: 'another feed or project' };
  const total = shown.files.reduce((n, f) => n + f.diagnostics.length, 0);
  if (total > LAST_SHOWN_LIMITS.diagnostics) return { problem: `${total} diagnostics, over ${LAST_SHOWN_LIMITS.diagnostics}` };
  return shown.files;
}

// The file is checked by hand, not with zod: this module is in the client's activation bundle,
// which carries no zod (src/client/activationBundle.test.ts says why). Each check names the part.

type Check<T> = (value: unknown, at: string, problems: string[]) => T | undefined;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function fail<T>(problems: string[], at: string, what: string): T | undefined {
  problems.push(`${at}: ${what}`);
  return undefined;
}

const text =
  (max: number, { prefix = '', min = 0 } = {}): Check<string> =>
  (value, at, problems) =>
    typeof value === 'string' && value.length >= min && value.length <= max && value.startsWith(prefix)
      ? value
      : fail(problems, at, `expected text${prefix ? ` starting with ${prefix}` : ''} of ${min}–${max} characters`);

const count: Check<number> = (value, at, problems) =>
  Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : fail(problems, at, 'expected a whole number ≥ 0');

function oneOf<T extends number>(...allowed: T[]): Check<T> {
  return (value, at, problems) =>
    allowed.includes(value as T) ? (value as T) : fail(problems, at, `expected one of ${allowed.join(', ')}`);
}

function listOf<T>(item: Check<T>, max: number): Check<T[]> {
  return (value, at, problems) => {
    if (!Array.isArray(value) || value.length > max) return fail(problems, at, `expected a list of at most ${max}`);
    const out: T[] = [];
    for (let i = 0; i < value.length; i++) {
      const checked = item(value[i], `${at}.${i}`, problems);
      if (checked === undefined) return undefined;
      out.push(checked);
    }
    return out;
  };
}

const position: Check<{ line: number; character: number }> = (value, at, problems) => {
  if (!isObject(value)) return fail(problems, at, 'expected a position');
  const line = count(value.line, `${at}.line`, problems);
  const character = count(value.character, `${at}.character`, problems);
  return line === undefined || character === undefined ? undefined : { line, character };
};

const shownDiagnostic: Check<ShownDiagnostic> = (value, at, problems) => {
  if (!isObject(value) || !isObject(value.range) || !isObject(value.data))
    return fail(problems, at, 'expected a diagnostic with a range and data');
  const start = position(value.range.start, `${at}.range.start`, problems);
  const end = position(value.range.end, `${at}.range.end`, problems);
  const message = text(LAST_SHOWN_LIMITS.message)(value.message, `${at}.message`, problems);
  const findingId = text(200)(value.data.findingId, `${at}.data.findingId`, problems);
  if (!start || !end || message === undefined || !findingId)
    return findingId === '' ? fail(problems, `${at}.data.findingId`, 'empty') : undefined;
  const d: ShownDiagnostic = { range: { start, end }, message, data: { findingId } };
  const optional = <T>(key: string, check: Check<T>, set: (v: T) => void): boolean => {
    if (value[key] === undefined) return true;
    const checked = check(value[key], `${at}.${key}`, problems);
    if (checked === undefined) return false;
    set(checked);
    return true;
  };
  const href: Check<{ href: string }> = (v, where, p) => {
    const checked = isObject(v)
      ? text(2_000, { prefix: 'https://' })(v.href, `${where}.href`, p)
      : fail<string>(p, where, 'expected { href }');
    return checked === undefined ? undefined : { href: checked };
  };
  const ok = [
    optional('severity', oneOf(1, 2, 3, 4), (v) => (d.severity = v)),
    optional('source', text(100), (v) => (d.source = v)),
    optional('code', text(200), (v) => (d.code = v)),
    // Only https: a link in the Problems panel must not open anything else, whoever edited the file.
    optional('codeDescription', href, (v) => (d.codeDescription = v)),
    optional('tags', listOf(oneOf(1, 2), 2), (v) => (d.tags = v)),
  ].every(Boolean);
  return ok ? d : undefined;
};

const shownFile: Check<ShownFile> = (value, at, problems) => {
  if (!isObject(value)) return fail(problems, at, 'expected a file');
  const uri = text(4_096, { prefix: 'file:' })(value.uri, `${at}.uri`, problems);
  const textHash = text(100)(value.textHash, `${at}.textHash`, problems);
  const diagnostics = listOf(shownDiagnostic, LAST_SHOWN_LIMITS.diagnostics)(value.diagnostics, `${at}.diagnostics`, problems);
  return uri === undefined || textHash === undefined || !diagnostics ? undefined : { uri, textHash, diagnostics };
};

function checkLastShown(value: unknown, problems: string[]): LastShown | undefined {
  if (!isObject(value)) return fail(problems, '(file)', 'expected an object');
  if (value.version !== 1) return fail(problems, 'version', 'expected 1');
  const feedUrl = text(4_096)(value.feedUrl, 'feedUrl', problems);
  const project = text(4_096)(value.project, 'project', problems);
  const files = listOf(shownFile, LAST_SHOWN_LIMITS.files)(value.files, 'files', problems);
  return feedUrl === undefined || project === undefined || !files ? undefined : { version: 1, feedUrl, project, files };
}
