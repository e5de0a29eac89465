<#
.SYNOPSIS
    NGT Prep local verify: proves, from inside this machine, that the WinRM HTTPS listener is
    ready for Prism Central. Read-only.

.DESCRIPTION
    Checks:
      listener-present      an HTTPS listener on Address=* exists
      listener-enabled      it is enabled
      certificate-valid     its thumbprint names a certificate in Cert:\LocalMachine\My that is
                            in date, has a private key that opens and the Server Authentication EKU
      certificate-name      the certificate carries this host name (CN or SAN)
      port-listening        something listens on the listener's TCP port (5986)
      firewall-profiles     an enabled inbound Allow rule opens that port on the Domain, Private
                            and Public profiles

    NGT Prep then adds the outside-in proof (TLS handshake and an unauthenticated
    WS-Management Identify), the way Prism Central sees the machine.

    Output: exactly ONE line of JSON on standard output. Errors are JSON too:
    { "ok": false, "error": { "code", "message" } }.

.PARAMETER OptionsBase64
    Optional Base64 of UTF-8 JSON: { "hostName": "name the certificate must carry" }.
    Values arrive as data only; they are never run as code.

.PARAMETER EmitProgress
    Writes "##ngtprep:progress {json}" lines on standard error for NGT Prep's progress bar.
#>
[CmdletBinding()]
param(
    [Parameter()] [string] $OptionsBase64 = '',
    [Parameter()] [switch] $EmitProgress
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$NgtPrepScriptName = 'Test-NgtPrepWinRm'
$NgtPrepEmitProgress = [bool]$EmitProgress
$NgtPrepServerAuthOid = '1.3.6.1.5.5.7.3.1'

#region Common helpers (the same block is in every NGT Prep script)

function ConvertTo-NgtPrepAsciiJson {
    # ConvertTo-Json on Windows PowerShell 5.1 writes non-ASCII characters as they are and the
    # console code page can mangle them. Escaping them as \uXXXX keeps the output pure ASCII.
    param([Parameter(Mandatory = $true)] [AllowNull()] $InputObject)
    $json = ConvertTo-Json -InputObject $InputObject -Depth 8 -Compress
    $evaluator = [System.Text.RegularExpressions.MatchEvaluator] {
        param($match)
        '\u{0:x4}' -f [int][char]$match.Value
    }
    return [System.Text.RegularExpressions.Regex]::Replace($json, '[^\u0000-\u007F]', $evaluator)
}

function Stop-NgtPrep {
    # Ends the script with a stable error code that NGT Prep maps to a message and a remedy.
    param([string] $Code, [string] $Message)
    $exception = New-Object System.InvalidOperationException $Message
    $exception.Data['NgtPrepCode'] = $Code
    throw $exception
}

function ConvertTo-NgtPrepError {
    param($ErrorRecord)
    $exception = $ErrorRecord.Exception
    $code = 'SCRIPT_FAILED'
    if ($null -ne $exception -and $exception.Data.Contains('NgtPrepCode')) {
        $code = [string]$exception.Data['NgtPrepCode']
    }
    elseif ($exception -is [System.UnauthorizedAccessException]) {
        $code = 'WINDOWS_ACCESS_DENIED'
    }
    $where = $null
    if ($null -ne $ErrorRecord.InvocationInfo) { $where = [string]$ErrorRecord.InvocationInfo.PositionMessage }
    return [ordered]@{
        ok            = $false
        script        = $NgtPrepScriptName
        schemaVersion = 1
        error         = [ordered]@{ code = $code; message = [string]$exception.Message; detail = $where }
    }
}

function ConvertFrom-NgtPrepOptions {
    # Options arrive as Base64 UTF-8 JSON so that no value is ever part of PowerShell code.
    param([string] $Base64)
    if ([string]::IsNullOrWhiteSpace($Base64)) { return (New-Object PSObject) }
    try {
        $text = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($Base64))
        $parsed = ConvertFrom-Json -InputObject $text
    }
    catch {
        Stop-NgtPrep 'OPTIONS_INVALID' ('The options are not Base64-encoded JSON: ' + $_.Exception.Message)
    }
    if ($null -eq $parsed) { return (New-Object PSObject) }
    return $parsed
}

function Get-NgtPrepProperty {
    # Reads a property that may be absent (Set-StrictMode would stop on a missing one).
    param($Object, [string] $Name, $Default = $null)
    if ($null -eq $Object) { return $Default }
    if ($Object -is [System.Collections.IDictionary]) {
        if ($Object.Contains($Name)) { return $Object[$Name] }
        return $Default
    }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property -or $null -eq $property.Value) { return $Default }
    return $property.Value
}

function ConvertTo-NgtPrepText {
    # WSMan objects hold XML elements; this returns their text, or $null when empty or nil.
    param($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Xml.XmlElement]) {
        if ($Value.HasAttribute('nil', 'http://www.w3.org/2001/XMLSchema-instance')) { return $null }
        return [string]$Value.InnerText
    }
    return [string]$Value
}

function ConvertTo-NgtPrepIsoDate {
    # Dates travel as UTC ISO 8601 text, never as the "\/Date(...)\/" form of ConvertTo-Json.
    param($Value)
    if ($null -eq $Value) { return $null }
    return ([datetime]$Value).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
}

function Test-NgtPrepElevated {
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object System.Security.Principal.WindowsPrincipal $identity
    return $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}

function Write-NgtPrepProgress {
    # Progress for NGT Prep goes to standard error, so standard output stays one JSON object.
    param([string] $Step, [int] $Current, [int] $Max)
    if ($NgtPrepEmitProgress) {
        $line = ConvertTo-NgtPrepAsciiJson -InputObject ([ordered]@{ step = $Step; current = $Current; max = $Max })
        [Console]::Error.WriteLine('##ngtprep:progress ' + $line)
    }
}

function Get-NgtPrepHostNames {
    # The DNS host name (proper case) and the FQDN built from the primary DNS suffix.
    $tcpip = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters' -ErrorAction SilentlyContinue
    $short = [string](Get-NgtPrepProperty $tcpip 'Hostname' $env:COMPUTERNAME)
    $domain = [string](Get-NgtPrepProperty $tcpip 'Domain' '')
    if ([string]::IsNullOrEmpty($domain)) { $domain = [string](Get-NgtPrepProperty $tcpip 'NV Domain' '') }
    $fqdn = $short
    if (-not [string]::IsNullOrEmpty($domain)) { $fqdn = $short + '.' + $domain }
    return [ordered]@{ hostName = $short; domain = $domain; fqdn = $fqdn; netbiosName = [string]$env:COMPUTERNAME }
}

function ConvertTo-NgtPrepCertificateInfo {
    # Describes one certificate: names, Server Authentication EKU, dates and private key state.
    param([System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate)
    $ekus = @()
    foreach ($extension in $Certificate.Extensions) {
        if ($extension.Oid.Value -eq '2.5.29.37') {
            foreach ($oid in $extension.EnhancedKeyUsages) { $ekus += [string]$oid.Value }
        }
    }
    $hasEkuExtension = $false
    foreach ($extension in $Certificate.Extensions) {
        if ($extension.Oid.Value -eq '2.5.29.37') { $hasEkuExtension = $true }
    }
    $dnsNames = @()
    foreach ($dnsName in @(Get-NgtPrepProperty $Certificate 'DnsNameList' @())) {
        if ($null -ne $dnsName) { $dnsNames += [string](Get-NgtPrepProperty $dnsName 'Unicode' $dnsName) }
    }
    # "present": the key opens; "missing": Windows says there is none; "unreadable": Windows says
    # there is one but it cannot be opened (a typical left-over of sysprep or a partial import).
    $keyStatus = 'missing'
    if ($Certificate.HasPrivateKey) {
        $keyStatus = 'unknown'
        $rsaExtensions = 'System.Security.Cryptography.X509Certificates.RSACertificateExtensions' -as [type]
        try {
            if ($null -ne $rsaExtensions) {
                $key = $rsaExtensions::GetRSAPrivateKey($Certificate)
                if ($null -ne $key) { $keyStatus = 'present' }
            }
            else {
                if ($null -ne $Certificate.PrivateKey) { $keyStatus = 'present' }
            }
        }
        catch {
            $keyStatus = 'unreadable'
        }
    }
    $keySize = $null
    try { $keySize = [int]$Certificate.PublicKey.Key.KeySize } catch { $keySize = $null }
    return [ordered]@{
        thumbprint         = [string]$Certificate.Thumbprint
        subject            = [string]$Certificate.Subject
        issuer             = [string]$Certificate.Issuer
        friendlyName       = [string]$Certificate.FriendlyName
        dnsNames           = @($dnsNames)
        ekus               = @($ekus)
        hasEkuExtension    = $hasEkuExtension
        notBefore          = ConvertTo-NgtPrepIsoDate $Certificate.NotBefore
        notAfter           = ConvertTo-NgtPrepIsoDate $Certificate.NotAfter
        hasPrivateKey      = [bool]$Certificate.HasPrivateKey
        privateKeyStatus   = $keyStatus
        keyAlgorithm       = [string]$Certificate.PublicKey.Oid.FriendlyName
        keySize            = $keySize
        signatureAlgorithm = [string]$Certificate.SignatureAlgorithm.FriendlyName
        selfSigned         = ($Certificate.Subject -eq $Certificate.Issuer)
    }
}

function Get-NgtPrepFirewallRules {
    # Every firewall rule (effective store: local and Group Policy) naming TCP 5985 or 5986.
    $result = @()
    $filters = @(Get-NetFirewallPortFilter -PolicyStore ActiveStore | Where-Object { [string]$_.Protocol -eq 'TCP' })
    foreach ($filter in $filters) {
        $ports = @($filter.LocalPort | ForEach-Object { [string]$_ })
        $covers = $false
        foreach ($port in $ports) {
            if ($port -eq '5985' -or $port -eq '5986') { $covers = $true }
            elseif ($port -match '^(\d+)-(\d+)$') {
                $low = [int]$Matches[1]
                $high = [int]$Matches[2]
                if (($low -le 5985 -and $high -ge 5985) -or ($low -le 5986 -and $high -ge 5986)) { $covers = $true }
            }
        }
        if (-not $covers) { continue }
        foreach ($rule in @($filter | Get-NetFirewallRule)) {
            $addresses = @($rule | Get-NetFirewallAddressFilter | ForEach-Object { $_.RemoteAddress } | ForEach-Object { [string]$_ })
            $profileText = [string]$rule.Profile
            $profiles = @($profileText -split ',\s*')
            $result += [ordered]@{
                name            = [string]$rule.Name
                displayName     = [string]$rule.DisplayName
                group           = [string]$rule.DisplayGroup
                enabled         = ([string]$rule.Enabled -eq 'True')
                direction       = [string]$rule.Direction
                action          = [string]$rule.Action
                profiles        = @($profiles)
                localPorts      = @($ports)
                remoteAddresses = @($addresses)
                source          = [string]$rule.PolicyStoreSourceType
            }
        }
    }
    return , $result
}

#endregion Common helpers

function Test-NgtPrepPortInList {
    # True when a firewall LocalPort list ("5986", "5985-5986", "Any") opens the port.
    param([string[]] $Ports, [int] $Port)
    foreach ($entry in $Ports) {
        if ($entry -eq 'Any' -or $entry -eq [string]$Port) { return $true }
        if ($entry -match '^(\d+)-(\d+)$' -and [int]$Matches[1] -le $Port -and [int]$Matches[2] -ge $Port) { return $true }
    }
    return $false
}

function Invoke-NgtPrepVerify {
    $options = ConvertFrom-NgtPrepOptions $OptionsBase64
    $max = 4
    $checks = New-Object System.Collections.ArrayList
    $addCheck = {
        param([string] $Id, [bool] $Passed, [string] $Code)
        $null = $checks.Add([ordered]@{ id = $Id; passed = $Passed; code = $Code })
    }
    if (-not (Test-NgtPrepElevated)) {
        Stop-NgtPrep 'WINDOWS_NOT_ELEVATED' 'Reading the WinRM configuration needs an elevated PowerShell (Run as administrator).'
    }
    $names = Get-NgtPrepHostNames
    $expectedNames = @(@($names.hostName, $names.fqdn, [string](Get-NgtPrepProperty $options 'hostName' '')) | Where-Object { -not [string]::IsNullOrEmpty($_) })

    # Listener -----------------------------------------------------------------------------
    Write-NgtPrepProgress 'listener' 1 $max
    $service = Get-Service -Name 'WinRM' -ErrorAction SilentlyContinue
    $listener = $null
    if ($null -ne $service -and [string]$service.Status -eq 'Running') {
        foreach ($candidate in @(Get-WSManInstance -ResourceURI 'winrm/config/Listener' -Enumerate)) {
            $address = ConvertTo-NgtPrepText (Get-NgtPrepProperty $candidate 'Address')
            $transport = ConvertTo-NgtPrepText (Get-NgtPrepProperty $candidate 'Transport')
            if ($address -eq '*' -and $transport -eq 'HTTPS') {
                $listener = [ordered]@{
                    address               = $address
                    transport             = $transport
                    port                  = [int](ConvertTo-NgtPrepText (Get-NgtPrepProperty $candidate 'Port' '5986'))
                    hostname              = ConvertTo-NgtPrepText (Get-NgtPrepProperty $candidate 'Hostname')
                    certificateThumbprint = ConvertTo-NgtPrepText (Get-NgtPrepProperty $candidate 'CertificateThumbprint')
                    enabled               = ((ConvertTo-NgtPrepText (Get-NgtPrepProperty $candidate 'Enabled')) -eq 'true')
                }
            }
        }
    }
    & $addCheck 'listener-present' ($null -ne $listener) 'WINRM_NO_HTTPS_LISTENER'
    & $addCheck 'listener-enabled' (($null -ne $listener) -and $listener.enabled) 'LISTENER_DISABLED'
    $port = 5986
    if ($null -ne $listener -and $listener.port -gt 0) { $port = $listener.port }

    # Certificate ---------------------------------------------------------------------------
    Write-NgtPrepProgress 'certificate' 2 $max
    $certificateInfo = $null
    $certificateValid = $false
    $certificateNamed = $false
    if ($null -ne $listener -and -not [string]::IsNullOrEmpty($listener.certificateThumbprint)) {
        $thumbprint = ([string]$listener.certificateThumbprint).ToUpperInvariant()
        $certificate = Get-ChildItem -LiteralPath 'Cert:\LocalMachine\My' | Where-Object { $_.Thumbprint -eq $thumbprint } | Select-Object -First 1
        if ($null -ne $certificate) {
            $certificateInfo = ConvertTo-NgtPrepCertificateInfo $certificate
            $now = Get-Date
            $certificateValid = ($certificate.NotBefore -le $now) -and ($certificate.NotAfter -gt $now) -and ($certificateInfo.privateKeyStatus -ne 'missing') -and ($certificateInfo.privateKeyStatus -ne 'unreadable') -and ((-not $certificateInfo.hasEkuExtension) -or ($certificateInfo.ekus -contains $NgtPrepServerAuthOid))
            $certificateNames = @($certificate.GetNameInfo([System.Security.Cryptography.X509Certificates.X509NameType]::SimpleName, $false)) + @($certificateInfo.dnsNames)
            foreach ($expected in $expectedNames) {
                foreach ($certificateName in $certificateNames) {
                    if ([string]::Equals($expected, [string]$certificateName, [System.StringComparison]::OrdinalIgnoreCase)) { $certificateNamed = $true }
                }
            }
        }
    }
    & $addCheck 'certificate-valid' $certificateValid 'CERT_INVALID'
    & $addCheck 'certificate-name' $certificateNamed 'LISTENER_HOSTNAME_MISMATCH'

    # Port ------------------------------------------------------------------------------------
    Write-NgtPrepProgress 'port' 3 $max
    $localAddresses = @()
    $connections = @(Get-NetTCPConnection -State Listen -LocalPort $port -ErrorAction SilentlyContinue)
    foreach ($connection in $connections) { $localAddresses += [string]$connection.LocalAddress }
    & $addCheck 'port-listening' ($connections.Count -gt 0) 'PORT_NOT_LISTENING'

    # Firewall --------------------------------------------------------------------------------
    Write-NgtPrepProgress 'firewall' 4 $max
    $rules = Get-NgtPrepFirewallRules
    $covered = @()
    $openingRules = @()
    foreach ($rule in $rules) {
        if ($rule.enabled -and $rule.direction -eq 'Inbound' -and $rule.action -eq 'Allow' -and (Test-NgtPrepPortInList $rule.localPorts $port)) {
            $openingRules += $rule.name
            foreach ($name in @('Domain', 'Private', 'Public')) {
                if (($rule.profiles -contains 'Any' -or $rule.profiles -contains $name) -and $covered -notcontains $name) { $covered += $name }
            }
        }
    }
    & $addCheck 'firewall-profiles' ($covered.Count -eq 3) 'FIREWALL_PROFILES_PARTIAL'

    $passed = $true
    foreach ($check in $checks) { if (-not $check.passed) { $passed = $false } }
    return [ordered]@{
        ok            = $true
        script        = $NgtPrepScriptName
        schemaVersion = 1
        collectedAt   = ConvertTo-NgtPrepIsoDate (Get-Date)
        computer      = $names
        listener      = $listener
        certificate   = $certificateInfo
        tcp           = [ordered]@{ port = $port; listening = ($connections.Count -gt 0); localAddresses = @($localAddresses | Sort-Object -Unique) }
        firewall      = [ordered]@{ rules = $rules; openingRules = @($openingRules); coveredProfiles = @($covered) }
        checks        = @($checks)
        passed        = $passed
    }
}

trap {
    Write-Output (ConvertTo-NgtPrepAsciiJson -InputObject (ConvertTo-NgtPrepError $_))
    continue
}

try {
    $result = Invoke-NgtPrepVerify
    Write-Output (ConvertTo-NgtPrepAsciiJson -InputObject $result)
}
catch {
    Write-Output (ConvertTo-NgtPrepAsciiJson -InputObject (ConvertTo-NgtPrepError $_))
}
