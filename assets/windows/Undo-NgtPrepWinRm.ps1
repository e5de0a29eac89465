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
                               (skipped as "certificate-gone" when that certificate was deleted)
      remove-certificate       delete the certificate apply created (unless a listener uses it)
      set-basic-auth           put Basic authentication back to its former value
      remove-firewall-rule     delete the rule apply created
      restore-firewall-rule    put back the former state of NGT Prep's own rule
      set-token-filter-policy  put LocalAccountTokenFilterPolicy back to its former value, or
                               remove it when apply found none (value null)
      set-service-start-type   put back the WinRM service startup type
      stop-service             stop WinRM again when it was stopped before apply

    When every action is done or skipped, the records are renamed to *.undone.json, and the
    golden image's start-up task ("NGT Prep WinRM first boot"), its copy of the script and its
    logs are removed: otherwise the next start would apply again what rollback undid.

    Output: exactly ONE line of JSON on standard output with one result per action. Errors are
    JSON too: { "ok": false, "error": { "code", "message" } }.

.PARAMETER OptionsBase64
    Base64 of UTF-8 JSON: { "actions": [ { "type": "...", ... } ], "recordPaths": [ "..." ] }.

.EXAMPLE
    NGT Prep runs it with the plan it showed and the person confirmed; run by hand it needs the
    same JSON, Base64-encoded, as -OptionsBase64.
#>
[CmdletBinding()]
param([string] $OptionsBase64 = '', [switch] $EmitProgress)

# Helpers shared by every NGT Prep script (facts, JSON output, errors, progress, options, names, certificates).
. (Join-Path -Path $PSScriptRoot -ChildPath 'NgtPrep.Common.ps1')

function Get-NgtPrepListenerThumbprint {
    # The certificate thumbprint of the HTTPS listener on Address=*, '' when it has none, $null when absent.
    $listener = Get-NgtPrepHttpsListener
    if ($null -eq $listener) { return $null }
    return ([string]$listener.certificateThumbprint).ToUpperInvariant()
}

function Test-NgtPrepThumbprintInUse {
    param([string] $Thumbprint)
    $listeners = Get-NgtPrepListeners
    foreach ($listener in $listeners) {
        if ([string]::Equals([string]$listener.certificateThumbprint, $Thumbprint, [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
}

function Get-NgtPrepOwnRuleProblem {
    # $null when the action names NGT Prep's own firewall rule and that rule exists; otherwise
    # the reason to skip the action.
    param($Action)
    if ([string](Get-NgtPrepProperty $Action 'name' '') -ne $NgtPrepFirewallRuleName) { return 'skipped:not-ngt-prep-rule' }
    if ($null -eq (Get-NetFirewallRule -Name $NgtPrepFirewallRuleName -ErrorAction SilentlyContinue)) { return 'skipped:already-absent' }
    return $null
}

function Remove-NgtPrepFirstBoot {
    # Removes the golden image's start-up task and its files (script and logs), when present.
    $removed = [ordered]@{ taskRemoved = $false; filesRemoved = @() }
    if ($null -ne (Get-ScheduledTask -TaskName $NgtPrepFirstBootTaskName -ErrorAction SilentlyContinue)) {
        Unregister-ScheduledTask -TaskName $NgtPrepFirstBootTaskName -Confirm:$false
        $removed.taskRemoved = $true
    }
    $files = @()
    $firstBootScript = Get-NgtPrepFirstBootScriptPath
    if (Test-Path -LiteralPath $firstBootScript) { $files += $firstBootScript }
    $folder = Get-NgtPrepDataFolder
    if (Test-Path -LiteralPath $folder) {
        foreach ($log in @(Get-ChildItem -LiteralPath $folder -Filter ($NgtPrepFirstBootLogPrefix + '*.json'))) { $files += $log.FullName }
    }
    foreach ($file in $files) { Remove-Item -LiteralPath $file -Force }
    $removed.filesRemoved = @($files)
    return $removed
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
            Remove-WSManInstance -ResourceURI $NgtPrepListenerResource -SelectorSet $selector
            return 'done'
        }
        'restore-listener' {
            $current = Get-NgtPrepListenerThumbprint
            if ($null -eq $current) { return 'skipped:already-absent' }
            $expected = ([string](Get-NgtPrepProperty $Action 'expectThumbprint' '')).ToUpperInvariant()
            if ($expected.Length -gt 0 -and $current -ne $expected) { return 'skipped:changed-since' }
            # WSMan refuses a listener on a certificate that is not in the store: say so instead.
            $formerThumbprint = [string](Get-NgtPrepProperty $Action 'certificateThumbprint' '')
            if ($formerThumbprint.Length -gt 0 -and $null -eq (Find-NgtPrepCertificate $formerThumbprint)) { return 'skipped:certificate-gone' }
            $values = @{
                Hostname              = [string](Get-NgtPrepProperty $Action 'hostname' '')
                CertificateThumbprint = [string](Get-NgtPrepProperty $Action 'certificateThumbprint' '')
                Enabled               = ([string]([bool](Get-NgtPrepProperty $Action 'enabled' $true))).ToLowerInvariant()
            }
            $null = Set-WSManInstance -ResourceURI $NgtPrepListenerResource -SelectorSet $selector -ValueSet $values
            return 'done'
        }
        'remove-certificate' {
            $thumbprint = ConvertTo-NgtPrepThumbprint ([string](Get-NgtPrepProperty $Action 'thumbprint' ''))
            if ($thumbprint.Length -ne 40) { return 'skipped:bad-thumbprint' }
            $certificate = Find-NgtPrepCertificate $thumbprint
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
            $problem = Get-NgtPrepOwnRuleProblem $Action
            if ($null -ne $problem) { return $problem }
            Remove-NetFirewallRule -Name $NgtPrepFirewallRuleName
            return 'done'
        }
        'restore-firewall-rule' {
            $problem = Get-NgtPrepOwnRuleProblem $Action
            if ($null -ne $problem) { return $problem }
            $enabled = 'False'
            if ([bool](Get-NgtPrepProperty $Action 'enabled' $false)) { $enabled = 'True' }
            $profiles = (@(Get-NgtPrepProperty $Action 'profiles' @('Any')) | ForEach-Object { [string]$_ }) -join ', '
            $addresses = @(@(Get-NgtPrepProperty $Action 'remoteAddresses' @('Any')) | ForEach-Object { [string]$_ })
            Set-NetFirewallRule -Name $NgtPrepFirewallRuleName -Enabled $enabled -Profile $profiles -RemoteAddress $addresses
            return 'done'
        }
        'set-token-filter-policy' {
            $former = Get-NgtPrepProperty $Action 'value'
            if ($null -ne $former) { $former = [int]$former }
            if ((Get-NgtPrepTokenFilterPolicy) -eq $former) { return 'skipped:already-set' }
            Set-NgtPrepTokenFilterPolicy $former
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
        $result = [ordered]@{ index = $index; type = [string](Get-NgtPrepProperty $action 'type' ''); status = 'done'; reason = $null; message = $null }
        try {
            $outcome = [string](Invoke-NgtPrepUndoAction $action)
            if ($outcome -ne 'done') {
                $result.status = 'skipped'
                $result.reason = $outcome.Substring(8)
            }
        }
        catch {
            $failed++
            $result.status = 'failed'
            $result.message = [string]$_.Exception.Message
        }
        $results += $result
    }

    # Mark the records as undone, but only files of NGT Prep's own record folder.
    $archived = @()
    if ($failed -eq 0) {
        $folder = [System.IO.Path]::GetFullPath((Get-NgtPrepRecordFolder))
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
    # The start-up task would apply again at the next start (finding 11); only after a rollback
    # that left nothing failed.
    $firstBoot = $null
    if ($failed -eq 0) { $firstBoot = Remove-NgtPrepFirstBoot }
    $done = @($results | Where-Object { $_.status -eq 'done' }).Count
    if ($null -ne $firstBoot -and ($firstBoot.taskRemoved -or $firstBoot.filesRemoved.Count -gt 0)) { $done++ }
    return [ordered]@{
        ok              = $true
        script          = $NgtPrepScriptName
        schemaVersion   = 1
        changed         = ($done -gt 0)
        failedCount     = $failed
        results         = @($results)
        archivedRecords = @($archived)
        firstBoot       = $firstBoot
    }
}

Invoke-NgtPrepMain 'Undo-NgtPrepWinRm' ([bool]$EmitProgress) { Invoke-NgtPrepUndo }
