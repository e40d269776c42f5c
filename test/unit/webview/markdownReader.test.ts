import * as assert from 'node:assert/strict';
import { isMessageLink, messageUrls, safeLinkTarget } from '../../../src/shared/messageLinks';
import { drawnLinks, parseFindingMarkdown } from '../../../src/webview/markdownReader';

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

  const text = [
    '[docs](https://cwe.mitre.org/data/definitions/89.html) [js](javascript:alert(1)) [cmd](command:findingsLens.clearToken)',
    '[file](file:///etc/passwd) [plain](http://example.com/) [creds](https://user:pw@example.com/) <https://owasp.org/Top10/>',
  ].join('\n');

  it('the panel draws only https links, and the host opens every one of them and nothing else', () => {
    const drawn = drawnLinks(text)
      .map(safeLinkTarget)
      .filter((u) => u !== undefined);
    assert.deepEqual(drawn, ['https://cwe.mitre.org/data/definitions/89.html', 'https://owasp.org/Top10/']);
    for (const url of drawn) assert.ok(isMessageLink(text, url!), url);
    for (const url of [
      'https://evil.example/',
      'javascript:alert(1)',
      'command:findingsLens.clearToken',
      'http://example.com/',
      'https://user:pw@example.com/',
    ]) {
      assert.equal(isMessageLink(text, url), false, url);
    }
    assert.deepEqual(messageUrls('see https://a.example/x, and (https://b.example/y)'), ['https://a.example/x,', 'https://b.example/y']);
  });

  it('opens only an https URL without credentials', () => {
    assert.equal(safeLinkTarget('https://example.com/a b'), 'https://example.com/a%20b');
    for (const bad of ['javascript:alert(1)', 'command:x', 'http://example.com', 'https://u:p@example.com', 'not a url', '', null])
      assert.equal(safeLinkTarget(bad), undefined, String(bad));
  });
});
