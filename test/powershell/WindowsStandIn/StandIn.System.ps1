# Part of WindowsStandIn.psm1: firewall, network, CIM, services, tasks, ACLs, elevation.

#region NetSecurity ------------------------------------------------------------------------------

function Find-StandInFirewallRule {
    param([string] $Name)
    foreach ($rule in $script:Machine.FirewallRules) { if ($rule.Name -eq $Name) { return $rule } }
    return $null
}

function ConvertTo-StandInRuleObject {
    param([hashtable] $Rule)
    return [pscustomobject]@{
        Name = $Rule.Name; DisplayName = $Rule.DisplayName; DisplayGroup = $Rule.Group; Enabled = $Rule.Enabled
        Direction = $Rule.Direction; Action = $Rule.Action; Profile = $Rule.Profile
        PolicyStoreSourceType = $Rule.Source; StandInRuleName = $Rule.Name
    }
}

function Get-StandInActiveRules {
    # ActiveStore: the local rules and the Group Policy rules together, each with its
    # PolicyStoreSourceType; whether local rules apply is the profile's AllowLocalFirewallRules.
    param([string] $PolicyStore)
    return , @($script:Machine.FirewallRules)
}

function Get-NetFirewallRule {
    [CmdletBinding()]
    param(
        [string] $Name, [string] $PolicyStore,
        [Parameter(ValueFromPipeline = $true)] $AssociatedNetFirewallPortFilter
    )
    process {
        if ($null -ne $AssociatedNetFirewallPortFilter) {
            $rule = Find-StandInFirewallRule $AssociatedNetFirewallPortFilter.StandInRuleName
            if ($null -ne $rule) { ConvertTo-StandInRuleObject $rule }
            return
        }
        if ($PSBoundParameters.ContainsKey('Name')) {
            $rule = Find-StandInFirewallRule $Name
            if ($null -eq $rule) {
                Write-Error -Message ('No MSFT_NetFirewallRule objects found with property ''InstanceID'' equal to ''' + $Name + '''.') -Category ObjectNotFound
                return
            }
            ConvertTo-StandInRuleObject $rule
            return
        }
        foreach ($rule in (Get-StandInActiveRules $PolicyStore)) { ConvertTo-StandInRuleObject $rule }
    }
}

function Get-NetFirewallPortFilter {
    [CmdletBinding()]
    param([string] $PolicyStore)
    foreach ($rule in (Get-StandInActiveRules $PolicyStore)) {
        [pscustomobject]@{ Protocol = $rule.Protocol; LocalPort = @($rule.LocalPort); StandInRuleName = $rule.Name }
    }
}

function Get-NetFirewallAddressFilter {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline = $true)] $AssociatedNetFirewallRule)
    process {
        $rule = Find-StandInFirewallRule $AssociatedNetFirewallRule.StandInRuleName
        [pscustomobject]@{ RemoteAddress = @($rule.RemoteAddress); LocalAddress = @('Any') }
    }
}

function Get-NetFirewallProfile {
    [CmdletBinding()]
    param([string] $PolicyStore)
    foreach ($profile in $script:Machine.FirewallProfiles) { [pscustomobject]$profile }
}

function ConvertTo-StandInStoredAddress {
    # Windows keeps 10.0.0.0/24 as 10.0.0.0/255.255.255.0 and a /32 as the bare address.
    param([string] $Address)
    if ($Address -match '^(\d{1,3}(\.\d{1,3}){3})/(\d{1,2})$') {
        $prefix = [int]$Matches[3]
        if ($prefix -eq 32) { return $Matches[1] }
        $mask = [uint32](([uint64]4294967295 -shl (32 - $prefix)) -band [uint64]4294967295)
        $bytes = [System.BitConverter]::GetBytes($mask); [System.Array]::Reverse($bytes)
        return ($Matches[1] + '/' + ($bytes -join '.'))
    }
    return $Address
}

function New-NetFirewallRule {
    [CmdletBinding()]
    param(
        [string] $Name, [string] $DisplayName, [string] $Description, [string] $Group, [string] $Direction,
        [string] $Protocol, [string[]] $LocalPort, [string] $Action, [string] $Profile,
        [string[]] $RemoteAddress = @('Any'), [string] $Enabled = 'True'
    )
    if ($null -ne (Find-StandInFirewallRule $Name)) { Stop-StandIn ('Cannot create a file when that file already exists.') }
    $rule = @{
        Name = $Name; DisplayName = $DisplayName; Group = $Group; Enabled = $Enabled; Direction = $Direction
        Action = $Action; Profile = $Profile; Protocol = $Protocol; LocalPort = @($LocalPort)
        RemoteAddress = @($RemoteAddress | ForEach-Object { ConvertTo-StandInStoredAddress $_ }); Source = 'Local'
    }
    $script:Machine.FirewallRules += $rule
    return (ConvertTo-StandInRuleObject $rule)
}

function Set-NetFirewallRule {
    [CmdletBinding()]
    param([string] $Name, [string] $Enabled, [string] $Profile, [string[]] $RemoteAddress)
    $rule = Find-StandInFirewallRule $Name
    if ($null -eq $rule) { Stop-StandIn ('No MSFT_NetFirewallRule objects found with property ''InstanceID'' equal to ''' + $Name + '''.') 'ObjectNotFound' }
    if ($rule.Source -eq 'GroupPolicy') { Stop-StandIn 'Access is denied.' 'PermissionDenied' }
    if ($PSBoundParameters.ContainsKey('Enabled')) { $rule.Enabled = $Enabled }
    if ($PSBoundParameters.ContainsKey('Profile')) { $rule.Profile = $Profile }
    if ($PSBoundParameters.ContainsKey('RemoteAddress')) { $rule.RemoteAddress = @($RemoteAddress | ForEach-Object { ConvertTo-StandInStoredAddress $_ }) }
}

function Remove-NetFirewallRule {
    [CmdletBinding()]
    param([string] $Name)
    $rule = Find-StandInFirewallRule $Name
    if ($null -eq $rule) { Stop-StandIn ('No MSFT_NetFirewallRule objects found with property ''InstanceID'' equal to ''' + $Name + '''.') 'ObjectNotFound' }
    $script:Machine.FirewallRules = @($script:Machine.FirewallRules | Where-Object { $_.Name -ne $Name })
}

function Get-NetConnectionProfile {
    [CmdletBinding()]
    param()
    foreach ($connection in $script:Machine.NetworkProfiles) { [pscustomobject]$connection }
}

function Get-NetTCPConnection {
    # Something listens on the port when an enabled listener with that port exists and WinRM runs.
    [CmdletBinding()]
    param([string] $State, [int] $LocalPort)
    if ($script:Machine.Services['WinRM'].State -ne 'Running') { return }
    foreach ($listener in $script:Machine.Listeners) {
        if ([int]$listener.Port -eq $LocalPort -and $listener.Enabled -eq 'true') {
            [pscustomobject]@{ LocalAddress = '::'; LocalPort = $LocalPort; State = 'Listen' }
            [pscustomobject]@{ LocalAddress = '0.0.0.0'; LocalPort = $LocalPort; State = 'Listen' }
            return
        }
    }
}

#endregion

#region CIM, services ----------------------------------------------------------------------------

function Get-CimInstance {
    [CmdletBinding()]
    param([string] $ClassName, [string] $Filter, [string] $Namespace = 'root\cimv2')
    $machine = $script:Machine
    if ($Namespace -eq 'root\rsop\computer') { return (Get-StandInRsopInstance $ClassName) }
    switch ($ClassName) {
        'Win32_OperatingSystem' {
            [pscustomobject]@{ Caption = $machine.Os.Caption; Version = $machine.Os.Version; BuildNumber = [string]$machine.Os.Build; ProductType = $machine.Os.ProductType; OSLanguage = $machine.Os.LanguageId; MUILanguages = @($machine.Os.Language) }
        }
        'Win32_ComputerSystem' {
            [pscustomobject]@{ Name = $machine.ComputerName; PartOfDomain = $machine.PartOfDomain; Domain = $machine.AdDomain }
        }
        'Win32_Service' {
            foreach ($service in $machine.Services.Values) {
                if ($Filter -match "^Name='(.+)'$" -and $service.Name -ne $Matches[1]) { continue }
                [pscustomobject]@{ Name = $service.Name; DisplayName = $service.DisplayName; State = $service.State; StartMode = $service.StartMode; DelayedAutoStart = $false }
            }
        }
        'Win32_CDROMDrive' { foreach ($drive in $machine.CdromDrives) { [pscustomobject]$drive } }
        'Win32_SerialPort' { foreach ($port in @($machine.SerialPorts)) { [pscustomobject]@{ DeviceID = $port } } }
        default { Stop-StandIn ('Invalid class ' + $ClassName) }
    }
}

function Get-StandInService {
    param([string] $Name)
    $service = $script:Machine.Services[$Name]
    if ($null -eq $service) { Stop-StandIn ('Cannot find any service with service name ''' + $Name + '''.') 'ObjectNotFound' }
    return $service
}

function Get-Service {
    [CmdletBinding()]
    param([string] $Name)
    $service = $script:Machine.Services[$Name]
    if ($null -eq $service) {
        Write-Error -Message ('Cannot find any service with service name ''' + $Name + '''.') -Category ObjectNotFound
        return
    }
    [pscustomobject]@{ Name = $service.Name; Status = $service.State; StartType = $service.StartMode }
}

function Set-Service {
    [CmdletBinding()]
    param([string] $Name, [string] $StartupType)
    $service = Get-StandInService $Name
    $mode = $StartupType
    if ($mode -eq 'Automatic') { $mode = 'Auto' }
    $service.StartMode = $mode
}

function Start-Service {
    [CmdletBinding()]
    param([string] $Name)
    $service = Get-StandInService $Name
    if ($service.StartMode -eq 'Disabled') { Stop-StandIn ('Service ''' + $Name + ''' cannot be started because it is disabled.') }
    $service.State = 'Running'
}

function Stop-Service {
    [CmdletBinding()]
    param([string] $Name, [switch] $Force)
    (Get-StandInService $Name).State = 'Stopped'
}

#endregion

#region Group Policy results (RSoP) and secedit ---------------------------------------------------

function Get-StandInRsopInstance {
    # root\rsop\computer as the Group Policy service logs it after each refresh ("Resultant Set of
    # Policy" WMI provider; RSOP_RegistryPolicySetting and RSOP_UserPrivilegeRight, learn.microsoft.com
    # previous-versions/windows/desktop/policy): one instance per setting and GPO, precedence 1 the
    # one that wins. The namespace answers administrators only.
    param([string] $ClassName)
    if (-not $script:Machine.Elevated) { Stop-StandIn 'Access denied ' 'PermissionDenied' }
    switch ($ClassName) {
        'RSOP_RegistryPolicySetting' {
            foreach ($setting in @($script:Machine.Rsop.RegistryPolicySettings)) {
                # value is the raw registry data (uint8[]): a REG_DWORD (valueType 4) as 4 little-endian bytes.
                [pscustomobject]@{
                    registryKey = $setting.registryKey; valueName = $setting.valueName; valueType = 4
                    value = [System.BitConverter]::GetBytes([int]$setting.value); precedence = [uint32]$setting.precedence
                    GPOID = $setting.GPOID; deleted = $false; command = ''
                }
            }
        }
        'RSOP_UserPrivilegeRight' {
            foreach ($right in @($script:Machine.Rsop.UserPrivilegeRights)) {
                [pscustomobject]@{ UserRight = $right.UserRight; AccountList = @($right.AccountList); precedence = [uint32]$right.precedence; GPOID = $right.GPOID }
            }
        }
        default { Stop-StandIn ('Invalid class ' + $ClassName) }
    }
}

function secedit.exe {
    # secedit /export [/mergedpolicy] /cfg <file> /areas USER_RIGHTS [/quiet] (learn.microsoft.com
    # windows-server/administration/windows-commands/secedit-export): writes the security template
    # as a UTF-16 LE INF with [Unicode], [Version] and [Privilege Rights] sections, one
    # "Se...Right = <accounts>" line per right, SIDs written "*S-1-..." and accounts without a
    # well-known SID by name. Needs an elevated token; the exit code is 0 on success.
    $arguments = @($args | ForEach-Object { [string]$_ })
    $cfgAt = [System.Array]::IndexOf($arguments, '/cfg')
    if ($arguments[0] -ne '/export' -or $cfgAt -lt 0 -or $cfgAt + 1 -ge $arguments.Count) {
        'The parameter is incorrect.'
        $global:LASTEXITCODE = 87
        return
    }
    if (-not $script:Machine.Elevated) {
        'Task failed. Access is denied.'
        $global:LASTEXITCODE = 5
        return
    }
    $lines = @('[Unicode]', 'Unicode=yes', '[Privilege Rights]')
    foreach ($right in ($script:Machine.UserRights.Keys | Sort-Object)) {
        $accounts = @($script:Machine.UserRights[$right])
        if ($accounts.Count -gt 0) { $lines += ($right + ' = ' + ($accounts -join ',')) }
    }
    $lines += @('[Version]', 'signature="$CHICAGO$"', 'Revision=1')
    [System.IO.File]::WriteAllText($arguments[$cfgAt + 1], (($lines -join "`r`n") + "`r`n"), [System.Text.Encoding]::Unicode)
    'The task has completed successfully.'
    $global:LASTEXITCODE = 0
}

#endregion

#region Scheduled tasks, ACLs, elevation ---------------------------------------------------------

function New-ScheduledTaskAction { param([string] $Execute, [string] $Argument) [pscustomobject]@{ Execute = $Execute; Arguments = $Argument } }
function New-ScheduledTaskTrigger { param([switch] $AtStartup) [pscustomobject]@{ AtStartup = [bool]$AtStartup } }
function New-ScheduledTaskPrincipal { param([string] $UserId, [string] $LogonType, [string] $RunLevel) [pscustomobject]@{ UserId = $UserId; LogonType = $LogonType; RunLevel = $RunLevel } }

function Register-ScheduledTask {
    [CmdletBinding()]
    param([string] $TaskName, $Action, $Trigger, $Principal, [switch] $Force)
    if ($script:Machine.ScheduledTasks.ContainsKey($TaskName) -and -not $Force) { Stop-StandIn 'Cannot create a file when that file already exists.' }
    $script:Machine.ScheduledTasks[$TaskName] = @{ Execute = $Action.Execute; Arguments = $Action.Arguments; AtStartup = $Trigger.AtStartup; UserId = $Principal.UserId; RunLevel = $Principal.RunLevel }
    return [pscustomobject]@{ TaskName = $TaskName }
}

function Get-ScheduledTask {
    [CmdletBinding()]
    param([string] $TaskName)
    if (-not $script:Machine.ScheduledTasks.ContainsKey($TaskName)) {
        Write-Error -Message ('No MSFT_ScheduledTask objects found with property ''TaskName'' equal to ''' + $TaskName + '''.') -Category ObjectNotFound
        return
    }
    [pscustomobject]@{ TaskName = $TaskName; Actions = @([pscustomobject]$script:Machine.ScheduledTasks[$TaskName]) }
}

function Unregister-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([string] $TaskName)
    if (-not $script:Machine.ScheduledTasks.ContainsKey($TaskName)) { Stop-StandIn ('The system cannot find the file specified.') 'ObjectNotFound' }
    $script:Machine.ScheduledTasks.Remove($TaskName)
}

function Get-Acl {
    # The security descriptor of a path, as SDDL; a new folder inherits ProgramData's, which lets
    # Users create files (the reason finding 8 protects the folder every time).
    [CmdletBinding()]
    param([string] $LiteralPath)
    $key = [System.IO.Path]::GetFullPath($LiteralPath)
    $sddl = 'O:SYG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;0x1200a9;;;BU)(A;CIID;DCLCRPCR;;;BU)'
    if ($script:Machine.Acls.ContainsKey($key)) { $sddl = $script:Machine.Acls[$key] }
    $acl = [pscustomobject]@{ Path = $key; Sddl = $sddl }
    $acl | Add-Member -MemberType ScriptMethod -Name SetSecurityDescriptorSddlForm -Value { param($Text) $this.Sddl = $Text }
    $acl | Add-Member -MemberType ScriptMethod -Name GetSecurityDescriptorSddlForm -Value { param($Sections) $this.Sddl }
    return $acl
}

function Set-Acl {
    [CmdletBinding()]
    param([string] $LiteralPath, $AclObject)
    if (-not $script:Machine.Elevated) { Stop-StandIn 'Attempted to perform an unauthorized operation.' 'PermissionDenied' }
    $script:Machine.Acls[[System.IO.Path]::GetFullPath($LiteralPath)] = [string]$AclObject.Sddl
}

function whoami.exe {
    # whoami /groups /fo csv /nh: the mandatory label of an elevated token is S-1-16-12288.
    $label = '"Mandatory Label\Medium Mandatory Level","Label","S-1-16-8192",""'
    if ($script:Machine.Elevated) { $label = '"Mandatory Label\High Mandatory Level","Label","S-1-16-12288",""' }
    '"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"'
    '"BUILTIN\Administrators","Alias","S-1-5-32-544","Mandatory group, Enabled by default, Enabled group, Group owner"'
    $label
}

#endregion
