#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, from Debian's packages and npm; idempotent.
#   - Node.js 20+ (the TypeScript MCP SDK clients of the end-to-end tests)
#   - Chromium (the consent page in a real browser, through Playwright with the system browser)
#   - PostgreSQL server binaries (the token store's contract tests run against a real server)
#   - jq and curl (scripts/deploy.sh, scripts/audit-logs.sh and their tests)
#   - clang and zlib1g-dev (the server's Native AOT publish: scripts/smoke-publish.sh, deploy.sh; decision 010)
set -euo pipefail

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    sudo=sudo
    command -v sudo >/dev/null 2>&1 || { echo "Missing Debian packages: ${missing[*]} (run as root: apt-get install ${missing[*]})" >&2; exit 1; }
  else
    sudo=
  fi
  echo "Installing ${missing[*]} from Debian's packages"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
