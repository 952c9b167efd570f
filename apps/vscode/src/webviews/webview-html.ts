import { randomBytes } from 'node:crypto';

/** A fresh nonce for one page's Content-Security-Policy (128 random bits, base64). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** What {@link webviewHtml} needs; URIs are already converted with `webview.asWebviewUri`. */
export interface WebviewPage {
  readonly title: string;
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** Id of the element the script renders into. */
  readonly rootId?: string;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The HTML shell of a webview: a Content-Security-Policy that allows only this page's nonce for scripts, the
 * extension's own files (and the nonce) for styles, and `data:` images; no `unsafe-eval` (Vega runs with its
 * expression interpreter) and no `unsafe-inline`.
 */
export function webviewHtml(page: WebviewPage): string {
  const csp = [
    "default-src 'none'",
    `img-src ${page.cspSource} data:`,
    `style-src ${page.cspSource} 'nonce-${page.nonce}'`,
    `font-src ${page.cspSource}`,
    `script-src 'nonce-${page.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeAttr(page.styleUri)}" nonce="${escapeAttr(page.nonce)}">
<title>${escapeAttr(page.title)}</title>
</head>
<body>
<main id="${escapeAttr(page.rootId ?? 'root')}" aria-live="polite"></main>
<script nonce="${escapeAttr(page.nonce)}" src="${escapeAttr(page.scriptUri)}"></script>
</body>
</html>`;
}
