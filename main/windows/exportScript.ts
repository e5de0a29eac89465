/**
 * Builds the standalone script a field technician runs on a VM or a golden image:
 * check -> apply -> verify, with a human summary and a non-zero exit code on failure.
 *
 * It is made from the very .ps1 files NGT Prep runs itself (assets/windows), each wrapped in a
 * function, so the exported logic is the tested logic. The chosen options are embedded only as
 * a Base64 literal of their JSON (the scripts decode it as data); no option value is ever
 * spliced into PowerShell text. Messages (translated) are embedded as single-quoted literals.
 *
 * With `goldenImage: true` the script also clears the template's apply records and registers a
 * scheduled task that runs at every start: when the listener or its certificate no longer match
 * the current name and FQDN (a clone after sysprep, a rename, a domain join) it re-creates them
 * for the current name, verifies, removes NGT Prep's stale certificates and logs. If NGT is installed in the template it warns that every
 * clone needs its own NGT ISO mounted again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Translate } from '../engine/job';
import { createTranslator } from '../i18n/catalogue';
import type { ApplyOptions } from './applyOptions';
import { windowsScriptFileName } from './scriptOutputs';
import { encodeOptions } from './powershellRunner';
import { psSingleQuote } from './powershellQuote';

export interface WindowsScriptSources {
  /** NgtPrep.Common.ps1: the helpers every script dot-sources. */
  common: string;
  check: string;
  apply: string;
  verify: string;
}

export const COMMON_SCRIPT_FILE = 'NgtPrep.Common.ps1';
/** The line each script uses to load the shared helpers from its own folder. */
export const COMMON_DOT_SOURCE_LINE = ". (Join-Path -Path $PSScriptRoot -ChildPath 'NgtPrep.Common.ps1')";

export interface ExportScriptContext {
  goldenImage: boolean;
  t?: Translate;
  /** Folder holding the .ps1 files (assets/windows); read when `sources` is not given. */
  scriptsDir?: string;
  sources?: WindowsScriptSources;
  /** Shown in the header; defaults to "NGT Prep". */
  generator?: string;
  /** Shown in the header (ISO date); omitted when not given, so output is reproducible. */
  generatedAt?: string;
}

export function readWindowsScriptSources(scriptsDir: string): WindowsScriptSources {
  const readFile = (name: string) => readFileSync(join(scriptsDir, name), 'utf8').replace(/^\uFEFF/, '');
  const read = (kind: 'check' | 'apply' | 'verify') => readFile(windowsScriptFileName(kind));
  return { common: readFile(COMMON_SCRIPT_FILE), check: read('check'), apply: read('apply'), verify: read('verify') };
}

/** An embedded script uses the helpers defined once at the top of the export instead of loading the file. */
function withoutDotSource(source: string): string {
  if (!source.includes(COMMON_DOT_SOURCE_LINE)) throw new Error(`a script does not load ${COMMON_SCRIPT_FILE}`);
  return source.replace(COMMON_DOT_SOURCE_LINE, `# (${COMMON_SCRIPT_FILE} is defined once, above)`);
}

/** The options apply receives on a clone's first boot: no thumbprint or host name of the template. */
export function firstBootOptions(options: ApplyOptions): ApplyOptions {
  const { certThumbprint: _thumbprint, hostName: _hostName, ...rest } = options;
  return rest;
}

function indent(text: string, spaces = 4): string {
  const pad = ' '.repeat(spaces);
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => (line.trim() ? pad + line : ''))
    .join('\n')
    .trimEnd();
}

/** Message keys embedded in the script; `{0}` marks where the script inserts a value. */
const MESSAGE_KEYS = [
  'title',
  'options',
  'checkHeading',
  'host',
  'service',
  'listener',
  'noListener',
  'basic',
  'basicGpo',
  'publicNic',
  'ngtInstalled',
  'ngtNotInstalled',
  'notElevated',
  'applyHeading',
  'applyFailed',
  'noChanges',
  'changed',
  'verifyHeading',
  'verifyPassed',
  'verifyFailed',
  'checkOnly',
  'done',
  'failed',
  'goldenHeading',
  'goldenRegistered',
  'goldenNgtWarning',
  'goldenNgtHow',
  'firstBootSameHost',
  'firstBootDone',
  'firstBootFailed',
] as const;

function messagesTable(t: Translate): string {
  const lines = MESSAGE_KEYS.map(
    (key) => `    ${key} = ${psSingleQuote(t(`windows.export.message.${key}`, { value: '{0}', second: '{1}' }))}`,
  );
  return `$NgtPrepText = @{\n${lines.join('\n')}\n}`;
}

export function buildExportScript(options: ApplyOptions, context: ExportScriptContext): string {
  const t = context.t ?? createTranslator('en');
  const sources = context.sources ?? (context.scriptsDir ? readWindowsScriptSources(context.scriptsDir) : undefined);
  if (!sources) throw new Error('buildExportScript needs `sources` or `scriptsDir`.');
  const golden = context.goldenImage;
  const h = (key: string, params?: Record<string, unknown>) => t(`windows.export.header.${key}`, params);
  // Header comment: only fixed texts and numbers; user values (addresses, names) are not echoed
  // here, they are printed by the script at run time from the decoded options.
  const headerLines = [
    h('synopsis'),
    '',
    h('description'),
    '',
    h('steps'),
    golden ? `\n${h('golden')}` : '',
    '',
    h('optionsSummary', {
      keySize: options.keySize,
      days: options.certValidityDays,
      basic: options.basic ? t('windows.export.header.on') : t('windows.export.header.off'),
      addresses: options.firewallRemoteAddresses.length,
      thumbprint: options.certThumbprint ? t('windows.export.header.yes') : t('windows.export.header.no'),
    }),
    h('optionsDecode'),
    '',
    h('exitCodes'),
    ...(golden ? ['', h('setupComplete')] : []),
    ...(context.generatedAt
      ? ['', h('generated', { generator: context.generator ?? 'NGT Prep', date: context.generatedAt })]
      : []),
  ]
    .join('\n')
    // A comment block must not be closed early by its own text.
    .replace(/#>/g, '# >');

  const parts: string[] = [];
  parts.push('#Requires -RunAsAdministrator');
  parts.push(
    `<#\n.SYNOPSIS\n${indent(headerLines)}\n\n.PARAMETER CheckOnly\n    ${h('checkOnlyParam')}\n${golden ? `\n.PARAMETER FirstBoot\n    ${h('firstBootParam')}\n` : ''}\n.EXAMPLE\n    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\\ngt-prep-winrm.ps1\n#>`,
  );
  parts.push(`[CmdletBinding()]\nparam(\n    [switch] $CheckOnly${golden ? ',\n    [switch] $FirstBoot' : ''}\n)`);
  parts.push(
    [
      `# ${h('optionsComment')}`,
      `# [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($NgtPrepOptionsBase64))`,
      `$NgtPrepOptionsBase64 = ${psSingleQuote(encodeOptions(options))}`,
      ...(golden
        ? [
            `# ${h('firstBootOptionsComment')}`,
            `$NgtPrepFirstBootOptionsBase64 = ${psSingleQuote(encodeOptions(firstBootOptions(options)))}`,
          ]
        : []),
      `$NgtPrepGoldenImage = ${golden ? '$true' : '$false'}`,
    ].join('\n'),
  );
  parts.push(`# ${h('messagesComment')}\n${messagesTable(t)}`);
  parts.push(`# ${h('embeddedComment', { file: COMMON_SCRIPT_FILE })}\n${sources.common.trim()}`);
  parts.push(
    `# ${h('embeddedComment', { file: windowsScriptFileName('check') })}\nfunction Invoke-NgtPrepCheckScript {\n${indent(withoutDotSource(sources.check))}\n}`,
  );
  parts.push(
    `# ${h('embeddedComment', { file: windowsScriptFileName('apply') })}\nfunction Invoke-NgtPrepApplyScript {\n${indent(withoutDotSource(sources.apply))}\n}`,
  );
  parts.push(
    `# ${h('embeddedComment', { file: windowsScriptFileName('verify') })}\nfunction Invoke-NgtPrepVerifyScript {\n${indent(withoutDotSource(sources.verify))}\n}`,
  );
  parts.push(DRIVER_FUNCTIONS);
  if (golden) parts.push(GOLDEN_FUNCTIONS);
  parts.push(golden ? MAIN_GOLDEN : MAIN_PLAIN);
  return `${parts.join('\n\n')}\n`;
}

/** Helpers of the exported script: run an embedded script and print what it found. */
const DRIVER_FUNCTIONS = String.raw`#region Summary helpers

function ConvertFrom-NgtPrepOutput {
    # Each embedded script returns one JSON line; the last line is the result.
    param($Output)
    $lines = @($Output | ForEach-Object { [string]$_ } | Where-Object { $_.Trim().StartsWith('{') })
    if ($lines.Count -eq 0) { throw 'The embedded script printed no JSON result.' }
    return (ConvertFrom-Json -InputObject $lines[$lines.Count - 1])
}

function Write-NgtPrepLine {
    param([string] $Status, [string] $Text)
    $colour = 'Gray'
    switch ($Status) {
        'OK' { $colour = 'Green' }
        'WARN' { $colour = 'Yellow' }
        'FAIL' { $colour = 'Red' }
        default { $colour = 'Gray' }
    }
    Write-Host ('[{0,-4}] {1}' -f $Status, $Text) -ForegroundColor $colour
}

function Show-NgtPrepOptions {
    $json = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($NgtPrepOptionsBase64))
    Write-Host ($NgtPrepText.options -f $json)
}

function Show-NgtPrepCheck {
    # A short human summary of the facts; NGT Prep's wizard shows the full findings.
    param($State)
    Write-Host ''
    Write-Host $NgtPrepText.checkHeading -ForegroundColor Cyan
    if ($null -ne $State.computer) { Write-NgtPrepLine 'INFO' ($NgtPrepText.host -f $State.computer.hostName, $State.computer.fqdn) }
    if ($null -ne $State.service) { Write-NgtPrepLine 'INFO' ($NgtPrepText.service -f $State.service.status, $State.service.startType) }
    $https = @($State.wsman.listeners | Where-Object { $_.transport -eq 'HTTPS' })
    if ($https.Count -gt 0) {
        Write-NgtPrepLine 'INFO' ($NgtPrepText.listener -f $https[0].hostname, $https[0].certificateThumbprint)
    }
    else {
        Write-NgtPrepLine 'WARN' $NgtPrepText.noListener
    }
    if ($null -ne $State.wsman.auth) {
        if ($State.wsman.auth.basic.source -eq 'GPO' -and $State.wsman.auth.basic.value -ne 'true') {
            Write-NgtPrepLine 'FAIL' $NgtPrepText.basicGpo
        }
        else {
            Write-NgtPrepLine 'INFO' ($NgtPrepText.basic -f $State.wsman.auth.basic.value)
        }
    }
    elseif ($null -ne $State.policy -and $State.policy.allowBasic -eq 0) {
        Write-NgtPrepLine 'FAIL' $NgtPrepText.basicGpo
    }
    foreach ($network in @($State.networkProfiles | Where-Object { $null -ne $_ -and $_.networkCategory -eq 'Public' })) {
        Write-NgtPrepLine 'WARN' ($NgtPrepText.publicNic -f $network.interfaceAlias)
    }
    if ($null -ne $State.ngt -and $State.ngt.installed) {
        Write-NgtPrepLine 'INFO' $NgtPrepText.ngtInstalled
    }
    else {
        Write-NgtPrepLine 'INFO' $NgtPrepText.ngtNotInstalled
    }
}

function Show-NgtPrepApply {
    param($Result)
    Write-Host ''
    Write-Host $NgtPrepText.applyHeading -ForegroundColor Cyan
    if (-not $Result.ok) {
        Write-NgtPrepLine 'FAIL' ($NgtPrepText.applyFailed -f $Result.error.code, $Result.error.message)
        return
    }
    if (-not $Result.changed) {
        Write-NgtPrepLine 'OK' $NgtPrepText.noChanges
        return
    }
    foreach ($change in @($Result.record.changes)) {
        Write-NgtPrepLine 'OK' ($NgtPrepText.changed -f $change.kind)
    }
}

function Show-NgtPrepVerify {
    param($Result)
    Write-Host ''
    Write-Host $NgtPrepText.verifyHeading -ForegroundColor Cyan
    if (-not $Result.ok) {
        Write-NgtPrepLine 'FAIL' ($NgtPrepText.applyFailed -f $Result.error.code, $Result.error.message)
        return
    }
    foreach ($check in @($Result.checks)) {
        if ($check.passed) { Write-NgtPrepLine 'OK' ($NgtPrepText.verifyPassed -f $check.id) }
        else { Write-NgtPrepLine 'FAIL' ($NgtPrepText.verifyFailed -f $check.id, $check.code) }
    }
}

function Invoke-NgtPrepRun {
    # check -> apply -> verify with the given options; returns the exit code.
    param([string] $Options)
    $state = ConvertFrom-NgtPrepOutput (Invoke-NgtPrepCheckScript)
    if (-not $state.ok) {
        Write-NgtPrepLine 'FAIL' ($NgtPrepText.applyFailed -f $state.error.code, $state.error.message)
        return 1
    }
    Show-NgtPrepCheck $state
    if ($CheckOnly) {
        Write-Host ''
        Write-Host $NgtPrepText.checkOnly
        return 0
    }
    # The options go in by splatting: @{ OptionsBase64 = ... } (data, never code).
    $scriptArguments = @{ OptionsBase64 = $Options }
    $applied = ConvertFrom-NgtPrepOutput (Invoke-NgtPrepApplyScript @scriptArguments)
    Show-NgtPrepApply $applied
    if (-not $applied.ok) { return 1 }
    $verified = ConvertFrom-NgtPrepOutput (Invoke-NgtPrepVerifyScript @scriptArguments)
    Show-NgtPrepVerify $verified
    if (-not $verified.ok -or -not $verified.passed) { return 1 }
    return 0
}

#endregion Summary helpers`;

/** Golden image: first-boot regeneration on clones, and the NGT identity warning. */
const GOLDEN_FUNCTIONS = String.raw`#region Golden image: every start of each clone

# The task, folder, file and certificate names are NgtPrep.Common.ps1's (embedded above).

function Register-NgtPrepFirstBoot {
    # Copies this script to ProgramData (folder and file only writable by SYSTEM and
    # Administrators, set every time) and registers a task that runs it with -FirstBoot at
    # every start-up as SYSTEM. The template's apply records are cleared: a clone must never
    # roll back what was done on the template.
    $folder = Get-NgtPrepDataFolder
    $NgtPrepFirstBootScript = Get-NgtPrepFirstBootScriptPath
    if (-not (Test-Path -LiteralPath $folder)) {
        $null = New-Item -ItemType Directory -Path $folder -Force
    }
    Protect-NgtPrepPath $folder
    Copy-Item -LiteralPath $PSCommandPath -Destination $NgtPrepFirstBootScript -Force
    Protect-NgtPrepPath $NgtPrepFirstBootScript
    $records = Get-NgtPrepRecordFolder
    if (Test-Path -LiteralPath $records) {
        foreach ($file in @(Get-ChildItem -LiteralPath $records -Filter 'apply-*.json')) { Remove-Item -LiteralPath $file.FullName -Force }
    }
    $arguments = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + $NgtPrepFirstBootScript + '" -FirstBoot'
    $action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $arguments
    $trigger = New-ScheduledTaskTrigger -AtStartup
    $principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest
    $null = Register-ScheduledTask -TaskName $NgtPrepFirstBootTaskName -Action $action -Trigger $trigger -Principal $principal -Force
}

function Test-NgtPrepListenerMatchesHost {
    # True when the listener's Hostname is its certificate's CN and that certificate names the
    # current host name or FQDN: the same name rule as apply and verify.
    $names = Get-NgtPrepHostNames
    $listener = Get-NgtPrepHttpsListener
    if ($null -eq $listener) { return $false }
    $certificate = Find-NgtPrepCertificate ([string]$listener.certificateThumbprint)
    if ($null -eq $certificate) { return $false }
    if (-not (Test-NgtPrepCertificateNamesHost $certificate (Get-NgtPrepExpectedNames $names))) { return $false }
    return [string]::Equals([string]$listener.hostname, (Get-NgtPrepCertificateCommonName $certificate), [System.StringComparison]::OrdinalIgnoreCase)
}

function Remove-NgtPrepStaleCertificates {
    # NGT Prep's own certificates that the listener no longer uses.
    $inUse = ''
    $listener = Get-NgtPrepHttpsListener
    if ($null -ne $listener) { $inUse = [string]$listener.certificateThumbprint }
    foreach ($certificate in @(Get-ChildItem -LiteralPath $NgtPrepMachineStore | Where-Object { $_.FriendlyName -eq $NgtPrepCertificateFriendlyName -and $_.Thumbprint -ne $inUse })) {
        Remove-Item -LiteralPath $certificate.PSPath -DeleteKey
    }
}

function Invoke-NgtPrepFirstBoot {
    # Runs at every start. When the listener and its certificate still match this machine's
    # name and FQDN there is nothing to do; after a new name (sysprep clone, rename, domain
    # join) it repairs them for the current name and removes NGT Prep's stale certificates.
    $names = Get-NgtPrepHostNames
    if (Test-NgtPrepListenerMatchesHost) {
        Write-Host ($NgtPrepText.firstBootSameHost -f $names.fqdn)
        return 0
    }
    $scriptArguments = @{ OptionsBase64 = $NgtPrepFirstBootOptionsBase64 }
    $applied = ConvertFrom-NgtPrepOutput (Invoke-NgtPrepApplyScript @scriptArguments)
    $verified = $null
    if ($applied.ok) { $verified = ConvertFrom-NgtPrepOutput (Invoke-NgtPrepVerifyScript @scriptArguments) }
    $stamp = (Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssfffZ', [System.Globalization.CultureInfo]::InvariantCulture)
    $log = [ordered]@{ hostName = $names.hostName; fqdn = $names.fqdn; apply = $applied; verify = $verified }
    [System.IO.File]::WriteAllText((Join-Path (Get-NgtPrepDataFolder) ($NgtPrepFirstBootLogPrefix + $stamp + '.json')), (ConvertTo-Json -InputObject $log -Depth 8))
    if ($applied.ok -and $null -ne $verified -and $verified.ok -and $verified.passed) {
        Remove-NgtPrepStaleCertificates
        Write-Host ($NgtPrepText.firstBootDone -f $names.fqdn)
        return 0
    }
    # The next start tries again. The log says what failed.
    Write-Host ($NgtPrepText.firstBootFailed -f (Get-NgtPrepDataFolder))
    return 1
}

#endregion Golden image`;

const MAIN_PLAIN = String.raw`# Main ------------------------------------------------------------------------------------
Write-Host $NgtPrepText.title -ForegroundColor Cyan
Show-NgtPrepOptions
$exitCode = Invoke-NgtPrepRun -Options $NgtPrepOptionsBase64
Write-Host ''
if ($exitCode -eq 0) { Write-Host $NgtPrepText.done -ForegroundColor Green }
else { Write-Host $NgtPrepText.failed -ForegroundColor Red }
exit $exitCode`;

const MAIN_GOLDEN = String.raw`# Main ------------------------------------------------------------------------------------
if ($FirstBoot) {
    exit (Invoke-NgtPrepFirstBoot)
}
Write-Host $NgtPrepText.title -ForegroundColor Cyan
Show-NgtPrepOptions
$exitCode = Invoke-NgtPrepRun -Options $NgtPrepOptionsBase64
if ($exitCode -eq 0 -and -not $CheckOnly) {
    Write-Host ''
    Write-Host $NgtPrepText.goldenHeading -ForegroundColor Cyan
    Register-NgtPrepFirstBoot
    Write-NgtPrepLine 'OK' ($NgtPrepText.goldenRegistered -f $NgtPrepFirstBootTaskName)
    $state = ConvertFrom-NgtPrepOutput (Invoke-NgtPrepCheckScript)
    if ($state.ok -and $null -ne $state.ngt -and $state.ngt.installed) {
        # Each clone carries this template's ngt_uuid and client certificate: the cluster will
        # not accept it until that clone's own NGT ISO is mounted and the agent restarts.
        Write-NgtPrepLine 'WARN' $NgtPrepText.goldenNgtWarning
        Write-Host $NgtPrepText.goldenNgtHow
    }
}
Write-Host ''
if ($exitCode -eq 0) { Write-Host $NgtPrepText.done -ForegroundColor Green }
else { Write-Host $NgtPrepText.failed -ForegroundColor Red }
exit $exitCode`;
