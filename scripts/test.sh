#!/usr/bin/env bash
# The test command of README.md: builds and runs the whole suite (unit, integration through one started Aspire
# AppHost, end to end), then prints one summary line "Tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Node.js, Chromium and PostgreSQL for the end-to-end and store tests, then the MCP SDK clients' packages.
bash scripts/install-test-prereqs.sh
(cd MiroMcp.Tests/EndToEnd/node && npm ci --no-audit --no-fund --loglevel=error)

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

status=0
dotnet test MiroMcp.sln --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" \
  --results-directory "$results" "$@" || status=$?

# One plain closing line, whatever the runner printed above.
trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$(get passed); failed=$(get failed); total=$(get total); executed=$(get executed)
  skipped=$(( ${total:-0} - ${executed:-0} ))
  echo "Tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped} skipped"
fi
exit "$status"
