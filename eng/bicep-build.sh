#!/usr/bin/env bash
# Compiles and lints infra/ with the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64).
# Exits non-zero on any Bicep error OR warning (the CLI itself exits 0 on warnings).
#
# Usage: eng/bicep-build.sh            # build + lint; ARM JSON goes to artifacts/bicep/ (git-ignored)
# Env:   BICEP=/path/to/bicep          # use this binary instead of the NuGet one
#        BICEP_TIMEOUT=300             # seconds allowed per Bicep command
#
# Works offline: infra/ uses only local modules (no br: registry references) and bicepconfig.json turns
# off the analyzers that would query a registry (use-recent-module-versions).
set -euo pipefail

readonly BICEP_VERSION="0.49.2"
readonly PACKAGE_ID="azure.bicep.commandline.linux-x64"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly repo_root
readonly timeout_seconds="${BICEP_TIMEOUT:-300}"

nuget_root() {
  if [[ -n "${NUGET_PACKAGES:-}" ]]; then
    echo "${NUGET_PACKAGES%/}"
  else
    echo "${HOME}/.nuget/packages"
  fi
}

restore_bicep() {
  # A throwaway project under the git-ignored .tools/ folder. The empty Directory.*.props files stop
  # MSBuild from importing the repository's props (central package management, analyzers).
  local dir="${repo_root}/.tools/bicep-restore"
  mkdir -p "${dir}"
  echo '<Project />' > "${dir}/Directory.Build.props"
  echo '<Project />' > "${dir}/Directory.Build.targets"
  echo '<Project />' > "${dir}/Directory.Packages.props"
  cat > "${dir}/bicep-restore.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[${BICEP_VERSION}]" />
  </ItemGroup>
</Project>
CSPROJ
  echo "bicep-build: restoring Azure.Bicep.CommandLine.linux-x64 ${BICEP_VERSION} from NuGet..." >&2
  dotnet restore "${dir}/bicep-restore.csproj" --nologo -v quiet >&2
}

find_bicep() {
  if [[ -n "${BICEP:-}" ]]; then
    echo "${BICEP}"
    return
  fi
  local path
  path="$(nuget_root)/${PACKAGE_ID}/${BICEP_VERSION}/tools/bicep"
  if [[ ! -f "${path}" ]]; then
    restore_bicep
  fi
  if [[ ! -f "${path}" ]]; then
    echo "bicep-build: Bicep CLI not found at ${path} after restore" >&2
    exit 2
  fi
  chmod +x "${path}"
  echo "${path}"
}

bicep="$(find_bicep)"
version="$("${bicep}" --version)"
echo "bicep-build: ${version} (${bicep})"

cd "${repo_root}"
outdir="${repo_root}/artifacts/bicep"
mkdir -p "${outdir}"

problems=0

# Runs one Bicep command, echoes its output and counts the errors and warnings in it.
run_bicep() {
  local label="$1"
  shift
  local output status=0
  output="$(timeout "${timeout_seconds}" "${bicep}" "$@" 2>&1)" || status=$?
  if [[ -n "${output}" ]]; then
    echo "${output}"
  fi
  local count
  # Diagnostics look like: <file>(<line>,<col>) : Warning <code>: <message>
  count="$(grep -cE ' : (Error|Warning) ' <<<"${output}" || true)"
  if [[ ${status} -eq 124 ]]; then
    echo "bicep-build: ${label} timed out after ${timeout_seconds}s" >&2
    problems=$((problems + 1))
  elif [[ ${status} -ne 0 ]]; then
    echo "bicep-build: ${label} exited with ${status}" >&2
    problems=$((problems + 1))
  fi
  if [[ ${count} -gt 0 ]]; then
    echo "bicep-build: ${label} reported ${count} error(s)/warning(s)" >&2
    problems=$((problems + count))
  fi
  echo "bicep-build: ${label}: exit ${status}, ${count} error(s)/warning(s)"
}

run_bicep "build" build infra/main.bicep --outdir "${outdir}"
run_bicep "lint main.bicep" lint infra/main.bicep
# Also lints modules that main.bicep does not (yet) reference.
run_bicep "lint infra/**/*.bicep" lint --pattern 'infra/**/*.bicep'

if [[ ${problems} -ne 0 ]]; then
  echo "bicep-build: FAILED (${problems} problem(s))" >&2
  exit 1
fi
echo "bicep-build: OK (${outdir}/main.json)"
