import { strict as assert } from 'node:assert';
import { anchor, prepareBase } from '../../../../src/server/anchoring/anchor';
import { TextIndex } from '../../../../src/server/anchoring/textIndex';

/** One test of a request spec: `.expect(200, done);` repeats in every test; the route tells them apart. */
const spec = (name: string, route: string) => [
  `it('${name}', () => {`,
  '  request(app)',
  `    .get('/${route}')`,
  '    .expect(200, done);',
  '})',
  '',
];
const FLAGGED = '    .expect(200, done);';

describe("anchoring repeated code with the commit's text", () => {
  it("moves to the copy whose neighbours are the flagged line's, when the diff paired it with another copy", () => {
    const base = [...spec('one', 'a'), ...spec('two', 'b'), ...spec('three', 'c'), ...spec('four', 'd')];
    const flagged = base.indexOf("    .get('/d')") + 1;
    // The tests in reverse order, with new ones between them.
    const current = [
      ...spec('n2', 'x'),
      ...spec('four', 'd'),
      ...spec('n2', 'x'),
      ...spec('three', 'c'),
      ...spec('n4', 'c'),
      ...spec('two', 'b'),
      ...spec('n2', 'x'),
      ...spec('one', 'a'),
    ];
    const truth = current.indexOf("    .get('/d')") + 1;
    const diff = prepareBase(base.join('\n'), new TextIndex(current)).map.baseToCurrent[flagged]!;
    assert.notEqual(diff, truth, 'the fixture makes the diff pair the flagged line with another copy');
    const a = anchor({
      location: { path: 's.js', startLine: flagged + 1, snippet: FLAGGED.trim() },
      currentText: current.join('\n'),
      baseText: base.join('\n'),
      commit: 'abc1234',
    });
    assert.equal(a.range.startLine, truth);
    assert.equal(a.state, 'moved');
  });

  it('is uncertain where the diff keeps a repeated line but the lines around it changed', () => {
    const base = [...spec('one', 'a'), ...spec('two', 'b')];
    const flagged = base.indexOf("    .get('/a')") + 1;
    // Test one now posts, with a body: the flagged line kept its place, its neighbours did not.
    const current = [
      ...spec('one', 'a').map((l) =>
        l.replace("    .get('/a')", "    .post('/a')").replace('  request(app)', '  request(app, { json: true })'),
      ),
      ...spec('two', 'b'),
    ];
    assert.equal(
      prepareBase(base.join('\n'), new TextIndex(current)).map.baseToCurrent[flagged],
      flagged,
      'the diff keeps the flagged line in place',
    );
    const a = anchor({
      location: { path: 's.js', startLine: flagged + 1, snippet: FLAGGED.trim() },
      currentText: current.join('\n'),
      baseText: base.join('\n'),
    });
    assert.equal(a.range.startLine, flagged);
    assert.equal(a.state, 'uncertain');
  });

  it('stays exact where the diff keeps a repeated line and its neighbours agree', () => {
    const base = [...spec('one', 'a'), ...spec('two', 'b')];
    const flagged = base.indexOf("    .get('/b')") + 1;
    const a = anchor({ location: { path: 's.js', startLine: flagged + 1 }, currentText: base.join('\n'), baseText: base.join('\n') });
    assert.equal(a.state, 'exact');
  });

  it('keeps flagged lines together: not drawn over lines the diff put between them when they still stand together', () => {
    const test = (name: string, route: string) => [
      `it('${name}', () => {`,
      '  request(app)',
      `    .get('/${route}')`,
      "    .expect(200, 'false', done);",
      '})',
      '',
    ];
    const base = [...test('t0', 'a'), ...test('t1', 'b'), ...test('t2', 'a'), ...test('t3', 'a'), ...test('t4', 'a')];
    const current = [
      ...test('new', 'a'),
      ...test('t1', 'b'),
      ...test('new', 'a'),
      ...test('t2', 'a'),
      ...test('t3', 'a'),
      ...test('t4', 'a'),
    ];
    const flagged = 7; // t1's three lines, from `request(app)`
    const map = prepareBase(base.join('\n'), new TextIndex(current)).map.baseToCurrent;
    assert.notEqual(map[flagged + 2]! - map[flagged]!, 2, 'the fixture makes the diff split them');
    const a = anchor({
      location: { path: 's.js', startLine: flagged + 1, endLine: flagged + 3 },
      currentText: current.join('\n'),
      baseText: base.join('\n'),
    });
    assert.deepEqual([a.range.startLine, a.range.endLine], [7, 9]);
    // A new test right below it: not every neighbour agrees, so a best guess, on the right lines.
    assert.equal(a.state, 'uncertain');
  });

  it('still follows flagged lines the diff split apart when lines were inserted between them', () => {
    const base = ['const a = load();', 'check(a);', 'save(a);', 'done();'];
    const current = ['const a = load();', 'check(a);', 'log(a);', 'save(a);', 'done();'];
    const a = anchor({ location: { path: 'x.ts', startLine: 2, endLine: 3 }, currentText: current.join('\n'), baseText: base.join('\n') });
    assert.deepEqual([a.range.startLine, a.range.endLine, a.state], [1, 3, 'moved']);
  });

  it('is moved confidently to new code only where its neighbours agree, when the flagged text had a twin at the commit', () => {
    const handler = (name: string, check: string, reply = `respond(user, "${name}")`) => [
      `export function ${name}(req: Request) {`,
      `  ${check}`,
      '  const user = db.find(req.query.id);',
      `  return ${reply};`,
      '}',
      '',
    ];
    const base = [...handler('show', 'audit(req);'), ...handler('list', 'authorize(req);'), '// end of handlers'];
    const flagged = 8; // list's `const user = ...`, the same text as show's
    assert.equal(base[flagged], base[2]);
    // list moved below the end marker: new lines for the diff, its neighbours along with it.
    const moved = [...handler('show', 'audit(req);'), '// end of handlers', '', ...handler('list', 'authorize(req);')];
    const a = anchor({ location: { path: 'h.ts', startLine: flagged + 1 }, currentText: moved.join('\n'), baseText: base.join('\n') });
    assert.equal(a.range.startLine, 10);
    assert.equal(a.state, 'moved');
    // Moved, and the lines around it rewritten: its twin's text alone cannot say it is the one.
    const rewritten = [
      ...handler('show', 'audit(req);'),
      '// end of handlers',
      '',
      ...handler('list', 'authorizeAll(req);', 'respondAll(user)'),
    ];
    const b = anchor({ location: { path: 'h.ts', startLine: flagged + 1 }, currentText: rewritten.join('\n'), baseText: base.join('\n') });
    assert.equal(b.range.startLine, 10);
    assert.equal(b.state, 'uncertain');
  });
});
