# Run by Export-StandInOutputs.ps1 inside Pester (for its Mock of the provider paths); not part
# of the test suite (its name does not end in .Tests.ps1).
param([string] $OutputDir)

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../WindowsStandIn/WindowsStandIn.psm1') -Force
    $script:States = @(Get-StandInStateNames | ForEach-Object { @{ State = $_ } })
    $script:CheckStates = @(Get-StandInCheckStateNames | ForEach-Object { @{ State = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../StandInMocks.ps1')
    function Save-Output([string] $State, [string] $Name, $Options = @{}) {
        $path = Join-Path $script:AssetsDir ($Name + '.ps1')
        $lines = @(& $path -OptionsBase64 (ConvertTo-OptionsBase64 $Options) 2>$null)
        $lines.Count | Should -Be 1
        $text = [string]$lines[0]
        [System.IO.File]::WriteAllText((Join-Path $OutputDir ($State + '.' + $Name + '.json')), $text + "`n")
        return (ConvertFrom-Json -InputObject $text)
    }
}

Describe 'outputs of <State>' -ForEach $States {
    BeforeAll { Enable-StandInProviderMocks }
    It 'runs check, apply, verify and rollback' {
        $root = Initialize-StandIn $State
        try {
            $null = Save-Output $State 'Get-NgtPrepState'
            $null = Save-Output $State 'Set-NgtPrepWinRm' @{ keySize = 2048 }
            $null = Save-Output $State 'Test-NgtPrepWinRm'
            # The check after apply, holding apply's record: what rollback plans from.
            $check = Save-Output ($State + '.applied') 'Get-NgtPrepState'
            $plan = ConvertFrom-Json (Invoke-ProductTool 'plan-rollback' (ConvertTo-Json -InputObject @{ check = $check } -Depth 12 -Compress))
            $null = Save-Output $State 'Undo-NgtPrepWinRm' @{ actions = @($plan.actions); recordPaths = @($plan.recordPaths) }
        }
        finally { Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'check output of <State>' -ForEach $CheckStates {
    BeforeAll { Enable-StandInProviderMocks }
    It 'runs the check' {
        $root = Initialize-StandIn $State
        try { $null = Save-Output $State 'Get-NgtPrepState' }
        finally { Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'outputs of a golden-image template' {
    BeforeAll { Enable-StandInProviderMocks }
    It 'runs the golden-image export on an already configured machine, then check and rollback' {
        $root = Initialize-StandIn 'already-configured'
        $export = Join-Path $root 'ngt-prep-winrm-golden.ps1'
        try {
            $request = @{ options = @{ keySize = 2048 }; goldenImage = $true; out = $export }
            $null = Invoke-ProductTool 'build-export' (ConvertTo-Json -InputObject $request -Compress)
            $null = & $export 6>$null
            # No apply record is left (cleared before sysprep); the first-boot task and script are.
            $check = Save-Output 'golden-image-template' 'Get-NgtPrepState'
            $plan = ConvertFrom-Json (Invoke-ProductTool 'plan-rollback' (ConvertTo-Json -InputObject @{ check = $check } -Depth 12 -Compress))
            $null = Save-Output 'golden-image-template' 'Undo-NgtPrepWinRm' @{ actions = @($plan.actions); recordPaths = @($plan.recordPaths) }
        }
        finally { Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue }
    }
}
