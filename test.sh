#!/usr/bin/env bash
# The one test command (see README): builds the app with the real Azure Functions packages (what deploys) and runs
# every test. Storage tests start their own Azurite from node_modules (npm ci installs it).
set -euo pipefail
cd "$(dirname "$0")"
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error --omit=optional
exec dotnet test DropShip.slnx "$@"
