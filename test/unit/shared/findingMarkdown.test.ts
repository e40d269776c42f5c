import * as assert from 'node:assert/strict';
import { messageLinks, parseFindingMarkdown, safeLinkTarget } from '../../../src/shared/findingMarkdown';

/** The inline token types of a message, flattened, as the panel walks them. */
function inlineTypes(markdown: string): string[] {
  return parseFindingMarkdown(markdown).flatMap((b) => (b.children ?? []).map((t) => t.type));
}

describe("a finding's message as markdown", () => {
  it('reads emphasis, code and fences as their own tokens', () => {
    assert.deepEqual(inlineTypes('**bold** and `code`'), ['text', 'strong_open', 'text', 'strong_close', 'text', 'code_inline']);
    assert.ok(parseFindingMarkdown('```ts\nconst a = 1;\n```').some((t) => t.type === 'fence' && t.content === 'const a = 1;\n'));
  });

  it('keeps HTML as text, and loads no image', () => {
    const types = inlineTypes('<img src=x onerror="alert(1)"> <script>alert(1)</script> ![pixel](https://tracker.example/p.png)');
    assert.ok(!types.includes('html_inline') && !types.includes('image'), types.join(','));
    assert.ok(parseFindingMarkdown('<div>\n<script>alert(1)</script>\n</div>').every((t) => t.type !== 'html_block'));
  });

  it('has only its https links as links', () => {
    const text = [
      '[docs](https://cwe.mitre.org/data/definitions/89.html) [js](javascript:alert(1)) [cmd](command:findingsLens.clearToken)',
      '[file](file:///etc/passwd) [plain](http://example.com/) [creds](https://user:pw@example.com/) <https://owasp.org/Top10/>',
    ].join('\n');
    assert.deepEqual(messageLinks(text), ['https://cwe.mitre.org/data/definitions/89.html', 'https://owasp.org/Top10/']);
  });

  it('opens only an https URL without credentials', () => {
    assert.equal(safeLinkTarget('https://example.com/a b'), 'https://example.com/a%20b');
    for (const bad of ['javascript:alert(1)', 'command:x', 'http://example.com', 'https://u:p@example.com', 'not a url', '', null]) assert.equal(safeLinkTarget(bad), undefined, String(bad));
  });
});
