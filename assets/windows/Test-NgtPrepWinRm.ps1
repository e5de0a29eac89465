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

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Test-NgtPrepWinRm.ps1
    Verifies for this host's own name and FQDN.
#>
[CmdletBinding()]
param([string] $OptionsBase64 = '', [switch] $EmitProgress)

# Helpers shared by every NGT Prep script (facts, JSON output, errors, progress, options, names, certificates).
. (Join-Path -Path $PSScriptRoot -ChildPath 'NgtPrep.Common.ps1')

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
    $expectedNames = Get-NgtPrepExpectedNames $names ([string](Get-NgtPrepProperty $options 'hostName' ''))

    # Listener -----------------------------------------------------------------------------
    Write-NgtPrepProgress 'listener' 1 $max
    $service = Get-Service -Name 'WinRM' -ErrorAction SilentlyContinue
    $listener = $null
    if ($null -ne $service -and [string]$service.Status -eq 'Running') { $listener = Get-NgtPrepHttpsListener }
    & $addCheck 'listener-present' ($null -ne $listener) 'WINRM_NO_HTTPS_LISTENER'
    & $addCheck 'listener-enabled' (($null -ne $listener) -and $listener.enabled) 'LISTENER_DISABLED'
    $port = $NgtPrepWinRmHttpsPort
    if ($null -ne $listener -and $listener.port -gt 0) { $port = $listener.port }

    # Certificate ---------------------------------------------------------------------------
    Write-NgtPrepProgress 'certificate' 2 $max
    $certificateInfo = $null
    $certificateValid = $false
    $certificateNamed = $false
    if ($null -ne $listener -and -not [string]::IsNullOrEmpty($listener.certificateThumbprint)) {
        $certificate = Find-NgtPrepCertificate ([string]$listener.certificateThumbprint)
        if ($null -ne $certificate) {
            $certificateInfo = ConvertTo-NgtPrepCertificateInfo $certificate
            $now = Get-Date
            $certificateValid = ($certificate.NotBefore -le $now) -and ($certificate.NotAfter -gt $now) -and ($certificateInfo.privateKeyStatus -ne 'missing') -and ($certificateInfo.privateKeyStatus -ne 'unreadable') -and ((-not $certificateInfo.hasEkuExtension) -or ($certificateInfo.ekus -contains $NgtPrepServerAuthOid))
            # The certificate names this host, and the listener's Hostname is its CN (as WSMan wants).
            $certificateNamed = (Test-NgtPrepCertificateNamesHost $certificate $expectedNames) -and [string]::Equals([string]$listener.hostname, (Get-NgtPrepCertificateCommonName $certificate), [System.StringComparison]::OrdinalIgnoreCase)
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
    # Prism Central's addresses when known (the apply option); otherwise "everyone".
    $remote = @(@(Get-NgtPrepProperty $options 'firewallRemoteAddresses' @()) | ForEach-Object { ([string]$_).Trim() } | Where-Object { $_.Length -gt 0 })
    if ($remote.Count -eq 0) { $remote = @('Any') }
    $coverage = Get-NgtPrepFirewallCoverage $rules (Get-NgtPrepFirewallProfiles) $port $remote
    $covered = @($coverage.covered)
    $openingRules = @($coverage.openingRules)
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
        firewall      = [ordered]@{ rules = $rules; openingRules = @($openingRules); coveredProfiles = @($covered); blockedProfiles = @($coverage.blocked); localRulesIgnored = @($coverage.localRulesIgnored) }
        checks        = @($checks)
        passed        = $passed
    }
}

Invoke-NgtPrepMain 'Test-NgtPrepWinRm' ([bool]$EmitProgress) { Invoke-NgtPrepVerify }
