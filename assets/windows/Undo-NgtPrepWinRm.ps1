<#
.SYNOPSIS
    NGT Prep rollback: undoes what Set-NgtPrepWinRm.ps1 changed, and nothing else.

.DESCRIPTION
    NGT Prep plans the rollback from the records that Set-NgtPrepWinRm.ps1 saved in
    %ProgramData%\NGT Prep\winrm (the before-state and every change it made) and passes the
    plan here as a list of actions, newest change first. Every action checks that the machine
    is still as apply left it before it acts, so a listener, certificate or rule that someone
    changed since is left alone and reported as "skipped":

      remove-listener          delete the HTTPS listener apply created (if it still uses
                               apply's certificate)
      restore-listener         put back the listener's former certificate and host name
      remove-certificate       delete the certificate apply created (unless a listener uses it)
      set-basic-auth           put Basic authentication back to its former value
      remove-firewall-rule     delete the rule apply created
      restore-firewall-rule    put back the former state of NGT Prep's own rule
      set-service-start-type   put back the WinRM service startup type
      stop-service             stop WinRM again when it was stopped before apply

    When every action is done or skipped, the records are renamed to *.undone.json.

    Output: exactly ONE line of JSON on standard output with one result per action. Errors are
    JSON too: { "ok": false, "error": { "code", "message" } }.

.PARAMETER OptionsBase64
    Base64 of UTF-8 JSON: { "actions": [ { "type": "...", ... } ], "recordPaths": [ "..." ] }.
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
$NgtPrepScriptName = 'Undo-NgtPrepWinRm'
$NgtPrepEmitProgress = [bool]$EmitProgress

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

function Get-NgtPrepListenerThumbprint {
    # The certificate thumbprint of the HTTPS listener on Address=*, '' when it has none, $null when absent.
    foreach ($listener in @(Get-WSManInstance -ResourceURI 'winrm/config/Listener' -Enumerate)) {
        $address = ConvertTo-NgtPrepText (Get-NgtPrepProperty $listener 'Address')
        $transport = ConvertTo-NgtPrepText (Get-NgtPrepProperty $listener 'Transport')
        if ($address -eq '*' -and $transport -eq 'HTTPS') {
            $value = ConvertTo-NgtPrepText (Get-NgtPrepProperty $listener 'CertificateThumbprint')
            if ($null -eq $value) { return '' }
            return $value.ToUpperInvariant()
        }
    }
    return $null
}

function Test-NgtPrepThumbprintInUse {
    param([string] $Thumbprint)
    foreach ($listener in @(Get-WSManInstance -ResourceURI 'winrm/config/Listener' -Enumerate)) {
        $value = ConvertTo-NgtPrepText (Get-NgtPrepProperty $listener 'CertificateThumbprint')
        if ($null -ne $value -and [string]::Equals($value, $Thumbprint, [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
}

function Invoke-NgtPrepUndoAction {
    # Carries out one planned action. Returns 'done', or 'skipped:<reason>' when the machine
    # is no longer as apply left it.
    param($Action)
    $type = [string](Get-NgtPrepProperty $Action 'type' '')
    $selector = @{ Address = '*'; Transport = 'HTTPS' }
    switch ($type) {
        'remove-listener' {
            $current = Get-NgtPrepListenerThumbprint
            if ($null -eq $current) { return 'skipped:already-absent' }
            $expected = ([string](Get-NgtPrepProperty $Action 'expectThumbprint' '')).ToUpperInvariant()
            if ($expected.Length -gt 0 -and $current -ne $expected) { return 'skipped:changed-since' }
            Remove-WSManInstance -ResourceURI 'winrm/config/Listener' -SelectorSet $selector
            return 'done'
        }
        'restore-listener' {
            $current = Get-NgtPrepListenerThumbprint
            if ($null -eq $current) { return 'skipped:already-absent' }
            $expected = ([string](Get-NgtPrepProperty $Action 'expectThumbprint' '')).ToUpperInvariant()
            if ($expected.Length -gt 0 -and $current -ne $expected) { return 'skipped:changed-since' }
            $values = @{
                Hostname              = [string](Get-NgtPrepProperty $Action 'hostname' '')
                CertificateThumbprint = [string](Get-NgtPrepProperty $Action 'certificateThumbprint' '')
                Enabled               = ([string]([bool](Get-NgtPrepProperty $Action 'enabled' $true))).ToLowerInvariant()
            }
            $null = Set-WSManInstance -ResourceURI 'winrm/config/Listener' -SelectorSet $selector -ValueSet $values
            return 'done'
        }
        'remove-certificate' {
            $thumbprint = (([string](Get-NgtPrepProperty $Action 'thumbprint' '')) -replace '[^0-9A-Fa-f]', '').ToUpperInvariant()
            if ($thumbprint.Length -ne 40) { return 'skipped:bad-thumbprint' }
            $certificate = Get-ChildItem -LiteralPath 'Cert:\LocalMachine\My' | Where-Object { $_.Thumbprint -eq $thumbprint } | Select-Object -First 1
            if ($null -eq $certificate) { return 'skipped:already-absent' }
            if (Test-NgtPrepThumbprintInUse $thumbprint) { return 'skipped:in-use' }
            Remove-Item -LiteralPath $certificate.PSPath -DeleteKey
            return 'done'
        }
        'set-basic-auth' {
            $value = ([string](Get-NgtPrepProperty $Action 'value' 'false')).ToLowerInvariant()
            if ($value -ne 'true') { $value = 'false' }
            $current = ConvertTo-NgtPrepText (Get-Item -LiteralPath 'WSMan:\localhost\Service\Auth\Basic').Value
            if ($current -eq $value) { return 'skipped:already-set' }
            Set-Item -LiteralPath 'WSMan:\localhost\Service\Auth\Basic' -Value $value
            return 'done'
        }
        'remove-firewall-rule' {
            $name = [string](Get-NgtPrepProperty $Action 'name' '')
            if ($name -ne 'NGTPrep-WinRM-HTTPS-In') { return 'skipped:not-ngt-prep-rule' }
            $rule = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
            if ($null -eq $rule) { return 'skipped:already-absent' }
            Remove-NetFirewallRule -Name $name
            return 'done'
        }
        'restore-firewall-rule' {
            $name = [string](Get-NgtPrepProperty $Action 'name' '')
            if ($name -ne 'NGTPrep-WinRM-HTTPS-In') { return 'skipped:not-ngt-prep-rule' }
            $rule = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
            if ($null -eq $rule) { return 'skipped:already-absent' }
            $enabled = 'False'
            if ([bool](Get-NgtPrepProperty $Action 'enabled' $false)) { $enabled = 'True' }
            $profiles = (@(Get-NgtPrepProperty $Action 'profiles' @('Any')) | ForEach-Object { [string]$_ }) -join ', '
            $addresses = @(@(Get-NgtPrepProperty $Action 'remoteAddresses' @('Any')) | ForEach-Object { [string]$_ })
            Set-NetFirewallRule -Name $name -Enabled $enabled -Profile $profiles -RemoteAddress $addresses
            return 'done'
        }
        'set-service-start-type' {
            $startType = [string](Get-NgtPrepProperty $Action 'startType' '')
            if (@('Automatic', 'Manual', 'Disabled') -notcontains $startType) { return 'skipped:bad-start-type' }
            Set-Service -Name 'WinRM' -StartupType $startType
            return 'done'
        }
        'stop-service' {
            $service = Get-Service -Name 'WinRM'
            if ([string]$service.Status -eq 'Stopped') { return 'skipped:already-stopped' }
            Stop-Service -Name 'WinRM' -Force
            return 'done'
        }
        default {
            return 'skipped:unknown-action'
        }
    }
}

function Invoke-NgtPrepUndo {
    $options = ConvertFrom-NgtPrepOptions $OptionsBase64
    if (-not (Test-NgtPrepElevated)) {
        Stop-NgtPrep 'WINDOWS_NOT_ELEVATED' 'Rolling back WinRM changes needs an elevated PowerShell (Run as administrator).'
    }
    $actions = @(Get-NgtPrepProperty $options 'actions' @())
    $results = @()
    $index = 0
    $failed = 0
    foreach ($action in $actions) {
        $index++
        Write-NgtPrepProgress 'action' $index ($actions.Count)
        $type = [string](Get-NgtPrepProperty $action 'type' '')
        try {
            $outcome = [string](Invoke-NgtPrepUndoAction $action)
            if ($outcome -eq 'done') {
                $results += [ordered]@{ index = $index; type = $type; status = 'done'; reason = $null; message = $null }
            }
            else {
                $results += [ordered]@{ index = $index; type = $type; status = 'skipped'; reason = $outcome.Substring(8); message = $null }
            }
        }
        catch {
            $failed++
            $results += [ordered]@{ index = $index; type = $type; status = 'failed'; reason = $null; message = [string]$_.Exception.Message }
        }
    }

    # Mark the records as undone, but only files of NGT Prep's own record folder.
    $archived = @()
    if ($failed -eq 0) {
        $folder = [System.IO.Path]::GetFullPath((Join-Path $env:ProgramData 'NGT Prep\winrm'))
        foreach ($path in @(Get-NgtPrepProperty $options 'recordPaths' @())) {
            $full = [System.IO.Path]::GetFullPath([string]$path)
            $inFolder = [string]::Equals([System.IO.Path]::GetDirectoryName($full), $folder, [System.StringComparison]::OrdinalIgnoreCase)
            $leaf = [System.IO.Path]::GetFileName($full)
            if ($inFolder -and $leaf -match '^apply-[0-9TZ]+\.json$' -and (Test-Path -LiteralPath $full)) {
                $target = [System.IO.Path]::ChangeExtension($full, '.undone.json')
                Move-Item -LiteralPath $full -Destination $target -Force
                $archived += $target
            }
        }
    }
    $done = @($results | Where-Object { $_.status -eq 'done' }).Count
    return [ordered]@{
        ok              = $true
        script          = $NgtPrepScriptName
        schemaVersion   = 1
        changed         = ($done -gt 0)
        failedCount     = $failed
        results         = @($results)
        archivedRecords = @($archived)
    }
}

trap {
    Write-Output (ConvertTo-NgtPrepAsciiJson -InputObject (ConvertTo-NgtPrepError $_))
    continue
}

try {
    $result = Invoke-NgtPrepUndo
    Write-Output (ConvertTo-NgtPrepAsciiJson -InputObject $result)
}
catch {
    Write-Output (ConvertTo-NgtPrepAsciiJson -InputObject (ConvertTo-NgtPrepError $_))
}
