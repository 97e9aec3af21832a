#!/usr/bin/env bash
# The one command to run DropShip locally (see README "Run locally"): Azurite, the distributor sandbox on :7070,
# then the Functions host on :7071 with local.settings.json (created from the sample on first run).
# Azurite and Azure Functions Core Tools come from npm, pinned in package.json; a `func` already on the PATH is used as is.
set -euo pipefail
cd "$(dirname "$0")"

func=""
if command -v func >/dev/null; then
  func=func
else
  [ -x node_modules/.bin/func ] || {
    echo "Installing Azure Functions Core Tools $(node -p "require('./package.json').optionalDependencies['azure-functions-core-tools']") from npm (its installer downloads the Functions host)..."
    npm ci --no-audit --no-fund --loglevel=error --include=optional || true
  }
  [ -x node_modules/.bin/func ] && node_modules/.bin/func --version >/dev/null 2>&1 && func="$PWD/node_modules/.bin/func"
fi
if [ -z "$func" ]; then
  cat >&2 <<'MSG'
run-local: Azure Functions Core Tools (func) v4 is not available.
  npm installed the azure-functions-core-tools package, but its installer could not download the Functions host binary
  (this machine cannot reach the download server, or the package was refused). Nothing else is wrong.
  Fix: install Core Tools v4 yourself (https://learn.microsoft.com/azure/azure-functions/functions-run-local) so that
  `func` is on the PATH, then run ./run-local.sh again. The tests do not need it: ./test.sh
MSG
  exit 1
fi

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error --omit=optional
[ -f DropShip.Functions/local.settings.json ] || cp DropShip.Functions/local.settings.sample.json DropShip.Functions/local.settings.json

mkdir -p .azurite
node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck --loose &
azurite=$!
dotnet run --project DropShip.Sandbox -- --urls http://127.0.0.1:7070 &
sandbox=$!
trap 'kill $azurite $sandbox 2>/dev/null || true' EXIT

cd DropShip.Functions
"$func" start --port 7071
