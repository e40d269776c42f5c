import { strict as assert } from 'node:assert';
import { anchor } from '../../../../src/server/anchoring/anchor';
import { FileAnchors, type FileFinding, type TextEdit } from '../../../../src/server/anchoring/fileAnchors';

function random(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
}

function sourceFile(n: number): string {
  return Array.from({ length: n }, (_, i) =>
    i % 7 === 6 ? '' : i % 7 === 5 ? '}' : `  const value${i} = compute(${i}, "key-${(i * 7919) % 1000}");`,
  ).join('\n');
}

/** Applies an LSP edit to a plain string: the model the incremental engine must agree with. */
function applyToText(text: string, edit: TextEdit): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + Math.min(p.character, lines[p.line]!.length);
  return text.slice(0, offset(edit.range.start)) + edit.text + text.slice(offset(edit.range.end));
}

function randomEdit(text: string, next: () => number): TextEdit {
  const lines = text.split('\n');
  const line = Math.floor(next() * lines.length);
  const character = Math.floor(next() * (lines[line]!.length + 1));
  const start = { line, character };
  const kind = next();
  if (kind < 0.4) return { range: { start, end: start }, text: 'xyzq'[Math.floor(next() * 4)]! };
  if (kind < 0.6) return { range: { start, end: { line, character: Math.min(lines[line]!.length, character + 3) } }, text: '' };
  if (kind < 0.8) return { range: { start, end: start }, text: `\n  inserted(${Math.floor(next() * 1e6)});` };
  const endLine = Math.min(lines.length - 1, line + 1 + Math.floor(next() * 2));
  return { range: { start: { line, character: 0 }, end: { line: endLine, character: 0 } }, text: '' };
}

const confident = (state: string) => state === 'exact' || state === 'moved';
const touches = (r: { startLine: number; endLine: number }, e: TextEdit) =>
  !(r.endLine < e.range.start.line || r.startLine > e.range.end.line);

describe('FileAnchors', () => {
  const base = sourceFile(300);
  const baseLines = base.split('\n');
  const flagged = [3, 10, 43, 44, 92, 150, 151, 200, 260, 295].filter((i) => baseLines[i]!.includes('compute'));
  const findings: FileFinding[] = flagged.map((i, k) => ({
    id: `f${i}`,
    location: { path: 'a.ts', startLine: i + 1, ...(k % 2 === 0 ? { snippet: baseLines[i]!.trim() } : {}) },
    base,
    commit: 'abc1234',
  }));

  it('starts with the full pass answers', () => {
    const file = new FileAnchors(findings, base);
    for (const f of findings)
      assert.deepEqual(file.get(f.id), anchor({ location: f.location, currentText: base, baseText: base, commit: 'abc1234' }));
    assert.equal(file.get('nope'), undefined);
    assert.equal(file.ids().length, findings.length);
  });

  it('shifts findings below an inserted line and reports them as changed', () => {
    const file = new FileAnchors(findings, base);
    const changed = file.applyEdit({ range: { start: { line: 20, character: 0 }, end: { line: 20, character: 0 } }, text: '// new\n' });
    assert.deepEqual(
      changed.sort(),
      findings
        .filter((f) => f.location.startLine - 1 >= 20)
        .map((f) => f.id)
        .sort(),
    );
    assert.equal(file.get('f3')!.range.startLine, 3);
    assert.equal(file.get('f43')!.range.startLine, 44);
  });

  it('makes a finding uncertain while its line is edited, and exact again once the edit is undone', () => {
    const file = new FileAnchors(findings, base);
    const line = 43;
    const at = { line, character: baseLines[line]!.indexOf('compute') };
    file.applyEdit({ range: { start: at, end: at }, text: 'q' });
    assert.equal(file.get('f43')!.state, 'uncertain');
    file.applyEdit({ range: { start: at, end: { line, character: at.character + 1 } }, text: '' });
    assert.equal(file.get('f43')!.state, 'exact');
  });

  it('loses a finding whose line is deleted, and finds it again when the deletion is undone', () => {
    const file = new FileAnchors(findings, base);
    file.applyEdit({ range: { start: { line: 92, character: 0 }, end: { line: 93, character: 0 } }, text: '' });
    assert.equal(file.get('f92')!.state, 'lost');
    file.applyEdit({ range: { start: { line: 92, character: 0 }, end: { line: 92, character: 0 } }, text: baseLines[92] + '\n' });
    assert.equal(file.get('f92')!.state, 'exact');
    assert.equal(file.get('f92')!.range.startLine, 92);
  });

  // `exact` and `moved` anchors are compared: an `uncertain` one is a best guess among the lines
  // that replaced the flagged ones, which a full pass may revise when any of those lines changes.
  it('agrees with a fresh full anchor for every confident finding an edit did not touch (property, 400 random edits)', function () {
    // 400 full re-anchors to compare against: seconds on a loaded 2-core machine, not a hang.
    this.timeout(20_000);
    const next = random(42);
    const file = new FileAnchors(findings, base);
    let text = base;
    let compared = 0;
    let mismatchedStates = 0;
    for (let step = 0; step < 400; step++) {
      const edit = randomEdit(text, next);
      const before = new Map(findings.map((f) => [f.id, file.get(f.id)!]));
      file.applyEdit(edit);
      text = applyToText(text, edit);
      for (const f of findings) {
        const previous = before.get(f.id)!;
        if (touches(previous.range, edit) || !confident(previous.state)) continue;
        const incremental = file.get(f.id)!;
        const fresh = anchor({ location: f.location, currentText: text, baseText: base, commit: 'abc1234' });
        assert.ok(confident(incremental.state));
        assert.deepEqual(
          [incremental.range.startLine, incremental.range.endLine],
          [fresh.range.startLine, fresh.range.endLine],
          `step ${step}, finding ${f.id}, edit ${JSON.stringify(edit)}`,
        );
        if (!confident(fresh.state)) mismatchedStates++;
        compared++;
      }
    }
    assert.ok(compared > 1000, `only ${compared} comparisons`);
    assert.ok(mismatchedStates === 0, `${mismatchedStates} confident anchors disagreed on the state`);
  });

  it('handles CRLF text and multi-line pastes', () => {
    const crlf = base.split('\n').join('\r\n');
    const file = new FileAnchors(findings, crlf);
    assert.equal(file.get('f43')!.state, 'exact');
    file.applyEdit({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'a\r\nb\r\nc\r\n' });
    assert.equal(file.get('f43')!.range.startLine, 46);
  });

  it('re-anchors everything from a full text (full sync)', () => {
    const file = new FileAnchors(findings, base);
    const changed = file.reanchorAll('// top\n' + base);
    assert.equal(changed.length, findings.length);
    assert.equal(file.get('f3')!.state, 'moved');
  });
});
