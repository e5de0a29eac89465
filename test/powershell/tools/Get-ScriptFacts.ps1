<#
.SYNOPSIS
    Dot-sources assets/windows/NgtPrep.Common.ps1 and prints the facts it defines (every
    $NgtPrep* variable) as one line of JSON, for test/unit/windows/scriptFacts.test.ts.
#>
param([Parameter(Mandatory = $true)] [string] $CommonPath)
. $CommonPath
$facts = [ordered]@{}
foreach ($variable in @(Get-Variable -Name 'NgtPrep*' -Scope Local | Sort-Object Name)) { $facts[$variable.Name] = $variable.Value }
Write-Output (ConvertTo-Json -InputObject $facts -Compress)
