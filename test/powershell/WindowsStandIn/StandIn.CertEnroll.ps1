# Part of WindowsStandIn.psm1: the CertEnroll COM objects (X509Enrollment.*, certenroll.h) that
# Set-NgtPrepWinRm.ps1 uses on Server 2012 R2, where New-SelfSignedCertificate cannot set the
# key length, dates or EKU. Each object keeps what it is given; CX509Enrollment.CreateRequest
# makes a real certificate from it and InstallResponse puts it in LocalMachine\My.

function New-StandInComObject {
    param([string] $ProgId)
    $object = [pscustomobject]@{ ProgId = $ProgId }
    $method = { param([string] $Name, [scriptblock] $Body) $object | Add-Member -MemberType ScriptMethod -Name $Name -Value $Body }
    $note = { param([string] $Name, $Value) $object | Add-Member -NotePropertyName $Name -NotePropertyValue $Value }
    switch ($ProgId) {
        'X509Enrollment.CX500DistinguishedName' { & $note 'Name' $null; & $method 'Encode' { param($Name, $Flags) $this.Name = $Name } }
        'X509Enrollment.CX509PrivateKey' {
            foreach ($name in @('ProviderName', 'KeySpec', 'Length', 'MachineContext', 'ExportPolicy', 'Key')) { & $note $name $null }
            & $method 'Create' {
                if (-not $this.MachineContext) { throw 'CertEnroll: a user key is not usable by the WinRM service.' }
                $this.Key = [System.Security.Cryptography.RSA]::Create([int]$this.Length)
            }
        }
        'X509Enrollment.CObjectId' {
            & $note 'Value' $null; & $note 'Name' $null
            & $method 'InitializeFromValue' { param($Value) $this.Value = $Value }
            & $method 'InitializeFromAlgorithmName' { param($Group, $KeyFlags, $Flags, $Name) $this.Name = $Name }
        }
        { @('X509Enrollment.CObjectIds', 'X509Enrollment.CAlternativeNames') -contains $_ } {
            & $note 'Items' (New-Object System.Collections.ArrayList)
            & $method 'Add' { param($Item) $null = $this.Items.Add($Item) }
        }
        'X509Enrollment.CAlternativeName' { & $note 'Type' $null; & $note 'Value' $null; & $method 'InitializeFromString' { param($Type, $Value) $this.Type = $Type; $this.Value = $Value } }
        { $_ -like 'X509Enrollment.CX509Extension*' } {
            & $note 'Content' $null; & $note 'Critical' $false
            & $method 'InitializeEncode' { param($Content) $this.Content = $Content }
        }
        'X509Enrollment.CX509CertificateRequestCertificate' {
            foreach ($name in @('PrivateKey', 'Subject', 'Issuer', 'NotBefore', 'NotAfter')) { & $note $name $null }
            $extensions = [pscustomobject]@{ Items = (New-Object System.Collections.ArrayList) }
            $extensions | Add-Member -MemberType ScriptMethod -Name Add -Value { param($Item) $null = $this.Items.Add($Item) }
            & $note 'X509Extensions' $extensions
            & $note 'SignatureInformation' ([pscustomobject]@{ HashAlgorithm = $null })
            & $method 'InitializeFromPrivateKey' { param($Context, $Key, $Template) $this.PrivateKey = $Key }
            & $method 'Encode' { }
        }
        'X509Enrollment.CX509Enrollment' {
            & $note 'Request' $null; & $note 'CertificateFriendlyName' ''; & $note 'Certificate' $null
            & $method 'InitializeFromRequest' { param($Request) $this.Request = $Request }
            & $method 'CreateRequest' { param($Encoding) New-StandInCertEnrollCertificate $this }
            & $method 'InstallResponse' { param($Restrictions, $Response, $Encoding, $Password) Install-StandInCertEnrollCertificate $this $Response }
        }
        default { throw ('Retrieving the COM class factory for component ' + $ProgId + ' failed: Class not registered.') }
    }
    return $object
}

function New-StandInCertEnrollCertificate {
    param($Enrollment)
    $request = $Enrollment.Request
    $hash = [System.Security.Cryptography.HashAlgorithmName]::new([string]$request.SignatureInformation.HashAlgorithm.Name)
    $builder = New-Object "$script:X509.CertificateRequest" $request.Subject.Name, $request.PrivateKey.Key, $hash, ([System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    foreach ($extension in $request.X509Extensions.Items) {
        switch ($extension.ProgId) {
            'X509Enrollment.CX509ExtensionEnhancedKeyUsage' {
                $oids = New-Object System.Security.Cryptography.OidCollection
                foreach ($id in $extension.Content.Items) { $null = $oids.Add((New-Object System.Security.Cryptography.Oid $id.Value)) }
                $builder.CertificateExtensions.Add((New-Object "$script:X509.X509EnhancedKeyUsageExtension" $oids, $extension.Critical))
            }
            'X509Enrollment.CX509ExtensionKeyUsage' {
                $builder.CertificateExtensions.Add((New-Object "$script:X509.X509KeyUsageExtension" ([System.Security.Cryptography.X509Certificates.X509KeyUsageFlags][int]$extension.Content), $extension.Critical))
            }
            'X509Enrollment.CX509ExtensionAlternativeNames' {
                $san = New-Object "$script:X509.SubjectAlternativeNameBuilder"
                foreach ($name in $extension.Content.Items) { if ($name.Type -eq 3) { $san.AddDnsName($name.Value) } }
                $builder.CertificateExtensions.Add($san.Build($false))
            }
        }
    }
    $Enrollment.Certificate = $builder.CreateSelfSigned([datetimeoffset]$request.NotBefore, [datetimeoffset]$request.NotAfter)
    return [System.Convert]::ToBase64String($Enrollment.Certificate.RawData)
}

function Install-StandInCertEnrollCertificate {
    param($Enrollment, [string] $Response)
    if ([System.Convert]::ToBase64String($Enrollment.Certificate.RawData) -ne $Response) { throw 'CertEnroll: the response does not match the request.' }
    $certificate = Add-StandInCertificateMembers $Enrollment.Certificate $Enrollment.CertificateFriendlyName $script:Machine.Os.Language
    $script:Machine.Certificates += $certificate
}

function New-Object {
    # New-Object with -ComObject, which PowerShell on Linux does not have; -TypeName reaches the
    # real cmdlet unchanged.
    [CmdletBinding(DefaultParameterSetName = 'Net')]
    param(
        [Parameter(ParameterSetName = 'Net', Mandatory = $true, Position = 0)] [string] $TypeName,
        [Parameter(ParameterSetName = 'Net', Position = 1)] [Alias('Args')] [object[]] $ArgumentList,
        [Parameter(ParameterSetName = 'Com', Mandatory = $true)] [string] $ComObject,
        [System.Collections.IDictionary] $Property
    )
    if ($PSCmdlet.ParameterSetName -eq 'Com') { return (New-StandInComObject $ComObject) }
    $arguments = @{ TypeName = $TypeName }
    if ($PSBoundParameters.ContainsKey('ArgumentList')) { $arguments['ArgumentList'] = $ArgumentList }
    if ($PSBoundParameters.ContainsKey('Property')) { $arguments['Property'] = $Property }
    # Written as is: a returned empty collection would be unrolled to nothing.
    Microsoft.PowerShell.Utility\New-Object @arguments
}
