#!/usr/bin/env bash
# Compile and lint the Bicep templates without az or a Bicep install: the Bicep CLI ships on NuGet as
# Azure.Bicep.CommandLine.<rid>, and its resource type definitions are built in (no network needed).
# Fails on any diagnostic, warnings included. The compiled ARM JSON goes to a temp folder, not infra/.
# Usage: infra/check.sh            (BICEP_VERSION=x.y.z to pick another CLI version)
set -euo pipefail
cd "$(dirname "$0")"

version="${BICEP_VERSION:-0.47.16}"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64)  rid=linux-x64 ;;
  Linux-aarch64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  Darwin-arm64)  rid=osx-arm64 ;;
  *) echo "unsupported platform $(uname -s)-$(uname -m)" >&2; exit 2 ;;
esac
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$packages/azure.bicep.commandline.$rid/$version/tools/bicep"

if [ ! -f "$bicep" ]; then
  fetch="$(mktemp -d)"
  trap 'rm -rf "$fetch"' EXIT
  cat > "$fetch/fetch.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Azure.Bicep.CommandLine.$rid" Version="[$version]" /></ItemGroup>
</Project>
EOF
  dotnet restore "$fetch/fetch.csproj" --verbosity quiet
fi
chmod +x "$bicep"
"$bicep" --version

out="$(mktemp -d)"
log="$out/diagnostics.txt"
"$bicep" build main.bicep --outdir "$out" 2>&1 | tee "$log"
for f in main.bicep modules/*.bicep; do
  "$bicep" lint "$f" 2>&1 | tee -a "$log"
done
if [ -s "$log" ]; then
  echo "bicep reported diagnostics (see above)" >&2
  exit 1
fi
echo "bicep build + lint: clean ($out/main.json)"
