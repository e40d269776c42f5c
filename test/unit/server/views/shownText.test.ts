import * as assert from 'node:assert/strict';
import { buildCodeLenses } from '../../../../src/server/views/codeLens';
import { relatedInformation, toDiagnostic } from '../../../../src/server/views/diagnostics';
import { hoverContent, hoverMarkdown } from '../../../../src/server/views/hover';
import { placeFinding } from '../../../../src/server/views/placement';
import { CUT_MARK, MAX_HOVER_FINDINGS, MAX_RELATED, shown, TEXT_CAPS } from '../../../../src/server/views/shownText';
import { showHidden } from '../../../../src/shared/visibleText';
import { makeFinding } from '../makeFinding';

const HIDDEN = [
  '\u202E',
  '\u202D',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200B',
  '\u200D',
  '\u200E',
  '\u061C',
  '\uFEFF',
  '\u00AD',
  '\u2028',
  '\u0007',
  '\u001B',
  '\u009B',
  '\u{E0041}',
];

/** True when `text` holds none of the characters above, raw. */
const clean = (text: string) => !HIDDEN.some((c) => text.includes(c));

describe('shown text: hidden characters written out, long texts cut saying so', () => {
  it('writes out every bidirectional control and invisible character as <U+XXXX>', () => {
    for (const c of HIDDEN) {
      const out = showHidden(`a${c}b`);
      assert.equal(out, `a<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>b`, JSON.stringify(c));
    }
  });

  it('leaves ordinary text alone: accents, CJK, emoji with their variation selector, tabs and line breaks', () => {
    for (const text of ['café', '漢字', '❤️ ok', 'a\tb\nc\r\nd', '']) assert.equal(showHidden(text), text);
  });

  it('cuts at the cap, says so, never inside a surrogate pair or a written-out character', () => {
    assert.equal(shown('x'.repeat(10), 10), 'x'.repeat(10));
    assert.equal(shown('x'.repeat(11), 10), `${'x'.repeat(10)}${CUT_MARK}`);
    assert.equal(shown(`${'x'.repeat(9)}😀`, 10), `${'x'.repeat(9)}${CUT_MARK}`);
    assert.equal(shown(`${'x'.repeat(8)}\u202E`, 10), `${'x'.repeat(8)}${CUT_MARK}`);
    assert.ok(shown('\u202E'.repeat(5_000_000), 300).length < 400, 'a text of hidden characters does not grow past its cap');
  });

  const hostileTitle = `Safe\u202E txt.exe \u200B${'A'.repeat(5_000_000)}`;
  const f = makeFinding({
    id: 'f',
    title: hostileTitle,
    ruleId: `rule\u2066${'r'.repeat(1000)}`,
    message: `x\u202Ey ${'m'.repeat(8_000_000)}`,
  });

  it('caps the diagnostic message and code, and writes out hidden characters in them', () => {
    const d = toDiagnostic(f, placeFinding(f.location, undefined), { resolvedDisplay: 'hint', resolveUri: () => 'file:///w/a.ts' })!;
    assert.ok(d.message.length <= TEXT_CAPS.title + CUT_MARK.length, `${d.message.length}`);
    assert.ok(d.message.endsWith(CUT_MARK));
    assert.ok(d.message.startsWith('Safe<U+202E> txt.exe <U+200B>'));
    assert.ok(clean(d.message) && clean(String(d.code)));
    assert.ok(String(d.code).length <= TEXT_CAPS.field + CUT_MARK.length);
  });

  it('caps the lens title on one line, saying it was cut', () => {
    const [details] = buildCodeLenses(f, placeFinding(f.location, undefined));
    const title = details!.command!.title;
    assert.ok(title.length < 140, title);
    assert.match(title, /… \(cut\)/);
    assert.ok(clean(title));
  });

  it('caps the hover: title, message (saying the panel has it all) and the number of findings', () => {
    const md = hoverMarkdown({ ...f, message: f.message } as never);
    assert.ok(md.length < TEXT_CAPS.hoverMessage + 2_000, `${md.length}`);
    assert.match(md, /The message was cut at 20,000 characters: the details panel shows it all/);
    assert.ok(clean(md));
    const hits = Array.from({ length: MAX_HOVER_FINDINGS + 3 }, (_, i) => ({ finding: { ...makeFinding({ id: `h${i}` }), message: 'm' } }));
    const content = hoverContent(hits).value;
    assert.equal(content.split('### ').length - 1, MAX_HOVER_FINDINGS);
    assert.match(content, /and 3 more findings here/);
  });

  it('caps related locations and flow steps, and says how many more the panel has', () => {
    const steps = Array.from({ length: 1_000 }, (_, i) => ({ location: { path: 'a.ts', startLine: i + 1 }, message: `step\u202E ${i}` }));
    const related = relatedInformation({ flow: steps, relatedLocations: steps.slice(0, 10) }, () => 'file:///w/a.ts');
    assert.equal(related.length, MAX_RELATED + 1);
    assert.match(related[MAX_RELATED]!.message, /… and 960 more related locations and flow steps: the details panel shows them all/);
    assert.ok(related.every((r) => clean(r.message)));
    assert.equal(relatedInformation({ flow: steps.slice(0, 3) }, () => 'file:///w/a.ts').length, 3);
  });
});
