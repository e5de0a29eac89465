/**
 * The trust file: Prism Central certificates the person chose to trust,
 * pinned by host and port, as JSON in the app data directory (or the file
 * `--trusted-certificates` names). Written atomically, readable by the user only.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { PresentedCertificate } from './certificateTrust';
import { unbracketHost } from '../../engine/network';

export const TRUST_FILE_NAME = 'prism-central-certificates.json';

const entrySchema = z.object({
  host: z.string(),
  port: z.number().int(),
  fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  subject: z.string(),
  validTo: z.string(),
  trustedAt: z.string(),
});
const fileSchema = z.object({ version: z.literal(1), certificates: z.array(entrySchema) });

export type TrustEntry = z.infer<typeof entrySchema>;

export function defaultTrustFile(appDataDir: string): string {
  return path.join(appDataDir, TRUST_FILE_NAME);
}

/** Host names compare case-insensitively; IPv6 literals lose their brackets. */
function hostKey(host: string): string {
  return unbracketHost(host).toLowerCase();
}

export class TrustStore {
  constructor(
    readonly file: string,
    private readonly t: Translate,
  ) {}

  async entries(): Promise<TrustEntry[]> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new NgtError('PC_TRUST_FILE_UNREADABLE', this.t('cluster.trust.fileUnreadable', { file: this.file }), {
        cause: error,
        detail: String((error as Error).message),
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const result = fileSchema.safeParse(parsed);
    if (!result.success) {
      throw new NgtError('PC_TRUST_FILE_INVALID', this.t('cluster.trust.fileInvalid', { file: this.file }), {
        remediation: this.t('cluster.trust.fileInvalidFix', { file: this.file }),
      });
    }
    return result.data.certificates;
  }

  async pinnedFor(host: string, port: number): Promise<TrustEntry | undefined> {
    return (await this.entries()).find((e) => hostKey(e.host) === hostKey(host) && e.port === port);
  }

  /** Pins (or re-pins) a certificate for host:port. */
  async pin(host: string, port: number, certificate: PresentedCertificate, now: Date = new Date()): Promise<void> {
    const others = (await this.entries()).filter((e) => !(hostKey(e.host) === hostKey(host) && e.port === port));
    const entry: TrustEntry = {
      host: hostKey(host),
      port,
      fingerprint: certificate.fingerprint,
      subject: certificate.subject,
      validTo: certificate.validTo,
      trustedAt: now.toISOString(),
    };
    const body = JSON.stringify({ version: 1, certificates: [...others, entry] }, null, 2) + '\n';
    await fsp.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fsp.writeFile(temporary, body, { mode: 0o600 });
    await fsp.rename(temporary, this.file);
  }
}
