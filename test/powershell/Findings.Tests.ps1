# One test per finding of the review (issue 11), each against the Windows stand-in. Each failed
# before its fix.
BeforeAll {
    . (Join-Path $PSScriptRoot 'StandInMocks.ps1')
    $script:ProtectedFolder = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'
}

Describe 'Finding 1: one certificate name rule for check, apply and verify (FQDN and short name)' {
    BeforeAll { Enable-StandInProviderMocks }
    It 'keeps the listener on a CA certificate that names only the FQDN' {
        $null = Initialize-StandIn '2022-ca-fqdn-only'
        $caThumbprint = (Get-StandInMachine).Certificates[0].Thumbprint
        $verifyBefore = Invoke-NgtScript 'Test-NgtPrepWinRm'
        ($verifyBefore.checks | Where-Object { $_.id -eq 'certificate-name' }).passed | Should -BeTrue
        $apply = Invoke-NgtScript 'Set-NgtPrepWinRm'
        $apply.ok | Should -BeTrue
        $apply.certificate.source | Should -Be 'listener'
        @($apply.record.changes | Where-Object { $_.kind -eq 'certificate-created' }).Count | Should -Be 0
        $apply.listener.certificateThumbprint | Should -Be $caThumbprint
        @((Get-StandInMachine).Certificates).Count | Should -Be 1
    }
}

Describe 'Finding 2: the listener Hostname is the certificate CN' {
    BeforeAll { Enable-StandInProviderMocks }
    It 'binds a CA certificate whose CN is the FQDN and whose SAN also has the short name' {
        $null = Initialize-StandIn 'fresh-2019'
        $certificate = New-StandInCertificate -Subject 'CN=WIN-SRV19.corp.example' -DnsNames @('WIN-SRV19', 'WIN-SRV19.corp.example') -Issuer 'CN=Corp Issuing CA'
        (Get-StandInMachine).Certificates += $certificate
        $apply = Invoke-NgtScript 'Set-NgtPrepWinRm' @{ certThumbprint = $certificate.Thumbprint }
        $apply.ok | Should -BeTrue -Because ($apply.error | ConvertTo-Json -Compress)
        $apply.listener.hostname | Should -Be 'WIN-SRV19.corp.example'
        (Invoke-NgtScript 'Test-NgtPrepWinRm').passed | Should -BeTrue
    }
}

Describe 'Finding 8: the NGT Prep folder is protected every time' {
    BeforeAll { Enable-StandInProviderMocks }
    It 'replaces a Users-writable DACL on a folder that already existed' {
        $null = Initialize-StandIn 'fresh-2019'
        $folder = Join-Path $env:ProgramData 'NGT Prep\winrm'
        $null = New-Item -ItemType Directory -Path $folder -Force
        $planted = 'O:BUG:BUD:(A;OICI;FA;;;BU)'
        (Get-StandInMachine).Acls[[System.IO.Path]::GetFullPath($folder)] = $planted
        (Invoke-NgtScript 'Set-NgtPrepWinRm').ok | Should -BeTrue
        (Get-Acl -LiteralPath $folder).Sddl | Should -Be $ProtectedFolder
        (Get-Acl -LiteralPath (Split-Path -Parent $folder)).Sddl | Should -Be $ProtectedFolder
    }
}

Describe 'Finding 9: SAN names come from the raw 2.5.29.17 extension, in every display language' {
    BeforeAll { Enable-StandInProviderMocks }
    It 'reads the DNS names on <_> Windows, where DnsNameList is empty' -ForEach @('french', 'japanese') {
        $null = Initialize-StandIn $_
        $names = Get-NgtPrepHostNamesForTest
        $certificate = New-StandInCertificate -Subject ('CN=' + $names.fqdn) -DnsNames @($names.hostName, $names.fqdn) -Issuer 'CN=Corp Issuing CA'
        @($certificate.DnsNameList).Count | Should -Be 0 -Because 'the stand-in answers as Windows PowerShell 5.1 does on this language'
        (Get-StandInMachine).Certificates += $certificate
        $check = Invoke-NgtScript 'Get-NgtPrepState'
        @($check.certificates[0].dnsNames) | Should -Be @($names.hostName, $names.fqdn)
    }
}

Describe 'Finding 10: private key states, as Windows refuses a key' {
    BeforeAll {
        Enable-StandInProviderMocks
        # Stand-ins for the key openers of NgtPrep.Common.ps1, so that Pester can Mock them: a
        # real key cannot be made to refuse access here. The errors are those .NET Framework
        # throws on Windows (CryptographicException with the CryptoAPI HRESULT, wrapped by
        # PowerShell's MethodInvocationException), per the NTE_* codes of winerror.h.
        function Open-NgtPrepPrivateKey { param($Certificate) }
        function Open-NgtPrepLegacyPrivateKey { param($Certificate) }
        function Test-NgtPrepModernKeyApi { }
        function Get-KeyStatus {
            $null = Initialize-StandIn 'already-configured'
            return (Invoke-NgtScript 'Get-NgtPrepState').certificates[0].privateKeyStatus
        }
        function New-WrappedCryptoError([int] $HResult) {
            $inner = [System.Security.Cryptography.CryptographicException]::new($HResult)
            return [System.Management.Automation.MethodInvocationException]::new('Exception calling "GetRSAPrivateKey" with "1" argument(s).', $inner)
        }
    }
    It 'a key the real .NET opens is "present"' {
        Get-KeyStatus | Should -Be 'present'
    }
    It 'access denied (NTE_PERM, not elevated) is "access-denied", not "unreadable"' {
        Mock Test-NgtPrepModernKeyApi { $true }
        Mock Open-NgtPrepPrivateKey { throw (New-WrappedCryptoError 0x80090010) }
        Get-KeyStatus | Should -Be 'access-denied'
    }
    It 'a key Windows lists but cannot open (NTE_BAD_KEYSET, after sysprep) is "unreadable"' {
        Mock Test-NgtPrepModernKeyApi { $true }
        Mock Open-NgtPrepPrivateKey { throw (New-WrappedCryptoError 0x80090016) }
        Get-KeyStatus | Should -Be 'unreadable'
    }
    It 'on .NET before 4.6 a CNG key that .PrivateKey cannot open is "unknown", not unusable' {
        Mock Test-NgtPrepModernKeyApi { $false }
        Mock Open-NgtPrepLegacyPrivateKey { throw [System.NotSupportedException]::new('The certificate key algorithm is not supported.') }
        Get-KeyStatus | Should -Be 'unknown'
    }
}

Describe 'Finding 11: rollback nets all records against the oldest before-state' {
    BeforeAll { Enable-StandInProviderMocks }
    It 'brings back the machine after two applies around a rename' {
        $null = Initialize-StandIn 'fresh-2019'
        $before = Get-StandInSnapshot -Exclude 'Acls'
        (Invoke-NgtScript 'Set-NgtPrepWinRm' @{ keySize = 2048 }).changed | Should -BeTrue
        (Get-StandInMachine).Registry['SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'].Hostname = 'WIN-RENAMED'
        (Invoke-NgtScript 'Set-NgtPrepWinRm' @{ keySize = 2048 }).changed | Should -BeTrue
        $check = Invoke-NgtScript 'Get-NgtPrepState'
        @($check.applyRecords).Count | Should -Be 2
        (Get-StandInMachine).Registry['SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'].Hostname = 'WIN-SRV19'
        $plan = ConvertFrom-Json (Invoke-ProductTool 'plan-rollback' (ConvertTo-Json -InputObject @{ check = $check } -Depth 12 -Compress))
        $undo = Invoke-NgtScript 'Undo-NgtPrepWinRm' @{ actions = @($plan.actions); recordPaths = @($plan.recordPaths) }
        $undo.failedCount | Should -Be 0
        @($undo.archivedRecords).Count | Should -Be 2
        Get-StandInSnapshot -Exclude 'Acls' | Should -Be $before
    }
    It 'skips restoring a listener whose former certificate is gone, and says why' {
        $null = Initialize-StandIn 'already-configured'
        $original = (Get-StandInMachine).Certificates[0].Thumbprint
        (Get-StandInMachine).Registry['SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'].Hostname = 'WIN-RENAMED'
        (Invoke-NgtScript 'Set-NgtPrepWinRm' @{ keySize = 2048 }).changed | Should -BeTrue
        Remove-StandInProviderItem ('Cert:\LocalMachine\My\' + $original)
        $check = Invoke-NgtScript 'Get-NgtPrepState'
        $plan = ConvertFrom-Json (Invoke-ProductTool 'plan-rollback' (ConvertTo-Json -InputObject @{ check = $check } -Depth 12 -Compress))
        $undo = Invoke-NgtScript 'Undo-NgtPrepWinRm' @{ actions = @($plan.actions); recordPaths = @($plan.recordPaths) }
        $restore = @($undo.results | Where-Object { $_.type -eq 'restore-listener' })[0]
        $restore.status | Should -Be 'skipped'
        $restore.reason | Should -Be 'certificate-gone'
        $undo.failedCount | Should -Be 0
    }
}

Describe 'Finding 6: firewall coverage as the ActiveStore applies it' {
    BeforeAll {
        Enable-StandInProviderMocks
        function Get-FirewallCheck { (Invoke-NgtScript 'Test-NgtPrepWinRm').checks | Where-Object { $_.id -eq 'firewall-profiles' } }
        function Get-NgtRule { (Get-StandInMachine).FirewallRules | Where-Object { $_.Name -eq 'NGTPrep-WinRM-HTTPS-In' } }
    }
    It 'a LocalSubnet-only rule does not cover Prism Central in another subnet' {
        $null = Initialize-StandIn 'already-configured'
        (Get-FirewallCheck).passed | Should -BeTrue
        (Get-NgtRule).RemoteAddress = @('LocalSubnet')
        (Get-FirewallCheck).passed | Should -BeFalse
    }
    It 'a Block rule on the port wins over the Allow rule' {
        $null = Initialize-StandIn 'already-configured'
        (Get-StandInMachine).FirewallRules += @{ Name = 'Block-5986-Public'; DisplayName = 'Block 5986'; Group = ''; Enabled = 'True'; Direction = 'Inbound'; Action = 'Block'; Profile = 'Public'; Protocol = 'TCP'; LocalPort = @('5986'); RemoteAddress = @('Any'); Source = 'Local' }
        $verify = Invoke-NgtScript 'Test-NgtPrepWinRm'
        ($verify.checks | Where-Object { $_.id -eq 'firewall-profiles' }).passed | Should -BeFalse
        @($verify.firewall.coveredProfiles) | Should -Be @('Domain', 'Private')
    }
    It 'local rules do not count where Group Policy sets AllowLocalFirewallRules=False, and apply says so' {
        $null = Initialize-StandIn 'already-configured'
        ((Get-StandInMachine).FirewallProfiles | Where-Object { $_.Name -eq 'Domain' }).AllowLocalFirewallRules = 'False'
        (Get-FirewallCheck).passed | Should -BeFalse
        $apply = Invoke-NgtScript 'Set-NgtPrepWinRm'
        @($apply.warnings | ForEach-Object { $_.code }) | Should -Contain 'FIREWALL_LOCAL_RULES_IGNORED'
    }
    It 'verify with Prism Central''s address accepts a rule limited to it' {
        $null = Initialize-StandIn 'already-configured'
        (Get-NgtRule).RemoteAddress = @('10.20.0.0/255.255.255.0')
        $checks = (Invoke-NgtScript 'Test-NgtPrepWinRm' @{ firewallRemoteAddresses = @('10.20.0.0/24') }).checks
        ($checks | Where-Object { $_.id -eq 'firewall-profiles' }).passed | Should -BeTrue
    }
}

Describe 'Finding 3: LocalAccountTokenFilterPolicy is opt-in and rolled back to its exact former value' {
    BeforeAll {
        Enable-StandInProviderMocks
        $script:UacKey = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System'
        function Invoke-ApplyThenRollback {
            param($Options)
            $apply = Invoke-NgtScript 'Set-NgtPrepWinRm' $Options
            $apply.ok | Should -BeTrue -Because ($apply | ConvertTo-Json -Depth 4 -Compress)
            $check = Invoke-NgtScript 'Get-NgtPrepState'
            $plan = ConvertFrom-Json (Invoke-ProductTool 'plan-rollback' (ConvertTo-Json -InputObject @{ check = $check } -Depth 12 -Compress))
            $undo = Invoke-NgtScript 'Undo-NgtPrepWinRm' @{ actions = @($plan.actions); recordPaths = @($plan.recordPaths) }
            $undo.failedCount | Should -Be 0
            return @{ apply = $apply; plan = $plan; undo = $undo }
        }
    }
    It 'leaves the value alone by default' {
        $null = Initialize-StandIn 'fresh-2019'
        $apply = Invoke-NgtScript 'Set-NgtPrepWinRm'
        $apply.record.options.localAccountTokenFilterPolicy | Should -BeFalse
        (Get-StandInMachine).Registry[$UacKey].ContainsKey('LocalAccountTokenFilterPolicy') | Should -BeFalse
        @($apply.record.changes | Where-Object { $_.kind -eq 'token-filter-policy' }).Count | Should -Be 0
    }
    It 'sets 1 when asked, records that the value was absent, and rollback removes it again' {
        $null = Initialize-StandIn 'fresh-2019'
        $before = Get-StandInSnapshot -Exclude 'Acls'
        $run = Invoke-ApplyThenRollback @{ localAccountTokenFilterPolicy = $true }
        $change = @($run.apply.record.changes | Where-Object { $_.kind -eq 'token-filter-policy' })[0]
        $change.from | Should -BeNullOrEmpty
        $change.to | Should -Be 1
        @($run.plan.actions | Where-Object { $_.type -eq 'set-token-filter-policy' })[0].value | Should -BeNullOrEmpty
        Get-StandInSnapshot -Exclude 'Acls' | Should -Be $before
    }
    It 'puts back a former 0 as a number, not a string' {
        $null = Initialize-StandIn 'fresh-2019'
        (Get-StandInMachine).Registry[$UacKey]['LocalAccountTokenFilterPolicy'] = 0
        $before = Get-StandInSnapshot -Exclude 'Acls'
        $run = Invoke-ApplyThenRollback @{ localAccountTokenFilterPolicy = $true }
        @($run.apply.record.changes | Where-Object { $_.kind -eq 'token-filter-policy' })[0].from | Should -Be 0
        (Get-StandInMachine).Registry[$UacKey]['LocalAccountTokenFilterPolicy'] | Should -BeOfType [int]
        Get-StandInSnapshot -Exclude 'Acls' | Should -Be $before
    }
    It 'changes nothing when the value is already 1' {
        $null = Initialize-StandIn 'already-configured'
        (Get-StandInMachine).Registry[$UacKey]['LocalAccountTokenFilterPolicy'] = 1
        (Invoke-NgtScript 'Set-NgtPrepWinRm' @{ localAccountTokenFilterPolicy = $true }).changed | Should -BeFalse
    }
}

Describe 'Finding 5: policies that make the push fail although Identify works, each with its owner' {
    BeforeAll {
        Enable-StandInProviderMocks
        function Get-TempExports { @(Get-ChildItem -LiteralPath ([System.IO.Path]::GetTempPath()) -Filter 'ngtprep-rights-*' -ErrorAction SilentlyContinue) }
    }
    It 'WinRS off by the policy key is owned by policy; off in WSMan:\localhost\Shell alone is local' {
        $null = Initialize-StandIn 'gpo-no-remote-shell'
        $check = Invoke-NgtScript 'Get-NgtPrepState'
        $check.remoteAccess.remoteShell.allowed | Should -BeFalse
        $check.remoteAccess.remoteShell.source | Should -Be 'policy'
        $null = Initialize-StandIn 'local-no-remote-shell'
        $check = Invoke-NgtScript 'Get-NgtPrepState'
        $check.wsman.allowRemoteShellAccess.value | Should -Be 'false'
        $check.wsman.allowRemoteShellAccess.source | Should -BeNullOrEmpty
        $check.remoteAccess.remoteShell.source | Should -Be 'local'
    }
    It 'reads "Deny access to this computer from the network" through secedit /export, removes its file, and names the GPO as owner' {
        $null = Initialize-StandIn 'gpo-deny-network-logon'
        $before = @(Get-TempExports).Count
        $check = Invoke-NgtScript 'Get-NgtPrepState'
        @($check.remoteAccess.denyNetworkLogon.accounts) | Should -Be @('S-1-5-32-546', 'S-1-5-114')
        @($check.remoteAccess.denyNetworkLogon.localAccountsDenied) | Should -Be @('S-1-5-114')
        $check.remoteAccess.denyNetworkLogon.source | Should -Be 'policy'
        @(Get-TempExports).Count | Should -Be $before
    }
    It 'a fresh 2019 denies only Guest over the network, locally' {
        $null = Initialize-StandIn 'fresh-2019'
        $deny = (Invoke-NgtScript 'Get-NgtPrepState').remoteAccess.denyNetworkLogon
        @($deny.accounts) | Should -Be @('Guest')
        @($deny.localAccountsDenied).Count | Should -Be 0
        $deny.source | Should -Be 'local'
    }
    It 'without elevation secedit refuses, and the check lists that part as unreadable' {
        $null = Initialize-StandIn 'not-elevated'
        $check = Invoke-NgtScript 'Get-NgtPrepState'
        $check.remoteAccess.denyNetworkLogon | Should -BeNullOrEmpty
        @($check.sectionErrors | ForEach-Object { $_.section }) | Should -Contain 'denyNetworkLogon'
        @(Get-TempExports | Where-Object { $_.LastWriteTime -gt (Get-Date).AddMinutes(-1) }).Count | Should -Be 0
    }
    It 'tells LocalAccountTokenFilterPolicy from a GPO (RSoP) apart from the same value written locally' {
        $null = Initialize-StandIn 'gpo-uac-restrictions'
        (Invoke-NgtScript 'Get-NgtPrepState').remoteAccess.tokenFilter.source | Should -Be 'policy'
        $null = Initialize-StandIn 'fresh-2019'
        (Get-StandInMachine).Registry['SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System']['LocalAccountTokenFilterPolicy'] = 0
        $tokenFilter = (Invoke-NgtScript 'Get-NgtPrepState').remoteAccess.tokenFilter
        $tokenFilter.value | Should -Be 0
        $tokenFilter.source | Should -Be 'local'
    }
    It 'apply refuses to write LocalAccountTokenFilterPolicy that Group Policy owns, before any change' {
        $null = Initialize-StandIn 'gpo-uac-restrictions'
        $before = Get-StandInSnapshot
        $apply = Invoke-NgtScript 'Set-NgtPrepWinRm' @{ localAccountTokenFilterPolicy = $true }
        $apply.ok | Should -BeFalse
        $apply.error.code | Should -Be 'UAC_TOKEN_FILTER_GPO_OWNED'
        Get-StandInSnapshot | Should -Be $before
        # Why: a local write lasts only until the next Group Policy refresh.
        (Get-StandInMachine).Registry['SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System']['LocalAccountTokenFilterPolicy'] = 1
        Invoke-StandInGroupPolicyRefresh
        (Get-StandInMachine).Registry['SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System']['LocalAccountTokenFilterPolicy'] | Should -Be 0
    }
}
