<#
.SYNOPSIS
    A stateful stand-in for the Windows-only parts NGT Prep's scripts use, so that the scripts
    in assets/windows run for real under PowerShell 7 on Linux.

.DESCRIPTION
    One machine state (New-StandInMachine / Set-StandInMachine) answers the commands below the
    way Windows answers them, including the refusals. Each behaviour follows a Microsoft page:
      - about_WSMan_Provider and Get-/New-/Set-/Remove-WSManInstance (Microsoft.WSMan.Management):
        listeners under winrm/config/Listener, settings under WSMan:\localhost with
        SourceOfValue = GPO when Group Policy owns them; writing such a setting fails with
        "The config setting ... cannot be changed because is controlled by policies";
        a listener whose Hostname is not its certificate's CN is refused with "The WinRM client
        cannot process the request. The certificate CN and the hostname that were provided do
        not match."; empty elements (Hostname, CertificateThumbprint of HTTP) read as "".
      - New-SelfSignedCertificate (pki module): the modern parameters exist from Windows 10 /
        Server 2016; Server 2012 R2's version has only DnsName, CloneCert and CertStoreLocation.
      - NetSecurity: Get-NetFirewallRule, Get-NetFirewallPortFilter, Get-NetFirewallAddressFilter,
        Get-NetFirewallProfile, New-/Set-/Remove-NetFirewallRule with -PolicyStore ActiveStore;
        rules from Group Policy (PolicyStoreSourceType GroupPolicy) cannot be changed locally.
      - NetConnection: Get-NetConnectionProfile; NetTCPIP: Get-NetTCPConnection.
      - CimCmdlets: Get-CimInstance Win32_OperatingSystem, Win32_ComputerSystem, Win32_Service,
        Win32_CDROMDrive, Win32_SerialPort; root\rsop\computer RSOP_RegistryPolicySetting and
        RSOP_UserPrivilegeRight (what Group Policy set); Microsoft.PowerShell.Management service cmdlets.
      - secedit /export /cfg <file> /areas USER_RIGHTS: the user rights as a security template INF.
      - Nutanix Guest Tools in the guest (DOMAIN.md): ngt_config.json and client-cert.pem under
        %ProgramFiles%\Nutanix\config, the NGT services, the cluster's TCP port on loopback.
      - ScheduledTasks: New-ScheduledTaskAction/-Trigger/-Principal, Register-/Unregister-/
        Get-ScheduledTask; Microsoft.PowerShell.Security Get-Acl / Set-Acl (SDDL form);
        whoami /groups /fo csv /nh (the mandatory label S-1-16-12288 marks an elevated token).
    Provider paths that exist on Linux as commands (Get-Item WSMan:\..., Get-ChildItem Cert:\...,
    Get-ItemProperty HKLM:\..., Test-Path, Set-Item, Remove-Item) are answered by the
    *-StandInProviderItem functions; StandInMocks.ps1 routes them there with Pester's Mock.
#>
Set-StrictMode -Version 2.0

$script:Machine = $null

# PowerShell 7's own type data gives X509Certificate2 a DnsNameList of its own; the stand-in
# answers DnsNameList as the Certificate provider of the machine's Windows does, so it replaces it.
$certificateType = 'System.Security.Cryptography.X509Certificates.X509Certificate2'
if ($null -ne (Get-TypeData -TypeName $certificateType)) { Remove-TypeData -TypeName $certificateType }
$script:X509 = 'System.Security.Cryptography.X509Certificates'

function Stop-StandIn {
    # Windows errors surface as terminating errors of the cmdlet; the message is Windows' own.
    param([string] $Message, [string] $Category = 'InvalidOperation')
    $exception = New-Object System.InvalidOperationException $Message
    throw (New-Object System.Management.Automation.ErrorRecord $exception, 'WsManError', $Category, $null)
}

function Get-StandInMachine { return $script:Machine }
function Set-StandInMachine { param([hashtable] $Machine) $script:Machine = $Machine }

#region Certificates --------------------------------------------------------------------------

function New-StandInCertificate {
    # A real X.509 certificate with a real RSA key, made with .NET's CertificateRequest.
    param(
        [string] $Subject, [string[]] $DnsNames = @(), [int] $KeySize = 2048,
        [datetime] $NotBefore = (Get-Date).AddDays(-1), [datetime] $NotAfter = (Get-Date).AddDays(365),
        [string[]] $Ekus = @('1.3.6.1.5.5.7.3.1'), [string] $FriendlyName = '', [string] $Issuer = '',
        [bool] $WithKey = $true, [string] $Language = ''
    )
    if ([string]::IsNullOrEmpty($Language)) {
        $Language = 'en-US'
        if ($null -ne $script:Machine) { $Language = $script:Machine.Os.Language }
    }
    $rsa = [System.Security.Cryptography.RSA]::Create($KeySize)
    $request = New-Object "$script:X509.CertificateRequest" $Subject, $rsa, ([System.Security.Cryptography.HashAlgorithmName]::SHA256), ([System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    if ($DnsNames.Count -gt 0) {
        $san = New-Object "$script:X509.SubjectAlternativeNameBuilder"
        foreach ($name in $DnsNames) { $san.AddDnsName($name) }
        $request.CertificateExtensions.Add($san.Build($false))
    }
    if ($Ekus.Count -gt 0) {
        $oids = New-Object System.Security.Cryptography.OidCollection
        foreach ($oid in $Ekus) { $null = $oids.Add((New-Object System.Security.Cryptography.Oid $oid)) }
        $request.CertificateExtensions.Add((New-Object "$script:X509.X509EnhancedKeyUsageExtension" $oids, $false))
    }
    if ([string]::IsNullOrEmpty($Issuer)) {
        $certificate = $request.CreateSelfSigned($NotBefore, $NotAfter)
    }
    else {
        # Signed by a stand-in CA, as a certificate from the organisation's CA would be.
        $caKey = [System.Security.Cryptography.RSA]::Create(2048)
        $caRequest = New-Object "$script:X509.CertificateRequest" $Issuer, $caKey, ([System.Security.Cryptography.HashAlgorithmName]::SHA256), ([System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $caRequest.CertificateExtensions.Add((New-Object "$script:X509.X509BasicConstraintsExtension" $true, $false, 0, $true))
        $ca = $caRequest.CreateSelfSigned($NotBefore.AddDays(-30), $NotAfter.AddDays(30))
        $serial = [byte[]](1..16 | ForEach-Object { Get-Random -Maximum 256 })
        $public = $request.Create($ca, $NotBefore, $NotAfter, $serial)
        $certificate = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::CopyWithPrivateKey($public, $rsa)
    }
    if (-not $WithKey) { $certificate = New-Object "$script:X509.X509Certificate2" (, $certificate.RawData) }
    return (Add-StandInCertificateMembers $certificate $FriendlyName $Language)
}

function Get-StandInSanDnsNames {
    # The DNS names of the 2.5.29.17 extension, decoded from its DER bytes (language-neutral).
    param($Certificate)
    $names = @()
    foreach ($extension in $Certificate.Extensions) {
        if ($extension.Oid.Value -ne '2.5.29.17') { continue }
        $reader = [System.Formats.Asn1.AsnReader]::new([System.ReadOnlyMemory[byte]]::new($extension.RawData), [System.Formats.Asn1.AsnEncodingRules]::DER)
        $sequence = $reader.ReadSequence()
        while ($sequence.HasData) {
            $tag = $sequence.PeekTag()
            if ($tag.TagClass -eq [System.Formats.Asn1.TagClass]::ContextSpecific -and $tag.TagValue -eq 2) {
                $names += $sequence.ReadCharacterString([System.Formats.Asn1.UniversalTagNumber]::IA5String, $tag)
            }
            else { $null = $sequence.ReadEncodedValue() }
        }
    }
    return $names
}

function Add-StandInCertificateMembers {
    # What the Certificate provider adds on Windows: FriendlyName from the store, PSPath, and
    # DnsNameList. In Windows PowerShell 5.1 DnsNameList parses the English text of the SAN
    # extension, so on a French or Japanese Windows it comes back empty (finding 9).
    param($Certificate, [string] $FriendlyName, [string] $Language = 'en-US')
    $Certificate | Add-Member -NotePropertyName FriendlyName -NotePropertyValue $FriendlyName -Force
    $Certificate | Add-Member -NotePropertyName PSPath -NotePropertyValue ('Microsoft.PowerShell.Security\Certificate::LocalMachine\My\' + $Certificate.Thumbprint) -Force
    $dnsNameList = @()
    if ($Language -eq 'en-US') { $dnsNameList = @(Get-StandInSanDnsNames $Certificate | ForEach-Object { [pscustomobject]@{ Punycode = $_; Unicode = $_ } }) }
    $Certificate | Add-Member -NotePropertyName DnsNameList -NotePropertyValue $dnsNameList -Force
    return $Certificate
}

function Find-StandInCertificate {
    param([string] $Thumbprint)
    foreach ($certificate in $script:Machine.Certificates) {
        if ([string]::Equals($certificate.Thumbprint, $Thumbprint, [System.StringComparison]::OrdinalIgnoreCase)) { return $certificate }
    }
    return $null
}

function New-StandInModernSelfSignedCertificate {
    # New-SelfSignedCertificate as on Windows 10 / Server 2016 and later.
    param(
        [string] $Subject, [string[]] $DnsName, [string] $CertStoreLocation, [string] $KeyAlgorithm = 'RSA',
        [int] $KeyLength = 2048, [string] $HashAlgorithm = 'SHA256', [string[]] $KeyUsage, [string] $KeyExportPolicy,
        [string[]] $TextExtension = @(), [datetime] $NotBefore = (Get-Date), [datetime] $NotAfter = (Get-Date).AddYears(1),
        [string] $FriendlyName = ''
    )
    if ($CertStoreLocation -ne 'Cert:\LocalMachine\My') { Stop-StandIn 'The stand-in only keeps Cert:\LocalMachine\My.' }
    if ([string]::IsNullOrEmpty($Subject)) { $Subject = 'CN=' + $DnsName[0] }
    $ekus = @('1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2')
    foreach ($extension in $TextExtension) {
        if ($extension -match '^2\.5\.29\.37=\{text\}(.+)$') { $ekus = @($Matches[1] -split ',') }
    }
    $certificate = New-StandInCertificate -Subject $Subject -DnsNames $DnsName -KeySize $KeyLength -NotBefore $NotBefore -NotAfter $NotAfter -Ekus $ekus -FriendlyName $FriendlyName
    $script:Machine.Certificates += $certificate
    return $certificate
}

function New-StandInLegacySelfSignedCertificate {
    # New-SelfSignedCertificate as on Server 2012 R2: only DnsName, CloneCert, CertStoreLocation.
    param([string[]] $DnsName, $CloneCert, [string] $CertStoreLocation)
    $certificate = New-StandInCertificate -Subject ('CN=' + $DnsName[0]) -DnsNames $DnsName -KeySize 2048 -Ekus @('1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2')
    $script:Machine.Certificates += $certificate
    return $certificate
}

#endregion

#region WSMan ------------------------------------------------------------------------------------

function Assert-StandInWinRmRunning {
    if ($script:Machine.Services['WinRM'].State -ne 'Running') {
        Stop-StandIn 'The client cannot connect to the destination specified in the request. Verify that the service on the destination is running and is accepting requests.'
    }
}

function Get-StandInCertificateCommonName {
    param($Certificate)
    return $Certificate.GetNameInfo([System.Security.Cryptography.X509Certificates.X509NameType]::SimpleName, $false)
}

function Assert-StandInListenerValues {
    # What WSMan checks when an HTTPS listener is created or changed.
    param([hashtable] $Listener)
    if ($Listener.Transport -ne 'HTTPS') { return }
    $certificate = Find-StandInCertificate $Listener.CertificateThumbprint
    if ($null -eq $certificate) {
        Stop-StandIn 'The WinRM client cannot process the request. The certificate thumbprint does not match any certificate in the LocalMachine\My store.'
    }
    if (-not $certificate.HasPrivateKey) {
        Stop-StandIn 'The WinRM client cannot process the request. The certificate must have a private key.'
    }
    if (-not [string]::Equals((Get-StandInCertificateCommonName $certificate), $Listener.Hostname, [System.StringComparison]::OrdinalIgnoreCase)) {
        Stop-StandIn 'The WinRM client cannot process the request. The certificate CN and the hostname that were provided do not match.'
    }
}

function ConvertTo-StandInListenerObject {
    param([hashtable] $Listener)
    return [pscustomobject]@{
        Address               = $Listener.Address
        Transport             = $Listener.Transport
        Port                  = [string]$Listener.Port
        Hostname              = [string]$Listener.Hostname
        Enabled               = ([string]$Listener.Enabled).ToLowerInvariant()
        URLPrefix             = 'wsman'
        CertificateThumbprint = [string]$Listener.CertificateThumbprint
        ListeningOn           = @('127.0.0.1', '10.200.0.21', '::1')
        Source                = [string]$Listener.Source
    }
}

function Get-WSManInstance {
    [CmdletBinding()]
    param([string] $ResourceURI, [switch] $Enumerate, [hashtable] $SelectorSet)
    Assert-StandInWinRmRunning
    if ($ResourceURI -ne 'winrm/config/Listener') { Stop-StandIn ('The stand-in has no resource ' + $ResourceURI) }
    foreach ($listener in $script:Machine.Listeners) { ConvertTo-StandInListenerObject $listener }
}

function Find-StandInListener {
    param([hashtable] $SelectorSet)
    foreach ($listener in $script:Machine.Listeners) {
        if ($listener.Address -eq $SelectorSet.Address -and $listener.Transport -eq $SelectorSet.Transport) { return $listener }
    }
    return $null
}

function New-WSManInstance {
    [CmdletBinding()]
    param([string] $ResourceURI, [hashtable] $SelectorSet, [hashtable] $ValueSet)
    Assert-StandInWinRmRunning
    if ($null -ne (Find-StandInListener $SelectorSet)) {
        Stop-StandIn 'The WS-Management service cannot create the resource because it already exists.'
    }
    $port = 5985
    if ($SelectorSet.Transport -eq 'HTTPS') { $port = 5986 }
    $listener = @{ Address = $SelectorSet.Address; Transport = $SelectorSet.Transport; Port = $port; Hostname = [string]$ValueSet.Hostname; Enabled = 'true'; CertificateThumbprint = [string]$ValueSet.CertificateThumbprint; Source = '' }
    Assert-StandInListenerValues $listener
    $script:Machine.Listeners += $listener
    return (ConvertTo-StandInListenerObject $listener)
}

function Set-WSManInstance {
    [CmdletBinding()]
    param([string] $ResourceURI, [hashtable] $SelectorSet, [hashtable] $ValueSet)
    Assert-StandInWinRmRunning
    $listener = Find-StandInListener $SelectorSet
    if ($null -eq $listener) { Stop-StandIn 'The WS-Management service cannot process the request because the resource does not exist.' }
    if ($listener.Source -eq 'GPO') { Stop-StandIn 'The WS-Management service cannot change a listener that Group Policy created.' }
    $changed = $listener.Clone()
    foreach ($key in $ValueSet.Keys) { $changed[$key] = [string]$ValueSet[$key] }
    Assert-StandInListenerValues $changed
    foreach ($key in $ValueSet.Keys) { $listener[$key] = [string]$ValueSet[$key] }
    return (ConvertTo-StandInListenerObject $listener)
}

function Remove-WSManInstance {
    [CmdletBinding()]
    param([string] $ResourceURI, [hashtable] $SelectorSet)
    Assert-StandInWinRmRunning
    $listener = Find-StandInListener $SelectorSet
    if ($null -eq $listener) { Stop-StandIn 'The WS-Management service cannot process the request because the resource does not exist.' }
    $script:Machine.Listeners = @($script:Machine.Listeners | Where-Object { -not [object]::ReferenceEquals($_, $listener) })
}

#endregion

. (Join-Path $PSScriptRoot 'StandIn.System.ps1')
. (Join-Path $PSScriptRoot 'StandIn.Provider.ps1')
. (Join-Path $PSScriptRoot 'StandIn.Machines.ps1')
. (Join-Path $PSScriptRoot 'StandIn.CertEnroll.ps1')
. (Join-Path $PSScriptRoot 'StandIn.Ngt.ps1')

function Use-StandInMachine {
    # Makes $Machine the current state and gives it its New-SelfSignedCertificate.
    param([hashtable] $Machine)
    $script:Machine = $Machine
    if ($Machine.ModernCertificateCmdlet) {
        Set-Item -Path function:global:New-SelfSignedCertificate -Value ${function:New-StandInModernSelfSignedCertificate}
    }
    else {
        Set-Item -Path function:global:New-SelfSignedCertificate -Value ${function:New-StandInLegacySelfSignedCertificate}
    }
}

Export-ModuleMember -Function @(
    'Get-StandInMachine', 'Set-StandInMachine', 'Use-StandInMachine', 'New-StandInMachine', 'Get-StandInStateNames', 'Get-StandInCheckStateNames', 'Get-StandInSnapshot', 'Invoke-StandInGroupPolicyRefresh', 'Publish-StandInNgtFiles',
    'New-StandInCertificate', 'Find-StandInCertificate', 'Get-StandInSanDnsNames',
    'Test-StandInProviderPath', 'Get-StandInProviderItem', 'Set-StandInProviderItem', 'Get-StandInChildItem',
    'Remove-StandInProviderItem', 'Remove-Item', 'Test-StandInProviderItem', 'Get-StandInItemProperty', 'Set-StandInItemProperty', 'New-StandInItemProperty', 'Remove-StandInItemProperty',
    'Get-WSManInstance', 'New-WSManInstance', 'Set-WSManInstance', 'Remove-WSManInstance',
    'Get-NetFirewallRule', 'Get-NetFirewallPortFilter', 'Get-NetFirewallAddressFilter', 'Get-NetFirewallProfile',
    'New-NetFirewallRule', 'Set-NetFirewallRule', 'Remove-NetFirewallRule', 'Get-NetConnectionProfile', 'Get-NetTCPConnection',
    'Get-CimInstance', 'Get-Service', 'Set-Service', 'Start-Service', 'Stop-Service',
    'New-ScheduledTaskAction', 'New-ScheduledTaskTrigger', 'New-ScheduledTaskPrincipal', 'Register-ScheduledTask',
    'Get-ScheduledTask', 'Unregister-ScheduledTask', 'Get-Acl', 'Set-Acl', 'whoami.exe', 'secedit.exe', 'New-Object'
)
