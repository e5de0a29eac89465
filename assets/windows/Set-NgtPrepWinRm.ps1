<#
.SYNOPSIS
    NGT Prep apply: makes this Windows machine ready for a Nutanix Guest Tools push from
    Prism Central over WinRM HTTPS (TCP 5986). Idempotent: a second run changes nothing.

.DESCRIPTION
    In this order:
      1. Checks the blockers, before anything changes: elevation, Basic authentication
         forbidden by Group Policy, a certificate thumbprint that cannot be used.
      2. Saves the before-state to %ProgramData%\NGT Prep\winrm\apply-<time>.json, and adds
         every change to that record as soon as it is made (so even a run that stops half-way
         can be rolled back with Undo-NgtPrepWinRm.ps1).
      3. WinRM service: startup type Automatic, running.
      4. Certificate: the one named by thumbprint (for example issued by your CA), else the
         listener's current one when it is still good for this host name, else an earlier
         NGT Prep certificate that is still good, else a new self-signed one:
         RSA 4096 (or 2048/3072), SHA-256, Server Authentication EKU, CN = host name,
         SAN = short name and FQDN, valid from one day ago for 1095 days (configurable).
         Windows without the modern New-SelfSignedCertificate parameters (Server 2012 R2)
         gets the same certificate through the CertEnroll COM interface.
      5. HTTPS listener on Address=* created with New-WSManInstance, or re-pointed to the
         certificate with Set-WSManInstance. Not "winrm quickconfig": it refuses self-signed
         certificates (error 0x80338115). The HTTP listener is left alone.
      6. Basic authentication on (unless the options say "basic": false).
      7. Firewall rule "NGTPrep-WinRM-HTTPS-In": TCP 5986 inbound on the Domain, Private and
         Public profiles, optionally limited to given remote addresses (Prism Central, CVMs).
      8. Only when asked ("localAccountTokenFilterPolicy": true): LocalAccountTokenFilterPolicy=1
         under HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System, so that a local
         administrator other than the built-in one gets a full token over WinRM (UAC remote
         restrictions). The record keeps the exact former value, or that there was none.

    Output: exactly ONE line of JSON on standard output: what was changed, the record path
    and the record itself. Errors are JSON too: { "ok": false, "error": { "code", "message" } }.

.PARAMETER OptionsBase64
    Base64 of UTF-8 JSON with any of:
      certThumbprint            40 hex digits of a certificate in Cert:\LocalMachine\My
      keySize                   2048, 3072 or 4096 (default 4096)
      certValidityDays          days a new self-signed certificate is valid (default 1095)
      firewallRemoteAddresses   list of addresses/ranges allowed to reach 5986 (default: any)
      basic                     true (default) turns Basic authentication on
      hostName                  name for the listener and certificate (default: this host)
      localAccountTokenFilterPolicy  true sets LocalAccountTokenFilterPolicy=1 (default false)

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Set-NgtPrepWinRm.ps1 -OptionsBase64 eyJrZXlTaXplIjoyMDQ4fQ==
    Applies with { "keySize": 2048 } and the defaults for everything else.
#>
[CmdletBinding()]
param([string] $OptionsBase64 = '', [switch] $EmitProgress)

# Helpers shared by every NGT Prep script (facts, JSON output, errors, progress, options, names, certificates).
. (Join-Path -Path $PSScriptRoot -ChildPath 'NgtPrep.Common.ps1')

function Read-NgtPrepApplyOptions {
    $options = ConvertFrom-NgtPrepOptions $OptionsBase64
    $keySize = [int](Get-NgtPrepProperty $options 'keySize' 4096)
    if (@(2048, 3072, 4096) -notcontains $keySize) {
        Stop-NgtPrep 'OPTIONS_INVALID' ('keySize must be 2048, 3072 or 4096, not ' + $keySize + '.')
    }
    $days = [int](Get-NgtPrepProperty $options 'certValidityDays' 1095)
    if ($days -lt 1 -or $days -gt 7300) {
        Stop-NgtPrep 'OPTIONS_INVALID' ('certValidityDays must be between 1 and 7300, not ' + $days + '.')
    }
    $thumbprint = ConvertTo-NgtPrepThumbprint ([string](Get-NgtPrepProperty $options 'certThumbprint' ''))
    if ($thumbprint.Length -ne 0 -and $thumbprint.Length -ne 40) {
        Stop-NgtPrep 'OPTIONS_INVALID' 'certThumbprint must be 40 hexadecimal digits (a SHA-1 thumbprint).'
    }
    $addresses = @()
    foreach ($address in @(Get-NgtPrepProperty $options 'firewallRemoteAddresses' @())) {
        $text = ([string]$address).Trim()
        if ($text.Length -gt 0) { $addresses += $text }
    }
    return [ordered]@{
        certThumbprint          = $thumbprint
        keySize                 = $keySize
        certValidityDays        = $days
        firewallRemoteAddresses = @($addresses)
        basic                   = [bool](Get-NgtPrepProperty $options 'basic' $true)
        hostName                = ([string](Get-NgtPrepProperty $options 'hostName' '')).Trim()
        localAccountTokenFilterPolicy = [bool](Get-NgtPrepProperty $options 'localAccountTokenFilterPolicy' $false)
    }
}

function Get-NgtPrepCertificateProblem {
    # $null when WinRM can use the certificate for one of $Names; otherwise a short reason.
    param([System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate, [string[]] $Names)
    $info = ConvertTo-NgtPrepCertificateInfo $Certificate
    $now = Get-Date
    if ($Certificate.NotAfter -le $now.AddDays(1)) { return 'expired' }
    if ($Certificate.NotBefore -gt $now) { return 'not-yet-valid' }
    if ($info.privateKeyStatus -eq 'missing') { return 'no-private-key' }
    if ($info.privateKeyStatus -eq 'unreadable') { return 'private-key-unreadable' }
    if ($info.hasEkuExtension -and ($info.ekus -notcontains $NgtPrepServerAuthOid)) { return 'no-server-auth-eku' }
    if ($Names.Count -gt 0 -and -not (Test-NgtPrepCertificateNamesHost $Certificate $Names)) { return 'name-mismatch' }
    return $null
}

function New-NgtPrepCertificateWithCmdlet {
    # Windows Server 2016 / Windows 10 and later: New-SelfSignedCertificate has every parameter.
    param([string] $CommonName, [string[]] $DnsNames, [int] $KeySize, [int] $ValidityDays)
    $parameters = @{
        Subject           = 'CN=' + $CommonName
        DnsName           = $DnsNames
        CertStoreLocation = $NgtPrepMachineStore
        KeyAlgorithm      = 'RSA'
        KeyLength         = $KeySize
        HashAlgorithm     = 'SHA256'
        KeyUsage          = @('DigitalSignature', 'KeyEncipherment')
        KeyExportPolicy   = 'NonExportable'
        TextExtension     = @('2.5.29.37={text}' + $NgtPrepServerAuthOid)
        NotBefore         = (Get-Date).AddDays(-1)
        NotAfter          = (Get-Date).AddDays($ValidityDays)
        FriendlyName      = $NgtPrepCertificateFriendlyName
    }
    $certificate = New-SelfSignedCertificate @parameters
    return [string]$certificate.Thumbprint
}

function New-NgtPrepCertificateWithCertEnroll {
    # Windows Server 2012 R2: New-SelfSignedCertificate exists but cannot set the key length,
    # dates or EKU, so the certificate is built with the CertEnroll COM objects instead.
    param([string] $CommonName, [string[]] $DnsNames, [int] $KeySize, [int] $ValidityDays)
    $subject = New-Object -ComObject 'X509Enrollment.CX500DistinguishedName'
    $subject.Encode('CN=' + $CommonName, 0)

    $key = New-Object -ComObject 'X509Enrollment.CX509PrivateKey'
    $key.ProviderName = 'Microsoft Enhanced RSA and AES Cryptographic Provider'
    $key.KeySpec = 1                 # XCN_AT_KEYEXCHANGE
    $key.Length = $KeySize
    $key.MachineContext = $true      # a LocalMachine key, usable by the WinRM service
    $key.ExportPolicy = 0            # not exportable
    $key.Create()

    $serverAuth = New-Object -ComObject 'X509Enrollment.CObjectId'
    $serverAuth.InitializeFromValue($NgtPrepServerAuthOid)
    $ekuList = New-Object -ComObject 'X509Enrollment.CObjectIds'
    $ekuList.Add($serverAuth)
    $ekuExtension = New-Object -ComObject 'X509Enrollment.CX509ExtensionEnhancedKeyUsage'
    $ekuExtension.InitializeEncode($ekuList)

    $keyUsage = New-Object -ComObject 'X509Enrollment.CX509ExtensionKeyUsage'
    $keyUsage.InitializeEncode(0xA0) # digitalSignature (0x80) + keyEncipherment (0x20)
    $keyUsage.Critical = $true

    $alternativeNames = New-Object -ComObject 'X509Enrollment.CAlternativeNames'
    foreach ($dnsName in $DnsNames) {
        $alternativeName = New-Object -ComObject 'X509Enrollment.CAlternativeName'
        $alternativeName.InitializeFromString(3, $dnsName) # XCN_CERT_ALT_NAME_DNS_NAME
        $alternativeNames.Add($alternativeName)
    }
    $sanExtension = New-Object -ComObject 'X509Enrollment.CX509ExtensionAlternativeNames'
    $sanExtension.InitializeEncode($alternativeNames)

    $sha256 = New-Object -ComObject 'X509Enrollment.CObjectId'
    $sha256.InitializeFromAlgorithmName(1, 0, 0, 'SHA256')

    $request = New-Object -ComObject 'X509Enrollment.CX509CertificateRequestCertificate'
    $request.InitializeFromPrivateKey(2, $key, '') # ContextMachine
    $request.Subject = $subject
    $request.Issuer = $subject
    $request.NotBefore = (Get-Date).AddDays(-1)
    $request.NotAfter = (Get-Date).AddDays($ValidityDays)
    $request.X509Extensions.Add($ekuExtension)
    $request.X509Extensions.Add($keyUsage)
    $request.X509Extensions.Add($sanExtension)
    $request.SignatureInformation.HashAlgorithm = $sha256
    $request.Encode()

    $enrollment = New-Object -ComObject 'X509Enrollment.CX509Enrollment'
    $enrollment.InitializeFromRequest($request)
    $enrollment.CertificateFriendlyName = $NgtPrepCertificateFriendlyName
    $encoded = $enrollment.CreateRequest(1) # XCN_CRYPT_STRING_BASE64
    $enrollment.InstallResponse(2, $encoded, 1, '') # AllowUntrustedCertificate

    $bytes = [System.Convert]::FromBase64String($encoded)
    $certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList @(, $bytes)
    return [string]$certificate.Thumbprint
}

function New-NgtPrepCertificate {
    param([string] $CommonName, [string[]] $DnsNames, [int] $KeySize, [int] $ValidityDays)
    $command = Get-Command -Name 'New-SelfSignedCertificate' -ErrorAction SilentlyContinue
    $modern = $false
    if ($null -ne $command) {
        $modern = $true
        foreach ($parameterName in @('Subject', 'KeyLength', 'HashAlgorithm', 'TextExtension', 'NotBefore', 'NotAfter', 'KeyUsage')) {
            if (-not $command.Parameters.ContainsKey($parameterName)) { $modern = $false }
        }
    }
    if ($modern) {
        $thumbprint = New-NgtPrepCertificateWithCmdlet $CommonName $DnsNames $KeySize $ValidityDays
        return [ordered]@{ thumbprint = $thumbprint; method = 'New-SelfSignedCertificate' }
    }
    $thumbprint = New-NgtPrepCertificateWithCertEnroll $CommonName $DnsNames $KeySize $ValidityDays
    return [ordered]@{ thumbprint = $thumbprint; method = 'CertEnroll' }
}

function Get-NgtPrepRuleState {
    # What rollback needs to put NGT Prep's own rule back: enabled, profiles, remote addresses.
    param($Rule)
    $profiles = @(([string]$Rule.Profile) -split ',\s*' | Sort-Object)
    $addresses = @($Rule | Get-NetFirewallAddressFilter | ForEach-Object { $_.RemoteAddress } | ForEach-Object { [string]$_ })
    return [ordered]@{
        enabled         = ([string]$Rule.Enabled -eq 'True')
        profiles        = @($profiles)
        remoteAddresses = @($addresses)
    }
}

function Test-NgtPrepAllProfiles {
    param([string[]] $Profiles)
    if ($Profiles -contains 'Any') { return $true }
    foreach ($name in @('Domain', 'Private', 'Public')) {
        if ($Profiles -notcontains $name) { return $false }
    }
    return $true
}

function Test-NgtPrepSameAddresses {
    param([string[]] $Current, [string[]] $Wanted)
    $left = @($Current | ForEach-Object { ConvertTo-NgtPrepComparableAddress $_ } | Sort-Object -Unique)
    $right = @($Wanted | ForEach-Object { ConvertTo-NgtPrepComparableAddress $_ } | Sort-Object -Unique)
    return (($left -join '|') -eq ($right -join '|'))
}

function Invoke-NgtPrepApply {
    $options = Read-NgtPrepApplyOptions
    $max = 8
    $warnings = New-Object System.Collections.ArrayList

    # 1. Blockers, before anything changes ------------------------------------------------
    Write-NgtPrepProgress 'preflight' 1 $max
    if (-not (Test-NgtPrepElevated)) {
        Stop-NgtPrep 'WINDOWS_NOT_ELEVATED' 'Changing WinRM needs an elevated PowerShell (Run as administrator).'
    }
    $names = Get-NgtPrepHostNames
    $targetHost = $names.hostName
    if ($options.hostName.Length -gt 0) { $targetHost = $options.hostName }
    $dnsNames = @(@($names.hostName, $names.fqdn, $targetHost) | Where-Object { -not [string]::IsNullOrEmpty($_) } | Sort-Object -Unique)
    $expectedNames = Get-NgtPrepExpectedNames $names $options.hostName

    $policy = Get-ItemProperty -LiteralPath $NgtPrepWinRmPolicyKey -ErrorAction SilentlyContinue
    $allowBasicPolicy = Get-NgtPrepProperty $policy 'AllowBasic'
    if ($options.basic -and $null -ne $allowBasicPolicy -and [int]$allowBasicPolicy -eq 0) {
        Stop-NgtPrep 'WINRM_BASIC_GPO_BLOCKED' 'Group Policy sets AllowBasic=0 for the WinRM service, so Basic authentication cannot be turned on here. Nothing was changed.'
    }
    # A value Group Policy owns is not written: the next refresh would put the policy's back.
    if ($options.localAccountTokenFilterPolicy) {
        $tokenFilter = Get-NgtPrepTokenFilterSetting
        if ($tokenFilter.source -eq 'policy' -and $tokenFilter.value -ne 1) {
            Stop-NgtPrep 'UAC_TOKEN_FILTER_GPO_OWNED' ('Group Policy sets LocalAccountTokenFilterPolicy=' + $tokenFilter.value + ' ("Apply UAC restrictions to local accounts on network logons"), so apply does not write it. Nothing was changed.')
        }
    }
    $chosen = $null
    if ($options.certThumbprint.Length -gt 0) {
        $chosen = Find-NgtPrepCertificate $options.certThumbprint
        if ($null -eq $chosen) {
            Stop-NgtPrep 'CERT_THUMBPRINT_NOT_FOUND' ('No certificate with thumbprint ' + $options.certThumbprint + ' in Cert:\LocalMachine\My. Nothing was changed.')
        }
        $problem = Get-NgtPrepCertificateProblem $chosen @()
        if ($null -ne $problem) {
            Stop-NgtPrep 'CERT_THUMBPRINT_UNUSABLE' ('The certificate ' + $options.certThumbprint + ' cannot be used by WinRM: ' + $problem + '. Nothing was changed.')
        }
        if ($null -ne (Get-NgtPrepCertificateProblem $chosen $expectedNames)) {
            $null = $warnings.Add([ordered]@{ code = 'CERT_NAME_MISMATCH'; message = 'The chosen certificate does not name this host; clients that check names will refuse it.' })
        }
    }
    $service = Get-CimInstance -ClassName Win32_Service -Filter "Name='WinRM'"
    if ($null -eq $service) {
        Stop-NgtPrep 'WINRM_SERVICE_MISSING' 'The WinRM service is not installed on this machine. Nothing was changed.'
    }

    # 2. The before-state, saved before the first change ---------------------------------
    Write-NgtPrepProgress 'record' 2 $max
    $startType = ConvertTo-NgtPrepStartType ([string]$service.StartMode)
    $startedAt = Get-Date
    $recordId = 'apply-' + $startedAt.ToUniversalTime().ToString('yyyyMMddTHHmmssfffZ', [System.Globalization.CultureInfo]::InvariantCulture)
    $folder = Get-NgtPrepRecordFolder
    if (-not (Test-Path -LiteralPath $folder)) {
        $null = New-Item -ItemType Directory -Path $folder -Force
    }
    # Only SYSTEM and Administrators may write records that rollback will act on: set every
    # time, also on a folder that already existed (someone else may have made it first).
    Protect-NgtPrepPath (Split-Path -Parent $folder)
    Protect-NgtPrepPath $folder
    $recordPath = Join-Path $folder ($recordId + '.json')
    $existingRule = Get-NetFirewallRule -Name $NgtPrepFirewallRuleName -ErrorAction SilentlyContinue
    $ruleBefore = $null
    if ($null -ne $existingRule) { $ruleBefore = Get-NgtPrepRuleState $existingRule }
    $record = [ordered]@{
        schema       = 'ngt-prep/winrm-apply-record@1'
        id           = $recordId
        computerName = $names.hostName
        startedAt    = ConvertTo-NgtPrepIsoDate $startedAt
        finishedAt   = $null
        completed    = $false
        options      = $options
        before       = [ordered]@{
            service       = [ordered]@{ status = [string]$service.State; startType = $startType }
            httpsListener = $null
            basicAuth     = $null
            firewallRule  = $ruleBefore
        }
        changes      = New-Object System.Collections.ArrayList
    }
    $utf8 = New-Object System.Text.UTF8Encoding $false
    $saveRecord = {
        [System.IO.File]::WriteAllText($recordPath, (ConvertTo-NgtPrepAsciiJson -InputObject $record), $utf8)
    }
    & $saveRecord

    # 3. WinRM service: Automatic and running ---------------------------------------------
    Write-NgtPrepProgress 'service' 3 $max
    if ($startType -ne 'Automatic') {
        Set-Service -Name 'WinRM' -StartupType Automatic
        $null = $record.changes.Add([ordered]@{ kind = 'service-start-type'; from = $startType; to = 'Automatic' })
        & $saveRecord
    }
    if ([string]$service.State -ne 'Running') {
        Start-Service -Name 'WinRM'
        $null = $record.changes.Add([ordered]@{ kind = 'service-started'; from = [string]$service.State; to = 'Running' })
        & $saveRecord
    }

    # WSMan:\ can be read now that the service runs: complete the before-state.
    $listener = Get-NgtPrepHttpsListener
    $basicItem = Get-Item -LiteralPath 'WSMan:\localhost\Service\Auth\Basic'
    $basicBefore = ConvertTo-NgtPrepText $basicItem.Value
    $record.before.httpsListener = $listener
    $record.before.basicAuth = $basicBefore
    & $saveRecord
    if ($options.basic -and $basicBefore -ne 'true' -and [string](Get-NgtPrepProperty $basicItem 'SourceOfValue' '') -eq 'GPO') {
        Stop-NgtPrep 'WINRM_BASIC_GPO_BLOCKED' 'Group Policy owns the WinRM Basic authentication setting (SourceOfValue = GPO) and keeps it off.'
    }

    # 4. Certificate ------------------------------------------------------------------------
    Write-NgtPrepProgress 'certificate' 4 $max
    $certificate = $null
    $certificateSource = $null
    $creationMethod = $null
    if ($null -ne $chosen) {
        $certificate = $chosen
        $certificateSource = 'thumbprint'
    }
    if ($null -eq $certificate -and $null -ne $listener -and -not [string]::IsNullOrEmpty($listener.certificateThumbprint)) {
        $current = Find-NgtPrepCertificate ([string]$listener.certificateThumbprint)
        if ($null -ne $current -and $null -eq (Get-NgtPrepCertificateProblem $current $expectedNames)) {
            $certificate = $current
            $certificateSource = 'listener'
        }
    }
    if ($null -eq $certificate) {
        foreach ($candidate in @(Get-ChildItem -LiteralPath $NgtPrepMachineStore | Where-Object { $_.FriendlyName -eq $NgtPrepCertificateFriendlyName } | Sort-Object NotAfter -Descending)) {
            if ($null -eq $certificate -and $null -eq (Get-NgtPrepCertificateProblem $candidate $expectedNames)) {
                $certificate = $candidate
                $certificateSource = 'earlier-ngt-prep'
            }
        }
    }
    if ($null -eq $certificate) {
        $created = New-NgtPrepCertificate $targetHost $dnsNames $options.keySize $options.certValidityDays
        $certificate = Find-NgtPrepCertificate $created.thumbprint
        if ($null -eq $certificate) {
            Stop-NgtPrep 'CERT_CREATE_FAILED' 'The new certificate was not found in Cert:\LocalMachine\My after it was created.'
        }
        $certificateSource = 'created'
        $creationMethod = $created.method
        $null = $record.changes.Add([ordered]@{
                kind       = 'certificate-created'
                thumbprint = [string]$certificate.Thumbprint
                subject    = [string]$certificate.Subject
                notAfter   = ConvertTo-NgtPrepIsoDate $certificate.NotAfter
                method     = $creationMethod
            })
        & $saveRecord
    }
    $thumbprint = [string]$certificate.Thumbprint

    # WSMan refuses an HTTPS listener whose Hostname is not the certificate's CN ("The certificate
    # CN and the hostname that were provided do not match"), whatever the SAN holds.
    $listenerHost = Get-NgtPrepCertificateCommonName $certificate

    # 5. HTTPS listener -----------------------------------------------------------------------
    Write-NgtPrepProgress 'listener' 5 $max
    $selector = @{ Address = '*'; Transport = 'HTTPS' }
    if ($null -eq $listener) {
        try {
            $null = New-WSManInstance -ResourceURI $NgtPrepListenerResource -SelectorSet $selector -ValueSet @{ Hostname = $listenerHost; CertificateThumbprint = $thumbprint }
        }
        catch {
            Stop-NgtPrep 'WINRM_LISTENER_FAILED' ('The HTTPS listener could not be created: ' + $_.Exception.Message)
        }
        $null = $record.changes.Add([ordered]@{ kind = 'listener-created'; address = '*'; transport = 'HTTPS'; hostname = $listenerHost; certificateThumbprint = $thumbprint })
        & $saveRecord
    }
    else {
        $sameThumbprint = [string]::Equals([string]$listener.certificateThumbprint, $thumbprint, [System.StringComparison]::OrdinalIgnoreCase)
        $sameHost = [string]::Equals([string]$listener.hostname, $listenerHost, [System.StringComparison]::OrdinalIgnoreCase)
        if (-not ($sameThumbprint -and $sameHost -and $listener.enabled)) {
            try {
                $null = Set-WSManInstance -ResourceURI $NgtPrepListenerResource -SelectorSet $selector -ValueSet @{ Hostname = $listenerHost; CertificateThumbprint = $thumbprint; Enabled = 'true' }
            }
            catch {
                Stop-NgtPrep 'WINRM_LISTENER_FAILED' ('The HTTPS listener could not be changed: ' + $_.Exception.Message)
            }
            $null = $record.changes.Add([ordered]@{
                    kind      = 'listener-updated'
                    address   = '*'
                    transport = 'HTTPS'
                    from      = [ordered]@{ hostname = $listener.hostname; certificateThumbprint = $listener.certificateThumbprint; enabled = $listener.enabled }
                    to        = [ordered]@{ hostname = $listenerHost; certificateThumbprint = $thumbprint; enabled = $true }
                })
            & $saveRecord
        }
    }

    # 6. Basic authentication -------------------------------------------------------------------
    Write-NgtPrepProgress 'authentication' 6 $max
    if ($options.basic -and $basicBefore -ne 'true') {
        Set-Item -LiteralPath 'WSMan:\localhost\Service\Auth\Basic' -Value 'true'
        $null = $record.changes.Add([ordered]@{ kind = 'basic-auth'; from = $basicBefore; to = 'true' })
        & $saveRecord
    }

    # 7. Firewall rule for TCP 5986 on Domain, Private and Public ---------------------------------
    Write-NgtPrepProgress 'firewall' 7 $max
    $firewallProfiles = Get-NgtPrepFirewallProfiles
    foreach ($firewallProfile in $firewallProfiles) {
        if ($firewallProfile.allowLocalFirewallRules -eq 'False') {
            $null = $warnings.Add([ordered]@{ code = 'FIREWALL_LOCAL_RULES_IGNORED'; message = ('Group Policy sets AllowLocalFirewallRules=False on the ' + $firewallProfile.name + ' profile: the rule NGT Prep makes is ignored there; open TCP 5986 in the Group Policy firewall rules.') })
        }
    }
    $wantedAddresses = @('Any')
    if ($options.firewallRemoteAddresses.Count -gt 0) { $wantedAddresses = @($options.firewallRemoteAddresses) }
    $allProfiles = 'Domain, Private, Public'
    $firewallAction = 'unchanged'
    $coveringRules = @()
    if ($null -ne $existingRule) {
        $sameRule = $ruleBefore.enabled -and (Test-NgtPrepAllProfiles $ruleBefore.profiles) -and (Test-NgtPrepSameAddresses $ruleBefore.remoteAddresses $wantedAddresses)
        if (-not $sameRule) {
            Set-NetFirewallRule -Name $NgtPrepFirewallRuleName -Enabled True -Profile $allProfiles -RemoteAddress $wantedAddresses
            $after = Get-NgtPrepRuleState (Get-NetFirewallRule -Name $NgtPrepFirewallRuleName)
            $null = $record.changes.Add([ordered]@{ kind = 'firewall-rule-updated'; name = $NgtPrepFirewallRuleName; from = $ruleBefore; to = $after })
            & $saveRecord
            $firewallAction = 'updated'
        }
    }
    else {
        if ($options.firewallRemoteAddresses.Count -eq 0) {
            # Rules that already let everyone reach 5986 on every profile (as the ActiveStore
            # applies them: Block rules and AllowLocalFirewallRules included) are enough.
            $coverage = Get-NgtPrepFirewallCoverage (Get-NgtPrepFirewallRules) $firewallProfiles $NgtPrepWinRmHttpsPort @('Any')
            if (@($coverage.covered).Count -eq 3) { $coveringRules = @($coverage.openingRules) }
        }
        if ($coveringRules.Count -gt 0) {
            $firewallAction = 'covered-by-existing'
        }
        else {
            $ruleParameters = @{
                Name          = $NgtPrepFirewallRuleName
                DisplayName   = 'NGT Prep - WinRM HTTPS (TCP ' + $NgtPrepWinRmHttpsPort + ' in)'
                Description   = 'Lets Prism Central reach WinRM over HTTPS to install Nutanix Guest Tools. Created by NGT Prep.'
                Group         = $NgtPrepFirewallRuleGroup
                Direction     = 'Inbound'
                Protocol      = 'TCP'
                LocalPort     = @([string]$NgtPrepWinRmHttpsPort)
                Action        = 'Allow'
                Profile       = $allProfiles
                RemoteAddress = $wantedAddresses
                Enabled       = 'True'
            }
            $null = New-NetFirewallRule @ruleParameters
            $null = $record.changes.Add([ordered]@{ kind = 'firewall-rule-created'; name = $NgtPrepFirewallRuleName; displayName = $ruleParameters.DisplayName })
            & $saveRecord
            $firewallAction = 'created'
        }
    }

    # 8. LocalAccountTokenFilterPolicy, only when asked ----------------------------------------
    Write-NgtPrepProgress 'tokenFilter' 8 $max
    if ($options.localAccountTokenFilterPolicy) {
        $tokenFilterBefore = Get-NgtPrepTokenFilterPolicy
        if ($tokenFilterBefore -ne 1) {
            Set-NgtPrepTokenFilterPolicy 1
            $null = $record.changes.Add([ordered]@{ kind = 'token-filter-policy'; from = $tokenFilterBefore; to = 1 })
            & $saveRecord
        }
    }

    # Done: keep the record only when something changed (rollback has nothing to undo otherwise).
    $record.finishedAt = ConvertTo-NgtPrepIsoDate (Get-Date)
    $record.completed = $true
    $changed = ($record.changes.Count -gt 0)
    $keptRecordPath = $null
    if ($changed) {
        & $saveRecord
        $keptRecordPath = $recordPath
    }
    else {
        Remove-Item -LiteralPath $recordPath -Force
    }
    $finalListener = Get-NgtPrepHttpsListener
    return [ordered]@{
        ok            = $true
        script        = $NgtPrepScriptName
        schemaVersion = 1
        changed       = $changed
        recordPath    = $keptRecordPath
        record        = $record
        certificate   = [ordered]@{
            source   = $certificateSource
            method   = $creationMethod
            info     = ConvertTo-NgtPrepCertificateInfo $certificate
        }
        listener      = $finalListener
        firewall      = [ordered]@{ ruleName = $NgtPrepFirewallRuleName; action = $firewallAction; coveringRules = @($coveringRules) }
        warnings      = @($warnings)
    }
}

Invoke-NgtPrepMain 'Set-NgtPrepWinRm' ([bool]$EmitProgress) { Invoke-NgtPrepApply }
