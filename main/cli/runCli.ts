/**
 * The CLI's core, free of process globals so tests call it directly:
 * global flags, command lookup, usage errors (exit 2), help and version.
 */
import { EXIT_CODES } from '../engine/errors';
import type { Ports } from '../engine/ports';
import { createTranslator, isLanguage, languageFromLocale, type Language } from '../i18n/catalogue';
import { TOOL } from '../app/toolInfo';
import type { CliCommand, CliContext, CliIo } from './cliTypes';
import { COMMANDS } from './commandTable';
import { neutraliseControls } from '../engine/controlText';

interface GlobalFlags {
  lang?: string;
  verbose: boolean;
  quiet: boolean;
  help: boolean;
  version: boolean;
  rest: string[];
}

type GlobalFlagError = { error: 'missingValue' | 'repeatedOption' | 'verboseQuiet'; flag: string };

/** The boolean global flags, by every spelling. */
const SWITCHES = new Map<string, 'verbose' | 'quiet' | 'help' | 'version'>([
  ['--verbose', 'verbose'],
  ['-v', 'verbose'],
  ['--quiet', 'quiet'],
  ['-q', 'quiet'],
  ['--help', 'help'],
  ['-h', 'help'],
  ['--version', 'version'],
  ['-V', 'version'],
]);

/** Global flags may stand anywhere before the command's own arguments; each at most once, --verbose or --quiet. */
export function splitGlobalFlags(argv: string[]): GlobalFlags | GlobalFlagError {
  const flags: GlobalFlags = { verbose: false, quiet: false, help: false, version: false, rest: [] };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let name: string;
    if (a === '--lang' || a.startsWith('--lang=')) {
      const v = a === '--lang' ? argv[++i] : a.slice('--lang='.length);
      if (v === undefined) return { error: 'missingValue', flag: '--lang' };
      flags.lang = v;
      name = 'lang';
    } else if (SWITCHES.has(a)) {
      const which = SWITCHES.get(a)!;
      flags[which] = true;
      name = which;
    } else {
      flags.rest.push(a);
      continue;
    }
    if (seen.has(name)) return { error: 'repeatedOption', flag: `--${name}` };
    seen.add(name);
  }
  if (flags.verbose && flags.quiet) return { error: 'verboseQuiet', flag: '--verbose' };
  return flags;
}

function findCommand(words: string[], commands: CliCommand[]): { command: CliCommand; args: string[] } | null {
  const sorted = [...commands].sort((a, b) => b.path.length - a.path.length);
  for (const command of sorted) {
    if (command.path.every((p, i) => words[i] === p)) return { command, args: words.slice(command.path.length) };
  }
  return null;
}

function generalHelp(t: ReturnType<typeof createTranslator>, commands: CliCommand[]): string {
  const lines = [t('cli.help.header', { version: TOOL.version }), '', t('cli.help.usage'), '', t('cli.help.commands')];
  for (const c of commands) lines.push(`  ${c.path.join(' ').padEnd(24)} ${t(c.describeKey)}`);
  lines.push('', t('cli.help.globals'), '', t('cli.help.exitCodes'), '');
  return lines.join('\n');
}

export async function runCli(
  argv: string[],
  io: CliIo,
  ports: Ports,
  commands: CliCommand[] = COMMANDS,
): Promise<number> {
  const systemLang = languageFromLocale(io.env.NGT_PREP_LANG ?? io.env.LC_ALL ?? io.env.LC_MESSAGES ?? io.env.LANG);
  const parsed = splitGlobalFlags(argv);
  const fallbackT = createTranslator(systemLang);
  if ('error' in parsed) {
    io.stderr(fallbackT(`cli.errors.${parsed.error}`, { flag: parsed.flag }) + '\n');
    return EXIT_CODES.usage;
  }
  if (parsed.lang !== undefined && !isLanguage(parsed.lang)) {
    io.stderr(fallbackT('cli.errors.badLang', { lang: parsed.lang }) + '\n');
    return EXIT_CODES.usage;
  }
  const lang: Language = (parsed.lang as Language | undefined) ?? systemLang;
  const t = createTranslator(lang);
  if (parsed.version) {
    io.stdout(`${TOOL.name} ${TOOL.version}\n`);
    return EXIT_CODES.ok;
  }
  const found = findCommand(parsed.rest, commands);
  if (!found) {
    if (parsed.help || parsed.rest.length === 0) {
      io.stdout(generalHelp(t, commands) + '\n');
      return parsed.help ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    const flag = parsed.rest.find((word) => word.startsWith('-'));
    io.stderr(
      (flag
        ? t('cli.errors.unknownOption', { flag })
        : t('cli.errors.unknownCommand', { command: parsed.rest.join(' ') })) + '\n',
    );
    return EXIT_CODES.usage;
  }
  if (parsed.help) {
    io.stdout(t(found.command.usageKey) + '\n');
    return EXIT_CODES.ok;
  }
  const context: CliContext = { io, ports, t, lang, verbose: parsed.verbose, quiet: parsed.quiet };
  try {
    return await found.command.run(found.args, context);
  } catch (error) {
    // Messages may quote a target's words (an SSH banner, a certificate): neutralise them like job events.
    const raw = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
      code?: string;
      message?: string;
      remediation?: string;
      category?: string;
    };
    const e = {
      code: raw.code,
      category: raw.category,
      message: neutraliseControls(String(raw.message)),
      remediation: raw.remediation === undefined ? undefined : neutraliseControls(raw.remediation),
    };
    if (e.code && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(t('cli.errors.badArguments', { message: e.message }) + '\n' + t(found.command.usageKey) + '\n');
      return EXIT_CODES.usage;
    }
    if (e.category === 'usage' || e.category === 'connect') {
      // As the terminal reporter prints a failed step: the message, then the next step and the code.
      const code = e.code ? ` (${e.code})` : '';
      io.stderr(e.remediation ? `${e.message}\n${t('cli.next')} ${e.remediation}${code}\n` : `${e.message}${code}\n`);
      return e.category === 'usage' ? EXIT_CODES.usage : EXIT_CODES.connect;
    }
    io.stderr(t('cli.errors.unexpected', { message: e.message }) + '\n');
    return EXIT_CODES.failed;
  }
}
