<#
.SYNOPSIS
    What every NGT Prep script shares: the names and numbers NGT Prep gives to what it reads and
    creates, one JSON line of output, errors with stable codes, progress lines, decoding the
    Base64 options, host names, listeners and certificate facts.

.DESCRIPTION
    Dot-sourced by Get-NgtPrepState.ps1, Set-NgtPrepWinRm.ps1, Test-NgtPrepWinRm.ps1 and
    Undo-NgtPrepWinRm.ps1 from their own folder; embedded once in exported scripts. It sets the
    strict mode and preferences of the script that loads it and defines the facts below and
    functions; it changes nothing on the machine.

    Every script takes the same two parameters:
      -OptionsBase64   Base64 of UTF-8 JSON with that script's options. Values arrive as data
                       only; they are never run as code.
      -EmitProgress    Writes "##ngtprep:progress {json}" lines on standard error for NGT Prep's
                       progress bar (Write-NgtPrepProgress).
    and ends with Invoke-NgtPrepMain, which prints exactly one line of JSON.
#>

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

#region Facts: one place for each name and number the scripts share
# test/unit/windows/scriptFacts.test.ts compares these with the TypeScript side's constants.

$NgtPrepWinRmHttpPort = 5985
$NgtPrepWinRmHttpsPort = 5986
# The NGT agent reaches the cluster's virtual IP on this TCP port (ngt_config.json may say otherwise).
$NgtPrepNgtClusterPort = 2074
# Extended key usage "Server Authentication", which a WinRM HTTPS certificate needs.
$NgtPrepServerAuthOid = '1.3.6.1.5.5.7.3.1'
# Names NGT Prep gives to what it creates, so that rollback can recognise them.
$NgtPrepFirewallRuleName = 'NGTPrep-WinRM-HTTPS-In'
$NgtPrepFirewallRuleGroup = 'NGT Prep'
$NgtPrepCertificateFriendlyName = 'NGT Prep WinRM HTTPS'
$NgtPrepFirstBootTaskName = 'NGT Prep WinRM first boot'
$NgtPrepFirstBootScriptName = 'FirstBoot-NgtPrepWinRm.ps1'
# Each start that repairs the listener logs to %ProgramData%\NGT Prep\firstboot-<time>.json.
$NgtPrepFirstBootLogPrefix = 'firstboot-'
# %ProgramData%\NGT Prep holds the apply records (winrm\apply-*.json) and the first-boot files.
$NgtPrepDataFolderName = 'NGT Prep'
$NgtPrepRecordFolderName = 'winrm'
# Where Windows keeps what the scripts read.
$NgtPrepMachineStore = 'Cert:\LocalMachine\My'
$NgtPrepListenerResource = 'winrm/config/Listener'
$NgtPrepWinRmPolicyKey = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\WinRM\Service'
# UAC remote restrictions: LocalAccountTokenFilterPolicy lives under this key (1 = a full token
# for every local administrator over the network; 0 or absent = only the built-in Administrator).
$NgtPrepUacPolicySubkey = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System'
# "Deny access to this computer from the network" holding one of these refuses local accounts:
# Local account, and Local account and member of Administrators group.
$NgtPrepLocalAccountSid = 'S-1-5-113'
$NgtPrepLocalAdministratorSid = 'S-1-5-114'

function Get-NgtPrepDataFolder {
    # %ProgramData%\NGT Prep (read at each call: %ProgramData% is the machine's, not a constant).
    return (Join-Path $env:ProgramData $NgtPrepDataFolderName)
}

function Get-NgtPrepRecordFolder {
    # Where apply saves its records and rollback finds them.
    return (Join-Path (Get-NgtPrepDataFolder) $NgtPrepRecordFolderName)
}

function Get-NgtPrepFirstBootScriptPath {
    # The golden image's copy of the exported script that the start-up task runs.
    return (Join-Path (Get-NgtPrepDataFolder) $NgtPrepFirstBootScriptName)
}

#endregion Facts

#region Common helpers

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

function Invoke-NgtPrepMain {
    # Runs a script's body and prints its ONE line of JSON: the body's result, or the error object
    # with its stable code. The name and progress switch are read by the helpers below.
    param([string] $ScriptName, [bool] $EmitProgress, [scriptblock] $Body)
    $NgtPrepScriptName = $ScriptName
    $NgtPrepEmitProgress = $EmitProgress
    # Last resort: anything not caught below still ends as one JSON error object.
    trap {
        Write-Output (ConvertTo-NgtPrepAsciiJson -InputObject (ConvertTo-NgtPrepError $_))
        continue
    }
    try {
        $result = & $Body
        Write-Output (ConvertTo-NgtPrepAsciiJson -InputObject $result)
    }
    catch {
        Write-Output (ConvertTo-NgtPrepAsciiJson -InputObject (ConvertTo-NgtPrepError $_))
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

function ConvertTo-NgtPrepThumbprint {
    # Hex digits only, upper case: thumbprints copied from the certificate dialog carry spaces
    # and an invisible left-to-right mark.
    param([string] $Text)
    return ([string]$Text -replace '[^0-9A-Fa-f]', '').ToUpperInvariant()
}

function ConvertTo-NgtPrepStartType {
    # Win32_Service says "Auto"; Set-Service and NGT Prep say "Automatic".
    param([string] $StartMode)
    if ($StartMode -eq 'Auto') { return 'Automatic' }
    return $StartMode
}

function ConvertTo-NgtPrepListenerInfo {
    # One WSMan listener as NGT Prep reports it. Windows prints empty elements (Hostname and
    # CertificateThumbprint of an HTTP listener) as "" and nil ones as null: both read as text.
    param($Listener)
    return [ordered]@{
        address               = ConvertTo-NgtPrepText (Get-NgtPrepProperty $Listener 'Address')
        transport             = ConvertTo-NgtPrepText (Get-NgtPrepProperty $Listener 'Transport')
        port                  = [int](ConvertTo-NgtPrepText (Get-NgtPrepProperty $Listener 'Port' '0'))
        hostname              = ConvertTo-NgtPrepText (Get-NgtPrepProperty $Listener 'Hostname')
        enabled               = ((ConvertTo-NgtPrepText (Get-NgtPrepProperty $Listener 'Enabled')) -eq 'true')
        urlPrefix             = ConvertTo-NgtPrepText (Get-NgtPrepProperty $Listener 'URLPrefix')
        certificateThumbprint = ConvertTo-NgtPrepText (Get-NgtPrepProperty $Listener 'CertificateThumbprint')
        listeningOn           = @(@(Get-NgtPrepProperty $Listener 'ListeningOn' @()) | ForEach-Object { ConvertTo-NgtPrepText $_ })
        source                = ConvertTo-NgtPrepText (Get-NgtPrepProperty $Listener 'Source')
    }
}

function Get-NgtPrepListeners {
    # Every WinRM listener (needs the WinRM service running).
    $list = @()
    foreach ($listener in @(Get-WSManInstance -ResourceURI $NgtPrepListenerResource -Enumerate)) { $list += ConvertTo-NgtPrepListenerInfo $listener }
    return , $list
}

function Get-NgtPrepHttpsListener {
    # The HTTPS listener on all addresses (Address=*), the one Prism Central uses, or $null.
    $listeners = Get-NgtPrepListeners
    foreach ($listener in $listeners) {
        if ($listener.address -eq '*' -and $listener.transport -eq 'HTTPS') { return $listener }
    }
    return $null
}

function Find-NgtPrepCertificate {
    # The certificate with this thumbprint in Cert:\LocalMachine\My, or $null.
    param([string] $Thumbprint)
    if ([string]::IsNullOrEmpty($Thumbprint)) { return $null }
    return (Get-ChildItem -LiteralPath $NgtPrepMachineStore | Where-Object { $_.Thumbprint -eq $Thumbprint } | Select-Object -First 1)
}

function ConvertTo-NgtPrepIsoDate {
    # Dates travel as UTC ISO 8601 text, never as the "\/Date(...)\/" form of ConvertTo-Json.
    param($Value)
    if ($null -eq $Value) { return $null }
    return ([datetime]$Value).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
}

function Test-NgtPrepElevated {
    # An elevated token carries the High (S-1-16-12288) or System (S-1-16-16384) mandatory label.
    # whoami /groups prints SIDs, which no display language translates.
    foreach ($line in @(whoami.exe /groups /fo csv /nh)) {
        if ([string]$line -match '"S-1-16-(12288|16384)"') { return $true }
    }
    return $false
}

function Protect-NgtPrepPath {
    # Gives a folder or file of NGT Prep's the protected DACL and owner, whatever it had before.
    # Owner Administrators; full control for SYSTEM and Administrators only; inheritance cut.
    param([string] $Path)
    $sddl = 'O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)'
    if (Test-Path -LiteralPath $Path -PathType Container) { $sddl = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)' }
    $acl = Get-Acl -LiteralPath $Path
    $acl.SetSecurityDescriptorSddlForm($sddl)
    Set-Acl -LiteralPath $Path -AclObject $acl
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

function Read-NgtPrepDerLength {
    # One DER length (short or long form) at $Position, which moves past it.
    param([byte[]] $Bytes, [ref] $Position)
    $first = [int]$Bytes[$Position.Value]
    $Position.Value++
    if ($first -lt 0x80) { return $first }
    $length = 0
    for ($i = 0; $i -lt ($first -band 0x7F); $i++) {
        $length = ($length * 256) + [int]$Bytes[$Position.Value]
        $Position.Value++
    }
    return $length
}

function Get-NgtPrepSanDnsNames {
    # The DNS names of the Subject Alternative Name extension (2.5.29.17), decoded from its DER
    # bytes. The certificate provider's DnsNameList parses the extension's English text in
    # Windows PowerShell 5.1 and comes back empty on a French or Japanese Windows.
    param([System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate)
    $names = @()
    foreach ($extension in $Certificate.Extensions) {
        if ($extension.Oid.Value -ne '2.5.29.17') { continue }
        $bytes = [byte[]]$extension.RawData
        if ($bytes.Length -lt 2 -or $bytes[0] -ne 0x30) { continue }
        # SEQUENCE OF GeneralName; a dNSName is [2] IMPLICIT IA5String (tag 0x82).
        $position = 1
        $end = (Read-NgtPrepDerLength $bytes ([ref]$position)) + $position
        while ($position -lt $end -and $position -lt $bytes.Length) {
            $tag = [int]$bytes[$position]
            $position++
            $length = Read-NgtPrepDerLength $bytes ([ref]$position)
            if ($tag -eq 0x82) { $names += [System.Text.Encoding]::ASCII.GetString($bytes, $position, $length) }
            $position += $length
        }
    }
    return $names
}

function Get-NgtPrepCertificateCommonName {
    param([System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate)
    return [string]$Certificate.GetNameInfo([System.Security.Cryptography.X509Certificates.X509NameType]::SimpleName, $false)
}

function Get-NgtPrepExpectedNames {
    # The one name rule of check, apply and verify: a certificate fits this host when it names
    # the host's FQDN or its short name (FQDN first, as WSManDsc does), or the name asked for.
    param($HostNames, [string] $Requested = '')
    return @(@($Requested, $HostNames.fqdn, $HostNames.hostName) | Where-Object { -not [string]::IsNullOrEmpty($_) } | Select-Object -Unique)
}

function Test-NgtPrepCertificateNamesHost {
    # True when the certificate's CN or one of its SAN DNS names is one of $Names.
    param([System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate, [string[]] $Names)
    $certificateNames = @(Get-NgtPrepCertificateCommonName $Certificate) + @(Get-NgtPrepSanDnsNames $Certificate)
    foreach ($name in $Names) {
        foreach ($certificateName in $certificateNames) {
            if ([string]::Equals($name, [string]$certificateName, [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
        }
    }
    return $false
}

function Test-NgtPrepModernKeyApi {
    # .NET 4.6 and later have RSACertificateExtensions, which opens RSA and CNG keys alike.
    return ($null -ne ('System.Security.Cryptography.X509Certificates.RSACertificateExtensions' -as [type]))
}

function Open-NgtPrepPrivateKey {
    # Opens the private key (.NET 4.6 and later); throws as Windows refuses it.
    param([System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate)
    $extensions = 'System.Security.Cryptography.X509Certificates.RSACertificateExtensions' -as [type]
    return $extensions::GetRSAPrivateKey($Certificate)
}

function Open-NgtPrepLegacyPrivateKey {
    # Before .NET 4.6 only .PrivateKey exists, and it throws for every CNG key, usable or not.
    param([System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate)
    return $Certificate.PrivateKey
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
    $dnsNames = @(Get-NgtPrepSanDnsNames $Certificate)
    # "present": the key opens; "missing": Windows says there is none; "unreadable": Windows says
    # there is one but it cannot be opened (a typical left-over of sysprep or a partial import);
    # "access-denied": Windows refused to open it (not elevated); "unknown": this .NET cannot
    # tell (before 4.6, .PrivateKey throws for every CNG key, usable or not).
    $keyStatus = 'missing'
    if ($Certificate.HasPrivateKey) {
        $keyStatus = 'unknown'
        if (Test-NgtPrepModernKeyApi) {
            try {
                $key = Open-NgtPrepPrivateKey $Certificate
                if ($null -ne $key) { $keyStatus = 'present' }
            }
            catch {
                $keyStatus = 'unreadable'
                # E_ACCESSDENIED (0x80070005 = 2147942405) and NTE_PERM (0x80090010 = 2148073488), however wrapped.
                $failure = $_.Exception
                while ($null -ne $failure) {
                    $code = [int64]$failure.HResult -band [int64]4294967295
                    if ($failure -is [System.UnauthorizedAccessException] -or $code -eq [int64]2147942405 -or $code -eq [int64]2148073488) { $keyStatus = 'access-denied' }
                    $failure = $failure.InnerException
                }
            }
        }
        else {
            try { if ($null -ne (Open-NgtPrepLegacyPrivateKey $Certificate)) { $keyStatus = 'present' } } catch { $keyStatus = 'unknown' }
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
    # Every firewall rule (effective store: local and Group Policy) naming the WinRM ports (5985, 5986).
    $result = @()
    $filters = @(Get-NetFirewallPortFilter -PolicyStore ActiveStore | Where-Object { [string]$_.Protocol -eq 'TCP' })
    foreach ($filter in $filters) {
        $ports = @($filter.LocalPort | ForEach-Object { [string]$_ })
        $covers = $false
        foreach ($port in $ports) {
            if ($port -eq [string]$NgtPrepWinRmHttpPort -or $port -eq [string]$NgtPrepWinRmHttpsPort) { $covers = $true }
            elseif ($port -match '^(\d+)-(\d+)$') {
                $low = [int]$Matches[1]
                $high = [int]$Matches[2]
                if (($low -le $NgtPrepWinRmHttpPort -and $high -ge $NgtPrepWinRmHttpPort) -or ($low -le $NgtPrepWinRmHttpsPort -and $high -ge $NgtPrepWinRmHttpsPort)) { $covers = $true }
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

function Test-NgtPrepPortInList {
    # True when a firewall LocalPort list ("5986", "5985-5986", "Any") opens the port.
    param([string[]] $Ports, [int] $Port)
    foreach ($entry in $Ports) {
        if ($entry -eq 'Any' -or $entry -eq [string]$Port) { return $true }
        if ($entry -match '^(\d+)-(\d+)$' -and [int]$Matches[1] -le $Port -and [int]$Matches[2] -ge $Port) { return $true }
    }
    return $false
}

function ConvertTo-NgtPrepComparableAddress {
    # Windows stores "10.0.0.0/24" as "10.0.0.0/255.255.255.0" and "10.0.0.5/32" as "10.0.0.5";
    # comparing in that form keeps a second run from seeing a difference that is not there.
    param([string] $Address)
    $text = $Address.Trim().ToLowerInvariant()
    if ($text -match '^(\d{1,3}(\.\d{1,3}){3})/(\d{1,2})$') {
        $prefix = [int]$Matches[3]
        if ($prefix -eq 32) { return $Matches[1] }
        if ($prefix -le 32) {
            $maskValue = [uint32]0
            if ($prefix -gt 0) { $maskValue = [uint32](([uint64]4294967295 -shl (32 - $prefix)) -band [uint64]4294967295) }
            $maskBytes = [System.BitConverter]::GetBytes($maskValue)
            [System.Array]::Reverse($maskBytes)
            return ($Matches[1] + '/' + (($maskBytes | ForEach-Object { [string]$_ }) -join '.'))
        }
    }
    if ($text -match '^(\d{1,3}(\.\d{1,3}){3})/255\.255\.255\.255$') { return $Matches[1] }
    return $text
}

function Get-NgtPrepFirewallCoverage {
    # The profiles (Domain, Private, Public) on which Windows Firewall lets the given remote
    # addresses ('Any' for everyone) reach TCP $Port, read from the ActiveStore as Windows
    # applies it: only enabled inbound rules count; a Block rule wins over Allow rules; an
    # Allow rule limited to some remote addresses (LocalSubnet, a range) covers only when it
    # lists every wanted address; local rules do not count on a profile where Group Policy sets
    # AllowLocalFirewallRules=False.
    param($Rules, $Profiles, [int] $Port, [string[]] $RemoteAddresses = @('Any'))
    $ignoreLocal = @()
    foreach ($firewallProfile in @($Profiles)) {
        if ([string](Get-NgtPrepProperty $firewallProfile 'allowLocalFirewallRules' '') -eq 'False') { $ignoreLocal += [string]$firewallProfile.name }
    }
    $allowed = @()
    $blocked = @()
    $openingRules = @()
    foreach ($rule in @($Rules)) {
        if (-not $rule.enabled -or $rule.direction -ne 'Inbound' -or -not (Test-NgtPrepPortInList $rule.localPorts $Port)) { continue }
        $ruleAddresses = @($rule.remoteAddresses | ForEach-Object { ConvertTo-NgtPrepComparableAddress ([string]$_) })
        $reaches = $ruleAddresses -contains 'any'
        if (-not $reaches -and @($RemoteAddresses) -notcontains 'Any') {
            $reaches = $true
            foreach ($address in $RemoteAddresses) { if ($ruleAddresses -notcontains (ConvertTo-NgtPrepComparableAddress $address)) { $reaches = $false } }
        }
        foreach ($name in @('Domain', 'Private', 'Public')) {
            if (-not ($rule.profiles -contains 'Any' -or $rule.profiles -contains $name)) { continue }
            if ($rule.source -ne 'GroupPolicy' -and $ignoreLocal -contains $name) { continue }
            if ($rule.action -eq 'Block') { $blocked += $name }
            elseif ($rule.action -eq 'Allow' -and $reaches) {
                $allowed += $name
                if ($openingRules -notcontains $rule.name) { $openingRules += $rule.name }
            }
        }
    }
    $covered = @(@('Domain', 'Private', 'Public') | Where-Object { $allowed -contains $_ -and $blocked -notcontains $_ })
    return [ordered]@{ covered = $covered; blocked = @($blocked | Select-Object -Unique); localRulesIgnored = @($ignoreLocal); openingRules = $openingRules }
}

function Get-NgtPrepFirewallProfiles {
    # The firewall profiles of the ActiveStore (local settings merged with Group Policy).
    $profiles = @()
    foreach ($firewallProfile in @(Get-NetFirewallProfile -PolicyStore ActiveStore)) {
        $profiles += [ordered]@{
            name                    = [string]$firewallProfile.Name
            enabled                 = ([string]$firewallProfile.Enabled -eq 'True')
            defaultInboundAction    = [string]$firewallProfile.DefaultInboundAction
            allowLocalFirewallRules = [string](Get-NgtPrepProperty $firewallProfile 'AllowLocalFirewallRules' 'NotConfigured')
        }
    }
    return , $profiles
}

#endregion Common helpers


function Get-NgtPrepUacPolicyKey {
    return ('HKLM:\' + $NgtPrepUacPolicySubkey)
}

function Get-NgtPrepPolicyRegistryValue {
    # The value Group Policy sets for HKLM\<Subkey>\<ValueName>, or $null when no GPO sets it.
    # A value under ...\CurrentVersion\Policies is written by Group Policy and by hand alike (the
    # usual LocalAccountTokenFilterPolicy advice is a reg add there), so the registry cannot tell
    # who owns it; the Resultant Set of Policy can: root\rsop\computer RSOP_RegistryPolicySetting,
    # logged by the Group Policy service at each refresh for local and domain GPOs, precedence 1
    # being the GPO that wins. (Nothing is found where "Turn off Resultant Set of Policy logging"
    # is set; the value then reads as local.)
    param([string] $Subkey, [string] $ValueName)
    foreach ($setting in @(Get-CimInstance -Namespace 'root\rsop\computer' -ClassName 'RSOP_RegistryPolicySetting')) {
        if ([int]$setting.precedence -ne 1 -or [bool]$setting.deleted) { continue }
        if (-not [string]::Equals([string]$setting.registryKey, $Subkey, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
        if (-not [string]::Equals([string]$setting.valueName, $ValueName, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
        # value is the raw registry data; a REG_DWORD (valueType 4) is 4 little-endian bytes.
        $bytes = [byte[]]@($setting.value)
        if ([int]$setting.valueType -eq 4 -and $bytes.Length -ge 4) { return [System.BitConverter]::ToInt32($bytes, 0) }
        return [System.Text.Encoding]::Unicode.GetString($bytes).TrimEnd([char]0)
    }
    return $null
}

function Get-NgtPrepTokenFilterSetting {
    # LocalAccountTokenFilterPolicy with its owner: "policy" when a GPO sets it (the MS Security
    # Guide's "Apply UAC restrictions to local accounts on network logons" writes 0), "local" when
    # only the registry holds it, $null when absent.
    $value = Get-NgtPrepTokenFilterPolicy
    $policyValue = Get-NgtPrepPolicyRegistryValue $NgtPrepUacPolicySubkey 'LocalAccountTokenFilterPolicy'
    $source = $null
    if ($null -ne $policyValue) { $source = 'policy'; $value = [int]$policyValue }
    elseif ($null -ne $value) { $source = 'local' }
    return [ordered]@{ value = $value; source = $source }
}

function Get-NgtPrepTokenFilterPolicy {
    # The LocalAccountTokenFilterPolicy value as a number, or $null when the value is absent.
    $values = Get-ItemProperty -LiteralPath (Get-NgtPrepUacPolicyKey) -ErrorAction SilentlyContinue
    $value = Get-NgtPrepProperty $values 'LocalAccountTokenFilterPolicy'
    if ($null -eq $value) { return $null }
    return [int]$value
}

function Set-NgtPrepTokenFilterPolicy {
    # Writes LocalAccountTokenFilterPolicy as a DWORD, or removes it when $Value is $null.
    param($Value)
    if ($null -eq $Value) {
        Remove-ItemProperty -LiteralPath (Get-NgtPrepUacPolicyKey) -Name 'LocalAccountTokenFilterPolicy'
        return
    }
    $null = New-ItemProperty -LiteralPath (Get-NgtPrepUacPolicyKey) -Name 'LocalAccountTokenFilterPolicy' -PropertyType DWord -Value ([int]$Value) -Force
}
