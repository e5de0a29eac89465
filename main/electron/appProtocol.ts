/**
 * What Electron's `protocol.handle('app', …)` answers: the built renderer,
 * file by file, from one folder, with the Content Security Policy and a fresh
 * nonce on every response. The file access comes in as a parameter
 * (Electron's `net.fetch` in the shell), so this is tested without Electron.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy, newNonce, renderIndexHtml } from '../platform/rendererPage';
import { isAppUrl } from './security';

export type RendererTarget = { ok: true; file: string } | { ok: false; status: 400 | 404 };

/** A decoded path segment we never serve: empty, dot segments, separators, NUL, drive or stream colons. */
const UNSAFE_SEGMENT = /^\.{1,2}$|[/\\\0:]|^$/;

/**
 * Maps an app:// URL to a file under `root`, or says why not: 400 for a
 * malformed %-escape, 404 for another origin, a traversal attempt (encoded
 * or not) or a name we never ship. Each segment is decoded on its own, so
 * `%2F` cannot make a new segment.
 */
export function rendererFileFor(requestUrl: string, root: string): RendererTarget {
  if (!isAppUrl(requestUrl)) return { ok: false, status: 404 };
  const pathname = new URL(requestUrl).pathname;
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

const refusal = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** The handler for `protocol.handle(APP_SCHEME, …)`: a Fetch Request in, a Response out, never a throw. */
export function rendererProtocolHandler(
  root: string,
  fetchFile: (fileUrl: string) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed');
    const target = rendererFileFor(request.url, root);
    if (!target.ok) return refusal(target.status, target.status === 400 ? 'Bad request' : 'Not found');
    const info = await stat(target.file).catch(() => null);
    if (!info?.isFile()) return refusal(404, 'Not found');
    let response: Response;
    try {
      response = await fetchFile(pathToFileURL(target.file).toString());
    } catch {
      return refusal(404, 'Not found');
    }
    const nonce = newNonce();
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy(nonce));
    headers.set('X-Content-Type-Options', 'nosniff');
    if (path.basename(target.file) === 'index.html') {
      headers.set('Content-Type', 'text/html; charset=utf-8');
      headers.delete('Content-Length');
      return new Response(renderIndexHtml(await response.text(), nonce), { status: response.status, headers });
    }
    return new Response(response.body, { status: response.status, headers });
  };
}
