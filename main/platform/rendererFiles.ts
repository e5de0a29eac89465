/**
 * Serving the built renderer, the part both hosts share (Electron's app://
 * protocol in main/electron/appProtocol.ts and the browser host in
 * main/webhost/server.ts): which file a request path names, the security
 * headers every answer carries, and index.html with this response's nonce.
 * The hosts keep only their transport (a Fetch Response, a Node response).
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { contentSecurityPolicy, newNonce, renderIndexHtml } from './rendererPage';

export type RendererTarget = { ok: true; file: string } | { ok: false; status: 400 | 404 };

/** A decoded path segment we never serve: empty, dot segments, separators, NUL, drive or stream colons. */
const UNSAFE_SEGMENT = /^\.{1,2}$|[/\\\0:]|^$/;

/**
 * Maps a URL path, still percent-encoded as the URL parser left it, to a file
 * under `root`, or says why not: 400 for a malformed %-escape, 404 for a
 * traversal attempt (encoded or not) or a name we never ship. Each segment is
 * decoded on its own, so `%2F` cannot make a new segment.
 */
export function rendererFileForPath(pathname: string, root: string): RendererTarget {
  const segments = (pathname === '/' ? '/index.html' : pathname).slice(1).split('/');
  const decoded: string[] = [];
  for (const segment of segments) {
    let text: string;
    try {
      text = decodeURIComponent(segment);
    } catch {
      return { ok: false, status: 400 };
    }
    if (UNSAFE_SEGMENT.test(text)) return { ok: false, status: 404 };
    decoded.push(text);
  }
  const base = path.resolve(root);
  const file = path.resolve(base, ...decoded);
  if (!file.startsWith(base + path.sep)) return { ok: false, status: 404 };
  return { ok: true, file };
}

/** The headers every answer of either host carries, refusals included. */
export function rendererSecurityHeaders(nonce: string = newNonce()): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(nonce),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  };
}

export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

/** What a request for the renderer gets: a refusal, the rendered index page, or a file to send as it is. */
export type RendererAnswer =
  | { kind: 'refusal'; status: 400 | 404 }
  | { kind: 'index'; headers: Record<string, string>; body: string }
  | { kind: 'file'; headers: Record<string, string>; file: string; size: number };

/** Resolves a request path against `root`; never throws (an unreadable file is a 404). */
export async function answerRendererPath(pathname: string, root: string): Promise<RendererAnswer> {
  const target = rendererFileForPath(pathname, root);
  if (!target.ok) return { kind: 'refusal', status: target.status };
  try {
    const info = await stat(target.file);
    if (!info.isFile()) return { kind: 'refusal', status: 404 };
    const nonce = newNonce();
    const headers = rendererSecurityHeaders(nonce);
    if (path.basename(target.file) === 'index.html') {
      const body = renderIndexHtml(await readFile(target.file, 'utf8'), nonce);
      return { kind: 'index', headers: { ...headers, 'Content-Type': HTML_CONTENT_TYPE }, body };
    }
    return { kind: 'file', headers, file: target.file, size: info.size };
  } catch {
    return { kind: 'refusal', status: 404 };
  }
}
