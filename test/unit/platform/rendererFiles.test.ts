/**
 * The serving core both hosts call (Electron's app:// handler and the
 * browser host), against real files in a temporary folder.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRendererPath } from '../../../main/platform/rendererFiles';
import { NONCE_PLACEHOLDER } from '../../../main/platform/rendererPage';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ngt-renderer-'));
  await mkdir(path.join(root, 'assets'));
  await writeFile(path.join(root, 'index.html'), `<meta name="csp-nonce" content="${NONCE_PLACEHOLDER}">`);
  await writeFile(path.join(root, 'assets', 'a b.js'), 'console.log(1)');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('answerRendererPath', () => {
  it('renders index.html with a fresh nonce that matches its Content-Security-Policy', async () => {
    const first = await answerRendererPath('/', root);
    const second = await answerRendererPath('/index.html', root);
    if (first.kind !== 'index' || second.kind !== 'index') throw new Error(`not the index: ${first.kind}`);
    const nonce = /content="([^"]+)"/.exec(first.body)?.[1];
    expect(nonce).toBeTruthy();
    expect(first.body).not.toContain(NONCE_PLACEHOLDER);
    expect(first.headers['Content-Security-Policy']).toContain(`'nonce-${nonce}'`);
    expect(first.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(second.body).not.toBe(first.body);
  });

  it('names other files with their size and the same security headers', async () => {
    const answer = await answerRendererPath('/assets/a%20b.js', root);
    expect(answer).toMatchObject({ kind: 'file', file: path.join(root, 'assets', 'a b.js'), size: 14 });
    if (answer.kind !== 'file') throw new Error(answer.kind);
    expect(Object.keys(answer.headers).sort()).toEqual([
      'Cache-Control',
      'Content-Security-Policy',
      'Referrer-Policy',
      'X-Content-Type-Options',
      'X-Frame-Options',
    ]);
  });

  it.each([
    ['/assets', 404],
    ['/missing.js', 404],
    ['/..%2findex.html', 404],
    ['/assets/%2e%2e/index.html', 404],
    ['/%E0%A4%A', 400],
  ])('%s → %s', async (pathname, status) => {
    expect(await answerRendererPath(pathname, root)).toEqual({ kind: 'refusal', status });
  });
});
