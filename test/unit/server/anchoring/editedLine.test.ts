import { strict as assert } from 'node:assert';
import { anchor } from '../../../../src/server/anchoring/anchor';
import { lineHash } from '../../../../src/shared/lineHash';
import { FILE_SERVER_OPTIONS } from './fileServerOptions';

/** An options type whose `download` field is edited in place (the example), with its neighbours unchanged. */
const OPTIONS = FILE_SERVER_OPTIONS;
const FLAGGED = OPTIONS.indexOf('  download?: any');
const EDITED = '  download?: string | boolean | undefined';
const edited = (lines: string[], at: number) => lines.map((l, i) => (i === at ? EDITED : l));
const withLinesAbove = (lines: string[], n: number) => [
  ...lines.slice(0, 2),
  ...Array.from({ length: n }, (_, i) => `// ${i}: a comment line`),
  ...lines.slice(2),
];
const location = (base: string[]) => ({
  path: 'o.ts',
  startLine: FLAGGED + 1,
  snippet: base[FLAGGED]!.trim(),
  lineHash: lineHash(base.join('\n'), FLAGGED),
});

describe("anchoring without the commit's text: an edited line", () => {
  it('is shown uncertain on the edited line when the line hash says the lines below it are unchanged', () => {
    const current = edited(OPTIONS, FLAGGED);
    const a = anchor({ location: location(OPTIONS), currentText: current.join('\n') });
    assert.equal(a.state, 'uncertain');
    assert.equal(a.range.startLine, FLAGGED);
    assert.match(a.reason, /lines below it are unchanged/);
  });

  it('finds it there after lines were inserted above, beyond the reach of a plain look at the reported line', () => {
    const current = edited(withLinesAbove(OPTIONS, 12), FLAGGED + 12);
    const a = anchor({ location: location(OPTIONS), currentText: current.join('\n') });
    assert.equal(a.state, 'uncertain');
    assert.equal(a.range.startLine, FLAGGED + 12);
  });

  it('does not take a deletion for an edit: the line above has the same lines below it, but is nothing like the snippet', () => {
    const current = OPTIONS.filter((_, i) => i !== FLAGGED);
    const a = anchor({ location: location(OPTIONS), currentText: current.join('\n') });
    assert.equal(a.state, 'lost');
  });

  it('with a snippet that fills the line hash on its own, asks for a line very like it', () => {
    const longLine = '  download?: "always" | "never" | "when-the-request-asks-for-it" | "when-the-file-extension-is-not-html-or-txt"';
    const long = [...OPTIONS.slice(0, FLAGGED), longLine, ...OPTIONS.slice(FLAGGED + 1)];
    const loc = location(long);
    assert.ok(loc.snippet.replace(/\s+/g, '').length >= 100, 'the snippet alone fills the 100 characters of the line hash');
    // Deleted, with a line somewhat like it two lines up: the hash (snippet only) would match there too.
    const deleted = long
      .filter((_, i) => i !== FLAGGED)
      .map((l, i) => (i === FLAGGED - 2 ? '  root?: "always" | "never" | "when-asked"' : l));
    assert.equal(anchor({ location: loc, currentText: deleted.join('\n') }).state, 'lost');
    const alike = long.map((l, i) =>
      i === FLAGGED ? '  download?: "always" | "never" | "when-the-request-asks-for-it" | "for-non-html-files"' : l,
    );
    const a = anchor({ location: loc, currentText: withLinesAbove(alike, 10).join('\n') });
    assert.equal(a.state, 'uncertain');
    assert.equal(a.range.startLine, FLAGGED + 10);
  });

  it('without a line hash, takes a line far from the reported one only if it is very alike and no other line is', () => {
    const current = withLinesAbove(OPTIONS, 20).map((l, i) => (i === FLAGGED + 20 ? '  downloads?: any' : l));
    const noHash = { ...location(OPTIONS), lineHash: undefined };
    const a = anchor({ location: noHash, currentText: current.join('\n') });
    assert.equal(a.state, 'uncertain');
    assert.equal(a.range.startLine, FLAGGED + 20);
    const twice = [...current, 'export type Legacy = {', '  downloads?: any', '}'];
    assert.equal(anchor({ location: noHash, currentText: twice.join('\n') }).state, 'lost', 'two lines just as alike: no answer');
  });

  it('prefers the edited line at the reported place over an identical copy elsewhere whose line hash disagrees', () => {
    const base = [...OPTIONS, '', 'export interface LegacyOptions {', '  download?: any', '}'];
    const current = edited(base, FLAGGED);
    const a = anchor({ location: location(base), currentText: current.join('\n') });
    assert.equal(a.range.startLine, FLAGGED, 'not the copy in LegacyOptions');
    assert.equal(a.state, 'uncertain');
    assert.match(a.reason, /looks edited where it was/);
  });
});

describe("anchoring without the commit's text: a three-line snippet, one line edited", () => {
  const base = [
    'def handler(event):',
    '    body = decode(event["body"])',
    '    user = lookup(body["user"])',
    '    audit.write(user, body)',
    '    return respond(user)',
    '',
  ];
  const snippet = base
    .slice(1, 4)
    .map((l) => l.trim())
    .join('\n');
  it('is shown uncertain on the three lines where most of them still stand', () => {
    const current = ['# moved down', '', ...base.map((l, i) => (i === 2 ? '    user = lookup(body["user"], strict=True)' : l))];
    const a = anchor({ location: { path: 'h.py', startLine: 2, endLine: 4, snippet }, currentText: current.join('\n') });
    assert.equal(a.state, 'uncertain');
    assert.deepEqual([a.range.startLine, a.range.endLine], [3, 5]);
  });
});
