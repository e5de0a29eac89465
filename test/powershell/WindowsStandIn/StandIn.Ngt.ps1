# Part of WindowsStandIn.psm1: Nutanix Guest Tools inside the guest, as DOMAIN.md describes them:
# C:\Program Files\Nutanix\config\ngt_config.json and client-cert.pem (valid 1000 days from the
# ISO's creation), the NGT services, and the cluster's virtual IP on TCP 2074. The cluster is a
# real TCP listener on loopback (or a loopback port nobody listens on, for "no path").

$script:ClusterListener = $null
$script:NgtUuid = '6b0c2c53-8a47-4f0e-9a43-2f6f1e5d7c19'

function Add-StandInNgt {
    # NGT installed on $Machine: its services, and what Publish-StandInNgtFiles writes. The client
    # certificate expires $ExpiresInDays days from now (negative: already expired).
    param([hashtable] $Machine, [int] $ExpiresInDays = 730, [bool] $ClusterReachable = $true, [string] $RestoreState = 'Running')
    $notAfter = (Get-Date).AddDays($ExpiresInDays)
    $Machine.Ngt = @{ Uuid = $script:NgtUuid; Version = '4.1'; CertNotBefore = $notAfter.AddDays(-1000); CertNotAfter = $notAfter; ClusterReachable = $ClusterReachable }
    $Machine.Services['Nutanix Guest Agent'] = @{ Name = 'Nutanix Guest Agent'; DisplayName = 'Nutanix Guest Tools Agent'; State = 'Running'; StartMode = 'Auto' }
    $Machine.Services['Nutanix Self Service Restore Gateway'] = @{ Name = 'Nutanix Self Service Restore Gateway'; DisplayName = 'Nutanix Self Service Restore Gateway'; State = $RestoreState; StartMode = 'Auto' }
}

function ConvertTo-StandInPem {
    # PEM as NGT writes it on Windows: 64 Base64 characters a line, CRLF line ends.
    param([byte[]] $Der)
    $base64 = [System.Convert]::ToBase64String($Der)
    $lines = @('-----BEGIN CERTIFICATE-----')
    for ($i = 0; $i -lt $base64.Length; $i += 64) { $lines += $base64.Substring($i, [math]::Min(64, $base64.Length - $i)) }
    $lines += '-----END CERTIFICATE-----'
    return (($lines -join "`r`n") + "`r`n")
}

function Publish-StandInNgtFiles {
    # Writes the machine's NGT files under $ProgramFiles\Nutanix\config and opens (or closes) the
    # cluster's port on loopback. Nothing when NGT is not installed.
    param([string] $ProgramFiles)
    if ($null -ne $script:ClusterListener) { $script:ClusterListener.Stop(); $script:ClusterListener = $null }
    $ngt = $script:Machine.Ngt
    if ($null -eq $ngt) { return }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
    if ($ngt.ClusterReachable) { $script:ClusterListener = $listener } else { $listener.Stop() }
    $config = [ordered]@{
        cluster_ip = '127.0.0.1'; port = $port; ngt_uuid = $ngt.Uuid; ngt_version = $ngt.Version
        communication_type = 'ip'; hypervisor_type = 'kKvm'; ngt_heartbeat_max_retry_fallback_to_ip = 5
    }
    $folder = Join-Path $ProgramFiles 'Nutanix/config'
    $null = New-Item -ItemType Directory -Path $folder -Force
    $json = (ConvertTo-Json -InputObject $config) -replace "`r?`n", "`r`n"
    [System.IO.File]::WriteAllText((Join-Path $folder 'ngt_config.json'), $json)
    $certificate = New-StandInCertificate -Subject ('CN=' + $ngt.Uuid) -Issuer 'CN=NGT CA (stand-in)' -NotBefore $ngt.CertNotBefore -NotAfter $ngt.CertNotAfter -Ekus @('1.3.6.1.5.5.7.3.2')
    [System.IO.File]::WriteAllText((Join-Path $folder 'client-cert.pem'), (ConvertTo-StandInPem $certificate.RawData))
}
