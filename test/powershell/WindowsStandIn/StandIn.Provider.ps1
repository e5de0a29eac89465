# Part of WindowsStandIn.psm1: the WSMan:, Cert: and HKLM: provider paths. StandInMocks.ps1 routes
# Get-Item, Set-Item, Get-ChildItem, Get-ItemProperty, Test-Path and Remove-Item here.

# WSMan:\localhost settings that Group Policy can own, and the policy value that owns each
# (about_WSMan_Provider; the WinRM and WinRS policies under HKLM\SOFTWARE\Policies\Microsoft\Windows).
$script:PolicyOwners = @{
    'Service\Auth\Basic'            = @('SOFTWARE\Policies\Microsoft\Windows\WinRM\Service', 'AllowBasic')
    'Service\Auth\Kerberos'         = @('SOFTWARE\Policies\Microsoft\Windows\WinRM\Service', 'AllowKerberos')
    'Service\Auth\Negotiate'        = @('SOFTWARE\Policies\Microsoft\Windows\WinRM\Service', 'AllowNegotiate')
    'Service\Auth\CredSSP'          = @('SOFTWARE\Policies\Microsoft\Windows\WinRM\Service', 'AllowCredSSP')
    'Service\AllowUnencrypted'      = @('SOFTWARE\Policies\Microsoft\Windows\WinRM\Service', 'AllowUnencryptedTraffic')
    'Service\IPv4Filter'            = @('SOFTWARE\Policies\Microsoft\Windows\WinRM\Service', 'IPv4Filter')
    'Service\IPv6Filter'            = @('SOFTWARE\Policies\Microsoft\Windows\WinRM\Service', 'IPv6Filter')
    'Shell\AllowRemoteShellAccess'  = @('SOFTWARE\Policies\Microsoft\Windows\WinRM\Service\WinRS', 'AllowRemoteShellAccess')
}

function Get-StandInPolicyValue {
    param([string] $Setting)
    $owner = $script:PolicyOwners[$Setting]
    if ($null -eq $owner) { return $null }
    $key = $script:Machine.Registry[$owner[0]]
    if ($null -eq $key -or -not $key.ContainsKey($owner[1])) { return $null }
    return $key[$owner[1]]
}

function Get-StandInWsmanSetting {
    param([string] $Setting)
    Assert-StandInWinRmRunning
    if (-not $script:Machine.Elevated) { Stop-StandIn 'Access is denied.' 'PermissionDenied' }
    if (-not $script:Machine.Wsman.ContainsKey($Setting)) { Stop-StandIn ('Cannot find path ''WSMan:\localhost\' + $Setting + ''' because it does not exist.') 'ObjectNotFound' }
    $policy = Get-StandInPolicyValue $Setting
    $value = [string]$script:Machine.Wsman[$Setting]
    $source = $null
    if ($null -ne $policy) {
        $source = 'GPO'
        if ($policy -is [int]) { $value = ([string]($policy -ne 0)).ToLowerInvariant() } else { $value = [string]$policy }
    }
    $item = [pscustomobject]@{ Name = ($Setting -split '\\')[-1]; Value = $value; Type = 'System.String' }
    if ($null -ne $source) { $item | Add-Member -NotePropertyName SourceOfValue -NotePropertyValue $source }
    return $item
}

function ConvertTo-StandInProviderPath {
    # 'WSMan', 'Cert' or 'HKLM' and the rest of the path, or $null for a real file-system path.
    param([string] $Path)
    if ($Path -match '^WSMan:\\localhost\\(.+)$') { return @('WSMan', $Matches[1]) }
    if ($Path -match '^(Cert:\\|Microsoft\.PowerShell\.Security\\Certificate::)LocalMachine\\My(\\(.+))?$') { return @('Cert', [string]$Matches[3]) }
    if ($Path -match '^HKLM:\\(.+)$') { return @('HKLM', $Matches[1]) }
    return $null
}

function Test-StandInProviderPath {
    param([string] $Path)
    return ($null -ne (ConvertTo-StandInProviderPath $Path))
}

function Get-StandInProviderItem {
    param([string] $Path)
    $parts = ConvertTo-StandInProviderPath $Path
    if ($parts[0] -eq 'WSMan') { return (Get-StandInWsmanSetting $parts[1]) }
    if ($parts[0] -eq 'Cert') { return (Find-StandInCertificate $parts[1]) }
    Stop-StandIn ('The stand-in does not answer Get-Item ' + $Path)
}

function Set-StandInProviderItem {
    param([string] $Path, $Value)
    $parts = ConvertTo-StandInProviderPath $Path
    if ($parts[0] -ne 'WSMan') { Stop-StandIn ('The stand-in does not answer Set-Item ' + $Path) }
    $current = Get-StandInWsmanSetting $parts[1]
    if ($null -ne $current.PSObject.Properties['SourceOfValue']) {
        Stop-StandIn ('The config setting ' + $current.Name + ' cannot be changed because is controlled by policies. The policy would need to be set to "Not Configured" in order to change the config setting.')
    }
    $script:Machine.Wsman[$parts[1]] = [string]$Value
}

function Get-StandInChildItem {
    param([string] $Path)
    $parts = ConvertTo-StandInProviderPath $Path
    if ($parts[0] -ne 'Cert') { Stop-StandIn ('The stand-in does not answer Get-ChildItem ' + $Path) }
    foreach ($certificate in $script:Machine.Certificates) { $certificate }
}

function Remove-StandInProviderItem {
    param([string] $Path, [switch] $DeleteKey)
    $parts = ConvertTo-StandInProviderPath $Path
    if ($parts[0] -eq 'Cert') {
        if (-not $script:Machine.Elevated) { Stop-StandIn 'Access is denied.' 'PermissionDenied' }
        $certificate = Find-StandInCertificate $parts[1]
        if ($null -eq $certificate) { Stop-StandIn ('Cannot find path ''' + $Path + ''' because it does not exist.') 'ObjectNotFound' }
        $script:Machine.Certificates = @($script:Machine.Certificates | Where-Object { $_.Thumbprint -ne $certificate.Thumbprint })
        return
    }
    if ($parts[0] -eq 'HKLM') {
        # Remove-ItemProperty is not used; Remove-Item of a key deletes it.
        $script:Machine.Registry.Remove($parts[1])
        return
    }
    Stop-StandIn ('The stand-in does not answer Remove-Item ' + $Path)
}

function Test-StandInProviderItem {
    param([string] $Path)
    $parts = ConvertTo-StandInProviderPath $Path
    if ($parts[0] -eq 'HKLM') { return $script:Machine.Registry.ContainsKey($parts[1]) }
    if ($parts[0] -eq 'Cert') { return ([string]::IsNullOrEmpty($parts[1]) -or $null -ne (Find-StandInCertificate $parts[1])) }
    return $script:Machine.Wsman.ContainsKey($parts[1])
}

function Get-StandInItemProperty {
    # Get-ItemProperty of a registry key: its values as properties; an error when the key is absent.
    [CmdletBinding()]
    param([string] $Path)
    $parts = ConvertTo-StandInProviderPath $Path
    $key = $script:Machine.Registry[$parts[1]]
    if ($null -eq $key) {
        Write-Error -Message ('Cannot find path ''' + $Path + ''' because it does not exist.') -Category ObjectNotFound
        return
    }
    $values = [ordered]@{}
    foreach ($name in ($key.Keys | Sort-Object)) { $values[$name] = $key[$name] }
    return [pscustomobject]$values
}

function Set-StandInItemProperty {
    param([string] $Path, [string] $Name, $Value)
    $parts = ConvertTo-StandInProviderPath $Path
    if (-not $script:Machine.Elevated) { Stop-StandIn ('Requested registry access is not allowed.') 'PermissionDenied' }
    if (-not $script:Machine.Registry.ContainsKey($parts[1])) { $script:Machine.Registry[$parts[1]] = @{} }
    $script:Machine.Registry[$parts[1]][$Name] = $Value
}

function New-StandInItemProperty {
    # New-ItemProperty of the registry provider: the key must exist; an existing value needs
    # -Force; -PropertyType DWord stores a 32-bit number (as Get-ItemProperty then reads it).
    param([string] $Path, [string] $Name, [string] $PropertyType = 'String', $Value, [switch] $Force)
    $parts = ConvertTo-StandInProviderPath $Path
    if (-not $script:Machine.Elevated) { Stop-StandIn ('Requested registry access is not allowed.') 'PermissionDenied' }
    $key = $script:Machine.Registry[$parts[1]]
    if ($null -eq $key) { Stop-StandIn ('Cannot find path ''' + $Path + ''' because it does not exist.') 'ObjectNotFound' }
    if ($key.ContainsKey($Name) -and -not $Force) { Stop-StandIn 'The property already exists.' 'ResourceExists' }
    if ($PropertyType -eq 'DWord') { $Value = [int]$Value } else { $Value = [string]$Value }
    $key[$Name] = $Value
}

function Remove-StandInItemProperty {
    # Remove-ItemProperty: an absent value is an error ("Property ... does not exist at path ...").
    param([string] $Path, [string] $Name)
    $parts = ConvertTo-StandInProviderPath $Path
    if (-not $script:Machine.Elevated) { Stop-StandIn ('Requested registry access is not allowed.') 'PermissionDenied' }
    $key = $script:Machine.Registry[$parts[1]]
    if ($null -eq $key -or -not $key.ContainsKey($Name)) {
        Stop-StandIn ('Property ' + $Name + ' does not exist at path ' + $Path + '.') 'InvalidArgument'
    }
    $key.Remove($Name)
}

function Remove-Item {
    # Remove-Item with the Certificate provider's -DeleteKey dynamic parameter, which Pester's
    # Mock cannot copy on Linux (no Certificate provider there); every other path reaches the
    # real cmdlet unchanged.
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)] [string[]] $Path,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [Alias('PSPath', 'LP')] [string[]] $LiteralPath,
        [switch] $Recurse, [switch] $Force, [switch] $DeleteKey
    )
    process {
        $targets = @($LiteralPath) + @($Path) | Where-Object { -not [string]::IsNullOrEmpty($_) }
        foreach ($target in $targets) {
            if (Test-StandInProviderPath $target) { Remove-StandInProviderItem $target -DeleteKey:$DeleteKey; continue }
            $arguments = @{ Recurse = $Recurse; Force = $Force }
            if ($PSBoundParameters.ContainsKey('ErrorAction')) { $arguments['ErrorAction'] = $PSBoundParameters['ErrorAction'] }
            if ($PSBoundParameters.ContainsKey('LiteralPath')) { Microsoft.PowerShell.Management\Remove-Item -LiteralPath $target @arguments }
            else { Microsoft.PowerShell.Management\Remove-Item -Path $target @arguments }
        }
    }
}
