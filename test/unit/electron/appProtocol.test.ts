/**
 * Which app:// URLs are ours and which file each one names: the pure half of
 * the Electron shell's protocol handler (the shell itself runs under the
 * stand-in in test/integration/electron/electronShell.test.ts).
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererFileFor } from '../../../main/electron/appProtocol';
import { isAppUrl } from '../../../main/electron/security';

const root = path.resolve('dist/renderer');

describe('isAppUrl', () => {
  it.each([
    ['app://ngt-prep/index.html', true],
    ['app://ngt-prep/', true],
    ['app://ngt-prep/assets/x.js?v=1#top', true],
    ['app://ngt-prep', false],
    ['app://ngt-prep.evil/index.html', false],
    ['app://evil/index.html', false],
    ['app://user@ngt-prep/index.html', false],
    ['app://user:pw@ngt-prep/index.html', false],
    ['app://ngt-prep:8080/index.html', false],
    ['https://ngt-prep/index.html', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('rendererFileFor', () => {
  it('maps our URLs to files under the renderer folder, / to index.html', () => {
    expect(rendererFileFor('app://ngt-prep/', root)).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(rendererFileFor('app://ngt-prep/assets/index-1.js', root)).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'index-1.js'),
    });
    expect(rendererFileFor('app://ngt-prep/assets/a%20b.css', root)).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'a b.css'),
    });
  });

  it.each([
    ['app://ngt-prep/..%2f..%2fpackage.json', 404],
    ['app://ngt-prep/%2e%2e%2fpackage.json', 404],
    ['app://ngt-prep/..%5cpackage.json', 404],
    ['app://ngt-prep/a%00b', 404],
    ['app://ngt-prep/C%3A%5Cwindows', 404],
    ['app://ngt-prep/assets//x.js', 404],
    ['app://ngt-prep/assets/', 404],
    ['app://ngt-prep/%E0%A4%A', 400],
    ['app://ngt-prep/%', 400],
    ['app://other/index.html', 404],
  ])('%s → %s', (url, status) => {
    expect(rendererFileFor(url, root)).toEqual({ ok: false, status });
  });

  it('keeps whole encoded dot segments inside the folder (the URL parser folds them, as Chromium does)', () => {
    expect(rendererFileFor('app://ngt-prep/assets/%2E%2E/%2E%2E/%2e%2e/x', root)).toEqual({
      ok: true,
      file: path.join(root, 'x'),
    });
  });
});
