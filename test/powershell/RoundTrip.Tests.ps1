# Round trips of check -> apply -> verify -> check -> apply again -> rollback over every starting
# machine state of the Windows stand-in (test/powershell/WindowsStandIn), with each script's JSON
# validated by the product's own schemas (main/windows/scriptOutputs.ts through tools/product.mjs).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'WindowsStandIn/WindowsStandIn.psm1') -Force
    # NGT_PREP_STANDIN_STATES (comma-separated) narrows the run while working on one state.
    $names = @(Get-StandInStateNames)
    if ($env:NGT_PREP_STANDIN_STATES) { $names = @($env:NGT_PREP_STANDIN_STATES -split ',') }
    $script:States = @($names | ForEach-Object { @{ State = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'StandInMocks.ps1')
    # States where apply must stop before changing anything, and the code it stops with.
    $script:Refusals = @{ 'gpo-basic-off' = 'WINRM_BASIC_GPO_BLOCKED'; 'not-elevated' = 'WINDOWS_NOT_ELEVATED' }
}

Describe 'Round trip on <State>' -ForEach $States {
    BeforeAll {
        Enable-StandInProviderMocks
        $script:Root = Initialize-StandIn $State
        $script:Before = Get-StandInSnapshot
        $script:BeforeMachine = Get-StandInSnapshot -Copy
        $script:Outputs = New-Object System.Collections.ArrayList
        function Invoke-Recorded([string] $Name, $Options = @{}) {
            $result = Invoke-NgtScript $Name $Options
            $null = $script:Outputs.Add(@{ script = $Name; output = $result })
            return $result
        }
        $script:Check1 = Invoke-Recorded 'Get-NgtPrepState'
        $script:Apply1 = Invoke-Recorded 'Set-NgtPrepWinRm'
        $script:AfterApply = Get-StandInSnapshot
        $script:Verify = Invoke-Recorded 'Test-NgtPrepWinRm'
        $script:Check2 = Invoke-Recorded 'Get-NgtPrepState'
        $script:Apply2 = Invoke-Recorded 'Set-NgtPrepWinRm'
        $script:AfterApply2 = Get-StandInSnapshot
    }
    AfterAll { Remove-Item -LiteralPath $script:Root -Recurse -Force -ErrorAction SilentlyContinue }

    It 'check reads the machine without changing it' {
        $Check1.ok | Should -BeTrue
        $Check1.os.build | Should -Be (Get-StandInMachine).Os.Build
    }

    It 'apply then verify: ready, or refused before any change' {
        if ($Refusals.ContainsKey($State)) {
            $Apply1.ok | Should -BeFalse
            $Apply1.error.code | Should -Be $Refusals[$State]
            $AfterApply | Should -Be $Before
        }
        else {
            $Apply1.ok | Should -BeTrue -Because ($Apply1 | ConvertTo-Json -Depth 4 -Compress)
            $Verify.passed | Should -BeTrue -Because (($Verify.checks | Where-Object { -not $_.passed } | ForEach-Object { $_.id }) -join ', ')
        }
    }

    It 'apply a second time changes nothing' {
        if (-not $Refusals.ContainsKey($State)) {
            $Apply2.ok | Should -BeTrue
            $Apply2.changed | Should -BeFalse
            $AfterApply2 | Should -Be $AfterApply
            @($Check2.applyRecords).Count | Should -Be ([int][bool]$Apply1.changed)
        }
    }

    It 'apply leaves what Group Policy owns, and the other push policies, as they were' {
        # WinRS, "Deny access to this computer from the network" and LocalAccountTokenFilterPolicy
        # (not asked for here) are never written by apply: a GPO would revert them.
        foreach ($part in @('denyNetworkLogon', 'tokenFilter', 'remoteShell')) {
            if ($part -eq 'remoteShell' -and $null -eq $Check1.remoteAccess.remoteShell.allowed) { continue }
            ConvertTo-Json -InputObject $Check2.remoteAccess.$part -Compress | Should -Be (ConvertTo-Json -InputObject $Check1.remoteAccess.$part -Compress) -Because $part
        }
    }

    It 'rollback brings the machine back to exactly the before-state' {
        $plan = ConvertFrom-Json (Invoke-ProductTool 'plan-rollback' (ConvertTo-Json -InputObject @{ check = $Check2 } -Depth 12 -Compress))
        $undo = Invoke-Recorded 'Undo-NgtPrepWinRm' @{ actions = @($plan.actions); recordPaths = @($plan.recordPaths) }
        if ($State -eq 'not-elevated') {
            $undo.error.code | Should -Be 'WINDOWS_NOT_ELEVATED'
        }
        else {
            $undo.ok | Should -BeTrue
            $undo.failedCount | Should -Be 0 -Because (ConvertTo-Json -InputObject @($undo.results) -Compress)
        }
        # NGT Prep's own record folder stays (its records renamed *.undone.json) with its protected
        # ACL; everything else is exactly as before apply.
        Get-StandInSnapshot -Exclude 'Acls' | Should -Be (Get-StandInSnapshot -Of $BeforeMachine -Exclude 'Acls')
    }

    It 'every output matches the schema the product parses it with' {
        $results = ConvertFrom-Json (Invoke-ProductTool 'validate' (ConvertTo-Json -InputObject @($Outputs) -Depth 14 -Compress))
        foreach ($result in $results) { $result.issues | Should -BeNullOrEmpty -Because $result.script }
    }
}
