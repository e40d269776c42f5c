import { strict as assert } from 'node:assert';
import { escapeMarkdown, renderMessage, type MessageContext } from '../../../../src/feed/sarif/message';
import type { ReportingDescriptor, SarifMessage } from '../../../../src/feed/sarif/schema';
import { onlyFinding, resultAt } from './logs';

const PLACES: Record<number, string> = { 1: 'src/db.ts:12', 2: 'src/routes/payments.ts:40' };

function render(message: SarifMessage, rule?: Partial<ReportingDescriptor>, global?: Record<string, { text?: string }>) {
  const context: MessageContext = {
    rule: rule ? { id: 'r', ...rule } : undefined,
    driver: { name: 'Scanner', ...(global ? { globalMessageStrings: global } : {}) },
    place: (id) => PLACES[id],
  };
  return renderMessage(message, context);
}

describe('SARIF messages', () => {
  it('fills {n} placeholders from the arguments; {{ and }} are literal braces', () => {
    const message = render({ text: 'Variable "{0}" from {1} is unused: {{{0}}} {7}', arguments: ['pBuffer', 'line 3'] });
    assert.equal(message.plain, 'Variable "pBuffer" from line 3 is unused: {pBuffer} {7}');
  });

  it("writes embedded links to the result's locations as their text and place", () => {
    const message = render({
      text: 'Data from [the request](1) reaches [this query](2); see [docs](https://example.com/x) and [here](9).',
    });
    assert.equal(message.plain, 'Data from the request (src/db.ts:12) reaches this query (src/routes/payments.ts:40); see docs and here.');
    assert.equal(
      message.markdown,
      'Data from the request (`src/db.ts:12`) reaches this query (`src/routes/payments.ts:40`); see [docs](https://example.com/x) and here.',
    );
    assert.equal(
      render({ text: 'Prohibited term in [para\\[0\\]\\\\spans](1).' }).plain,
      'Prohibited term in para[0]\\spans (src/db.ts:12).',
      'escaped brackets and backslash in the link text',
    );
    assert.equal(render({ text: 'See [this](http://insecure.example.com).' }).markdown, 'See this.', 'only https links stay links');
  });

  it('prefers the markdown, with its links to locations resolved and its arguments escaped', () => {
    const message = render({ text: 'plain', markdown: '**{0}** flows into [the sink](2).', arguments: ['a_b*'] });
    assert.equal(message.markdown, '**a\\_b\\*** flows into the sink (`src/routes/payments.ts:40`).');
    assert.equal(message.plain, 'plain');
  });

  it('takes a message by id from the rule, then from the tool', () => {
    const rule = { messageStrings: { default: { text: 'Weak hash {0}.' } } };
    assert.equal(render({ id: 'default', arguments: ['md5'] }, rule).plain, 'Weak hash md5.');
    assert.equal(render({ id: 'shared' }, undefined, { shared: { text: 'From the tool.' } }).plain, 'From the tool.');
    assert.equal(render({ id: 'missing' }).plain, '');
  });

  it('escapes plain text so markdown shows it as written, line breaks kept', () => {
    assert.equal(escapeMarkdown('a *b* _c_ `d` [e](f) <img src=x>'), 'a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<img src=x>');
    assert.equal(
      escapeMarkdown('# not a heading\n1. not a list\n- nor this\nplain: text (kept).'),
      '\\# not a heading  \n1\\. not a list  \n\\- nor this  \nplain: text (kept).',
    );
    // Text with nothing to escape keeps all but its line breaks; a marker after a break is still escaped.
    assert.equal(escapeMarkdown('plain: text (kept).\r\nsecond line\rthird'), 'plain: text (kept).  \nsecond line  \nthird');
    assert.equal(escapeMarkdown('one\n  2) two\r\n> three'), 'one  \n  2\\) two  \n\\> three');
    assert.equal(escapeMarkdown('no breaks, no marks'), 'no breaks, no marks');
  });

  it("gives a finding the message, then the rule's help after a rule, and the rule's short description as its title", () => {
    const { finding } = onlyFinding(resultAt('src/a.js', 3, { ruleId: 'js/weak-hash', message: { text: 'MD5 used for passwords' } }));
    assert.equal(finding.title, 'Weak hash');
    assert.equal(finding.message, 'MD5 used for passwords\n\n---\n\nUse \\*SHA-256\\*.');
    const untitled = onlyFinding(resultAt('src/a.js', 3, { ruleId: 'other/rule', message: { text: '\nFirst line\nsecond line' } })).finding;
    assert.equal(untitled.title, 'First line', 'without a rule: the first line of the message');
  });
});
