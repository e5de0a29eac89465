# Dot-sourced in a Pester BeforeAll: loads the Windows stand-in, sends the provider paths the
# scripts read (WSMan:\, Cert:\LocalMachine\My, HKLM:\) to it with Pester's Mock, and points
# %ProgramData% / %ProgramFiles% at a fresh folder. Everything else reaches the real cmdlets.
Import-Module (Join-Path $PSScriptRoot 'WindowsStandIn/WindowsStandIn.psm1') -Force -Global

$script:AssetsDir = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../assets/windows'))
# NGT_PREP_ASSETS_DIR runs the tests against another copy of the scripts (e.g. from before a fix).
if ($env:NGT_PREP_ASSETS_DIR) { $script:AssetsDir = $env:NGT_PREP_ASSETS_DIR }
$script:ProductTool = Join-Path $PSScriptRoot 'tools/product.mjs'

function Enable-StandInProviderMocks {
    $isStandIn = { Test-StandInProviderPath "$LiteralPath$Path" }
    Mock Get-Item -ParameterFilter $isStandIn -MockWith { Get-StandInProviderItem "$LiteralPath$Path" }
    Mock Set-Item -ParameterFilter $isStandIn -MockWith { Set-StandInProviderItem "$LiteralPath$Path" $Value }
    Mock Get-ChildItem -ParameterFilter $isStandIn -MockWith { Get-StandInChildItem "$LiteralPath$Path" }
    Mock Test-Path -ParameterFilter $isStandIn -MockWith { Test-StandInProviderItem "$LiteralPath$Path" }
    # A missing key is a non-terminating error; -ErrorAction SilentlyContinue silences it.
    Mock Get-ItemProperty -ParameterFilter $isStandIn -MockWith {
        $errorAction = 'Continue'
        # Pester hands a mock body the caller's parameters as $PesterBoundParameters.
        if ($PesterBoundParameters.ContainsKey('ErrorAction')) { $errorAction = $PesterBoundParameters['ErrorAction'] }
        Get-StandInItemProperty "$LiteralPath$Path" -ErrorAction $errorAction
    }
    Mock Set-ItemProperty -ParameterFilter $isStandIn -MockWith { Set-StandInItemProperty "$LiteralPath$Path" $Name $Value }
    Mock New-ItemProperty -ParameterFilter $isStandIn -MockWith { New-StandInItemProperty "$LiteralPath$Path" $Name $PropertyType $Value -Force:$Force }
    Mock Remove-ItemProperty -ParameterFilter $isStandIn -MockWith { Remove-StandInItemProperty "$LiteralPath$Path" $Name }
}

function Initialize-StandIn {
    # A new machine in the named state, with its own ProgramData and ProgramFiles folders.
    param([string] $State)
    $root = Join-Path ([System.IO.Path]::GetTempPath()) ('ngtprep-standin-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path (Join-Path $root 'ProgramData')
    $null = New-Item -ItemType Directory -Path (Join-Path $root 'Program Files')
    $env:ProgramData = Join-Path $root 'ProgramData'
    $env:ProgramFiles = Join-Path $root 'Program Files'
    $machine = New-StandInMachine -State $State
    $env:COMPUTERNAME = $machine.ComputerName
    Use-StandInMachine $machine
    Publish-StandInNgtFiles -ProgramFiles $env:ProgramFiles
    return $root
}

function ConvertTo-OptionsBase64 {
    param($Options)
    $json = ConvertTo-Json -InputObject $Options -Depth 6 -Compress
    return [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($json))
}

function Invoke-NgtScript {
    # Runs one assets/windows script in this session (so Pester measures its coverage) and
    # returns its one JSON line, parsed.
    param([string] $Name, $Options = @{})
    $path = Join-Path $script:AssetsDir ($Name + '.ps1')
    $lines = @(& $path -OptionsBase64 (ConvertTo-OptionsBase64 $Options) 2>$null)
    $lines.Count | Should -Be 1 -Because "$Name prints exactly one line on standard output"
    return (ConvertFrom-Json -InputObject ([string]$lines[0]))
}

function Invoke-ProductTool {
    # The product's own TypeScript (through jiti): plan a rollback, build an export, validate output.
    param([string] $Command, [string] $InputText = '')
    $output = $InputText | & node $script:ProductTool $Command
    if ($LASTEXITCODE -ne 0) { throw ('product tool ' + $Command + ' failed: ' + ($output -join "`n")) }
    return ($output -join "`n")
}

function Get-NgtPrepHostNamesForTest {
    # The short name and FQDN the stand-in's registry gives the scripts.
    $tcpip = (Get-StandInMachine).Registry['SYSTEM\CurrentControlSet\Services\Tcpip\Parameters']
    return @{ hostName = $tcpip.Hostname; fqdn = $tcpip.Hostname + '.' + $tcpip.Domain }
}
