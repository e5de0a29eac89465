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

interface GlobalFlags {
  lang?: string;
  verbose: boolean;
  quiet: boolean;
  help: boolean;
  version: boolean;
  rest: string[];
}

/** Global flags may stand anywhere before the command's own arguments. */
export function splitGlobalFlags(argv: string[]): GlobalFlags | { error: string } {
  const flags: GlobalFlags = { verbose: false, quiet: false, help: false, version: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lang') {
      const v = argv[++i];
      if (v === undefined) return { error: '--lang' };
      flags.lang = v;
    } else if (a.startsWith('--lang=')) flags.lang = a.slice('--lang='.length);
    else if (a === '--verbose' || a === '-v') flags.verbose = true;
    else if (a === '--quiet' || a === '-q') flags.quiet = true;
    else if (a === '--help' || a === '-h') flags.help = true;
    else if (a === '--version' || a === '-V') flags.version = true;
    else flags.rest.push(a);
  }
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
    io.stderr(fallbackT('cli.errors.missingValue', { flag: parsed.error }) + '\n');
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
    io.stderr(t('cli.errors.unknownCommand', { command: parsed.rest.join(' ') }) + '\n');
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
    const e = error as { code?: string; message?: string; remediation?: string; category?: string };
    if (e?.code && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(t('cli.errors.badArguments', { message: e.message }) + '\n' + t(found.command.usageKey) + '\n');
      return EXIT_CODES.usage;
    }
    if (e?.category === 'usage') {
      io.stderr(`${e.message}${e.remediation ? `\n${t('cli.next')} ${e.remediation}` : ''}\n`);
      return EXIT_CODES.usage;
    }
    if (e?.category === 'connect') {
      io.stderr(`${e.message}${e.remediation ? `\n${t('cli.next')} ${e.remediation}` : ''}\n`);
      return EXIT_CODES.connect;
    }
    io.stderr(t('cli.errors.unexpected', { message: e?.message ?? String(error) }) + '\n');
    return EXIT_CODES.failed;
  }
}
