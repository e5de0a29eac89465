/**
 * The one way NGT Prep reads a file a person named or a target provided: refuse anything that
 * is not a regular file (a FIFO would block, /dev/zero would never end) and anything larger than
 * the file can sensibly be, and never read past that bound even when the size lies (procfs).
 * A leaf of the engine so every domain and every port can use it.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { NgtError } from './errors';
import type { Translate } from './job';

const KiB = 1024;
const MiB = 1024 * KiB;

/** How large each kind of file can sensibly be. */
export const FILE_LIMITS = {
  /** An OpenSSH or PEM private key: an RSA 16384-bit key in PEM is under 13 KiB. */
  privateKey: 64 * KiB,
  /** known_hosts: about 100 bytes a host, so more than a hundred thousand hosts. */
  knownHosts: 16 * MiB,
  /** installer_factory.py and the other installer sources: tens of KiB in every NGT release. */
  installerSource: 2 * MiB,
  /** Anything else read through the file-system port (settings, our own reports). */
  default: 64 * MiB,
} as const;

export type FileRefusal = 'not-regular' | 'too-large';

export class FileRefusedError extends Error {
  readonly code: 'FILE_NOT_REGULAR' | 'FILE_TOO_LARGE';
  constructor(
    readonly reason: FileRefusal,
    readonly path: string,
    readonly maxBytes: number,
  ) {
    super(
      reason === 'not-regular'
        ? `${path} is not a regular file`
        : `${path} is larger than ${maxBytes} bytes, more than such a file can be`,
    );
    this.name = 'FileRefusedError';
    this.code = reason === 'not-regular' ? 'FILE_NOT_REGULAR' : 'FILE_TOO_LARGE';
  }
}

/** The refusal in the reader's language, or null when the error is something else (ENOENT, EACCES…). */
export function fileRefusalText(error: unknown, t: Translate): string | null {
  if (!(error instanceof FileRefusedError)) return null;
  return error.reason === 'not-regular'
    ? t('engine.file.notRegular', { path: error.path })
    : t('engine.file.tooLarge', { path: error.path, size: formatSize(error.maxBytes) });
}

function formatSize(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`;
}

const CHUNK = 64 * KiB;

export async function readBoundedFile(path: string, maxBytes: number): Promise<Buffer> {
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FileRefusedError('not-regular', path, maxBytes);
    if (stat.size > maxBytes) throw new FileRefusedError('too-large', path, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw new FileRefusedError('too-large', path, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/**
 * readBoundedFile for a step or a command: a refusal becomes a usage error (exit 2 in the CLI)
 * that a person can act on; other errors (ENOENT, EACCES) pass through for the caller to judge.
 */
export async function readBoundedFileFor(path: string, maxBytes: number, t: Translate): Promise<Buffer> {
  try {
    return await readBoundedFile(path, maxBytes);
  } catch (error) {
    const text = fileRefusalText(error, t);
    if (text === null) throw error;
    const code =
      (error as FileRefusedError).reason === 'not-regular' ? 'USAGE_FILE_NOT_REGULAR' : 'USAGE_FILE_TOO_LARGE';
    throw new NgtError(code, text, { category: 'usage', remediation: t('engine.file.remediation'), cause: error });
  }
}
