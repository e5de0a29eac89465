/**
 * `ngt-prep linux install` (the whole Linux job over SSH), `ngt-prep linux
 * remove` (the way back) and
 * `ngt-prep linux patch` (the installer_factory.py patch on a local copy).
 */
import * as path from 'node:path';

import { FILE_LIMITS, readBoundedFileFor } from '../../engine/boundedFileRead';
import { neutraliseControls } from '../../engine/controlText';
import { EXIT_CODES } from '../../engine/errors';
import type { Ports } from '../../engine/ports';
import { linuxInstallParamsSchema, type LinuxInstallParams } from '../../ipc/contract';
import { createJobDefinition } from '../../jobs/registry';
import { MAX_FACTORY_CHARS } from '../../linux/installerFactory/patcherWork';
import { planInstallerFactoryPatch } from '../../linux/installerFactoryPatch';
import { FACTORY_LOCATIONS } from '../../linux/isoLayout';
import { unifiedDiff } from '../../linux/unifiedDiff';
import {
  parseCommandArgs,
  parseSeconds,
  schemaIssues,
  secretFromEnv,
  usageError,
  type OptionValues,
} from '../argumentParsers';
import { PC_LINK_OPTIONS, pcLinkFromValues } from '../pcLinkOptions';
import type { CliCommand, CliContext } from '../cliTypes';
import { REPORT_OPTIONS, runJobCommand } from '../runJobCommand';
import { SSH_LOGIN_OPTIONS, sshLoginFromValues } from '../sshLoginOptions';

/** The options `linux install` and `linux remove` share: the SSH login, plus the run and report flags. */
const CONNECTION_OPTIONS = {
  ...SSH_LOGIN_OPTIONS,
  'sudo-password-env': { type: 'string' },
  'su-password-env': { type: 'string' },
  'dry-run': { type: 'boolean' },
  ...REPORT_OPTIONS,
} as const;

const INSTALL_OPTIONS = {
  ...CONNECTION_OPTIONS,
  iso: { type: 'string' },
  distro: { type: 'string' },
  phase: { type: 'string' },
  force: { type: 'boolean' },
  // Prism Central for the verify phase's Communication Link Active (its options named --pc-*).
  ...PC_LINK_OPTIONS,
  'pc-wait': { type: 'string' },
} as const;

/** The values of INSTALL_OPTIONS (CONNECTION_OPTIONS leaves the install-only ones undefined). */
type LinuxCliValues = OptionValues<typeof INSTALL_OPTIONS>;

/** Parses and checks the options, builds the job with `create`, runs it; exit code out. */
async function runLinuxJob(
  args: string[],
  context: CliContext,
  usageKey: string,
  kind: 'linux-install' | 'linux-remove',
): Promise<number> {
  const withInstallOptions = kind === 'linux-install';
  const { t } = context;
  const { values } = (await parseCommandArgs(
    args,
    withInstallOptions ? INSTALL_OPTIONS : CONNECTION_OPTIONS,
    context,
  )) as {
    values: LinuxCliValues;
  };
  const phase = values.phase ?? 'all';
  if (!['prepare', 'install', 'verify', 'all'].includes(phase)) {
    throw usageError('USAGE_BAD_PHASE', t('linuxJob.cli.install.badPhase', { value: phase }));
  }
  const login = await sshLoginFromValues(values, context, usageKey);
  const auth: LinuxInstallParams['auth'] = login.auth;
  if (values['sudo-password-env'] !== undefined && values['su-password-env'] !== undefined)
    throw usageError('USAGE_SUDO_OR_SU', t('linuxJob.cli.install.sudoOrSu'), t(usageKey));
  const suPassword =
    values['su-password-env'] !== undefined
      ? secretFromEnv('--su-password-env', values['su-password-env'], context)
      : undefined;
  const sudoPassword =
    values['sudo-password-env'] !== undefined
      ? secretFromEnv('--sudo-password-env', values['sudo-password-env'], context)
      : undefined;

  const pc = await pcLinkFromValues(values, context, usageKey);
  if (!pc && values['pc-wait'] !== undefined)
    throw usageError(
      'USAGE_PC_OPTION_WITHOUT_PC',
      t('clusterHealth.cli.optionWithoutPc', { flag: '--pc-wait' }),
      t(usageKey),
    );
  const parsed = linuxInstallParamsSchema.safeParse({
    host: login.host,
    port: login.port,
    username: login.user,
    auth,
    sudoPassword,
    suPassword,
    distro: values.distro,
    isoDir: values.iso,
    phase,
    dryRun: values['dry-run'] === true,
    force: values.force === true,
    prismCentral: pc && {
      host: pc.host,
      port: pc.port,
      username: pc.username,
      password: pc.password,
      acceptNewCertificate: pc.acceptNew,
      fingerprint: pc.expectedFingerprint,
      waitSeconds:
        values['pc-wait'] === undefined
          ? undefined
          : Math.round(parseSeconds('--pc-wait', values['pc-wait'], 0, 3600, t)),
    },
  });
  if (!parsed.success) {
    // Messages name the field, never its value (a password could be one).
    throw usageError(
      'USAGE_BAD_PARAMS',
      t('linuxJob.cli.install.badParams', { message: schemaIssues(parsed.error) }),
      t(usageKey),
    );
  }
  // With a host-key policy the registry builds the job non-interactive: an unknown key is refused, not asked about.
  const definition = createJobDefinition(
    { kind, params: parsed.data },
    {
      t,
      ports: context.ports,
      lang: context.lang,
      hostKeyPolicy: login.hostKeyPolicy,
      sshConnect: login.connect,
      pcTrustFile: pc?.trustFile,
    },
  );
  const { exitCode } = await runJobCommand(definition, { json: values.json, html: values.html }, context);
  return exitCode;
}

export const linuxInstallCommand: CliCommand = {
  path: ['linux', 'install'],
  describeKey: 'linuxJob.cli.install.describe',
  usageKey: 'linuxJob.cli.install.usage',
  run: (args, context) => runLinuxJob(args, context, 'linuxJob.cli.install.usage', 'linux-install'),
};

/** `ngt-prep linux remove`: the installed uninstaller, leftovers, what remains (--dry-run: the plan only). */
export const linuxRemoveCommand: CliCommand = {
  path: ['linux', 'remove'],
  describeKey: 'linuxJob.cli.remove.describe',
  usageKey: 'linuxJob.cli.remove.usage',
  run: (args, context) => runLinuxJob(args, context, 'linuxJob.cli.remove.usage', 'linux-remove'),
};

/** installer_factory.py for a path naming the file, its src/ folder, installer/linux, or the ISO root. */
async function findFactory(target: string, ports: Ports): Promise<string | null> {
  const resolved = path.resolve(target);
  const st = await ports.fs.stat(resolved);
  if (!st) return null;
  if (st.isFile()) return resolved;
  for (const rel of FACTORY_LOCATIONS) {
    const candidate = path.join(resolved, rel);
    if ((await ports.fs.stat(candidate))?.isFile()) return candidate;
  }
  return null;
}

/** This machine's distribution as the NGT installer computes it (python3 + distro), or null. */
async function localDistribution(ports: Ports): Promise<string | null> {
  const found = await ports.processes.which('python3');
  const candidates = [...new Set(['/usr/bin/python3', '/usr/libexec/platform-python', ...(found ? [found] : [])])];
  for (const python of candidates) {
    if (!(await ports.fs.stat(python))) continue;
    try {
      const r = await ports.processes.run(
        python,
        ['-W', 'ignore', '-c', 'import distro; print(distro.linux_distribution()[0])'],
        { timeoutMs: 10_000 },
      );
      const name = r.stdout.trim();
      if (r.code === 0 && name) return name;
    } catch {
      /* try the next one */
    }
  }
  return null;
}

/** Decodes without losing bytes: UTF-8 when the file is valid UTF-8, Latin-1 otherwise. */
function decodeExact(data: Buffer): { text: string; encoding: BufferEncoding } {
  const utf8 = data.toString('utf8');
  return Buffer.from(utf8, 'utf8').equals(data)
    ? { text: utf8, encoding: 'utf8' }
    : { text: data.toString('latin1'), encoding: 'latin1' };
}

export const linuxPatchCommand: CliCommand = {
  path: ['linux', 'patch'],
  describeKey: 'linuxJob.cli.patch.describe',
  usageKey: 'linuxJob.cli.patch.usage',
  async run(args, context: CliContext) {
    const { t, io, ports } = context;
    const { values, positionals } = await parseCommandArgs(
      args,
      { distro: { type: 'string' }, write: { type: 'boolean' } },
      context,
      true,
    );
    if (positionals.length !== 1) {
      io.stderr(`${t('linuxJob.cli.patch.needPath')}\n${t('linuxJob.cli.patch.usage')}\n`);
      return EXIT_CODES.usage;
    }
    const file = await findFactory(positionals[0]!, ports);
    if (!file) {
      io.stderr(`${t('linuxJob.cli.patch.noFile', { path: positionals[0] })}\n`);
      return EXIT_CODES.usage;
    }
    let name = values.distro;
    if (name === undefined) {
      const local = await localDistribution(ports);
      if (!local) {
        io.stderr(`${t('linuxJob.cli.patch.needDistro')}\n`);
        return EXIT_CODES.usage;
      }
      name = local;
      if (!context.quiet) io.stdout(`${t('linuxJob.cli.patch.localDistro', { name })}\n`);
    }
    // Real factory files are a few kilobytes: refuse anything larger, with the file's own advice, before reading it.
    const size = (await ports.fs.stat(file))?.size ?? 0;
    if (size > MAX_FACTORY_CHARS) {
      io.stderr(`${t('linuxJob.cli.patch.tooLarge', { file, size, max: MAX_FACTORY_CHARS })}\n`);
      return EXIT_CODES.usage;
    }
    const original = await readBoundedFileFor(file, FILE_LIMITS.installerSource, t);
    const { text, encoding } = decodeExact(original);
    const plan = planInstallerFactoryPatch(text, name);
    const shown = path.relative(process.cwd(), file) || file;
    if (plan.kind === 'already-supported') {
      io.stdout(
        `${t('linuxJob.cli.patch.alreadySupported', { file: shown, name: name.toLowerCase(), matched: plan.matchedName })}\n`,
      );
      return EXIT_CODES.ok;
    }
    if (plan.kind === 'unrecognised') {
      io.stderr(
        `${t('linuxJob.cli.patch.unrecognised', { file: shown, message: plan.message, expected: plan.expected })}\n`,
      );
      return plan.reason === 'empty-name' || plan.reason === 'unsafe-name' || plan.reason === 'too-large'
        ? EXIT_CODES.usage
        : EXIT_CODES.failed;
    }
    // The file comes from an ISO or a VM: show its lines, not the escape sequences they may hold.
    io.stdout(neutraliseControls(unifiedDiff(text, plan.patched, { oldName: `${shown}.orig`, newName: shown })));
    if (!values.write) {
      io.stdout(
        `${t('linuxJob.cli.patch.wouldPatch', { file: shown, name: name.toLowerCase(), line: plan.addedLineNumber })}\n`,
      );
      return EXIT_CODES.ok;
    }
    const orig = `${file}.orig`;
    if (await ports.fs.stat(orig)) {
      io.stderr(`${t('linuxJob.cli.patch.origExists', { orig })}\n`);
      return EXIT_CODES.usage;
    }
    try {
      await ports.fs.writeFile(orig, original);
      await ports.fs.writeFile(file, Buffer.from(plan.patched, encoding));
    } catch (error) {
      io.stderr(
        `${t('linuxJob.cli.patch.writeFailed', { file: shown, message: error instanceof Error ? error.message : String(error) })}\n`,
      );
      return EXIT_CODES.failed;
    }
    io.stdout(`${t('linuxJob.cli.patch.written', { file: shown, orig })}\n`);
    return EXIT_CODES.ok;
  },
};
