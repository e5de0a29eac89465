<#
.SYNOPSIS
    NGT Prep check: reads, and never changes, everything on this Windows machine that decides
    whether Prism Central can push Nutanix Guest Tools (NGT) over WinRM HTTPS (TCP 5986).

.DESCRIPTION
    One run gathers:
      - elevation, operating system, PowerShell version, host name and FQDN;
      - the WinRM service (state, startup type), every WinRM listener, the service
        authentication methods with their SourceOfValue ("GPO" when Group Policy owns them),
        AllowUnencrypted, IPv4Filter/IPv6Filter, MaxEnvelopeSizekb;
      - the WinRM policy keys under HKLM\SOFTWARE\Policies\Microsoft\Windows\WinRM\Service;
      - LocalAccountTokenFilterPolicy;
      - what makes the push fail although Identify answers, each with its owner (Group Policy
        or local): WinRS AllowRemoteShellAccess, "Deny access to this computer from the network"
        (secedit /export) holding local accounts, UAC remote restrictions set by a GPO (RSoP);
      - the network profile (Domain/Private/Public) of every connected network;
      - the firewall profiles and every firewall rule that names TCP 5985 or 5986;
      - the certificates in Cert:\LocalMachine\My (names, EKU, dates, private key);
      - the change records NGT Prep's apply step left in %ProgramData%\NGT Prep\winrm, and the
        golden image's first-boot task and files;
      - NGT on this VM: ngt_config.json, the client-cert.pem text, the NGT services,
        TCP reach to the cluster IP on 2074, CD-ROM drives and serial ports.

    Each part is read on its own: when one fails (for example WSMan:\ without elevation),
    the others are still reported and the failure is listed under "sectionErrors".

    Output: exactly ONE line of JSON on standard output (pure ASCII; other characters are
    written as \uXXXX). Errors are JSON too: { "ok": false, "error": { "code", "message" } }.
    NGT Prep reads this output and turns it into findings with remediation.

.PARAMETER OptionsBase64
    Optional. Base64 of UTF-8 JSON, for example { "reachTimeoutMs": 3000 }.

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Get-NgtPrepState.ps1
#>
[CmdletBinding()]
param([string] $OptionsBase64 = '', [switch] $EmitProgress)

# Helpers shared by every NGT Prep script (facts, JSON output, errors, progress, options, names, certificates).
. (Join-Path -Path $PSScriptRoot -ChildPath 'NgtPrep.Common.ps1')

function Invoke-NgtPrepSection {
    # Runs one part of the check; a failure is recorded and the other parts still run.
    param([string] $Name, [scriptblock] $Body)
    try {
        # The leading comma keeps a list a list (PowerShell would unroll an empty one to $null).
        return , (& $Body)
    }
    catch {
        $null = $sectionErrors.Add([ordered]@{ section = $Name; message = [string]$_.Exception.Message })
        return $null
    }
}

function ConvertTo-NgtPrepServiceInfo {
    # Win32_Service gives the startup type on every Windows version (Get-Service only from 5.0).
    param($Service, [string] $Name)
    $service = $Service
    if ($null -eq $service) {
        return [ordered]@{ name = $Name; present = $false; displayName = $null; status = $null; startType = $null; delayedAutoStart = $null }
    }
    return [ordered]@{
        name             = [string]$service.Name
        present          = $true
        displayName      = [string]$service.DisplayName
        status           = [string]$service.State
        startType        = ConvertTo-NgtPrepStartType ([string]$service.StartMode)
        delayedAutoStart = Get-NgtPrepProperty $service 'DelayedAutoStart'
    }
}

function Get-NgtPrepWsmanSetting {
    # One WSMan:\ setting with its SourceOfValue ("GPO" when Group Policy owns it).
    param([string] $Path)
    $item = Get-Item -LiteralPath $Path
    $source = [string](Get-NgtPrepProperty $item 'SourceOfValue' '')
    if ([string]::IsNullOrEmpty($source)) { $source = $null }
    return [ordered]@{ value = ConvertTo-NgtPrepText (Get-NgtPrepProperty $item 'Value'); source = $source }
}

function Get-NgtPrepRemoteShellState {
    # Whether WinRS lets Prism Central open a shell, and who decides: the WinRS policy key (or
    # SourceOfValue GPO) is "policy", WSMan:\localhost\Shell alone is "local".
    param($Setting, $Policy)
    $policyValue = Get-NgtPrepProperty $Policy 'allowRemoteShellAccess'
    if ($null -ne $policyValue) { return [ordered]@{ allowed = ([int]$policyValue -ne 0); source = 'policy' } }
    if ($null -eq $Setting -or $null -eq $Setting.value) { return [ordered]@{ allowed = $null; source = $null } }
    $source = 'local'
    if ($Setting.source -eq 'GPO') { $source = 'policy' }
    return [ordered]@{ allowed = ($Setting.value -eq 'true'); source = $source }
}

function Get-NgtPrepUserRightAccounts {
    # The accounts holding one user right, as "secedit /export /cfg <file> /areas USER_RIGHTS"
    # writes them in the [Privilege Rights] section of its INF ("SeXxxRight = *S-1-5-32-544,Guest":
    # SIDs with a leading *, other accounts by name). The temporary file is always removed.
    param([string] $Right)
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ('ngtprep-rights-' + [guid]::NewGuid().ToString('N') + '.inf')
    try {
        $output = @(& secedit.exe /export /mergedpolicy /cfg $file /areas USER_RIGHTS /quiet 2>&1)
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $file)) {
            throw ('secedit /export failed (exit code ' + $LASTEXITCODE + '): ' + (($output | ForEach-Object { [string]$_ }) -join ' '))
        }
        $inRights = $false
        foreach ($line in [System.IO.File]::ReadAllLines($file)) {
            $text = $line.Trim()
            if ($text -match '^\[(.+)\]$') { $inRights = ($Matches[1] -eq 'Privilege Rights'); continue }
            if ($inRights -and $text -match '^(\w+)\s*=\s*(.*)$' -and $Matches[1] -eq $Right) {
                return , @($Matches[2] -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_.Length -gt 0 } | ForEach-Object { $_.TrimStart('*') })
            }
        }
        return , @()
    }
    finally {
        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue
    }
}

function Get-NgtPrepDenyNetworkLogon {
    # "Deny access to this computer from the network" (SeDenyNetworkLogonRight): who holds it,
    # which local-account SIDs are among them, and whether a GPO sets it (RSOP_UserPrivilegeRight).
    $accounts = Get-NgtPrepUserRightAccounts 'SeDenyNetworkLogonRight'
    $source = 'local'
    foreach ($right in @(Get-CimInstance -Namespace 'root\rsop\computer' -ClassName 'RSOP_UserPrivilegeRight')) {
        if ([int]$right.precedence -eq 1 -and [string]$right.UserRight -eq 'SeDenyNetworkLogonRight') { $source = 'policy' }
    }
    return [ordered]@{
        accounts            = @($accounts)
        localAccountsDenied = @($accounts | Where-Object { $_ -eq $NgtPrepLocalAccountSid -or $_ -eq $NgtPrepLocalAdministratorSid })
        source              = $source
    }
}

function Get-NgtPrepState {
    $options = ConvertFrom-NgtPrepOptions $OptionsBase64
    $reachTimeoutMs = [int](Get-NgtPrepProperty $options 'reachTimeoutMs' 3000)
    $ngtDir = [string](Get-NgtPrepProperty $options 'ngtInstallDir' (Join-Path $env:ProgramFiles 'Nutanix'))
    $max = 8
    # The result, filled in as the sections are read; a failed section is null and listed in
    # sectionErrors (the list Invoke-NgtPrepSection adds to).
    $sectionErrors = New-Object System.Collections.ArrayList
    $state = [ordered]@{ ok = $true; script = $NgtPrepScriptName; schemaVersion = 1; collectedAt = $null }

    Write-NgtPrepProgress 'system' 1 $max
    $state.elevated = Test-NgtPrepElevated
    $state.os = Invoke-NgtPrepSection 'os' {
        $info = Get-CimInstance -ClassName Win32_OperatingSystem
        [ordered]@{
            caption     = [string]$info.Caption
            version     = [string]$info.Version
            build       = [int]$info.BuildNumber
            is64Bit     = [System.Environment]::Is64BitOperatingSystem
            productType = [int]$info.ProductType
        }
    }
    $state.powershell = [ordered]@{
        version    = $PSVersionTable.PSVersion.ToString()
        edition    = [string]$PSVersionTable['PSEdition']
        clrVersion = [string]$PSVersionTable['CLRVersion']
    }
    $state.computer = Invoke-NgtPrepSection 'computer' {
        $names = Get-NgtPrepHostNames
        $system = Get-CimInstance -ClassName Win32_ComputerSystem
        $names['partOfDomain'] = [bool]$system.PartOfDomain
        $names['adDomain'] = [string]$system.Domain
        $names
    }

    Write-NgtPrepProgress 'service' 2 $max
    $service = Invoke-NgtPrepSection 'service' {
        ConvertTo-NgtPrepServiceInfo (Get-CimInstance -ClassName Win32_Service -Filter "Name='WinRM'") 'WinRM'
    }
    $state.service = $service

    Write-NgtPrepProgress 'wsman' 3 $max
    # WSMan:\ and the listener list need the WinRM service running (and elevation).
    $wsman = [ordered]@{ available = $false; unavailableReason = $null; listeners = @(); auth = $null; allowUnencrypted = $null; ipv4Filter = $null; ipv6Filter = $null; maxEnvelopeSizekb = $null; allowRemoteShellAccess = $null }
    $state.wsman = $wsman
    if ($null -eq $service -or -not $service.present) {
        $wsman.unavailableReason = 'service-missing'
    }
    elseif ($service.status -ne 'Running') {
        $wsman.unavailableReason = 'service-not-running'
    }
    else {
        $listeners = Invoke-NgtPrepSection 'listeners' { Get-NgtPrepListeners }
        if ($null -ne $listeners) {
            $wsman.available = $true
            $wsman.listeners = @($listeners)
        }
        else {
            $wsman.unavailableReason = 'wsman-unreadable'
        }
        $wsman.auth = Invoke-NgtPrepSection 'auth' {
            [ordered]@{
                basic             = Get-NgtPrepWsmanSetting 'WSMan:\localhost\Service\Auth\Basic'
                kerberos          = Get-NgtPrepWsmanSetting 'WSMan:\localhost\Service\Auth\Kerberos'
                negotiate         = Get-NgtPrepWsmanSetting 'WSMan:\localhost\Service\Auth\Negotiate'
                certificate       = Get-NgtPrepWsmanSetting 'WSMan:\localhost\Service\Auth\Certificate'
                credSSP           = Get-NgtPrepWsmanSetting 'WSMan:\localhost\Service\Auth\CredSSP'
                cbtHardeningLevel = Get-NgtPrepWsmanSetting 'WSMan:\localhost\Service\Auth\CbtHardeningLevel'
            }
        }
        $wsman.allowUnencrypted = Invoke-NgtPrepSection 'allowUnencrypted' { Get-NgtPrepWsmanSetting 'WSMan:\localhost\Service\AllowUnencrypted' }
        $wsman.ipv4Filter = Invoke-NgtPrepSection 'ipv4Filter' { Get-NgtPrepWsmanSetting 'WSMan:\localhost\Service\IPv4Filter' }
        $wsman.ipv6Filter = Invoke-NgtPrepSection 'ipv6Filter' { Get-NgtPrepWsmanSetting 'WSMan:\localhost\Service\IPv6Filter' }
        $wsman.maxEnvelopeSizekb = Invoke-NgtPrepSection 'maxEnvelopeSizekb' { Get-NgtPrepWsmanSetting 'WSMan:\localhost\MaxEnvelopeSizekb' }
        # WinRS: the NGT push runs its installer through a remote shell.
        $wsman.allowRemoteShellAccess = Invoke-NgtPrepSection 'allowRemoteShellAccess' { Get-NgtPrepWsmanSetting 'WSMan:\localhost\Shell\AllowRemoteShellAccess' }
    }

    Write-NgtPrepProgress 'policy' 4 $max
    # Group Policy writes these keys; when they are present, WSMan:\ refuses local changes.
    $state.policy = Invoke-NgtPrepSection 'policy' {
        $key = $NgtPrepWinRmPolicyKey
        $values = $null
        if (Test-Path -LiteralPath $key) { $values = Get-ItemProperty -LiteralPath $key }
        $winrs = $null
        if (Test-Path -LiteralPath ($key + '\WinRS')) { $winrs = Get-ItemProperty -LiteralPath ($key + '\WinRS') }
        [ordered]@{
            present                 = ($null -ne $values -or $null -ne $winrs)
            allowBasic              = Get-NgtPrepProperty $values 'AllowBasic'
            allowUnencryptedTraffic = Get-NgtPrepProperty $values 'AllowUnencryptedTraffic'
            allowAutoConfig         = Get-NgtPrepProperty $values 'AllowAutoConfig'
            ipv4Filter              = Get-NgtPrepProperty $values 'IPv4Filter'
            ipv6Filter              = Get-NgtPrepProperty $values 'IPv6Filter'
            allowRemoteShellAccess  = Get-NgtPrepProperty $winrs 'AllowRemoteShellAccess'
        }
    }
    $state.localAccountTokenFilterPolicy = Invoke-NgtPrepSection 'localAccountTokenFilterPolicy' { Get-NgtPrepTokenFilterPolicy }
    # What makes the push fail although Identify answers, each with its owner ("policy" or "local").
    $state.remoteAccess = [ordered]@{
        remoteShell      = Invoke-NgtPrepSection 'remoteShell' { Get-NgtPrepRemoteShellState $wsman.allowRemoteShellAccess $state.policy }
        denyNetworkLogon = Invoke-NgtPrepSection 'denyNetworkLogon' { Get-NgtPrepDenyNetworkLogon }
        tokenFilter      = Invoke-NgtPrepSection 'tokenFilter' { Get-NgtPrepTokenFilterSetting }
    }

    Write-NgtPrepProgress 'network' 5 $max
    $state.networkProfiles = Invoke-NgtPrepSection 'networkProfiles' {
        $list = @()
        foreach ($connection in @(Get-NetConnectionProfile)) {
            $list += [ordered]@{
                name             = [string]$connection.Name
                interfaceAlias   = [string]$connection.InterfaceAlias
                interfaceIndex   = [int]$connection.InterfaceIndex
                networkCategory  = [string]$connection.NetworkCategory
                ipv4Connectivity = [string]$connection.IPv4Connectivity
            }
        }
        , $list
    }
    $state.firewall = Invoke-NgtPrepSection 'firewall' {
        $profiles = Get-NgtPrepFirewallProfiles
        $rules = Get-NgtPrepFirewallRules
        [ordered]@{ profiles = @($profiles); rules = $rules }
    }

    Write-NgtPrepProgress 'certificates' 6 $max
    $state.certificates = Invoke-NgtPrepSection 'certificates' {
        $list = @()
        foreach ($certificate in @(Get-ChildItem -LiteralPath $NgtPrepMachineStore | Select-Object -First 100)) {
            $list += ConvertTo-NgtPrepCertificateInfo $certificate
        }
        , $list
    }
    $state.applyRecords = Invoke-NgtPrepSection 'applyRecords' {
        $list = @()
        $folder = Get-NgtPrepRecordFolder
        if (Test-Path -LiteralPath $folder) {
            foreach ($file in @(Get-ChildItem -LiteralPath $folder -Filter 'apply-*.json' | Where-Object { $_.Name -notlike '*.undone.json' } | Sort-Object Name)) {
                $list += [ordered]@{ path = [string]$file.FullName; text = [System.IO.File]::ReadAllText($file.FullName) }
            }
        }
        , $list
    }
    # The golden image's start-up task and its files: rollback removes them, also when no apply
    # record is left (the template's records are cleared before sysprep).
    $state.firstBoot = Invoke-NgtPrepSection 'firstBoot' {
        $scriptPath = Get-NgtPrepFirstBootScriptPath
        $logs = @()
        $folder = Get-NgtPrepDataFolder
        if (Test-Path -LiteralPath $folder) { $logs = @(Get-ChildItem -LiteralPath $folder -Filter ($NgtPrepFirstBootLogPrefix + '*.json')) }
        [ordered]@{
            taskName      = $NgtPrepFirstBootTaskName
            taskPresent   = ($null -ne (Get-ScheduledTask -TaskName $NgtPrepFirstBootTaskName -ErrorAction SilentlyContinue))
            scriptPath    = $scriptPath
            scriptPresent = [bool](Test-Path -LiteralPath $scriptPath)
            logCount      = $logs.Count
        }
    }

    Write-NgtPrepProgress 'ngt' 7 $max
    $state.ngt = Invoke-NgtPrepSection 'ngt' {
        $configDir = Join-Path $ngtDir 'config'
        $configPath = Join-Path $configDir 'ngt_config.json'
        $certPath = Join-Path $configDir 'client-cert.pem'
        $configText = $null
        $certText = $null
        if (Test-Path -LiteralPath $configPath) { $configText = [System.IO.File]::ReadAllText($configPath) }
        if (Test-Path -LiteralPath $certPath) { $certText = [System.IO.File]::ReadAllText($certPath) }

        $services = @()
        foreach ($candidate in @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.DisplayName -like 'Nutanix*' -or $_.Name -like 'Nutanix*' })) {
            $services += ConvertTo-NgtPrepServiceInfo $candidate ([string]$candidate.Name)
        }

        # TCP reach to the cluster virtual IP on the NGT port (2074), with a short timeout.
        $reach = [ordered]@{ host = $null; port = $NgtPrepNgtClusterPort; attempted = $false; reachable = $null; error = $null; elapsedMs = $null }
        if ($null -ne $configText) {
            try {
                $config = ConvertFrom-Json -InputObject $configText
                $reach.host = [string](Get-NgtPrepProperty $config 'cluster_ip')
                $reach.port = [int](Get-NgtPrepProperty $config 'port' $NgtPrepNgtClusterPort)
            }
            catch {
                $reach.error = 'ngt_config.json is not valid JSON'
            }
        }
        if (-not [string]::IsNullOrEmpty($reach.host)) {
            $reach.attempted = $true
            $client = New-Object System.Net.Sockets.TcpClient
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            try {
                $pending = $client.BeginConnect($reach.host, $reach.port, $null, $null)
                if ($pending.AsyncWaitHandle.WaitOne($reachTimeoutMs, $false)) {
                    $client.EndConnect($pending)
                    $reach.reachable = $true
                }
                else {
                    $reach.reachable = $false
                    $reach.error = 'timeout'
                }
            }
            catch {
                $reach.reachable = $false
                $reach.error = [string]$_.Exception.Message
            }
            finally {
                $reach.elapsedMs = [int]$watch.ElapsedMilliseconds
                $client.Close()
            }
        }

        $drives = @()
        foreach ($drive in @(Get-CimInstance -ClassName Win32_CDROMDrive)) {
            $drives += [ordered]@{
                drive       = [string]$drive.Drive
                name        = [string]$drive.Name
                mediaLoaded = [bool]$drive.MediaLoaded
                volumeName  = [string](Get-NgtPrepProperty $drive 'VolumeName' '')
            }
        }
        $ports = @()
        foreach ($port in @(Get-CimInstance -ClassName Win32_SerialPort)) { $ports += [string]$port.DeviceID }
        foreach ($port in @([System.IO.Ports.SerialPort]::GetPortNames())) {
            if ($ports -notcontains [string]$port) { $ports += [string]$port }
        }

        [ordered]@{
            installDir     = $ngtDir
            installed      = ((Test-Path -LiteralPath $configPath) -or ($services.Count -gt 0))
            configPath     = $configPath
            configText     = $configText
            clientCertPath = $certPath
            clientCertPem  = $certText
            services       = @($services)
            clusterReach   = $reach
            cdromDrives    = @($drives)
            serialPorts    = @($ports | Sort-Object)
        }
    }

    Write-NgtPrepProgress 'done' 8 $max
    $state.collectedAt = ConvertTo-NgtPrepIsoDate (Get-Date)
    $state.sectionErrors = @($sectionErrors)
    return $state
}

Invoke-NgtPrepMain 'Get-NgtPrepState' ([bool]$EmitProgress) { Get-NgtPrepState }
