/**
 * What Electron's `protocol.handle('app', …)` answers: the built renderer,
 * file by file, from one folder, with the Content Security Policy and a fresh
 * nonce on every response (the shared core: main/platform/rendererFiles.ts).
 * The file access comes in as a parameter (Electron's `net.fetch` in the
 * shell), so this is tested without Electron.
 */
import { pathToFileURL } from 'node:url';
import {
  answerRendererPath,
  rendererFileForPath,
  rendererSecurityHeaders,
  type RendererTarget,
} from '../platform/rendererFiles';
import { isAppUrl } from './security';

export type { RendererTarget };

/** Maps an app:// URL to a file under `root`, or says why not (404 for another origin). */
export function rendererFileFor(requestUrl: string, root: string): RendererTarget {
  if (!isAppUrl(requestUrl)) return { ok: false, status: 404 };
  return rendererFileForPath(new URL(requestUrl).pathname, root);
}

const refusal = (status: number, text: string) =>
  new Response(text, {
    status,
    headers: { ...rendererSecurityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' },
  });

/** The handler for `protocol.handle(APP_SCHEME, …)`: a Fetch Request in, a Response out, never a throw. */
export function rendererProtocolHandler(
  root: string,
  fetchFile: (fileUrl: string) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed');
    if (!isAppUrl(request.url)) return refusal(404, 'Not found');
    const answer = await answerRendererPath(new URL(request.url).pathname, root);
    if (answer.kind === 'refusal') return refusal(answer.status, answer.status === 400 ? 'Bad request' : 'Not found');
    if (answer.kind === 'index') return new Response(answer.body, { status: 200, headers: answer.headers });
    let response: Response;
    try {
      response = await fetchFile(pathToFileURL(answer.file).toString());
    } catch {
      return refusal(404, 'Not found');
    }
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(answer.headers)) headers.set(name, value);
    return new Response(response.body, { status: response.status, headers });
  };
}
