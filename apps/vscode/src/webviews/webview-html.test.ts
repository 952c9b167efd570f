import { describe, expect, it } from 'vitest';
import { createNonce, webviewHtml } from './webview-html.js';

describe('webviewHtml', () => {
  const html = webviewHtml({ title: 'T', cspSource: 'https://x.vscode-cdn.net', nonce: 'abc123', scriptUri: 'https://x/a.js', styleUri: 'https://x/a.css' });
  const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)![1];

  it('allows scripts only with the nonce and never eval or inline code', () => {
    expect(csp).toContain("script-src 'nonce-abc123'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(html).toContain('<script nonce="abc123" src="https://x/a.js"></script>');
  });

  it('loads styles from the extension with the nonce', () => {
    expect(csp).toContain("style-src https://x.vscode-cdn.net 'nonce-abc123'");
    expect(html).toContain('<link rel="stylesheet" href="https://x/a.css" nonce="abc123">');
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = createNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(createNonce()).not.toBe(a);
  });
});
