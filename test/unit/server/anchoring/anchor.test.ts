import { strict as assert } from 'node:assert';
import { anchor } from '../../../../src/server/anchoring/anchor';
import { lineHash } from '../../../../src/server/anchoring/lineHash';

const BASE = [
  'import { db } from "./db";',
  '',
  'export async function findUser(id: string) {',
  '  const sql = "SELECT * FROM users WHERE id = " + id;',
  '  return db.query(sql);',
  '}',
  '',
  'export function audit(event: string) {',
  '  console.log("audit", event);',
  '}',
].join('\n');
const FLAGGED = 'const sql = "SELECT * FROM users WHERE id = " + id;';
const loc = (extra: Record<string, unknown> = {}) => ({ path: 'src/users.ts', startLine: 4, snippet: FLAGGED, ...extra });
const lines = (text: string) => text.split('\n');
const withLines = (edit: (l: string[]) => void) => {
  const l = lines(BASE);
  edit(l);
  return l.join('\n');
};

describe('anchor', () => {
  it('is exact, with the feed columns, when the flagged text is still in place', () => {
    const a = anchor({ location: loc({ startColumn: 3, endColumn: 54 }), currentText: BASE, baseText: BASE, commit: 'abc1234def' });
    assert.equal(a.state, 'exact');
    assert.equal(a.confidence, 1);
    assert.deepEqual(a.range, { startLine: 3, startCharacter: 2, endLine: 3, endCharacter: 53 });
    assert.equal(a.reason, 'unchanged since commit abc1234');
  });

  it('is moved, and says why, when lines were inserted above', () => {
    const current = withLines((l) => l.splice(1, 0, '// one', '// two', 'import { log } from "./log";'));
    const a = anchor({ location: loc(), currentText: current, baseText: BASE, commit: 'abc1234def' });
    assert.equal(a.state, 'moved');
    assert.equal(a.range.startLine, 6);
    assert.equal(a.reason, 'moved 3 lines down: the code above changed since commit abc1234');
  });

  it('is uncertain, drawn on the edited line, when the flagged line was edited a little', () => {
    const current = withLines((l) => (l[3] = '  const sql = "SELECT * FROM users WHERE uid = " + userId;'));
    const a = anchor({ location: loc(), currentText: current, baseText: BASE });
    assert.equal(a.state, 'uncertain');
    assert.equal(a.range.startLine, 3);
    assert.match(a.reason, /edited/);
  });

  it('is lost when the flagged code was deleted, and keeps the reported place for the listing', () => {
    const current = withLines((l) => l.splice(3, 1));
    const a = anchor({ location: loc(), currentText: current, baseText: BASE, commit: 'abc1234' });
    assert.equal(a.state, 'lost');
    assert.equal(a.confidence, 0);
    assert.equal(a.range.startLine, 3);
    assert.match(a.reason, /location lost/);
    assert.equal(a.snippet, FLAGGED);
  });

  it('finds a moved block elsewhere in the file', () => {
    const l = lines(BASE);
    const current = [...l.slice(0, 2), ...l.slice(6), '', ...l.slice(2, 6)].join('\n');
    const a = anchor({ location: loc(), currentText: current, baseText: BASE });
    assert.equal(a.state, 'moved');
    assert.equal(lines(current)[a.range.startLine]!.trim(), FLAGGED);
  });

  it('never jumps onto an identical copy that was already in the file when its own line is deleted', () => {
    const twin = withLines((l) => l.splice(9, 0, '  ' + FLAGGED));
    const current = lines(twin);
    current.splice(3, 1);
    const a = anchor({ location: loc(), currentText: current.join('\n'), baseText: twin });
    assert.equal(a.state, 'lost');
  });

  it('does not care about CRLF, tabs or re-indentation', () => {
    const current = lines(BASE)
      .map((l) => l.replace(/^ {2}/, '\t\t'))
      .join('\r\n');
    const a = anchor({ location: loc(), currentText: current, baseText: BASE });
    assert.equal(a.state, 'exact');
    assert.deepEqual(a.range, { startLine: 3, startCharacter: 2, endLine: 3, endCharacter: 53 });
  });

  it('follows a snippet re-wrapped over two lines', () => {
    const current = withLines((l) => l.splice(3, 1, '  const sql = "SELECT * FROM users WHERE id = " +', '    id;'));
    const a = anchor({ location: loc(), currentText: current, baseText: BASE });
    assert.equal(a.state, 'exact');
    assert.deepEqual([a.range.startLine, a.range.endLine], [3, 4]);
  });

  it('without a commit, places by the snippet nearest the reported line', () => {
    const current = withLines((l) => l.splice(0, 0, '// header'));
    const a = anchor({ location: loc(), currentText: current });
    assert.equal(a.state, 'moved');
    assert.equal(a.range.startLine, 4);
    assert.match(a.reason, /moved 1 line down/);
  });

  it('without a commit or a snippet, uses the line hash', () => {
    const current = withLines((l) => l.splice(0, 0, '// header', '// more'));
    const a = anchor({ location: { path: 'x', startLine: 4, lineHash: lineHash(BASE, 3) }, currentText: current });
    assert.equal(a.state, 'moved');
    assert.equal(a.range.startLine, 5);
  });

  it('says so, and does not guess, when the feed gave no commit and no snippet', () => {
    const a = anchor({ location: { path: 'x', startLine: 4 }, currentText: BASE });
    assert.equal(a.state, 'uncertain');
    assert.equal(a.reason, 'the feed gave no commit and no snippet: shown at the reported line, unverified');
    assert.equal(anchor({ location: { path: 'x', startLine: 40 }, currentText: BASE }).state, 'lost');
  });

  it('is lost when the file was rewritten from scratch', () => {
    const a = anchor({ location: loc(), currentText: 'package main\n\nfunc main() {\n\tprintln("hi")\n}\n', baseText: BASE });
    assert.equal(a.state, 'lost');
  });

  it('counts columns in UTF-16 code units on a line with unicode', () => {
    const base = 'const s = "日本語 🚀"; eval(input);';
    const at = base.indexOf('eval'); // 20: the rocket is two UTF-16 code units
    const current = '// ünïcödé 🔒\n\t' + base;
    const location = { path: 'x', startLine: 1, startColumn: at + 1, endColumn: at + 12, snippet: 'eval(input)' };
    const a = anchor({ location, currentText: current, baseText: base });
    assert.equal(a.state, 'moved');
    assert.deepEqual(a.range, { startLine: 1, startCharacter: at + 1, endLine: 1, endCharacter: at + 12 });
    assert.equal(current.split('\n')[1]!.slice(a.range.startCharacter, a.range.endCharacter), 'eval(input)');
  });
});
