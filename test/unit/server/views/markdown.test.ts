import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { escapeMarkdown, sanitizeMarkdown } from '../../../../src/server/views/markdown';

/** True when the text still holds an inline link/image or a reference definition to `target`. */
function linksTo(md: string, target: string): boolean {
  const escaped = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\](?:\\(|:)[ \\t]*\\n?[ \\t]*<?${escaped}`, 'i').test(md);
}

describe('markdown sanitiser', () => {
  it('keeps ordinary markdown and https/http links as they are', () => {
    const md = 'Use **parameters**: see [OWASP](https://owasp.org/x) and [old](http://example.com).\n\n```ts\nconst a = 1;\n```';
    assert.equal(sanitizeMarkdown(md), md);
  });

  for (const scheme of ['command:', 'javascript:', 'file:', 'vscode:', 'data:', 'COMMAND:', 'vscode-insiders:']) {
    it(`turns a ${scheme} link into plain text`, () => {
      const md = `Click [here](${scheme}workbench.action.terminal.new) now`;
      const out = sanitizeMarkdown(md);
      assert.equal(linksTo(out, scheme), false, out);
      assert.match(out, /\[here\]\\\(/);
    });
  }

  it('neutralises a link whose target is split from the bracket by blanks and a line ending', () => {
    const out = sanitizeMarkdown('[x](  \n  command:evil)');
    assert.equal(linksTo(out, 'command:'), false, out);
  });

  it('refuses a scheme hidden behind an entity or an escape', () => {
    for (const md of ['[x](command&#58;evil)', '[x](command\\:evil)', '[x](&#99;ommand:evil)', '[x]( javascript&colon;alert(1))']) {
      assert.match(sanitizeMarkdown(md), /\]\\\(/, md);
    }
  });

  it('neutralises an image whose target is a command, and a link wrapped around an image', () => {
    const image = sanitizeMarkdown('![logo](command:evil "t")');
    assert.equal(linksTo(image, 'command:'), false, image);
    const wrapped = sanitizeMarkdown('[![badge](https://img.example/b.svg)](command:evil)');
    assert.equal(linksTo(wrapped, 'command:'), false, wrapped);
    assert.equal(linksTo(wrapped, 'https://img.example/b.svg'), true, 'the https image stays');
  });

  it('neutralises reference definitions that point at a command, so every use of the label is text', () => {
    const out = sanitizeMarkdown('See [docs][d] and [d].\n\n[d]: command:evil\n');
    assert.equal(linksTo(out, 'command:'), false, out);
    assert.equal(sanitizeMarkdown('[d]: https://ok.example\n'), '[d]: https://ok.example\n');
  });

  it('turns raw HTML into text', () => {
    const out = sanitizeMarkdown('<a href="command:evil">x</a><img src=x onerror=alert(1)><!-- c --><script>alert(1)</script>');
    assert.equal(/<[A-Za-z/!]/.test(out), false, out);
    assert.match(out, /&lt;a href/);
    assert.match(out, /&lt;script>/);
  });

  it('turns an autolink to a command into text', () => {
    const out = sanitizeMarkdown('go <command:evil> or <https://ok.example>');
    assert.equal(out.includes('<command:'), false, out);
  });

  it('keeps code samples readable: no escaping of < inside fences and code spans', () => {
    const md = 'Use `query<Payment>(sql)`:\n\n```ts\nconst rows = await query<Payment>(sql);\n```\n\nnot <b>this</b>';
    assert.equal(
      sanitizeMarkdown(md),
      'Use `query<Payment>(sql)`:\n\n```ts\nconst rows = await query<Payment>(sql);\n```\n\nnot &lt;b>this&lt;/b>',
    );
  });

  it('does not let a code span cross a blank line, nor an unclosed backtick hide HTML', () => {
    assert.equal(sanitizeMarkdown('`a\n\n<img src=x>`'), '`a\n\n&lt;img src=x>`');
    assert.equal(sanitizeMarkdown('`` <b> ` x'), '`` &lt;b> ` x');
  });

  it('still neutralises links inside code, where the renderer might not agree it is code', () => {
    assert.match(sanitizeMarkdown('```\n[x](command:y)\n```'), /\]\\\(/);
  });

  it('leaves a lone comparison alone', () => {
    assert.equal(sanitizeMarkdown('if a < b and 3 <= 4'), 'if a < b and 3 <= 4');
  });
});

describe('markdown sanitiser, rendered by a CommonMark renderer', () => {
  // What VS Code does with hover markdown: markdown-it, HTML off. Nested blocks are where a
  // sanitiser's idea of "code" could differ from the renderer's; being uniform makes that moot.
  const md = new MarkdownIt({ html: false, linkify: true });
  const cases = [
    '[x](command:evil)',
    '[x](  \n  command:evil)',
    '[x](command&#58;evil)',
    '![i](command:e)',
    '[![b](https://i.example/b.svg)](command:evil)',
    'See [d].\n\n[d]: command:evil',
    '> [d]: command:evil\n\n[d]',
    '- item\n   ```\n[x](command:y)\n```',
    '`code` [x](<command:evil>)',
    '[a\\\\](command:x)',
    '[x][y]\n\n[y]:\n  command:z',
    '[x](javascript:alert(1))',
    '<a href="command:x">x</a> <command:evil>',
    '- item\n   ```\n<command:y>\n```',
    '`x\n<command:y>`',
  ];
  for (const input of cases) {
    it(`leaves no non-http link in ${JSON.stringify(input)}`, () => {
      const html = md.render(sanitizeMarkdown(input));
      const targets = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
      assert.ok(
        targets.every((t) => /^https?:/.test(t ?? '')),
        html,
      );
    });
  }
  it('the same inputs unsanitised do produce command links (the cases are real)', () => {
    assert.match(md.render('[x](command:evil)'), /href="command:evil"/);
    assert.match(md.render('- item\n   ```\n[x](command:y)\n```'), /href="command:y"/);
  });
});

describe('markdown escaper', () => {
  it('escapes markdown syntax so the text shows literally', () => {
    assert.equal(escapeMarkdown('*bold* [x](command:y) <b>'), '\\*bold\\* \\[x\\]\\(command\\:y\\) \\<b\\>');
  });
  it('keeps a title on one line', () => {
    assert.equal(escapeMarkdown('one\n# two'), 'one \\# two');
  });
  it('escapes backslashes and entities', () => {
    assert.equal(escapeMarkdown('a\\b &amp;'), 'a\\\\b \\&amp;');
  });
});
