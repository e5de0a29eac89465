<#
.SYNOPSIS
    Parses each given file with PowerShell's own parser ([Parser]::ParseInput, the one
    powershell.exe uses before it runs a script) and prints { "<file>": ["<line>:<column> <message>", ...] }.
#>
param([Parameter(ValueFromRemainingArguments = $true)] [string[]] $Files)
$ErrorActionPreference = 'Stop'
$result = [ordered]@{}
foreach ($file in $Files) {
    $text = [System.IO.File]::ReadAllText($file)
    $tokens = $null
    $errors = $null
    $null = [System.Management.Automation.Language.Parser]::ParseInput($text, $file, [ref] $tokens, [ref] $errors)
    $result[$file] = @($errors | ForEach-Object { '{0}:{1} {2}' -f $_.Extent.StartLineNumber, $_.Extent.StartColumnNumber, $_.Message })
}
Write-Output (ConvertTo-Json -InputObject $result -Depth 3 -Compress)
