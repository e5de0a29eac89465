/**
 * Local files named on the command line, checked before connecting: the private key is read
 * (bounded), parsed and unlocked here, so a wrong path, a FIFO, /dev/zero or a missing
 * --passphrase-env is a usage error (exit 2) that names the CLI's own flag.
 */
import { utils } from 'ssh2';
import { FILE_LIMITS, readBoundedFileFor } from '../engine/boundedFileRead';
import { NgtError } from '../engine/errors';
import { classifyKeyParseError, errorText } from '../linux/ssh/sshErrors';
import type { CliContext } from './cliTypes';

export async function checkPrivateKeyFile(file: string, passphrase: string | undefined, context: CliContext) {
  const { t } = context;
  let data: Buffer;
  try {
    data = await readBoundedFileFor(file, FILE_LIMITS.privateKey, t);
  } catch (error) {
    if (error instanceof NgtError) throw error;
    throw new NgtError(
      'USAGE_KEY_FILE',
      t('linux.ssh.errors.keyFile.message', { path: file, reason: errorText(error) }),
      {
        category: 'usage',
        remediation: t('linux.ssh.errors.keyFile.remediation'),
      },
    );
  }
  const parsed = utils.parseKey(data, passphrase);
  if (!(parsed instanceof Error)) return;
  const key = classifyKeyParseError(parsed.message);
  // The wizard's remediation says "enter the passphrase"; here the way to give one is --passphrase-env.
  const remediation =
    key === 'keyPassphraseMissing'
      ? t('linuxJob.cli.install.keyPassphraseMissingRemediation')
      : key === 'keyPassphraseWrong'
        ? t('linuxJob.cli.install.keyPassphraseWrongRemediation', { path: file })
        : null;
  if (remediation === null) return; // a format problem: connectSsh explains it with the same words as the wizard
  throw new NgtError('USAGE_KEY_PASSPHRASE', t(`linux.ssh.errors.${key}.message`, { path: file }), {
    category: 'usage',
    remediation,
  });
}

/** known_hosts may be missing (it is created); if it exists it must be a regular file of sensible size. */
export async function checkKnownHostsFile(file: string, context: CliContext): Promise<void> {
  if (!(await context.ports.fs.stat(file))) return;
  await readBoundedFileFor(file, FILE_LIMITS.knownHosts, context.t);
}
