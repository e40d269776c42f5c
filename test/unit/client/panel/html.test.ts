import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, newNonce, panelHtml } from '../../../../src/client/panel/html';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';

describe('triage panel HTML', () => {
  it('locks everything down by default and allows our script by nonce only', () => {
    const csp = contentSecurityPolicy(cspSource, 'abc');
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    assert.equal(directives['default-src'], "'none'");
    assert.equal(directives['script-src'], "'nonce-abc'");
    assert.equal(directives['style-src'], cspSource);
    assert.equal(directives['font-src'], cspSource);
    assert.equal(directives['img-src'], cspSource);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('makes a new 16-byte nonce each time', () => {
    const a = newNonce();
    const b = newNonce();
    assert.notEqual(a, b);
    assert.equal(Buffer.from(a, 'base64').length, 16);
  });

  it('loads one nonce-tagged script and one stylesheet, with no inline script or style', () => {
    const html = panelHtml({ cspSource, nonce: 'N0nce+/=', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/panel.css' });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-N0nce\+\/='/);
    assert.equal(html.match(/<script /g)?.length, 1);
    assert.match(html, /<script nonce="N0nce\+\/=" src="https:\/\/x\/dist\/webview.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/media\/panel.css">/);
    assert.doesNotMatch(html, /<style|style="|\son\w+="|command:/);
  });

  it('escapes what it puts in attributes', () => {
    const html = panelHtml({ cspSource, nonce: 'n', scriptUri: 'https://x/a"><script>alert(1)</script>', styleUri: 's' });
    assert.doesNotMatch(html, /<script>alert/);
  });
});
