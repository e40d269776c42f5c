import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enrichSarifLog } from '../../../../src/feed/sarif/enrich';
import { mapSarifLog } from '../../../../src/feed/sarif/mapLog';
import type { MappedLog } from '../../../../src/feed/sarif/types';
import { checkoutFiles } from '../../../../src/feed/upload/workingTree';
import { demoWorkspaceAt, FIXTURE_CHECKOUT_URI, SARIF_FIXTURES, type Revision } from './demoRevisions';
import { sarifSchemaProblems } from './sarifSchema';

type Tool = 'eslint' | 'flawfinder';

const COMMIT = '9c41f0d7a3b25e8816c2f4a0d9e7b3c15a6f2e84';

function fixture(tool: Tool, revision: Revision): unknown {
  return JSON.parse(readFileSync(join(SARIF_FIXTURES, `${tool}-r${revision}.sarif`), 'utf8'));
}

/** What the upload CLI and the feed do with a fixture: add from the checkout at that revision, then map. */
function uploaded(tool: Tool, revision: Revision): { log: unknown; mapped: MappedLog; lines: (path: string) => string[] } {
  const workspace = demoWorkspaceAt(revision);
  try {
    const log = fixture(tool, revision);
    const files = checkoutFiles(workspace.root);
    enrichSarifLog(log, FIXTURE_CHECKOUT_URI, files);
    const mapped = mapSarifLog(log, { project: 'acme-payments', category: tool, commit: COMMIT, checkoutUri: FIXTURE_CHECKOUT_URI });
    const texts = new Map<string, string[]>();
    const lines = (path: string): string[] => {
      if (!texts.has(path)) texts.set(path, (files(path) ?? '').split('\n'));
      return texts.get(path)!;
    };
    for (const f of mapped.findings) lines(f.finding.location.path);
    return { log, mapped, lines };
  } finally {
    workspace.dispose();
  }
}

/** What a user sees of each finding: where, how bad, which rule and weakness. */
function seen(mapped: MappedLog): string[] {
  return mapped.findings.map(
    ({ finding: f }) => `${f.location.path}:${f.location.startLine} ${f.severity} ${f.ruleId} ${(f.cwe ?? []).join(',') || '-'}`,
  );
}

function idAt(mapped: MappedLog, path: string, line: number): string {
  const found = mapped.findings.filter((f) => f.finding.location.path === path && f.finding.location.startLine === line);
  assert.equal(found.length, 1, `one finding at ${path}:${line}`);
  return found[0]!.finding.id;
}

interface Uploads {
  r1: ReturnType<typeof uploaded>;
  r2: ReturnType<typeof uploaded>;
}

/** Both revisions of a tool's fixture, uploaded before the tests of the enclosing describe. */
function bothRevisions(tool: Tool): Uploads {
  const both = {} as Uploads;
  before(() => {
    both.r1 = uploaded(tool, 1);
    both.r2 = uploaded(tool, 2);
  });
  return both;
}

type Place = readonly [path: string, line: number];

/** Results that stayed or moved keep their id; a fixed one is gone from revision 2; a new one has an id revision 1 did not. */
interface Identities {
  kept: ReadonlyArray<readonly [path: string, line1: number, line2: number]>;
  fixed: readonly Place[];
  added: readonly Place[];
}

function assertIdentities({ r1, r2 }: Uploads, expected: Identities): void {
  for (const [path, line1, line2] of expected.kept)
    assert.equal(idAt(r2.mapped, path, line2), idAt(r1.mapped, path, line1), `${path}:${line1} is ${path}:${line2}`);
  const before = new Set(r1.mapped.findings.map((f) => f.finding.id));
  const after = new Set(r2.mapped.findings.map((f) => f.finding.id));
  for (const [path, line] of expected.fixed) assert.ok(!after.has(idAt(r1.mapped, path, line)), `${path}:${line} is fixed`);
  for (const [path, line] of expected.added) assert.ok(!before.has(idAt(r2.mapped, path, line)), `${path}:${line} is new`);
  assert.equal(r2.mapped.findings.length, expected.kept.length + expected.added.length, 'nothing else in revision 2');
}

const RECEIPTS = 'src/routes/receipts.ts';
const NATIVE = 'native/receipt_line.c';

/** What each fixture holds, as a user would see it, and which results are the same across revisions. */
const SCANNERS = [
  {
    tool: 'eslint',
    name: 'ESLint with eslint-plugin-security (@microsoft/eslint-formatter-sarif)',
    revision1: [
      'src/config.ts:15 medium security/detect-object-injection -',
      `${RECEIPTS}:14 medium security/detect-non-literal-fs-filename -`,
      `${RECEIPTS}:27 medium security/detect-child-process -`,
      `${RECEIPTS}:38 medium security/detect-non-literal-fs-filename -`,
    ],
    sample: {
      index: 2,
      shows: {
        title: 'Detects instances of "child_process" & non-literal "exec()" calls.',
        message: 'Found child\\_process.exec() with non Literal first argument',
        helpUri: 'https://github.com/eslint-community/eslint-plugin-security/blob/main/docs/rules/detect-child-process.md',
        columns: [3, 33, 5],
      },
    },
    revision2: [
      'src/config.ts:15 medium security/detect-object-injection -',
      `${RECEIPTS}:17 medium security/detect-non-literal-fs-filename -`,
      `${RECEIPTS}:44 medium security/detect-non-literal-fs-filename -`,
      `${RECEIPTS}:55 medium security/detect-non-literal-fs-filename -`,
    ],
    identities: {
      kept: [
        ['src/config.ts', 15, 15],
        [RECEIPTS, 14, 17],
        [RECEIPTS, 38, 55],
      ],
      fixed: [[RECEIPTS, 27]],
      added: [[RECEIPTS, 44]],
    },
    // ESLint writes no fingerprints: the line hash the CLI added is the identity.
    identitySource: 'partialFingerprints',
  },
  {
    tool: 'flawfinder',
    name: "Debian's flawfinder --sarif",
    revision1: [
      `${NATIVE}:13 low FF1013 CWE-119,CWE-120`,
      `${NATIVE}:16 high FF1001 CWE-120`,
      `${NATIVE}:17 high FF1015 CWE-120`,
      `${NATIVE}:23 high FF1015 CWE-120`,
    ],
    sample: {
      index: 1,
      shows: {
        title: 'Does not check for buffer overflows when copying to destination [MS-banned] (CWE-120).',
        message: 'buffer/strcpy:Does not check for buffer overflows when copying to destination \\[MS-banned\\] (CWE-120).',
        helpUri: 'https://cwe.mitre.org/data/definitions/120.html',
        columns: [5, undefined, 28],
      },
    },
    revision2: [
      `${NATIVE}:14 high FF1010 CWE-120`,
      `${NATIVE}:15 high FF1005 CWE-120`,
      `${NATIVE}:21 low FF1013 CWE-119,CWE-120`,
      `${NATIVE}:24 low FF1019 CWE-134`,
      `${NATIVE}:25 high FF1015 CWE-120`,
      `${NATIVE}:31 high FF1015 CWE-120`,
    ],
    identities: {
      kept: [
        [NATIVE, 13, 21],
        [NATIVE, 17, 25],
        [NATIVE, 23, 31],
      ],
      fixed: [[NATIVE, 16]],
      added: [
        [NATIVE, 14],
        [NATIVE, 15],
        [NATIVE, 24],
      ],
    },
    // flawfinder's contextHash/v1 is the identity.
    identitySource: 'fingerprints',
  },
] as const satisfies ReadonlyArray<{ tool: Tool; identities: Identities } & Record<string, unknown>>;

describe('SARIF fixtures made by real scanners', () => {
  describe('are valid SARIF 2.1.0 (the OASIS schema)', () => {
    it('(the check names what breaks the schema)', () => {
      const log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'severe' }] }] };
      assert.deepEqual(sarifSchemaProblems(log), ['/runs/0/results/0/level: must be equal to one of the allowed values']);
    });

    for (const tool of ['eslint', 'flawfinder'] as const) {
      for (const revision of [1, 2] as const) {
        it(`${tool} revision ${revision}, as the scanner wrote it and as the upload CLI sends it`, () => {
          assert.deepEqual(sarifSchemaProblems(fixture(tool, revision)), []);
          assert.deepEqual(sarifSchemaProblems(uploaded(tool, revision).log), []);
        });
      }
    }
  });

  for (const scanner of SCANNERS) {
    describe(scanner.name, () => {
      const uploads = bothRevisions(scanner.tool);

      it('maps every result of revision 1 onto its file and line, with its severity, rule and CWEs', () => {
        assert.deepEqual(uploads.r1.mapped.setAside, []);
        assert.deepEqual(seen(uploads.r1.mapped), scanner.revision1);
        const { finding } = uploads.r1.mapped.findings[scanner.sample.index]!;
        const { location } = finding;
        assert.deepEqual(
          {
            title: finding.title,
            message: finding.message,
            helpUri: finding.helpUri,
            commit: finding.commit,
            columns: [location.startColumn, location.endLine, location.endColumn],
          },
          { ...scanner.sample.shows, commit: COMMIT },
        );
      });

      it('gives each finding the exact text of its lines as its snippet, and the line hash of its first line', () => {
        for (const { mapped, lines } of [uploads.r1, uploads.r2]) {
          for (const { finding } of mapped.findings) {
            const { path, startLine, endLine } = finding.location;
            assert.equal(
              finding.location.snippet,
              lines(path)
                .slice(startLine - 1, endLine ?? startLine)
                .join('\n'),
              `${path}:${startLine}`,
            );
            assert.match(finding.location.lineHash ?? '', /^[0-9a-f]+:1$/);
          }
        }
      });

      it('keeps the ids of results that stayed or moved, drops the fixed ones and gives the new ones new ids', () => {
        assert.deepEqual(seen(uploads.r2.mapped), scanner.revision2);
        assertIdentities(uploads, scanner.identities);
        assert.ok(uploads.r2.mapped.findings.every((f) => f.fingerprint.source === scanner.identitySource));
      });
    });
  }
});
