import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { createTranslator } from '../../../main/i18n/catalogue';
import { applyOptionsSchema, DEFAULT_APPLY_OPTIONS, type ApplyOptions } from '../../../main/windows/applyOptions';
import { buildExportScript, readWindowsScriptSources } from '../../../main/windows/exportScript';
import {
  findPs7OnlySyntax,
  findSyntaxProblems,
  isInsideStringLiteral,
  loadPowerShellParser,
  occurrencesOutsideStringLiterals,
  type PowerShellParser,
  type Ps7Rule,
} from '../../support/powershellLint';
import { psSingleQuote } from '../../../main/windows/powershellQuote';
import { canRunPwsh, parseWithPowerShell } from '../../support/pwsh';
import { decodeOptions } from '../../../main/windows/powershellRunner';

const ASSETS = join(__dirname, '../../../assets/windows');
const COMMON = 'NgtPrep.Common.ps1';
const allFiles = readdirSync(ASSETS).filter((f) => f.endsWith('.ps1'));
/** The four scripts NGT Prep runs (the common file only defines helpers). */
const scriptFiles = allFiles.filter((f) => f !== COMMON);
let parser: PowerShellParser;

beforeAll(async () => {
  parser = await loadPowerShellParser();
});

function lint(source: string) {
  const tree = parser.parse(source);
  return { tree, syntax: findSyntaxProblems(tree, source), ps7: findPs7OnlySyntax(tree, source) };
}

const HOSTILE_VALUES = [
  `it's "quoted" ‘curly’ and ’closing`,
  '$(Remove-Item -Recurse -Force C:\\)',
  '`$env:USERNAME`n`r',
  'a; Stop-Computer -Force; b',
  'line one\nline two\r\n#> <# here',
  'wïn-ホスト-ß.exämple.local',
  "'); Invoke-Expression ('calc",
  '@"\nhere-string\n"@',
];
const HOSTILE_OPTIONS: ApplyOptions = {
  ...DEFAULT_APPLY_OPTIONS,
  hostName: HOSTILE_VALUES[5] + HOSTILE_VALUES[0],
  certThumbprint: HOSTILE_VALUES[6],
  firewallRemoteAddresses: HOSTILE_VALUES,
};

describe('assets/windows/*.ps1', () => {
  it('has the four scripts and their shared helpers', () => {
    expect(allFiles.filter((f) => f === COMMON)).toEqual([COMMON]);
    expect(scriptFiles.sort()).toEqual([
      'Get-NgtPrepState.ps1',
      'Set-NgtPrepWinRm.ps1',
      'Test-NgtPrepWinRm.ps1',
      'Undo-NgtPrepWinRm.ps1',
    ]);
  });
  it.each(allFiles)('%s parses with no ERROR or MISSING node and no PowerShell 7-only syntax', (file) => {
    const source = readFileSync(join(ASSETS, file), 'utf8');
    const { syntax, ps7 } = lint(source);
    expect(syntax).toEqual([]);
    expect(ps7).toEqual([]);
  });
  it.each(scriptFiles)('%s has a param() block, one JSON output path, and no exit (so it can be embedded)', (file) => {
    const source = readFileSync(join(ASSETS, file), 'utf8');
    expect(source).toMatch(
      /\[CmdletBinding\(\)\]\s*\nparam\(\[string\] \$OptionsBase64 = '', \[switch\] \$EmitProgress\)\n/,
    );
    const common = readFileSync(join(ASSETS, COMMON), 'utf8');
    expect(common).toContain('ConvertTo-Json -InputObject $InputObject -Depth 8 -Compress');
    // The one output path: the script's last line hands its body to Invoke-NgtPrepMain, whose
    // trap and catch turn every failure into the one JSON error line.
    const name = file.replace(/\.ps1$/, '');
    const lines = source.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(
      new RegExp(`^Invoke-NgtPrepMain '${name}' \\(\\[bool\\]\\$EmitProgress\\) \\{ [\\w-]+ \\}$`),
    );
    expect(source.split('Invoke-NgtPrepMain ').length - 1).toBe(1);
    const main = common.slice(common.indexOf('function Invoke-NgtPrepMain {'));
    expect(main).toMatch(/\n {4}trap \{/);
    expect(main).toMatch(
      /\n {4}catch \{\n {8}Write-Output \(ConvertTo-NgtPrepAsciiJson -InputObject \(ConvertTo-NgtPrepError \$_\)\)/,
    );
    expect(source).not.toMatch(/^\s*exit\b/m);
    // quickconfig refuses self-signed certificates (0x80338115): never called.
    expect(source).not.toMatch(/^\s*(winrm(\.cmd)?\s+quickconfig|Set-WSManQuickConfig)/im);
  });
  it('every script loads the shared helpers from its own folder once, and none redefines them', () => {
    const common = readFileSync(join(ASSETS, COMMON), 'utf8');
    const shared = [...common.matchAll(/^function ([\w-]+)/gm)].map((m) => m[1]);
    expect(shared.length).toBeGreaterThan(5);
    // Dot-sourcing it changes nothing on the machine: at top level only functions, the strict
    // mode and preferences, and facts given as literals ($NgtPrep... = 'text' or a number).
    expect(common.replace(/<#[\s\S]*?#>/g, '')).not.toMatch(
      /^(?!function |\s|#|}|$|Set-StrictMode -Version 2\.0$|\$(ErrorActionPreference = 'Stop'|ProgressPreference = 'SilentlyContinue')$|\$NgtPrep\w+ = ('[^']*'|\d+)$).+/m,
    );
    for (const file of scriptFiles) {
      const source = readFileSync(join(ASSETS, file), 'utf8');
      expect(source.split(". (Join-Path -Path $PSScriptRoot -ChildPath 'NgtPrep.Common.ps1')").length - 1, file).toBe(
        1,
      );
      for (const name of shared)
        expect(source, `${file} redefines ${name}`).not.toMatch(new RegExp(`^function ${name}\\b`, 'm'));
    }
  });
});

describe('exported scripts', () => {
  const t = createTranslator('en');
  const sources = () => readWindowsScriptSources(ASSETS);
  const variants: [string, ApplyOptions, boolean][] = [
    ['normal', DEFAULT_APPLY_OPTIONS, false],
    ['golden image', { ...DEFAULT_APPLY_OPTIONS, firewallRemoteAddresses: ['10.20.0.10', '10.20.0.0/24'] }, true],
    ['hostile values', HOSTILE_OPTIONS, false],
    ['hostile values, golden image', HOSTILE_OPTIONS, true],
  ];
  it.each(variants)(
    '%s: parses with no ERROR/MISSING node and no PowerShell 7-only syntax',
    (_name, options, goldenImage) => {
      const script = buildExportScript(options, { goldenImage, t, sources: sources() });
      const { syntax, ps7 } = lint(script);
      expect(syntax).toEqual([]);
      expect(ps7).toEqual([]);
      expect(script.startsWith('#Requires -RunAsAdministrator\n\n<#\n.SYNOPSIS')).toBe(true);
      expect(script).toContain('function Invoke-NgtPrepApplyScript {');
      expect(script.includes('Register-ScheduledTask')).toBe(goldenImage);
    },
  );
  it.each(variants)(
    '%s: options travel only as a Base64 string literal and hostile values never become code',
    (_name, options, goldenImage) => {
      const script = buildExportScript(options, { goldenImage, t, sources: sources() });
      const { tree } = lint(script);
      const match = /\$NgtPrepOptionsBase64 = '([A-Za-z0-9+/=]+)'/.exec(script);
      expect(match).not.toBeNull();
      expect(decodeOptions(match![1])).toEqual(JSON.parse(JSON.stringify(options)));
      expect(isInsideStringLiteral(tree, match!.index + match![0].indexOf("'"), match!.index + match![0].length)).toBe(
        true,
      );
      for (const value of [...HOSTILE_VALUES, ...HOSTILE_VALUES.flatMap((v) => v.split(/\r?\n/))].filter(
        (v) => v.length > 3,
      )) {
        expect(occurrencesOutsideStringLiterals(tree, script, value), value).toEqual([]);
      }
    },
  );
  it('golden image: clones get options without the template thumbprint or host name', () => {
    const script = buildExportScript(
      { ...DEFAULT_APPLY_OPTIONS, certThumbprint: 'A'.repeat(40), hostName: 'template' },
      { goldenImage: true, t, sources: sources() },
    );
    const firstBoot = /\$NgtPrepFirstBootOptionsBase64 = '([A-Za-z0-9+/=]+)'/.exec(script)!;
    expect(decodeOptions(firstBoot[1])).toEqual({
      keySize: 4096,
      certValidityDays: 1095,
      firewallRemoteAddresses: [],
      basic: true,
      localAccountTokenFilterPolicy: false,
    });
    expect(script).toContain('nutanix_guest_tools_cli mount_guest_tools VM_UUID');
    expect(script).toContain('SetupComplete.cmd');
    expect(script).toContain('Protect-NgtPrepPath $NgtPrepFirstBootScript');
    expect(script).toContain('Register-ScheduledTask -TaskName $NgtPrepFirstBootTaskName');
  });
  it('reads the scripts from a folder when no sources are given, and embeds them unchanged', () => {
    const script = buildExportScript(DEFAULT_APPLY_OPTIONS, { goldenImage: false, t, scriptsDir: ASSETS });
    const apply = readFileSync(join(ASSETS, 'Set-NgtPrepWinRm.ps1'), 'utf8');
    const someLine = apply.split('\n').find((l) => l.includes('New-WSManInstance -ResourceURI'))!;
    expect(script).toContain(`    ${someLine}`);
  });
  it('zod applies the documented defaults', () => {
    expect(applyOptionsSchema.parse({})).toEqual(DEFAULT_APPLY_OPTIONS);
    expect(
      applyOptionsSchema.parse({ certThumbprint: '\u200e3f 2a 9c 1b 7e 4d 5a 6b 8c 9d 0e 1f 2a 3b 4c 5d 6e 7f 80 91' })
        .certThumbprint,
    ).toBe('3F2A9C1B7E4D5A6B8C9D0E1F2A3B4C5D6E7F8091');
    expect(applyOptionsSchema.safeParse({ keySize: 1024 }).success).toBe(false);
    expect(
      applyOptionsSchema.safeParse({ firewallRemoteAddresses: ['10.0.0.0/24', 'LocalSubnet', 'fe80::1-fe80::ff'] })
        .success,
    ).toBe(true);
    expect(applyOptionsSchema.safeParse({ firewallRemoteAddresses: ['10.0.0.1; Stop-Computer'] }).success).toBe(false);
  });
});

// PowerShell's own parser, in addition to tree-sitter: what powershell.exe itself would refuse.
const pwsh = canRunPwsh();
describe("PowerShell's own parser (pwsh)", () => {
  if (!pwsh.ok) {
    if (process.env.CI === 'true') it('can run pwsh in CI', () => expect.fail(`pwsh cannot run in CI: ${pwsh.reason}`));
    else it.skip(`NOT RUN: ${pwsh.reason}`, () => {});
    return;
  }
  it('finds zero errors in every script and every export (plain, golden image, hostile option values)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ngtprep-parse-'));
    try {
      const t = createTranslator('en');
      const files = allFiles.map((f) => join(ASSETS, f));
      const exports: [string, ApplyOptions, boolean][] = [
        ['plain', DEFAULT_APPLY_OPTIONS, false],
        ['golden', { ...DEFAULT_APPLY_OPTIONS, firewallRemoteAddresses: ['10.20.0.10', '10.20.0.0/24'] }, true],
        ['hostile', HOSTILE_OPTIONS, false],
        ['hostile-golden', HOSTILE_OPTIONS, true],
      ];
      for (const [name, options, goldenImage] of exports) {
        const file = join(dir, `export-${name}.ps1`);
        writeFileSync(file, buildExportScript(options, { goldenImage, t, scriptsDir: ASSETS }));
        files.push(file);
      }
      const errors = parseWithPowerShell(pwsh.pwsh!, files);
      expect(Object.keys(errors).sort()).toEqual([...files].sort());
      for (const file of files) expect(errors[file], file).toEqual([]);
      // The check works: a broken script is reported.
      const broken = join(dir, 'broken.ps1');
      writeFileSync(broken, 'function f {\n  $x = @(1, 2\n');
      expect(parseWithPowerShell(pwsh.pwsh!, [broken])[broken].length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('psSingleQuote', () => {
  it.each(HOSTILE_VALUES)('keeps %j one string literal', (value) => {
    const source = `$x = ${psSingleQuote(value)}\n$y = 1\n`;
    const { tree, syntax } = lint(source);
    expect(syntax).toEqual([]);
    const literal = psSingleQuote(value);
    expect(isInsideStringLiteral(tree, 5, 5 + literal.length)).toBe(true);
    expect(tree.rootNode.descendantsOfType('assignment_expression').length).toBe(2);
  });
  it('doubles every quote PowerShell treats as a single quote', () => {
    expect(psSingleQuote("a'b\u2018c\u2019d\u201Ae\u201Bf")).toBe(
      "'a''b\u2018\u2018c\u2019\u2019d\u201A\u201Ae\u201B\u201Bf'",
    );
  });
});

describe('the PowerShell 7-only syntax check catches each construct', () => {
  const cases: [Ps7Rule, string][] = [
    ['null-coalescing', '$a = $b ?? 1'],
    ['null-coalescing', '$a ??= 1'],
    ['null-conditional', '$x = $q?.Name'],
    ['null-conditional', '$x = ${q}?[0]'],
    ['ternary', '$z = $c ? 1 : 2'],
    ['pipeline-chain', 'Get-Item x && Write-Host ok'],
    ['pipeline-chain', 'Get-Item x || Write-Host failed'],
    ['foreach-parallel', '1..3 | ForEach-Object -Parallel { $_ }'],
    ['foreach-parallel', '1..3 | % -Parallel { $_ } -ThrottleLimit 2'],
    ['clean-block', 'function f {\n  begin { }\n  process { $_ }\n  clean { Remove-Item x }\n}'],
  ];
  it.each(cases)('%s in %j', (rule, source) => {
    expect(lint(source).ps7.map((v) => v.rule)).toContain(rule);
  });
  it('does not flag look-alikes that Windows PowerShell 5.1 accepts', () => {
    const source = [
      "$s = 'a ?? b && c || d ?. e'",
      '$t = "x ? y : z"',
      '# ?? && || in a comment',
      "Get-ChildItem | ? { $_.Name -like 'a*' }",
      '1..3 | ForEach-Object -Process { $_ }',
      'if ($a -and $b) { $c = $d -or $e }',
      'function g { begin { } process { } end { } }',
    ].join('\n');
    expect(lint(source).ps7).toEqual([]);
  });
  it('reports where the construct is', () => {
    const [violation] = lint('$a = 1\n$b = $c ?? 2\n').ps7;
    expect(violation).toMatchObject({ rule: 'null-coalescing', line: 2 });
  });
});

describe('syntax problems', () => {
  it('finds unclosed braces, quotes and parentheses', () => {
    expect(lint('function f {\n  Write-Host 1\n').syntax.length).toBeGreaterThan(0);
    expect(lint("$a = 'unclosed\n").syntax.length).toBeGreaterThan(0);
    expect(lint('$a = (1 + 2\n').syntax.length).toBeGreaterThan(0);
  });
  it('finds code outside string literals', () => {
    const source = '$a = "safe $(Get-Date) text"\nWrite-Host danger\n';
    const { tree } = lint(source);
    expect(occurrencesOutsideStringLiterals(tree, source, 'danger')).toEqual([source.indexOf('danger')]);
    expect(occurrencesOutsideStringLiterals(tree, source, 'Get-Date')).toEqual([source.indexOf('Get-Date')]);
    expect(occurrencesOutsideStringLiterals(tree, source, 'safe')).toEqual([]);
  });
});
