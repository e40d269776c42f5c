import * as assert from 'node:assert/strict';
import { editorWorkspace, lineText, linesAt, WORKSPACE_FILES } from '../../../../bench/editor/workspace';

describe('bench/editor/workspace', () => {
  it("quotes the workspace's own lines in every finding, so each finding's lines exist and match", () => {
    const { feed } = editorWorkspace(3_000, 'p', 7);
    for (const f of feed.findings) {
      const lines = f.location.endLine - f.location.startLine + 1;
      assert.equal(f.location.snippet, linesAt(f.location.path, f.location.startLine, lines));
      assert.ok(f.location.endLine <= 805, `${f.id} ends on line ${f.location.endLine}, past the file`);
    }
    assert.ok(feed.files <= WORKSPACE_FILES);
  });

  it('writes lines that occur once in the whole workspace', () => {
    assert.notEqual(lineText('services/a/src/db/file1.ts', 5), lineText('services/a/src/db/file2.ts', 5));
    assert.notEqual(lineText('services/a/src/db/file1.ts', 5), lineText('services/a/src/db/file1.ts', 6));
  });

  it("expects in Problems the open findings (an acknowledged one is a hint), and opens an open finding's file at its line", () => {
    const { feed, expectedProblems, openFile } = editorWorkspace(3_000, 'p', 7);
    assert.equal(expectedProblems, feed.findings.filter((f) => f.status === 'open').length);
    assert.ok(expectedProblems < feed.findings.length, 'the seeded feed has acknowledged findings too');
    const first = feed.findings.find((f) => f.location.path === openFile.path && f.location.startLine === openFile.line);
    assert.equal(first?.status, 'open');
  });
});
