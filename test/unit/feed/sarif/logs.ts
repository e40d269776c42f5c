/** Small SARIF logs for the mapping's tests: one run of a tool named Scanner, results as given. */
import { mapSarifLog } from '../../../../src/feed/sarif/mapLog';
import type { MapOptions, MappedLog } from '../../../../src/feed/sarif/types';

export const RULES = [
  {
    id: 'js/sql-injection',
    shortDescription: { text: 'SQL built from user input' },
    helpUri: 'https://example.com/sql',
    properties: { tags: ['security', 'external/cwe/cwe-089'], 'security-severity': '8.8' },
  },
  {
    id: 'js/weak-hash',
    shortDescription: { text: 'Weak hash' },
    defaultConfiguration: { level: 'note' },
    help: { text: 'Use *SHA-256*.' },
  },
];

/** A result at `uri`:`line` of rule js/sql-injection, with `extra` on top. */
export function resultAt(uri: string, line: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ruleId: 'js/sql-injection',
    message: { text: 'User input reaches a query.' },
    locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } }],
    ...extra,
  };
}

/** A log of one run (its fields `run` on top of a driver with RULES), holding `results`. */
export function logOf(results: unknown[], run: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: '2.1.0', runs: [{ tool: { driver: { name: 'Scanner', rules: RULES } }, results, ...run }] };
}

export function mapped(results: unknown[], run: Record<string, unknown> = {}, options: Partial<MapOptions> = {}): MappedLog {
  return mapSarifLog(logOf(results, run), { project: 'acme', category: 'scan', ...options });
}

/** The one finding a one-result log gives. */
export function onlyFinding(
  result: unknown,
  run: Record<string, unknown> = {},
  options: Partial<MapOptions> = {},
): MappedLog['findings'][number] {
  const log = mapped([result], run, options);
  if (log.findings.length !== 1)
    throw new Error(`expected one finding, got ${log.findings.length}; set aside: ${JSON.stringify(log.setAside)}`);
  return log.findings[0]!;
}
