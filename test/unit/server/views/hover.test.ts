import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { hoverMarkdown } from '../../../../src/server/views/hover';
import { makeFinding } from '../makeFinding';

// Rendered like VS Code renders hovers: markdown-it without HTML.
const render = (md: string) => new MarkdownIt({ html: false, linkify: true }).render(md);
const hrefs = (html: string) => [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]);

describe('hover', () => {
  it('shows title, severity, confidence, rule, CWE links, status, triage and message', () => {
    const md = hoverMarkdown(
      makeFinding({
        id: 'f',
        title: 'SQL built from request input',
        severity: 'critical',
        confidence: 0.874,
        ruleId: 'js/sql-injection',
        cwe: ['CWE-89', 'CWE-89](command:x)', 'OWASP-A03'],
        message: 'Use **parameters**.',
        status: 'disputed',
        triage: {
          id: 'd',
          findingId: 'f',
          action: 'dispute',
          reason: 'false_positive',
          comment: 'tests only',
          actor: { id: 'dana', name: 'Dana Developer' },
          at: '2026-01-01T00:00:00Z',
          review: null,
        },
      }),
    );
    const html = render(md);
    assert.match(html, /SQL built from request input/);
    assert.match(html, /Critical/);
    assert.match(html, /87%/);
    assert.match(html, /js\/sql-injection/);
    assert.match(html, /Disputed<\/strong> by Dana Developer \(false_positive\): tests only/);
    assert.match(html, /<strong>parameters<\/strong>/);
    assert.deepEqual(hrefs(html), ['https://cwe.mitre.org/data/definitions/89.html']);
    assert.match(html, /OWASP-A03/);
  });

  it('never renders a non-http link, image or raw HTML from feed text', () => {
    const md = hoverMarkdown(
      makeFinding({
        id: 'f',
        title: '[click](command:workbench.action.terminal.new) <img src=x>',
        ruleId: '<script>x</script>',
        message:
          'See [docs](command:evil), ![i](command:evil), [j](javascript:alert(1)), <a href="command:x">a</a>, [ok](https://ok.example).\n\n[r]: file:///etc/passwd\n\n[r]',
      }),
    );
    const html = render(md);
    assert.deepEqual(hrefs(html), ['https://ok.example']);
    assert.ok(!/<(?:img|a href="(?!https)|script)/.test(html), html);
    assert.ok(!md.includes('](command:'), md);
  });
});
