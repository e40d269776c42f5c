import * as assert from 'node:assert/strict';
import { MAX_SHARED, SharedDiagnosticParts, type DiagnosticParts } from '../../../src/client/sharedDiagnosticParts';

/** A parsed link, as the language client makes one per diagnostic. */
class Link {
  constructor(private readonly href: string) {}
  toString(): string {
    return this.href;
  }
}

/** A diagnostic as the language client converts it: its own copies of every part. */
const converted = (rule: string, href: string): DiagnosticParts<Link> & { message: string } => ({
  message: `title of ${rule}`,
  source: ['Findings', 'Lens'].join(' '),
  code: { value: [rule].join(''), target: new Link(href) },
});

describe('client/sharedDiagnosticParts', () => {
  it('gives diagnostics with the same help link one Uri, and keeps each link and code as it was', () => {
    const parts = new SharedDiagnosticParts<Link>();
    const a = converted('ts/xss', 'https://cwe.mitre.org/data/definitions/79.html');
    const b = converted('ts/xss', 'https://cwe.mitre.org/data/definitions/79.html');
    const c = converted('ts/ssrf', 'https://cwe.mitre.org/data/definitions/918.html');
    const firstLink = (a.code as { target: Link }).target;
    assert.deepEqual(parts.share([a, b]), [a, b]);
    parts.share([c]);
    const target = (d: typeof a) => (d.code as { target: Link }).target;
    assert.equal(target(a), firstLink);
    assert.equal(target(b), firstLink, 'the second diagnostic takes the first one’s Uri');
    assert.notEqual(target(c), firstLink);
    assert.equal(String(target(c)), 'https://cwe.mitre.org/data/definitions/918.html');
    assert.deepEqual(
      [a, b, c].map((d) => [d.source, (d.code as { value: string }).value, d.message]),
      [
        ['Findings Lens', 'ts/xss', 'title of ts/xss'],
        ['Findings Lens', 'ts/xss', 'title of ts/xss'],
        ['Findings Lens', 'ts/ssrf', 'title of ts/ssrf'],
      ],
    );
  });

  it('leaves a diagnostic without a code or a link as it is, and shares a plain code', () => {
    const parts = new SharedDiagnosticParts<Link>();
    const bare: DiagnosticParts<Link> = {};
    const plain: DiagnosticParts<Link> = { code: 'ts/xss' };
    const numbered: DiagnosticParts<Link> = { code: 7 };
    parts.share([bare, plain, numbered]);
    assert.deepEqual([bare, plain, numbered], [{}, { code: 'ts/xss' }, { code: 7 }]);
  });

  it(`holds at most ${MAX_SHARED} distinct links: past it, a new link stays the diagnostic's own`, () => {
    const parts = new SharedDiagnosticParts<Link>();
    for (let i = 0; i < MAX_SHARED; i++) parts.share([converted('r', `https://example.com/${i}`)]);
    const late = [converted('r', 'https://example.com/late'), converted('r', 'https://example.com/late')];
    const own = late.map((d) => (d.code as { target: Link }).target);
    parts.share(late);
    assert.deepEqual(
      late.map((d) => (d.code as { target: Link }).target),
      own,
    );
  });
});
