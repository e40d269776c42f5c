import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { floorDiagnostic, floorFiles, listedInProblems, writeFloorFiles } from '../../../../bench/editor/floorDiagnostics';
import { editorWorkspace } from '../../../../bench/editor/workspace';
import type { GeneratedFinding } from '../../../../bench/generate';

const finding = (over: Partial<GeneratedFinding>): GeneratedFinding => ({
  project: 'p',
  id: 'BF-000001',
  ruleId: 'ts/xss',
  title: 'Unescaped user text written to HTML in file3 (the request)',
  message: 'long markdown',
  severity: 'high',
  confidence: 0.5,
  cwe: ['CWE-79'],
  helpUri: 'https://cwe.mitre.org/data/definitions/79.html',
  commit: 'a'.repeat(40),
  status: 'open',
  location: { path: 'services/a/src/db/file3.ts', startLine: 10, startColumn: 3, endLine: 11, endColumn: 40, snippet: 'x\ny' },
  ...over,
});

describe('bench/editor/floorDiagnostics', () => {
  it("makes a finding's diagnostic as the server does for a closed file: 0-based range, VS Code's severity, title, rule and help link, the id", () => {
    assert.deepEqual(floorDiagnostic(finding({})), [
      9,
      2,
      10,
      39,
      0,
      'Unescaped user text written to HTML in file3 (the request)',
      'ts/xss',
      'https://cwe.mitre.org/data/definitions/79.html',
      'BF-000001',
      false,
    ]);
  });

  it('fades an acknowledged finding as a hint, and maps the other severities as the server does (info is Information, not Hint)', () => {
    const acknowledged = floorDiagnostic(finding({ status: 'acknowledged' }))!;
    assert.equal(acknowledged[4], 3);
    assert.equal(acknowledged[9], true);
    assert.equal(floorDiagnostic(finding({ severity: 'medium' }))![4], 1);
    assert.equal(floorDiagnostic(finding({ severity: 'info' }))![4], 2);
  });

  it('leaves out the help link when it is not https, as the server does', () => {
    assert.equal(floorDiagnostic(finding({ helpUri: 'http://example.com/x' }))![7], null);
  });

  it("groups the bench feed's findings by file in path order, each by line then id, and lists the same Problems as the bench expects", () => {
    const workspace = editorWorkspace(3_000, 'p', 7);
    const files = floorFiles(workspace.feed.findings);
    assert.equal(files.length, workspace.feed.files);
    assert.deepEqual(
      files.map((f) => f.path),
      [...files.map((f) => f.path)].sort(),
    );
    for (const file of files) {
      const keys = file.diagnostics.map(([line, , , , , , , , id]) => [line, id] as const);
      const sorted = [...keys].sort(([la, ia], [lb, ib]) => la - lb || (ia < ib ? -1 : ia > ib ? 1 : 0));
      assert.deepEqual(keys, sorted, file.path);
    }
    const all = files.flatMap((f) => f.diagnostics);
    assert.equal(all.length, workspace.feed.findings.length);
    assert.equal(all.filter((d) => d[4] !== 3).length, workspace.expectedProblems);
  });

  it('writes one file per JSON line and counts the diagnostics', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'floor-test-'));
    try {
      const files = floorFiles([finding({}), finding({ id: 'BF-000002', location: { ...finding({}).location, path: 'a.ts' } })]);
      const to = path.join(dir, 'd.jsonl');
      assert.equal(writeFloorFiles(files, to), 2);
      const lines = readFileSync(to, 'utf8').trimEnd().split('\n');
      assert.deepEqual(
        lines.map((line) => (JSON.parse(line) as { path: string }).path),
        ['a.ts', 'services/a/src/db/file3.ts'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts what Problems lists of a file: every diagnostic but the hints (acknowledged findings)', () => {
    const [file] = floorFiles([
      finding({ id: 'BF-1' }),
      finding({ id: 'BF-2', status: 'acknowledged' }),
      finding({ id: 'BF-3', severity: 'info' }),
      finding({ id: 'BF-4', severity: 'medium' }),
    ]);
    assert.equal(file!.diagnostics.length, 4);
    assert.equal(listedInProblems(file!), 3);
  });
});
