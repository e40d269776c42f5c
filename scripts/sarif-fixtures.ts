/**
 * Makes the SARIF fixtures in test/fixtures/sarif/ with real scanners, over the demo workspace at
 * its two revisions (test/unit/feed/sarif/demoRevisions.ts):
 *
 *   eslint-r1.sarif, eslint-r2.sarif          ESLint + eslint-plugin-security (its recommended
 *                                             rules; typescript-eslint's parser for .ts), written by
 *                                             @microsoft/eslint-formatter-sarif
 *   flawfinder-r1.sarif, flawfinder-r2.sarif  Debian's flawfinder --sarif
 *
 * Run: `npx tsx scripts/sarif-fixtures.ts` (needs flawfinder: `apt-get install -y flawfinder` on
 * Debian; the npm packages are devDependencies). Rerunnable, and the output is the same on every
 * machine: the temporary folder scanned is written as FIXTURE_CHECKOUT_URI, and the script stops
 * if any machine path is left. The tests read the committed files; they never run the scanners.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { demoWorkspaceAt, FIXTURE_CHECKOUT_URI, SARIF_FIXTURES, type Revision } from '../test/unit/feed/sarif/demoRevisions';

// Required, not imported: the plugin and the formatter ship no types, and typescript-eslint's are
// reachable only through package exports, which this project's module resolution does not read.
const tsParser = (require('typescript-eslint') as { parser: Linter.Parser }).parser;
const security = require('eslint-plugin-security') as { configs: { recommended: Linter.Config } };
const sarifFormatter = require('@microsoft/eslint-formatter-sarif') as (
  results: ESLint.LintResult[],
  data: ESLint.LintResultData,
) => string;

async function eslintLog(root: string): Promise<unknown> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.{js,ts}'], ...security.configs.recommended },
    ],
  });
  const results = (await eslint.lintFiles(['.'])).sort((a, b) => a.filePath.localeCompare(b.filePath));
  const unparsed = results.filter((r) => r.fatalErrorCount > 0).map((r) => `${relative(root, r.filePath)}: ${r.messages[0]?.message}`);
  if (unparsed.length > 0) throw new Error(`ESLint could not parse ${unparsed.join('; ')}`);
  return JSON.parse(sarifFormatter(results, { cwd: root, rulesMeta: eslint.getRulesMetaForResults(results) }));
}

function flawfinderLog(root: string): unknown {
  try {
    return JSON.parse(execFileSync('flawfinder', ['--sarif', '.'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('flawfinder is not installed: on Debian, apt-get install -y flawfinder', { cause: err });
    throw err;
  }
}

/** The log as committed: the scanned folder as FIXTURE_CHECKOUT_URI, and no machine path left. */
function committable(log: unknown, root: string): string {
  const text = `${JSON.stringify(log, null, 2)}\n`.split(`${pathToFileURL(root).href}/`).join(FIXTURE_CHECKOUT_URI);
  for (const machinePath of [root, tmpdir(), homedir(), process.cwd()]) {
    if (text.includes(machinePath)) throw new Error(`a machine path (${machinePath}) is left in the log: not written`);
  }
  return text;
}

async function main(): Promise<void> {
  for (const revision of [1, 2] satisfies Revision[]) {
    const workspace = demoWorkspaceAt(revision);
    try {
      for (const [tool, log] of [
        ['eslint', await eslintLog(workspace.root)],
        ['flawfinder', flawfinderLog(workspace.root)],
      ] as const) {
        const file = join(SARIF_FIXTURES, `${tool}-r${revision}.sarif`);
        writeFileSync(file, committable(log, workspace.root));
        console.log(`wrote ${relative(process.cwd(), file)}`);
      }
    } finally {
      workspace.dispose();
    }
  }
}

main().catch((err: unknown) => {
  console.error(`sarif-fixtures: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
