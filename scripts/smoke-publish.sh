#!/usr/bin/env bash
# The server as its container image runs it (Release, linux-x64, self-contained, one composite ReadyToRun image of
# framework and app; docs/decisions/008-cold-start.md) starts and answers an authorised tools/list. The tests run
# the JIT build; this is the check of the precompiled one. It runs `cold-start-mcp` once: a first process signs a
# client in through the whole OAuth flow, then a fresh process is timed to its first authorised tools/list (the
# figure printed is one run on a busy CI machine, not a benchmark result).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Its own intermediate folder: a repository obj/ that held a per-assembly ReadyToRun publish must not leak into it.
dotnet publish MiroMcp.Server -c Release -r linux-x64 --artifacts-path "$work/artifacts" -o "$work/server" --nologo -v:quiet
grep -q '"includedFrameworks"' "$work/server/MiroMcp.Server.runtimeconfig.json" || { echo "FAIL: the publish is not self-contained"; exit 1; }
ls "$work/server/"*.r2r.dll >/dev/null 2>&1 || { echo "FAIL: no composite ReadyToRun image in the publish"; exit 1; }

# The comparison server of the benchmark (TypeScript SDK) needs its Node packages.
[ -d MiroMcp.Tests/EndToEnd/node/node_modules ] || (cd MiroMcp.Tests/EndToEnd/node && npm ci --no-audit --no-fund --silent)
dotnet run --project MiroMcp.Benchmarks --no-build -- cold-start-mcp --runs 1 --server "$work/server/MiroMcp.Server.dll"
echo "OK: the production build of the server answered an authorised tools/list"
