import * as assert from 'node:assert/strict';
import type { FileChange } from '../../../../src/shared/feed';
import { eitherOriginal, fileFixEdits, originalFromSnippet, originalFromText } from '../../../../src/server/views/fixEdits';

const COMMIT_TEXT = [
  'import { db } from "./db";',
  '',
  'export function find(id: string) {',
  '  return db.query("SELECT * FROM t WHERE id = " + id);',
  '}',
].join('\n');
const fixSql: FileChange = {
  path: 'src/find.ts',
  replacements: [
    {
      deletedRegion: { startLine: 4, startColumn: 19, endLine: 4, endColumn: 53 },
      insertedText: '"SELECT * FROM t WHERE id = $1", [id]',
    },
  ],
};

describe('suggested fix edits', () => {
  it("places a region in the unchanged file at the commit's own place", () => {
    const placed = fileFixEdits(fixSql, originalFromText(COMMIT_TEXT), COMMIT_TEXT, 0);
    assert.deepEqual(placed, {
      ok: true,
      edits: [
        { range: { start: { line: 3, character: 18 }, end: { line: 3, character: 52 } }, newText: '"SELECT * FROM t WHERE id = $1", [id]' },
      ],
    });
  });

  it('moves the region as far as the finding moved, when its lines still read the same there', () => {
    const now = `// a header\n// of two lines\n${COMMIT_TEXT}`;
    const placed = fileFixEdits(fixSql, originalFromText(COMMIT_TEXT), now, 2);
    assert.ok(placed.ok);
    assert.deepEqual(placed.edits[0]!.range, { start: { line: 5, character: 18 }, end: { line: 5, character: 52 } });
    const lines = now.split('\n');
    assert.equal(lines[5]!.slice(18, 52), '"SELECT * FROM t WHERE id = " + id');
  });

  it('refuses when the text to delete changed, or the shift lands on other lines', () => {
    const edited = COMMIT_TEXT.replace('" + id', '" + Number(id)');
    assert.deepEqual(fileFixEdits(fixSql, originalFromText(COMMIT_TEXT), edited, 0), { ok: false, why: 'changed' });
    assert.deepEqual(fileFixEdits(fixSql, originalFromText(COMMIT_TEXT), COMMIT_TEXT, 1), { ok: false, why: 'changed' });
    assert.deepEqual(fileFixEdits(fixSql, originalFromText(COMMIT_TEXT), 'short', 0), { ok: false, why: 'changed' });
  });

  it("checks lines the finding's snippet holds, and says unknown for lines nobody knows", () => {
    const location = { path: 'src/find.ts', startLine: 4, snippet: '  return db.query("SELECT * FROM t WHERE id = " + id);' };
    assert.equal(fileFixEdits(fixSql, originalFromSnippet(location), COMMIT_TEXT, 0).ok, true);
    const addImport: FileChange = {
      path: 'src/find.ts',
      replacements: [{ deletedRegion: { startLine: 1, startColumn: 1, endColumn: 1 }, insertedText: '// x\n' }],
    };
    assert.deepEqual(fileFixEdits(addImport, originalFromSnippet(location), COMMIT_TEXT, 0), { ok: false, why: 'unknown' });
    assert.equal(
      fileFixEdits(addImport, eitherOriginal(originalFromSnippet(location), originalFromText(COMMIT_TEXT)), COMMIT_TEXT, 0).ok,
      true,
    );
    // A snippet whose line count does not match its lines is not trusted for any line.
    assert.deepEqual(fileFixEdits(fixSql, originalFromSnippet({ ...location, endLine: 5 }), COMMIT_TEXT, 0), { ok: false, why: 'unknown' });
  });

  it('counts columns in UTF-16 code units, and refuses a column that cuts a surrogate pair', () => {
    const line = 'const s = "😀 café"; eval(input);';
    // `eval` starts at column 22: the emoji counts two units, é one.
    const change: FileChange = {
      path: 'a.ts',
      replacements: [{ deletedRegion: { startLine: 1, startColumn: 22, endColumn: 33 }, insertedText: 'JSON.parse(input)' }],
    };
    const placed = fileFixEdits(change, originalFromText(line), line, 0);
    assert.ok(placed.ok);
    const { start, end } = placed.edits[0]!.range;
    assert.equal(line.slice(start.character, end.character), 'eval(input)');
    const half: FileChange = {
      path: 'a.ts',
      replacements: [{ deletedRegion: { startLine: 1, startColumn: 13, endColumn: 14 }, insertedText: '' }],
    };
    assert.deepEqual(fileFixEdits(half, originalFromText(line), line, 0), { ok: false, why: 'misfit' });
    const pastEnd: FileChange = { path: 'a.ts', replacements: [{ deletedRegion: { startLine: 1, startColumn: 40 }, insertedText: '' }] };
    assert.deepEqual(fileFixEdits(pastEnd, originalFromText(line), line, 0), { ok: false, why: 'misfit' });
  });

  it('reads CRLF files line by line: an absent end column is the end of the line without its \\r\\n', () => {
    const crlf = COMMIT_TEXT.replace(/\n/g, '\r\n');
    const wholeLine: FileChange = {
      path: 'a.ts',
      replacements: [{ deletedRegion: { startLine: 4 }, insertedText: '  return db.query("…", [id]);' }],
    };
    // The commit had LF, the checkout has CRLF: the lines read the same.
    const placed = fileFixEdits(wholeLine, originalFromText(COMMIT_TEXT), crlf, 0);
    assert.ok(placed.ok);
    assert.deepEqual(placed.edits[0]!.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 54 } });
    // Deleting whole lines with their endings ends at column 1 of the next line, which is not compared.
    const deleteLines: FileChange = {
      path: 'a.ts',
      replacements: [{ deletedRegion: { startLine: 1, endLine: 3, endColumn: 1 }, insertedText: '' }],
    };
    const changedThird = crlf.replace('export function', 'export async function');
    assert.deepEqual(fileFixEdits(deleteLines, originalFromText(COMMIT_TEXT), changedThird, 0), {
      ok: true,
      edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, newText: '' }],
    });
  });

  it('refuses overlapping replacements, and keeps several that do not overlap', () => {
    const two: FileChange = {
      path: 'a.ts',
      replacements: [
        { deletedRegion: { startLine: 4, startColumn: 3, endColumn: 9 }, insertedText: 'yield' },
        { deletedRegion: { startLine: 1, startColumn: 1, endColumn: 1 }, insertedText: '"use strict";\n' },
      ],
    };
    assert.equal(fileFixEdits(two, originalFromText(COMMIT_TEXT), COMMIT_TEXT, 0).ok, true);
    const overlapping: FileChange = {
      ...two,
      replacements: [two.replacements[0]!, { deletedRegion: { startLine: 4, startColumn: 5, endColumn: 12 }, insertedText: '' }],
    };
    assert.deepEqual(fileFixEdits(overlapping, originalFromText(COMMIT_TEXT), COMMIT_TEXT, 0), { ok: false, why: 'overlap' });
  });
});
