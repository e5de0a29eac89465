# The exported scripts (main/windows/exportScript.ts, built by the product's own code through
# tools/product.mjs) run end to end against the Windows stand-in: the plain one, and the golden
# image one with its start-up task on a clone, after a rename, and after another rename.
BeforeAll {
    . (Join-Path $PSScriptRoot 'StandInMocks.ps1')
    function New-ExportScript([bool] $GoldenImage) {
        $path = Join-Path ([System.IO.Path]::GetTempPath()) ('ngt-prep-winrm-' + [guid]::NewGuid().ToString('N') + '.ps1')
        $request = @{ options = @{ keySize = 2048 }; goldenImage = $GoldenImage; out = $path }
        $null = Invoke-ProductTool 'build-export' (ConvertTo-Json -InputObject $request -Compress)
        return $path
    }
    function Set-StandInHostName([string] $Name) {
        (Get-StandInMachine).Registry['SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'].Hostname = $Name
        $env:COMPUTERNAME = $Name
    }
    function Get-HttpsListener { (Get-StandInMachine).Listeners | Where-Object { $_.Transport -eq 'HTTPS' } }
    $script:ProtectedFile = 'O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)'
    function Invoke-PlannedRollback {
        # What the product's rollback does: check, plan (rollbackPlan.ts), Undo with that plan.
        $check = Invoke-NgtScript 'Get-NgtPrepState'
        $plan = ConvertFrom-Json (Invoke-ProductTool 'plan-rollback' (ConvertTo-Json -InputObject @{ check = $check } -Depth 12 -Compress))
        return (Invoke-NgtScript 'Undo-NgtPrepWinRm' @{ actions = @($plan.actions); recordPaths = @($plan.recordPaths) })
    }
}

Describe 'The exported script' {
    BeforeAll {
        Enable-StandInProviderMocks
        $script:Plain = New-ExportScript $false
        $script:Golden = New-ExportScript $true
    }
    AfterAll { Remove-Item -LiteralPath $script:Plain, $script:Golden -Force -ErrorAction SilentlyContinue }

    It 'plain: check, apply and verify on a fresh Server 2019 end with exit code 0 and a ready machine' {
        $null = Initialize-StandIn 'fresh-2019'
        $null = & $Plain 6>$null
        $LASTEXITCODE | Should -Be 0
        (Invoke-NgtScript 'Test-NgtPrepWinRm').passed | Should -BeTrue
    }

    It 'plain: exit code 1 when apply is refused (Group Policy keeps Basic off)' {
        $null = Initialize-StandIn 'gpo-basic-off'
        $null = & $Plain 6>$null
        $LASTEXITCODE | Should -Be 1
    }

    It 'golden image: a first-boot script planted beforehand, Users-writable, is replaced and protected (finding 8)' {
        $null = Initialize-StandIn 'fresh-2019'
        $folder = Join-Path $env:ProgramData 'NGT Prep'
        $planted = Join-Path $folder 'FirstBoot-NgtPrepWinRm.ps1'
        $null = New-Item -ItemType Directory -Path $folder -Force
        [System.IO.File]::WriteAllText($planted, "Write-Output 'planted by a standard user'")
        (Get-StandInMachine).Acls[[System.IO.Path]::GetFullPath($folder)] = 'O:BUG:BUD:(A;OICI;FA;;;BU)'
        (Get-StandInMachine).Acls[[System.IO.Path]::GetFullPath($planted)] = 'O:BUG:BUD:(A;;FA;;;BU)'
        $null = & $Golden 6>$null
        $LASTEXITCODE | Should -Be 0
        (Get-Acl -LiteralPath $planted).Sddl | Should -Be $ProtectedFile
        (Get-Acl -LiteralPath $folder).Sddl | Should -Be 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'
        [System.IO.File]::ReadAllText($planted) | Should -Not -BeLike '*planted by a standard user*'
    }

    Context 'golden image (finding 7)' {
        BeforeAll {
            $script:Root = Initialize-StandIn 'fresh-2019'
            $null = & $Golden 6>$null
            $script:GoldenExit = $LASTEXITCODE
            $script:FirstBoot = Join-Path $env:ProgramData 'NGT Prep\FirstBoot-NgtPrepWinRm.ps1'
        }
        It 'prepares the template, registers the start-up task, protects its script and clears the apply records' {
            $GoldenExit | Should -Be 0
            $task = (Get-StandInMachine).ScheduledTasks['NGT Prep WinRM first boot']
            $task.AtStartup | Should -BeTrue
            $task.UserId | Should -Be 'SYSTEM'
            $task.Arguments | Should -BeLike ('*"' + $FirstBoot + '" -FirstBoot')
            Test-Path -LiteralPath $FirstBoot | Should -BeTrue
            (Get-Acl -LiteralPath $FirstBoot).Sddl | Should -Be $ProtectedFile
            @(Get-ChildItem -LiteralPath (Join-Path $env:ProgramData 'NGT Prep\winrm') -Filter 'apply-*.json').Count | Should -Be 0
        }
        It 'does nothing at a start under the same name' {
            $before = Get-StandInSnapshot
            $null = & $FirstBoot -FirstBoot 6>$null
            $LASTEXITCODE | Should -Be 0
            Get-StandInSnapshot | Should -Be $before
        }
        It 'repairs the listener for a clone''s new name and removes the stale certificate' {
            $old = (Get-HttpsListener).CertificateThumbprint
            Set-StandInHostName 'WIN-CLONE-07'
            $null = & $FirstBoot -FirstBoot 6>$null
            $LASTEXITCODE | Should -Be 0
            (Get-HttpsListener).Hostname | Should -Be 'WIN-CLONE-07'
            Find-StandInCertificate $old | Should -BeNullOrEmpty
            @((Get-StandInMachine).Certificates | Where-Object { $_.FriendlyName -eq 'NGT Prep WinRM HTTPS' }).Count | Should -Be 1
            (Invoke-NgtScript 'Test-NgtPrepWinRm').passed | Should -BeTrue
        }
        It 'repairs it again after a later rename: the task keeps running at every start' {
            Test-Path -LiteralPath $FirstBoot | Should -BeTrue
            Set-StandInHostName 'WIN-RENAMED-08'
            $null = & $FirstBoot -FirstBoot 6>$null
            $LASTEXITCODE | Should -Be 0
            (Get-HttpsListener).Hostname | Should -Be 'WIN-RENAMED-08'
            (Invoke-NgtScript 'Test-NgtPrepWinRm').passed | Should -BeTrue
        }
        It 'a rollback on the clone also removes the start-up task, its script and its logs (finding 11)' {
            $undo = Invoke-PlannedRollback
            $undo.failedCount | Should -Be 0
            $undo.firstBoot.taskRemoved | Should -BeTrue
            (Get-StandInMachine).ScheduledTasks.ContainsKey('NGT Prep WinRM first boot') | Should -BeFalse
            Test-Path -LiteralPath $FirstBoot | Should -BeFalse
            @(Get-ChildItem -LiteralPath (Join-Path $env:ProgramData 'NGT Prep') -Filter 'firstboot-*.json').Count | Should -Be 0
        }
    }

    Context 'golden image rolled back on the template (finding 11)' {
        It 'with an empty net plan: the check reports the first-boot task and script, and the plan removes them' {
            $null = Initialize-StandIn 'already-configured'
            $null = & $Golden 6>$null
            $LASTEXITCODE | Should -Be 0
            $check = Invoke-NgtScript 'Get-NgtPrepState'
            @($check.applyRecords).Count | Should -Be 0 -Because 'the golden-image script clears the template''s records'
            $check.firstBoot.taskPresent | Should -BeTrue
            $check.firstBoot.scriptPresent | Should -BeTrue
            $check.firstBoot.scriptPath | Should -Be (Join-Path $env:ProgramData 'NGT Prep\FirstBoot-NgtPrepWinRm.ps1')
            $plan = ConvertFrom-Json (Invoke-ProductTool 'plan-rollback' (ConvertTo-Json -InputObject @{ check = $check } -Depth 12 -Compress))
            @($plan.actions).Count | Should -Be 0
            $plan.removeFirstBoot | Should -BeTrue
            $plan.nothingToDo | Should -BeFalse
            $undo = Invoke-NgtScript 'Undo-NgtPrepWinRm' @{ actions = @($plan.actions); recordPaths = @($plan.recordPaths) }
            $undo.firstBoot.taskRemoved | Should -BeTrue
            $after = Invoke-NgtScript 'Get-NgtPrepState'
            $after.firstBoot.taskPresent | Should -BeFalse
            $after.firstBoot.scriptPresent | Should -BeFalse
        }
        It 'brings the template back to exactly the state before the golden-image script' {
            $null = Initialize-StandIn 'already-configured'
            $before = Get-StandInSnapshot -Exclude 'Acls'
            $null = & $Golden 6>$null
            $LASTEXITCODE | Should -Be 0
            (Get-StandInMachine).ScheduledTasks.Count | Should -Be 1
            $undo = Invoke-PlannedRollback
            $undo.firstBoot.taskRemoved | Should -BeTrue
            Get-StandInSnapshot -Exclude 'Acls' | Should -Be $before
            Test-Path -LiteralPath (Join-Path $env:ProgramData 'NGT Prep\FirstBoot-NgtPrepWinRm.ps1') | Should -BeFalse
        }
    }
}
