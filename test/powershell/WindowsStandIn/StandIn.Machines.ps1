# Part of WindowsStandIn.psm1: the starting machine states, and a snapshot for deep comparison.

$script:StandInStates = @(
    'fresh-2019', '2012r2-legacy-cmdlet', '2022-ca-fqdn-only', 'gpo-basic-off', 'gpo-no-remote-shell',
    'public-nic', 'disabled-https-rule', 'expired-listener-certificate', 'french', 'japanese',
    'not-elevated', 'already-configured', 'local-no-remote-shell', 'gpo-deny-network-logon', 'gpo-uac-restrictions',
    'service-stopped-workstation'
)

# States only the check is recorded on (generate-standin-outputs.mjs), for the check rules' tests.
$script:StandInCheckStates = @(
    'configured-2022-ngt-installed', 'ngt-client-cert-expiring-30d', 'ngt-client-cert-expired-no-cluster-path',
    'no-cdrom', 'sysprep-certificate-without-key'
)

# The Microsoft security baseline's member-server GPO, as RSoP names a domain GPO.
$script:BaselineGpo = 'cn={6B29F0A1-5C2E-4F57-9E0B-6D1A2C3B4E5F},cn=policies,cn=system,DC=corp,DC=example'

function Get-StandInStateNames { return $script:StandInStates }
function Get-StandInCheckStateNames { return $script:StandInCheckStates }

function New-StandInBaseMachine {
    # A fresh Windows Server 2019 as it comes out of setup (the HTTP listener that
    # "Enable-PSRemoting"/Server's default makes, Basic off, the built-in WinRM HTTP rules).
    param([string] $HostName = 'WIN-SRV19', [string] $Domain = 'corp.example')
    return @{
        Os                      = @{ Caption = 'Microsoft Windows Server 2019 Datacenter'; Version = '10.0.17763'; Build = 17763; ProductType = 3; Language = 'en-US'; LanguageId = 1033 }
        ComputerName            = $HostName.ToUpperInvariant()
        PartOfDomain            = $true
        AdDomain                = $Domain
        Elevated                = $true
        ModernCertificateCmdlet = $true
        Registry                = @{
            'SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'      = @{ Hostname = $HostName; Domain = $Domain; 'NV Domain' = $Domain }
            'SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' = @{ EnableLUA = 1; ConsentPromptBehaviorAdmin = 5 }
        }
        Services                = @{
            WinRM = @{ Name = 'WinRM'; DisplayName = 'Windows Remote Management (WS-Management)'; State = 'Running'; StartMode = 'Auto' }
        }
        Listeners               = @(
            @{ Address = '*'; Transport = 'HTTP'; Port = 5985; Hostname = ''; Enabled = 'true'; CertificateThumbprint = ''; Source = '' }
        )
        Wsman                   = @{
            'Service\Auth\Basic' = 'false'; 'Service\Auth\Kerberos' = 'true'; 'Service\Auth\Negotiate' = 'true'
            'Service\Auth\Certificate' = 'false'; 'Service\Auth\CredSSP' = 'false'; 'Service\Auth\CbtHardeningLevel' = 'Relaxed'
            'Service\AllowUnencrypted' = 'false'; 'Service\IPv4Filter' = '*'; 'Service\IPv6Filter' = '*'
            'MaxEnvelopeSizekb' = '500'; 'Shell\AllowRemoteShellAccess' = 'true'
        }
        Certificates            = @()
        FirewallRules           = @(
            @{ Name = 'WINRM-HTTP-In-TCP'; DisplayName = 'Windows Remote Management (HTTP-In)'; Group = 'Windows Remote Management'; Enabled = 'True'; Direction = 'Inbound'; Action = 'Allow'; Profile = 'Domain, Private'; Protocol = 'TCP'; LocalPort = @('5985'); RemoteAddress = @('Any'); Source = 'Local' }
            @{ Name = 'WINRM-HTTP-In-TCP-PUBLIC'; DisplayName = 'Windows Remote Management (HTTP-In)'; Group = 'Windows Remote Management'; Enabled = 'True'; Direction = 'Inbound'; Action = 'Allow'; Profile = 'Public'; Protocol = 'TCP'; LocalPort = @('5985'); RemoteAddress = @('LocalSubnet'); Source = 'Local' }
        )
        FirewallProfiles        = @(
            @{ Name = 'Domain'; Enabled = 'True'; DefaultInboundAction = 'NotConfigured'; AllowLocalFirewallRules = 'NotConfigured' }
            @{ Name = 'Private'; Enabled = 'True'; DefaultInboundAction = 'NotConfigured'; AllowLocalFirewallRules = 'NotConfigured' }
            @{ Name = 'Public'; Enabled = 'True'; DefaultInboundAction = 'NotConfigured'; AllowLocalFirewallRules = 'NotConfigured' }
        )
        NetworkProfiles         = @(
            @{ Name = $Domain; InterfaceAlias = 'Ethernet0'; InterfaceIndex = 4; NetworkCategory = 'DomainAuthenticated'; IPv4Connectivity = 'Internet' }
        )
        CdromDrives             = @(@{ Drive = 'D:'; Name = 'NVMe CD-ROM'; MediaLoaded = $false; VolumeName = '' })
        SerialPorts             = @()
        # Nutanix Guest Tools in the guest (StandIn.Ngt.ps1 Add-StandInNgt), or $null.
        Ngt                     = $null
        # User rights as secedit /export writes them: *SID, or a name for an account without a
        # well-known SID. Server 2019's defaults for the two network logon rights.
        UserRights              = @{
            SeNetworkLogonRight     = @('*S-1-1-0', '*S-1-5-32-544', '*S-1-5-32-545', '*S-1-5-32-551')
            SeDenyNetworkLogonRight = @('Guest')
        }
        # What Group Policy set, as root\rsop\computer reports it (none: a workgroup-like machine).
        Rsop                    = @{ RegistryPolicySettings = @(); UserPrivilegeRights = @() }
        ScheduledTasks          = @{}
        Acls                    = @{}
    }
}

function Invoke-StandInGroupPolicyRefresh {
    # gpupdate: every registry value a GPO sets wins again over a local write (the reason a
    # "reg add" on a policy-owned value does not last).
    foreach ($setting in @($script:Machine.Rsop.RegistryPolicySettings | Where-Object { $_.precedence -eq 1 })) {
        if (-not $script:Machine.Registry.ContainsKey($setting.registryKey)) { $script:Machine.Registry[$setting.registryKey] = @{} }
        $script:Machine.Registry[$setting.registryKey][$setting.valueName] = [int]$setting.value
    }
    foreach ($right in @($script:Machine.Rsop.UserPrivilegeRights | Where-Object { $_.precedence -eq 1 })) {
        $script:Machine.UserRights[$right.UserRight] = @($right.AccountList | ForEach-Object { '*' + $_ })
    }
}

function New-StandInMachine {
    # One of the named starting states (Get-StandInStateNames).
    param([Parameter(Mandatory = $true)] [string] $State)
    $machine = New-StandInBaseMachine
    if ($State -eq 'sysprep-certificate-without-key' -or $State -eq 'service-stopped-workstation') {
        # Workgroup machines: no primary DNS suffix, so the FQDN is the short name.
        $name = 'WIN-CLONE-07'
        if ($State -eq 'service-stopped-workstation') { $name = 'WIN10-KIOSK' }
        $machine = New-StandInBaseMachine -HostName $name -Domain ''
        $machine.PartOfDomain = $false
        $machine.AdDomain = 'WORKGROUP'
    }
    $policyKey = 'SOFTWARE\Policies\Microsoft\Windows\WinRM\Service'
    switch ($State) {
        'fresh-2019' { }
        '2012r2-legacy-cmdlet' {
            $machine.Os = @{ Caption = 'Microsoft Windows Server 2012 R2 Standard'; Version = '6.3.9600'; Build = 9600; ProductType = 3; Language = 'en-US'; LanguageId = 1033 }
            $machine.ModernCertificateCmdlet = $false
        }
        '2022-ca-fqdn-only' {
            $machine = New-StandInBaseMachine -HostName 'WEB22'
            $machine.Os = @{ Caption = 'Microsoft Windows Server 2022 Standard'; Version = '10.0.20348'; Build = 20348; ProductType = 3; Language = 'en-US'; LanguageId = 1033 }
            $certificate = New-StandInCertificate -Subject 'CN=WEB22.corp.example' -DnsNames @('WEB22.corp.example') -Issuer 'CN=Corp Issuing CA, DC=corp, DC=example'
            $machine.Certificates = @($certificate)
            $machine.Listeners += @{ Address = '*'; Transport = 'HTTPS'; Port = 5986; Hostname = 'WEB22.corp.example'; Enabled = 'true'; CertificateThumbprint = $certificate.Thumbprint; Source = '' }
            $machine.Wsman['Service\Auth\Basic'] = 'true'
            $machine.FirewallRules += @{ Name = 'WINRM-HTTPS-In-TCP'; DisplayName = 'Windows Remote Management (HTTPS-In)'; Group = 'Windows Remote Management'; Enabled = 'True'; Direction = 'Inbound'; Action = 'Allow'; Profile = 'Any'; Protocol = 'TCP'; LocalPort = @('5986'); RemoteAddress = @('Any'); Source = 'Local' }
        }
        'gpo-basic-off' { $machine.Registry[$policyKey] = @{ AllowBasic = 0 } }
        'gpo-no-remote-shell' { $machine.Registry[$policyKey + '\WinRS'] = @{ AllowRemoteShellAccess = 0 } }
        'public-nic' { $machine.NetworkProfiles[0].NetworkCategory = 'Public'; $machine.NetworkProfiles[0].Name = 'Network 2' }
        'disabled-https-rule' {
            $machine.FirewallRules += @{ Name = 'NGTPrep-WinRM-HTTPS-In'; DisplayName = 'NGT Prep - WinRM HTTPS (TCP 5986 in)'; Group = 'NGT Prep'; Enabled = 'False'; Direction = 'Inbound'; Action = 'Allow'; Profile = 'Domain'; Protocol = 'TCP'; LocalPort = @('5986'); RemoteAddress = @('10.20.0.0/255.255.255.0'); Source = 'Local' }
        }
        'expired-listener-certificate' {
            $certificate = New-StandInCertificate -Subject 'CN=WIN-SRV19' -DnsNames @('WIN-SRV19') -NotBefore (Get-Date).AddDays(-400) -NotAfter (Get-Date).AddDays(-35) -FriendlyName 'NGT Prep WinRM HTTPS'
            $machine.Certificates = @($certificate)
            $machine.Listeners += @{ Address = '*'; Transport = 'HTTPS'; Port = 5986; Hostname = 'WIN-SRV19'; Enabled = 'true'; CertificateThumbprint = $certificate.Thumbprint; Source = '' }
        }
        'french' {
            $machine = New-StandInBaseMachine -HostName 'SRV-PARIS'
            $machine.Os = @{ Caption = 'Microsoft Windows Server 2019 Standard'; Version = '10.0.17763'; Build = 17763; ProductType = 3; Language = 'fr-FR'; LanguageId = 1036 }
        }
        'japanese' {
            $machine = New-StandInBaseMachine -HostName 'SRV-TOKYO'
            $machine.Os = @{ Caption = 'Microsoft Windows Server 2019 Standard'; Version = '10.0.17763'; Build = 17763; ProductType = 3; Language = 'ja-JP'; LanguageId = 1041 }
        }
        'not-elevated' { $machine.Elevated = $false }
        'already-configured' {
            $certificate = New-StandInCertificate -Subject 'CN=WIN-SRV19' -DnsNames @('WIN-SRV19', 'WIN-SRV19.corp.example') -FriendlyName 'NGT Prep WinRM HTTPS'
            $machine.Certificates = @($certificate)
            $machine.Listeners += @{ Address = '*'; Transport = 'HTTPS'; Port = 5986; Hostname = 'WIN-SRV19'; Enabled = 'true'; CertificateThumbprint = $certificate.Thumbprint; Source = '' }
            $machine.Wsman['Service\Auth\Basic'] = 'true'
            $machine.FirewallRules += @{ Name = 'NGTPrep-WinRM-HTTPS-In'; DisplayName = 'NGT Prep - WinRM HTTPS (TCP 5986 in)'; Group = 'NGT Prep'; Enabled = 'True'; Direction = 'Inbound'; Action = 'Allow'; Profile = 'Domain, Private, Public'; Protocol = 'TCP'; LocalPort = @('5986'); RemoteAddress = @('Any'); Source = 'Local' }
        }
        'local-no-remote-shell' {
            # winrm set winrm/config/winrs @{AllowRemoteShellAccess="false"}: a local setting, no policy.
            $machine.Wsman['Shell\AllowRemoteShellAccess'] = 'false'
        }
        'gpo-deny-network-logon' {
            # The security baseline's "Deny access to this computer from the network": Guests and
            # "Local account and member of Administrators group" (S-1-5-114).
            $machine.Rsop.UserPrivilegeRights = @(@{ UserRight = 'SeDenyNetworkLogonRight'; AccountList = @('S-1-5-32-546', 'S-1-5-114'); precedence = 1; GPOID = $script:BaselineGpo })
            $machine.UserRights['SeDenyNetworkLogonRight'] = @('*S-1-5-32-546', '*S-1-5-114')
        }
        'gpo-uac-restrictions' {
            # MS Security Guide "Apply UAC restrictions to local accounts on network logons" = Enabled:
            # LocalAccountTokenFilterPolicy = 0 under ...\CurrentVersion\Policies\System, from the GPO.
            $uacKey = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System'
            $machine.Rsop.RegistryPolicySettings = @(@{ registryKey = $uacKey; valueName = 'LocalAccountTokenFilterPolicy'; value = 0; precedence = 1; GPOID = $script:BaselineGpo })
            $machine.Registry[$uacKey]['LocalAccountTokenFilterPolicy'] = 0
        }
        'service-stopped-workstation' {
            # Windows 10 as installed: WinRM Manual and stopped, no listener, the NIC in Public.
            $machine.Os = @{ Caption = 'Microsoft Windows 10 Enterprise'; Version = '10.0.19045'; Build = 19045; ProductType = 1; Language = 'en-US'; LanguageId = 1033 }
            $machine.Services.WinRM.State = 'Stopped'
            $machine.Services.WinRM.StartMode = 'Manual'
            $machine.Listeners = @()
            $machine.NetworkProfiles[0].NetworkCategory = 'Public'
            $machine.NetworkProfiles[0].Name = 'Network'
        }
        'configured-2022-ngt-installed' {
            $machine = New-StandInMachine -State 'already-configured'
            $machine.Os = @{ Caption = 'Microsoft Windows Server 2022 Standard'; Version = '10.0.20348'; Build = 20348; ProductType = 3; Language = 'en-US'; LanguageId = 1033 }
            $machine.Registry['SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System']['LocalAccountTokenFilterPolicy'] = 1
            $machine.SerialPorts = @('COM1')
            Add-StandInNgt $machine -ExpiresInDays 730
        }
        'ngt-client-cert-expiring-30d' {
            $machine = New-StandInMachine -State 'configured-2022-ngt-installed'
            Add-StandInNgt $machine -ExpiresInDays 30
        }
        'ngt-client-cert-expired-no-cluster-path' {
            # Expired 12 days ago, the cluster's port closed, no serial port, one service stopped.
            Add-StandInNgt $machine -ExpiresInDays -12 -ClusterReachable $false -RestoreState 'Stopped'
        }
        'no-cdrom' { $machine.CdromDrives = @() }
        'sysprep-certificate-without-key' {
            # A clone of a template prepared as WIN-TEMPLATE: the listener still names the
            # template, and its certificate's key did not survive (the private key file is gone).
            $certificate = New-StandInCertificate -Subject 'CN=WIN-TEMPLATE' -DnsNames @('WIN-TEMPLATE') -FriendlyName 'NGT Prep WinRM HTTPS' -WithKey $false
            $machine.Certificates = @($certificate)
            $machine.Listeners += @{ Address = '*'; Transport = 'HTTPS'; Port = 5986; Hostname = 'WIN-TEMPLATE'; Enabled = 'true'; CertificateThumbprint = $certificate.Thumbprint; Source = '' }
            $machine.Wsman['Service\Auth\Basic'] = 'true'
            $machine.Registry['SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System']['LocalAccountTokenFilterPolicy'] = 1
            $machine.FirewallRules += @{ Name = 'NGTPrep-WinRM-HTTPS-In'; DisplayName = 'NGT Prep - WinRM HTTPS (TCP 5986 in)'; Group = 'NGT Prep'; Enabled = 'True'; Direction = 'Inbound'; Action = 'Allow'; Profile = 'Domain, Private, Public'; Protocol = 'TCP'; LocalPort = @('5986'); RemoteAddress = @('Any'); Source = 'Local' }
        }
        default { throw ('Unknown stand-in state ' + $State) }
    }
    return $machine
}

function Get-StandInSnapshot {
    # The machine state as canonical JSON (certificates by thumbprint), for deep comparison.
    # -Copy returns a deep copy of the state instead; -Of describes such a copy.
    param([switch] $Copy, [hashtable] $Of, [string[]] $Exclude = @())
    $machine = $script:Machine
    if ($null -ne $Of) { $machine = $Of }
    if ($Copy) {
        $duplicate = @{}
        foreach ($key in $machine.Keys) {
            if ($key -eq 'Certificates') { $duplicate[$key] = @($machine.Certificates) }
            else { $duplicate[$key] = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($machine[$key], 20)) }
        }
        return $duplicate
    }
    $view = [ordered]@{}
    foreach ($key in ($machine.Keys | Sort-Object)) {
        if ($Exclude -contains $key) { continue }
        if ($key -eq 'Certificates') {
            $view[$key] = @($machine.Certificates | ForEach-Object { [ordered]@{ thumbprint = $_.Thumbprint; subject = $_.Subject; friendlyName = $_.FriendlyName } } | Sort-Object { $_.thumbprint })
        }
        else { $view[$key] = ConvertTo-StandInCanonical $machine[$key] }
    }
    return (ConvertTo-Json -InputObject $view -Depth 12 -Compress)
}

function ConvertTo-StandInCanonical {
    param($Value)
    if ($Value -is [System.Collections.IDictionary]) {
        $sorted = [ordered]@{}
        foreach ($key in ($Value.Keys | Sort-Object)) { $sorted[[string]$key] = ConvertTo-StandInCanonical $Value[$key] }
        return $sorted
    }
    if ($Value -is [System.Collections.IEnumerable] -and $Value -isnot [string]) {
        $items = @($Value | ForEach-Object { ConvertTo-StandInCanonical $_ })
        return , $items
    }
    return $Value
}
