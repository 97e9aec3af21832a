#!/usr/bin/env bash
# The one command to run DropShip locally (see README "Run locally"): Azurite, the distributor sandbox on :7070,
# then the Functions host on :7071 with local.settings.json (created from the sample on first run).
set -euo pipefail
cd "$(dirname "$0")"
command -v func >/dev/null || { echo "Azure Functions Core Tools (func) v4 is required: https://learn.microsoft.com/azure/azure-functions/functions-run-local" >&2; exit 1; }
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error
[ -f DropShip.Functions/local.settings.json ] || cp DropShip.Functions/local.settings.sample.json DropShip.Functions/local.settings.json

mkdir -p .azurite
node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck --loose &
azurite=$!
dotnet run --project DropShip.Sandbox -- --urls http://127.0.0.1:7070 &
sandbox=$!
trap 'kill $azurite $sandbox 2>/dev/null || true' EXIT

cd DropShip.Functions
func start --port 7071
