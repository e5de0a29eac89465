#!/usr/bin/env bash
# Installs PowerShell 7 (a .NET global tool) and Pester (from NuGet) at pinned
# versions, for the Pester suite under test/powershell. Idempotent: a second
# run only checks the versions. Needs the .NET SDK and the NuGet registry.
# Prints the pwsh path and the Pester manifest path, which scripts/pester.mjs
# looks for in the same places.
set -euo pipefail
cd "$(dirname "$0")/.."

POWERSHELL_VERSION=7.6.9
PESTER_VERSION=5.7.1
TOOLS_DIR="${HOME}/.dotnet/tools"
NUGET_DIR="${NUGET_PACKAGES:-${HOME}/.nuget/packages}"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-powershell: the .NET SDK (dotnet) is missing; install it first" >&2
  exit 1
fi

installed="$(dotnet tool list --global | awk 'tolower($1)=="powershell"{print $2}')"
if [ "${installed}" != "${POWERSHELL_VERSION}" ]; then
  if [ -n "${installed}" ]; then
    dotnet tool uninstall --global PowerShell >/dev/null
  fi
  dotnet tool install --global PowerShell --version "${POWERSHELL_VERSION}"
fi

manifest="${NUGET_DIR}/pester/${PESTER_VERSION}/tools/Pester.psd1"
if [ ! -f "${manifest}" ]; then
  project_dir=".cache/pester-restore"
  mkdir -p "${project_dir}"
  cat >"${project_dir}/restore.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <!-- Throw-away project: restoring it downloads the Pester module from NuGet. -->
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Pester" Version="${PESTER_VERSION}" />
  </ItemGroup>
</Project>
CSPROJ
  dotnet restore "${project_dir}/restore.csproj" >/dev/null
fi

"${TOOLS_DIR}/pwsh" -NoProfile -NonInteractive -Command \
  "Import-Module '${manifest}'; \$v = (Get-Module Pester).Version.ToString(); Write-Output \"pwsh \$(\$PSVersionTable.PSVersion) at ${TOOLS_DIR}/pwsh; Pester \$v at ${manifest}\""
