/**
 * The bench's feed generator: a deterministic (seeded) feed of N findings over up to 20,000 files,
 * with realistic sizes (title ~60 chars, message 600–1,500 chars of markdown, 1–3 line snippets,
 * a 1–4 step flow on a third of the findings, paths like services/<svc>/src/<module>/<file>.ts).
 * From 10,000 findings on, 1,000 of them sit in one "hot" file whose text is generated too, so that
 * the per-file requests can be measured on a real open document. A layout can fix the number of
 * files and take each snippet from the files' own text instead (the editor bench writes every file).
 */

/** A finding as a seed file holds it (the feed fills in revision, status defaults and timestamps). */
export interface GeneratedFinding {
  project: string;
  id: string;
  ruleId: string;
  title: string;
  message: string;
  severity: string;
  confidence: number;
  cwe: string[];
  helpUri: string;
  commit: string;
  status: string;
  location: { path: string; startLine: number; startColumn: number; endLine: number; endColumn: number; snippet: string };
  flow?: Array<{ location: { path: string; startLine: number; snippet: string }; message: string }>;
}

/** What the generator makes for one size. */
export interface GeneratedFeed {
  findings: GeneratedFinding[];
  /** Distinct files the findings are in. */
  files: number;
  /** The hot file (relative path and text) and how many findings it holds; absent below 10,000 findings. */
  hot?: { path: string; text: string; findings: number };
}

export const HOT_FINDINGS = 1_000;
export const HOT_PATH = 'services/ledger/src/core/reconciliation.ts';
const HOT_LINES = 4_000;

const SERVICES = [
  'payments',
  'ledger',
  'accounts',
  'billing',
  'catalog',
  'checkout',
  'identity',
  'inventory',
  'notifications',
  'orders',
  'pricing',
  'reporting',
  'search',
  'shipping',
  'support',
  'gateway',
  'audit',
  'fraud',
  'loyalty',
  'media',
];
const MODULES = [
  'api',
  'db',
  'auth',
  'handlers',
  'jobs',
  'models',
  'routes',
  'services',
  'util',
  'validation',
  'cache',
  'events',
  'clients',
  'config',
  'middleware',
];
const RULES = [
  ['ts/sql-injection', 'CWE-89', 'SQL built from request input'],
  ['ts/xss', 'CWE-79', 'Unescaped user text written to HTML'],
  ['ts/path-traversal', 'CWE-22', 'File path built from request input'],
  ['ts/ssrf', 'CWE-918', 'Outbound request to a user-chosen URL'],
  ['ts/weak-hash', 'CWE-328', 'Password hashed with a fast digest'],
  ['ts/hardcoded-secret', 'CWE-798', 'Credential written in the source'],
  ['ts/open-redirect', 'CWE-601', 'Redirect target taken from the query'],
  ['ts/prototype-pollution', 'CWE-1321', 'Object merged from untrusted JSON'],
  ['ts/insecure-random', 'CWE-338', 'Token generated with Math.random'],
  ['ts/command-injection', 'CWE-78', 'Shell command built from input'],
] as const;
const SEVERITY_WEIGHTS: Array<[string, number]> = [
  ['critical', 0.05],
  ['high', 0.2],
  ['medium', 0.45],
  ['low', 0.2],
  ['info', 0.1],
];
const WORDS =
  'the request handler passes value from query body header into the database driver without escaping so an attacker who controls this parameter can read or change rows of other tenants and the fix is to use bound parameters validate input against an allow list and keep the raw string out of the statement'.split(
    ' ',
  );

/**
 * Where the findings go. By default: a file per five findings (fileCount), the hot file from
 * 10,000 on, random snippets. The editor bench fixes the files and quotes their text, so that every
 * finding's lines exist and match in the workspace it opens.
 */
export interface FeedLayout {
  files?: number;
  hot?: boolean;
  /** The text of `lines` lines of `path` from `startLine` on (1-based), as the workspace holds them. */
  snippetAt?: (path: string, startLine: number, lines: number) => string;
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Files for N findings: one per five findings, at most 20,000. */
export function fileCount(n: number): number {
  return Math.max(1, Math.min(20_000, Math.ceil(n / 5)));
}

export function filePath(i: number): string {
  return `services/${SERVICES[i % SERVICES.length]}/src/${MODULES[Math.floor(i / SERVICES.length) % MODULES.length]}/file${i}.ts`;
}

/** Generates N findings of project `project`, deterministic for a given seed. */
export function generateFeed(n: number, project: string, seed = 42, layout: FeedLayout = {}): GeneratedFeed {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const files = layout.files ?? fileCount(n);
  const hot = n >= 10_000 && layout.hot !== false ? hotFile(rand) : undefined;
  const snippet = (path: string, startLine: number, lines: number) =>
    layout.snippetAt ? layout.snippetAt(path, startLine, lines) : codeLines(rand, lines);
  const findings: GeneratedFinding[] = [];
  const hotEvery = Math.floor(n / HOT_FINDINGS);
  let onHotFile = 0;
  for (let i = 0; i < n; i++) {
    const onHot = hot !== undefined && i % hotEvery === 0 && onHotFile < HOT_FINDINGS;
    // Hot findings sit on every fourth line, their snippet the line's own text (so they anchor exactly).
    const startLine = onHot ? 2 + 4 * onHotFile : 1 + Math.floor(rand() * 800);
    const path = onHot ? HOT_PATH : filePath(Math.floor(rand() * files));
    const text = onHot ? hot.lines[startLine - 1]!.trim() : snippet(path, startLine, 1 + Math.floor(rand() * 3));
    if (onHot) onHotFile += 1;
    findings.push(oneFinding(i, project, path, startLine, text, rand, pick));
  }
  const shownFiles = new Set(findings.map((f) => f.location.path)).size;
  return { findings, files: shownFiles, hot: hot && { path: HOT_PATH, text: hot.lines.join('\n'), findings: onHotFile } };
}

function oneFinding(
  i: number,
  project: string,
  path: string,
  startLine: number,
  snippet: string,
  rand: () => number,
  pick: <T>(xs: readonly T[]) => T,
): GeneratedFinding {
  const [ruleId, cwe, what] = pick(RULES);
  const lines = snippet.split('\n');
  const finding: GeneratedFinding = {
    project,
    id: `BF-${String(i).padStart(6, '0')}`,
    ruleId,
    title: `${what} in ${path.split('/').pop()!.replace('.ts', '')} (${words(rand, 2)})`.slice(0, 72),
    message: markdown(rand, 600 + Math.floor(rand() * 900)),
    severity: weighted(rand),
    confidence: Math.round(rand() * 100) / 100,
    cwe: [cwe],
    helpUri: `https://cwe.mitre.org/data/definitions/${cwe.slice(4)}.html`,
    commit: hex(rand, 40),
    status: rand() < 0.93 ? 'open' : 'acknowledged',
    location: {
      path,
      startLine,
      startColumn: 3,
      endLine: startLine + lines.length - 1,
      endColumn: 3 + lines[lines.length - 1]!.trim().length,
      snippet,
    },
  };
  if (rand() < 1 / 3) {
    const steps = 1 + Math.floor(rand() * 4);
    finding.flow = Array.from({ length: steps }, (_, k) => ({
      location: { path, startLine: Math.max(1, startLine - 3 * (steps - k)), snippet: codeLines(rand, 1) },
      message: `Step ${k + 1}: ${words(rand, 8)}.`,
    }));
  }
  return finding;
}

function hotFile(rand: () => number): { lines: string[] } {
  const lines = Array.from({ length: HOT_LINES }, (_, i) =>
    i % 4 === 0
      ? `export function reconcile${i}(input: Batch, db: Db) {`
      : i % 4 === 3
        ? '}'
        : `  const v${i} = db.query("SELECT * FROM entries WHERE id = '" + input.id${i} + "'", ${Math.floor(rand() * 1e6)});`,
  );
  return { lines };
}

function codeLines(rand: () => number, count: number): string {
  return Array.from(
    { length: count },
    () => `  const ${words(rand, 1)}Row = await db.query(\`SELECT * FROM ${words(rand, 1)} WHERE id = \${req.query.${words(rand, 1)}}\`);`,
  ).join('\n');
}

/** Markdown of about `length` characters: paragraphs, inline code, and sometimes a code block. */
function markdown(rand: () => number, length: number): string {
  let out = '';
  while (out.length < length) {
    const r = rand();
    if (r < 0.15) out += `\`\`\`ts\n${codeLines(rand, 2)}\n\`\`\`\n\n`;
    else if (r < 0.3) out += `- **${words(rand, 2)}**: ${words(rand, 10)} \`${words(rand, 1)}\`.\n`;
    else out += `${capitalised(words(rand, 24))} \`${words(rand, 1)}()\` ${words(rand, 12)}.\n\n`;
  }
  return out.slice(0, length).trimEnd();
}

function words(rand: () => number, count: number): string {
  let out = WORDS[Math.floor(rand() * WORDS.length)]!;
  for (let k = 1; k < count; k++) out += ` ${WORDS[Math.floor(rand() * WORDS.length)]!}`;
  return out;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function weighted(rand: () => number): string {
  let r = rand();
  for (const [value, weight] of SEVERITY_WEIGHTS) if ((r -= weight) < 0) return value;
  return 'info';
}

function hex(rand: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(rand() * 16).toString(16);
  return out;
}
