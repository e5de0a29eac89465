/** The bounded reader against real special files: /dev/zero, a FIFO (mkfifo), a folder, a huge sparse file, procfs. */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_LIMITS, FileRefusedError, fileRefusalText, readBoundedFile } from '../../../main/engine/boundedFileRead';
import { createTranslator } from '../../../main/i18n/catalogue';

const work = mkdtempSync(path.join(tmpdir(), 'ngtp-bounded-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const t = createTranslator('en');

async function refusal(p: string, max: number): Promise<FileRefusedError> {
  const error = await readBoundedFile(p, max).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileRefusedError);
  return error as FileRefusedError;
}

describe('readBoundedFile', () => {
  it('reads a regular file whole, up to and including the limit', async () => {
    const file = path.join(work, 'exact');
    writeFileSync(file, Buffer.alloc(1000, 7));
    expect((await readBoundedFile(file, 1000)).equals(Buffer.alloc(1000, 7))).toBe(true);
    expect((await refusal(file, 999)).reason).toBe('too-large');
  });

  it('refuses /dev/zero at once instead of reading forever', async () => {
    const e = await refusal('/dev/zero', FILE_LIMITS.privateKey);
    expect(e.code).toBe('FILE_NOT_REGULAR');
    expect(fileRefusalText(e, t)).toBe(
      '/dev/zero is not a regular file (a folder, a device or a pipe), so NGT Prep does not read it.',
    );
  });

  it('refuses a FIFO without waiting for a writer', async () => {
    const fifo = path.join(work, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect((await refusal(fifo, FILE_LIMITS.privateKey)).reason).toBe('not-regular');
  });

  it('refuses a folder', async () => {
    expect((await refusal(work, FILE_LIMITS.knownHosts)).reason).toBe('not-regular');
  });

  it('refuses a 4 GiB sparse file without reading it', async () => {
    const sparse = path.join(work, 'sparse');
    const fd = openSync(sparse, 'w');
    ftruncateSync(fd, 4 * 1024 ** 3);
    closeSync(fd);
    const before = process.memoryUsage().rss;
    const e = await refusal(sparse, FILE_LIMITS.installerSource);
    expect(e.reason).toBe('too-large');
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 ** 2);
    expect(fileRefusalText(e, t)).toContain('larger than 2 MiB');
  });

  it('stops at the bound when the size on disk says 0 (procfs)', async () => {
    // /proc/self/maps reports size 0 but has content: the bound still applies while reading.
    expect((await refusal('/proc/self/maps', 16)).reason).toBe('too-large');
    expect((await readBoundedFile('/proc/self/maps', FILE_LIMITS.default)).length).toBeGreaterThan(16);
  });

  it('lets ENOENT through unchanged, for callers that treat a missing file as empty', async () => {
    await expect(readBoundedFile(path.join(work, 'missing'), 10)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
