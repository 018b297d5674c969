#!/usr/bin/env bash
# Proves README's first command: `dotnet run --project MiroMcp.AppHost` prints the dashboard login URL, both
# services answer /health within 60 s, and Ctrl+C (SIGINT to the process group, as a terminal sends it) leaves
# no child process behind. Uses the AppHost's default (http) launch profile and its fixed local ports.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
deadline() { echo $(( $(date +%s) + $1 )); }

# Job control: the AppHost gets its own process group, and SIGINT is not ignored as it is for background
# jobs of a non-interactive shell (a terminal's Ctrl+C would reach it; so must ours).
set -m
# Dummy Miro app credentials: this run never talks to Miro.
env Parameters__miro-client-id=smoke-client Parameters__miro-client-secret=smoke-secret \
  dotnet run --project MiroMcp.AppHost >"$log" 2>&1 &
leader=$!
started=$(date +%s)

cleanup_group() { kill -KILL -- "-$leader" 2>/dev/null || true; }

end=$(deadline 180)   # includes the build on a cold machine
until grep -q 'Login to the dashboard at http' "$log"; do
  if ! kill -0 "$leader" 2>/dev/null || [ "$(date +%s)" -ge "$end" ]; then
    echo "FAIL: no dashboard login URL"; cat "$log"; cleanup_group; exit 1
  fi
  sleep 1
done
grep -o 'Login to the dashboard at http[^ ]*' "$log" | head -n 1 | sed 's/?t=.*/?t=<token>/'
up=$(date +%s)

end=$(deadline 60)
for url in http://localhost:5180/health http://localhost:5190/health; do
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = "200" ]; do
    if [ "$(date +%s)" -ge "$end" ]; then echo "FAIL: $url not healthy within 60 s"; cat "$log"; cleanup_group; exit 1; fi
    sleep 1
  done
done
healthy=$(date +%s)
echo "both services healthy $(( healthy - up )) s after the dashboard came up ($(( healthy - started )) s after dotnet run)"

# Everything this run started: the AppHost's descendants (DCP, and the services DCP launched) and any process
# running this checkout's binaries. Other MiroMcp processes on the machine are none of our business.
descendants() { local pid; for pid in $(pgrep -P "$1" || true); do echo "$pid"; descendants "$pid"; done; }
repo=$(pwd)
started_pids=$( { descendants "$leader"; pgrep -f "$repo/MiroMcp\." || true; echo "$leader"; } | sort -u)

kill -INT -- "-$leader"
end=$(deadline 60)
while :; do
  alive=""
  for pid in $started_pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
  [ -z "$alive" ] && break
  if [ "$(date +%s)" -ge "$end" ]; then
    echo "FAIL: processes left 60 s after Ctrl+C:"; for pid in $alive; do ps -o pid=,args= -p "$pid" || true; done
    cleanup_group; exit 1
  fi
  sleep 1
done
echo "OK: Ctrl+C stopped everything in $(( $(date +%s) - healthy )) s; no child process left ($(echo $started_pids | wc -w) processes checked)"
