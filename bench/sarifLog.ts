/**
 * The bench's SARIF log: N results of one run, deterministic for a seed, shaped as a CodeQL-like
 * scanner writes them after the upload CLI has added its line hashes and snippets: 20 rules with
 * help, tags and scores; per result a message with a link to a related location, a region with
 * columns and a whole-line context region, a line hash; a third with a 3-step code flow, a third
 * with a related location. About 1.2 KB a result.
 */
import { fileCount, filePath, prng } from './generate';

const RULE_NAMES = [
  'sql-injection',
  'xss',
  'path-injection',
  'request-forgery',
  'weak-hash',
  'hardcoded-credentials',
  'open-redirect',
  'prototype-pollution',
  'insecure-randomness',
  'command-line-injection',
  'code-injection',
  'log-injection',
  'regex-injection',
  'xxe',
  'zip-slip',
  'cleartext-logging',
  'cleartext-storage',
  'missing-rate-limiting',
  'unsafe-deserialization',
  'insecure-cookie',
];
const CWES = [89, 79, 22, 918, 328, 798, 601, 1321, 338, 78, 94, 117, 730, 611, 22, 312, 312, 770, 502, 614];
const WORDS =
  'the value flows from the request into this call without being checked so a caller who controls it can make the service read or write what it should not and the fix is to validate it against an allow list or to use the safe form of the call'.split(
    ' ',
  );

function rules(): unknown[] {
  return RULE_NAMES.map((name, i) => ({
    id: `js/${name}`,
    name,
    shortDescription: { text: `${name.replace(/-/g, ' ')} from user input` },
    fullDescription: { text: `Building a ${name.replace(/-/g, ' ')} from user-controlled sources is vulnerable.` },
    defaultConfiguration: { level: i % 3 === 0 ? 'error' : 'warning' },
    help: {
      text: `# ${name}\n\n${WORDS.join(' ')}.\n\n${WORDS.slice(5).join(' ')}.\n\n## References\n* https://cwe.mitre.org/data/definitions/${CWES[i]}.html`,
    },
    helpUri: `https://codeql.github.com/codeql-query-help/javascript/js-${name}/`,
    properties: { tags: ['security', `external/cwe/cwe-${CWES[i]}`], precision: 'high', 'security-severity': String(3 + (i % 7)) },
  }));
}

function sentence(rand: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
}

function place(path: string, line: number, code: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    physicalLocation: {
      artifactLocation: { uri: path, uriBaseId: '%SRCROOT%' },
      region: { startLine: line, startColumn: 5, endColumn: 5 + Math.min(code.length, 40) },
      contextRegion: { startLine: line, endLine: line, snippet: { text: code } },
    },
    ...extra,
  };
}

/** The log as text, and how many results it holds. */
export function generateSarifLog(n: number, seed = 7): string {
  const rand = prng(seed);
  const files = fileCount(n);
  const results = [];
  for (let i = 0; i < n; i++) {
    const rule = Math.floor(rand() * RULE_NAMES.length);
    const path = filePath(Math.floor(rand() * files));
    const line = 5 + Math.floor(rand() * 800);
    const code = `    const r${i} = await db.query(\`SELECT * FROM t WHERE id = \${req.query.${sentence(rand, 1)}}\`);`;
    const source = place(path, Math.max(1, line - 3), `  const input = req.query.${sentence(rand, 1)};`, {
      id: 1,
      message: { text: 'user-provided value' },
    });
    const result: Record<string, unknown> = {
      ruleId: `js/${RULE_NAMES[rule]}`,
      ruleIndex: rule,
      message: { text: `This call depends on a [user-provided value](1): ${sentence(rand, 12 + Math.floor(rand() * 12))}.` },
      locations: [place(path, line, code)],
      partialFingerprints: { primaryLocationLineHash: `${Math.floor(rand() * 2 ** 48).toString(16)}:1` },
      relatedLocations: [source],
    };
    if (i % 3 === 0) {
      result.codeFlows = [
        {
          threadFlows: [
            {
              locations: [
                source,
                place(path, line - 1, `  const q = input.trim();`, { message: { text: 'q' } }),
                place(path, line, code),
              ].map((location) => ({ location })),
            },
          ],
        },
      ];
    }
    results.push(result);
  }
  const run = { tool: { driver: { name: 'CodeQL', version: '2.20.0', rules: rules() } }, results, columnKind: 'utf16CodeUnits' };
  return JSON.stringify({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [run] });
}
