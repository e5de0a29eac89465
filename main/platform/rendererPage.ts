/**
 * The renderer's Content Security Policy and its per-response style nonce,
 * for both hosts (Electron's app:// protocol and the browser host). Scripts
 * only from the app itself; styles from the app or carrying this response's
 * nonce (Fluent UI inserts its theme and Griffel style elements at run time).
 */
import { randomBytes } from 'node:crypto';

export const NONCE_PLACEHOLDER = '__NGT_PREP_NONCE__';

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    // Only scripts carrying this response's nonce, and what they load (strict-dynamic): no JSONP-style 'self' gaps.
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // 'self' also covers ws:// to the same host and port (CSP Level 3): the browser host's socket.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/** Puts this response's nonce into index.html (its CSP meta tag and the nonce meta the renderer reads). */
export function renderIndexHtml(template: string, nonce: string): string {
  return template.split(NONCE_PLACEHOLDER).join(nonce);
}
