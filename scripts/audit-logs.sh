#!/usr/bin/env bash
# audit-logs.sh — the seed's manual check "no secret values in production logs", automated against Loki's
# query_range API (Scaleway Cockpit's logs data source, or any Loki). Exit 0: no pattern matched; 1: at least one
# pattern matched (each hit is reported by time, stream labels and pattern number, never by the matching text);
# 2: usage, transport or response error. Needs bash, curl and jq. See docs/observability.md.
set -euo pipefail

usage() {
  cat >&2 <<'USAGE'
Usage: scripts/audit-logs.sh --url LOKI_URL [options] (--pattern P ... | --patterns-file FILE)
  --url URL             Loki base URL, e.g. https://<data-source-id>.logs.cockpit.fr-par.scw.cloud (or LOKI_URL)
  --token-file FILE     file holding the query token (or env LOKI_TOKEN); never pass a token as an argument
  --auth-header NAME    header carrying the token: "Authorization" (sent as "Bearer <token>", default) or e.g. X-Token
  --query LOGQL         stream selector to audit (default: {service_name=~".+"})
  --since DURATION      audit the last DURATION (30m, 24h, 7d; default 24h), or:
  --start T --end T     RFC 3339 or Unix nanoseconds
  --limit N             lines per request (default 5000); pages forward until the range is exhausted
  --pattern P           a pattern to look for (repeatable); regular expression (Oniguruma) unless --literal
  --patterns-file FILE  one pattern per line (blank lines and lines starting with # ignored): keeps secrets
                        out of the process list
  --literal             patterns are literal strings (use this for secret values)
  --response-file FILE  audit a saved query_range JSON response instead of calling Loki (offline and tests)
USAGE
  exit 2
}

fail() { echo "audit-logs: $*" >&2; exit 2; }

url="${LOKI_URL:-}"
token="${LOKI_TOKEN:-}"
auth_header="Authorization"
query='{service_name=~".+"}'
since="24h"
start=""
end=""
limit=5000
literal=false
response_file=""
patterns=()

while [ $# -gt 0 ]; do
  case "$1" in
    --url) url="${2:?}"; shift 2 ;;
    --token-file) token="$(tr -d '\r\n' < "${2:?}")"; shift 2 ;;
    --auth-header) auth_header="${2:?}"; shift 2 ;;
    --query) query="${2:?}"; shift 2 ;;
    --since) since="${2:?}"; shift 2 ;;
    --start) start="${2:?}"; shift 2 ;;
    --end) end="${2:?}"; shift 2 ;;
    --limit) limit="${2:?}"; shift 2 ;;
    --pattern) patterns+=("${2?}"); shift 2 ;;
    --patterns-file)
      [ -r "${2:?}" ] || fail "cannot read patterns file $2"
      while IFS= read -r line || [ -n "$line" ]; do
        line="${line%$'\r'}"
        [ -z "$line" ] || [ "${line:0:1}" = "#" ] || patterns+=("$line")
      done < "$2"
      shift 2 ;;
    --literal) literal=true; shift ;;
    --response-file) response_file="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "audit-logs: unknown argument $1" >&2; usage ;;
  esac
done

command -v jq >/dev/null 2>&1 || fail "jq is required"
[ ${#patterns[@]} -gt 0 ] || fail "give at least one --pattern or --patterns-file"
[[ "$limit" =~ ^[0-9]+$ ]] && [ "$limit" -gt 0 ] || fail "--limit must be a positive number"
for pattern in "${patterns[@]}"; do
  [ -n "$pattern" ] || fail "empty pattern"
done
patterns_json="$(printf '%s\n' "${patterns[@]}" | jq -R . | jq -s .)"

to_ns() { # RFC 3339 or nanoseconds -> nanoseconds
  if [[ "$1" =~ ^[0-9]+$ ]]; then echo "$1"; else
    local seconds; seconds="$(date -u -d "$1" +%s)" || fail "bad time $1"; echo "${seconds}000000000"; fi
}

duration_seconds() {
  [[ "$1" =~ ^([0-9]+)([smhd])$ ]] || fail "bad duration $1 (use e.g. 30m, 24h, 7d)"
  local n="${BASH_REMATCH[1]}"
  case "${BASH_REMATCH[2]}" in s) echo "$n" ;; m) echo $((n * 60)) ;; h) echo $((n * 3600)) ;; d) echo $((n * 86400)) ;; esac
}

# Prints one line per hit: "<ns timestamp>\t<labels JSON>\t<pattern number>"; also validates the response.
hits_of() {
  jq -r --argjson patterns "$patterns_json" --argjson literal "$literal" '
    if .status != "success" then error("Loki answered status \(.status // "none")") else . end
    | if .data.resultType != "streams" then error("expected resultType streams, got \(.data.resultType)") else . end
    | .data.result[] as $stream
    | $stream.values[] as $value
    | range(0; $patterns | length) as $i
    | select(if $literal then ($value[1] | contains($patterns[$i])) else ($value[1] | test($patterns[$i])) end)
    | "\($value[0])\t\($stream.stream | tojson)\t\($i + 1)"' "$1"
}

last_timestamp_of() { jq -r '[.data.result[].values[][0] | tonumber] | max // empty' "$1"; }
line_count_of() { jq -r '[.data.result[].values[]] | length' "$1"; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
hits="$work/hits"
: > "$hits"
lines=0

if [ -n "$response_file" ]; then
  [ -r "$response_file" ] || fail "cannot read $response_file"
  hits_of "$response_file" >> "$hits" || fail "the response in $response_file is not a Loki query_range answer"
  lines=$(line_count_of "$response_file")
else
  [ -n "$url" ] || fail "give --url (or LOKI_URL)"
  if [ -n "$start" ]; then start_ns="$(to_ns "$start")"; else
    start_ns="$(( ($(date -u +%s) - $(duration_seconds "$since")) ))000000000"; fi
  if [ -n "$end" ]; then end_ns="$(to_ns "$end")"; else end_ns="$(date -u +%s)000000000"; fi
  headers=()
  if [ -n "$token" ]; then
    if [ "${auth_header,,}" = "authorization" ]; then headers=(-H "Authorization: Bearer $token"); else headers=(-H "$auth_header: $token"); fi
  fi
  page=0
  while :; do
    page=$((page + 1))
    response="$work/page-$page.json"
    status="$(curl -sS -G -o "$response" -w '%{http_code}' "${headers[@]}" \
      --data-urlencode "query=$query" --data-urlencode "start=$start_ns" --data-urlencode "end=$end_ns" \
      --data-urlencode "limit=$limit" --data-urlencode "direction=forward" \
      "${url%/}/loki/api/v1/query_range")" || fail "could not reach ${url%/}/loki/api/v1/query_range"
    [ "$status" = "200" ] || fail "Loki answered HTTP $status: $(head -c 300 "$response")"
    hits_of "$response" >> "$hits" || fail "Loki's answer is not a query_range streams result"
    count=$(line_count_of "$response")
    lines=$((lines + count))
    [ "$count" -ge "$limit" ] || break
    last="$(last_timestamp_of "$response")"
    [ -n "$last" ] || break
    start_ns=$((last + 1))
    [ "$page" -lt 1000 ] || fail "more than 1000 pages: narrow the range"
  done
fi

matches=$(wc -l < "$hits" | tr -d ' ')
while IFS=$'\t' read -r ts labels number; do
  seconds="${ts:0:${#ts}-9}"
  when="$(date -u -d "@${seconds:-0}" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || echo "$ts")"
  echo "MATCH pattern #$number at $when ($ts) in stream $labels"
done < "$hits"
echo "audit-logs: $lines log lines audited against ${#patterns[@]} pattern(s): $matches match(es)"
[ "$matches" -eq 0 ]
