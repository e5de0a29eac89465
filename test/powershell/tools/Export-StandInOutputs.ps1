<#
.SYNOPSIS
    Runs check -> apply -> verify -> rollback under real PowerShell on every starting state of
    the Windows stand-in and writes each script's JSON line verbatim to
    <OutputDir>/<state>.<script>.json. Called by generate-standin-outputs.mjs, which validates
    them with the product's schemas; nothing here is written by hand.
#>
param(
    [Parameter(Mandatory = $true)] [string] $PesterManifest,
    [Parameter(Mandatory = $true)] [string] $OutputDir
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest
$null = New-Item -ItemType Directory -Path $OutputDir -Force
$container = New-PesterContainer -Path (Join-Path $PSScriptRoot 'StandInOutputs.Generate.ps1') -Data @{ OutputDir = $OutputDir }
$configuration = New-PesterConfiguration
$configuration.Run.Container = $container
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Minimal'
$result = Invoke-Pester -Configuration $configuration
if ($result.FailedCount -gt 0 -or $result.FailedBlocksCount -gt 0) { exit 1 }
