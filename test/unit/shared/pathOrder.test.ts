import { strict as assert } from 'node:assert';
import { comparePaths } from '../../../src/shared/pathOrder';

/** The order the feed sorts in: the paths' UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const sign = (n: number) => Math.sign(n);

describe('path order: paths compared as their UTF-8 bytes', () => {
  it('puts U+E000–U+FFFF before astral characters, where JavaScript’s < puts them after', () => {
    const fullwidth = 'src/\uff21.ts';
    const astral = 'src/\u{1f600}.ts';
    assert.ok(fullwidth > astral, 'code units: FF21 after D83D');
    assert.ok(comparePaths(fullwidth, astral) < 0);
    assert.ok(comparePaths(astral, fullwidth) > 0);
    assert.ok(comparePaths('\ue000', '\u{10000}') < 0);
    assert.ok(comparePaths('\ud7ff', '\u{10000}') < 0, 'below the surrogates, as in code units');
  });

  it('agrees with byte order on prefixes, case, equal paths and mixed strings', () => {
    const paths = [
      '',
      'a',
      'a/b',
      'a/b.ts',
      'A.ts',
      'Z.ts',
      'lib/b.ts',
      'src/é.ts',
      'src/\u00ff',
      'src/\u0800',
      'src/\ud7ff',
      'src/\ue000x',
      'src/\uffff',
      'src/\u{10000}',
      'src/\u{1f600}.ts',
      'src/\u{10ffff}',
      'src/\uff21\u{1f600}',
      'src/\u{1f600}\uff21',
    ];
    for (const a of paths) for (const b of paths) assert.equal(sign(comparePaths(a, b)), sign(byBytes(a, b)), `${a} vs ${b}`);
  });
});
