#!/usr/bin/env bash
# The server as its container image runs it (Release, linux-x64, one Native AOT executable;
# docs/decisions/010-native-aot.md) starts and answers an authorised tools/list and tools/call. The tests run the JIT
# build; this is the check of the compiled one. It runs `cold-start-mcp` once: a first process signs a client in
# through the whole OAuth flow, then a fresh process is timed to its first authorised tools/list (the figure printed
# is one run on a busy CI machine, not a benchmark result).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Native AOT links with the system's C toolchain (scripts/install-test-prereqs.sh installs it).
command -v clang >/dev/null 2>&1 || { echo "FAIL: Native AOT needs clang and zlib1g-dev (bash scripts/install-test-prereqs.sh)"; exit 1; }

# Its own intermediate folder, as deploy.sh publishes: nothing of a repository obj/ leaks into it.
dotnet publish MiroMcp.Server -c Release -r linux-x64 --artifacts-path "$work/artifacts" -o "$work/server" --nologo -v:quiet \
  | tee "$work/publish.log"
[ -x "$work/server/MiroMcp.Server" ] || { echo "FAIL: no native executable in the publish"; exit 1; }
[ ! -e "$work/server/MiroMcp.Server.dll" ] || { echo "FAIL: the publish holds IL assemblies: it is not Native AOT"; exit 1; }
[ ! -e "$work/server/MiroMcp.Server.dbg" ] || { echo "FAIL: the executable's debug symbols are in the publish (they would ship in the image)"; exit 1; }
# The AOT compiler's warnings are not errors (MiroMcp.Server.csproj): the one known warning, inside
# Microsoft.Extensions.Http.Resilience, is accepted; any other means code the executable may not run as the JIT does.
if grep -E 'warning IL[0-9]+' "$work/publish.log" | grep -v 'Microsoft.Shared.Data.Validation.LengthAttribute' | grep -q .; then
  echo "FAIL: the Native AOT compiler warned about code it cannot compile faithfully (above)"; exit 1
fi

# The comparison server of the benchmark (TypeScript SDK) needs its Node packages.
[ -d MiroMcp.Tests/EndToEnd/node/node_modules ] || (cd MiroMcp.Tests/EndToEnd/node && npm ci --no-audit --no-fund --silent)
dotnet run --project MiroMcp.Benchmarks --no-build -- cold-start-mcp --runs 1 --server "$work/server/MiroMcp.Server.dll"
# Then tools/call through the executable (the tool's invocation, its argument binding and its result are built at
# run time; a warm-up call that fails makes the command fail): 200 calls of who_am_i against the Miro emulator.
dotnet run --project MiroMcp.Benchmarks --no-build -- tools-call --calls 200 --rounds 1 --warmup 200 --quiet \
  --server "$work/server/MiroMcp.Server.dll"
echo "OK: the production build of the server answered an authorised tools/list and tools/call"
