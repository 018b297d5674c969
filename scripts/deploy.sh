#!/usr/bin/env bash
# Deploys MiroMcp to Scaleway Serverless Containers (docs/deployment.md).
#
#   ./scripts/deploy.sh --env=production|staging [--dry-run]
#
# 1. checks the tools (scw, jq, curl, dotnet) and the Scaleway project and region;
# 2. refuses to go on unless every required secret has an enabled version in Secret Manager (folder /miromcp/<env>);
# 3. builds and pushes both images to Scaleway Container Registry with the .NET SDK (no Docker);
# 4. creates or updates the containers: the gateway private, the server public; probes, scaling limits,
#    plain environment variables through `scw`, secret environment variables through the Containers API with the
#    request body on stdin (a secret value never appears in any process's arguments);
# 5. prints the MCP URL and the exact MIRO_REDIRECT_URI to register in the Miro app.
# Running it again updates what exists and creates nothing twice. --dry-run reads and validates, changes nothing,
# and reads no secret value.
#
# Operator settings (environment of the shell running this script; none reaches the containers under its own name):
#   MIRO_CLIENT_ID        required: the Miro app's client id (not a secret)
#   MCP_PUBLIC_URL        optional: a custom domain (https://mcp.example.com) bound to the server container
#   SCW_DEFAULT_PROJECT_ID, SCW_DEFAULT_REGION, SCW_SECRET_KEY: optional, else read from `scw config`
#   IMAGE_TAG             optional: default the git commit (12 chars, "-dirty" when the tree has changes)
#   SERVER_MIN_SCALE (0), SERVER_MAX_SCALE (1), GATEWAY_MIN_SCALE (0), GATEWAY_MAX_SCALE (2)
#   GATEWAY_PRIVACY       private (default: the server then needs the secret SECRETS_GATEWAY_ACCESS_KEY) or public
#   OTEL_EXPORTER_OTLP_{TRACES,LOGS,METRICS}_ENDPOINT: optional Cockpit endpoints, with the secret
#                         COCKPIT_TOKEN in Secret Manager (sent as OTEL_EXPORTER_OTLP_HEADERS=X-Token=…)
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'Error: %s\n' "$*" >&2; exit 1; }
log() { printf '%s\n' "$*"; }

usage() {
  cat >&2 <<'EOF'
usage: scripts/deploy.sh --env=production|staging [--dry-run]
EOF
  exit 2
}

env_name=""
dry_run=false
for arg in "$@"; do
  case "$arg" in
    --env=production|--env=staging) env_name="${arg#--env=}" ;;
    --env=*) die "unknown environment '${arg#--env=}': use --env=production or --env=staging" ;;
    --dry-run) dry_run=true ;;
    -h|--help) usage ;;
    *) printf 'Error: unknown argument %s\n' "$arg" >&2; usage ;;
  esac
done
[ -n "$env_name" ] || usage

# ---- 1. prerequisites -------------------------------------------------------------------------------------------
need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required but was not found on PATH: $2"
}
need scw "install the Scaleway CLI v2 and run 'scw init' (docs/deployment.md, step 1)"
need jq "install jq (Debian/Ubuntu: apt-get install jq)"
need curl "install curl"
$dry_run || need dotnet "install the .NET 10 SDK (global.json)"
# The server's image is a Native AOT executable (docs/decisions/010-native-aot.md), linked by the system toolchain.
$dry_run || need clang "install clang and zlib1g-dev (Debian/Ubuntu: apt-get install clang zlib1g-dev)"

[ -n "${MIRO_CLIENT_ID:-}" ] || die "MIRO_CLIENT_ID is not set: export the Miro app's client id (docs/deployment.md, step 3)"
case "${GATEWAY_PRIVACY:-private}" in private|public) ;; *) die "GATEWAY_PRIVACY must be private or public" ;; esac
if [ -n "${MCP_PUBLIC_URL:-}" ]; then
  case "$MCP_PUBLIC_URL" in https://*) ;; *) die "MCP_PUBLIC_URL must be an https URL" ;; esac
fi

scw_config() { scw config get "$1" 2>/dev/null || true; }
project_id="${SCW_DEFAULT_PROJECT_ID:-$(scw_config default-project-id)}"
region="${SCW_DEFAULT_REGION:-$(scw_config default-region)}"
region="${region:-fr-par}"
[ -n "$project_id" ] || die "no Scaleway project: run 'scw init' or set SCW_DEFAULT_PROJECT_ID"
case "$region" in fr-par|nl-ams|pl-waw) ;; *) die "unsupported region '$region' (fr-par, nl-ams or pl-waw)" ;; esac

prefix="miromcp-$env_name"
secret_path="/miromcp/$env_name"
server_name="miromcp-server"
gateway_name="miromcp-gateway"
api_url="${SCALEWAY_API_URL:-https://api.scaleway.com}"
api_url="${api_url%/}"

log "Deploying MiroMcp ($env_name) to project $project_id, region $region$($dry_run && printf ' [dry run]')"

# ---- 2. required secrets ----------------------------------------------------------------------------------------
# Read by the gateway at run time: MIRO_CLIENT_SECRET, MIRO_ENCRYPTION_KEY (and MIRO_ENCRYPTION_KEY_PREVIOUS when it
# exists). Injected as secret environment variables: the rest.
required_secrets=(MIRO_CLIENT_SECRET MIRO_ENCRYPTION_KEY SECRETS_GATEWAY_TOKEN SCALEWAY_SECRET_KEY POSTGRES_CONNECTION_STRING)
gateway_privacy="${GATEWAY_PRIVACY:-private}"
if [ "$gateway_privacy" = private ]; then
  # The server's IAM key for the private gateway (ContainersPrivateAccess), sent as X-Auth-Token.
  required_secrets+=(SECRETS_GATEWAY_ACCESS_KEY)
fi
otel_enabled=false
if [ -n "${OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:-}${OTEL_EXPORTER_OTLP_LOGS_ENDPOINT:-}${OTEL_EXPORTER_OTLP_METRICS_ENDPOINT:-}" ]; then
  otel_enabled=true
  required_secrets+=(COCKPIT_TOKEN)
fi

secrets_json=$(scw secret secret list project-id="$project_id" path="$secret_path" region="$region" -o json) \
  || die "could not list the secrets of project $project_id (is the CLI configured? 'scw init')"
secret_id() {
  jq -r --arg name "$1" --arg path "$secret_path" \
    'first(.[] | select(.name == $name and ((.path // $path) == $path)) | .id) // ""' <<<"$secrets_json"
}

# A secret counts when it has an enabled version (what the gateway reads: latest_enabled).
missing=()
for name in "${required_secrets[@]}"; do
  id=$(secret_id "$name")
  enabled=0
  if [ -n "$id" ]; then
    enabled=$(scw secret version list secret-id="$id" status.0=enabled region="$region" -o json | jq 'length') \
      || die "could not list the versions of secret $name"
  fi
  [ "${enabled:-0}" -gt 0 ] || missing+=("$name")
done
if [ "${#missing[@]}" -gt 0 ]; then
  {
    echo "Error: Missing required secrets in Scaleway Secret Manager:"
    for name in "${missing[@]}"; do echo "  - $name"; done
    echo "Create them in the folder $secret_path of project $project_id (docs/SECRET_MANAGEMENT.md)."
  } >&2
  exit 1
fi
log "Secrets: all ${#required_secrets[@]} required secrets have an enabled version in $secret_path"

# The JSON answer of `scw secret version access` (data in base64) stays in a shell variable; it is decoded only
# inside jq, reading from stdin. printf is a shell builtin: no process gets a value as an argument.
access_secret() {
  scw secret version access secret-id="$(secret_id "$1")" revision=latest_enabled region="$region" -o json \
    || die "could not read the latest enabled version of $1"
}

# ---- helpers ----------------------------------------------------------------------------------------------------
first_id() { jq -r 'if type == "array" then (first(.[] | .id) // "") else (.id // "") end'; }
endpoint_of() { jq -r '.public_endpoint // .domain_name // ""' | sed -e 's#^https://##' -e 's#/$##'; }

wait_ready() { # kind id
  local status=""
  for _ in $(seq 1 60); do
    status=$(scw container "$1" get "$2" region="$region" -o json | jq -r '.status // ""')
    case "$status" in
      ready) return 0 ;;
      creating|updating|upgrading|locking|pending) ;;
      *) die "$1 $2 is in status '$status' (scw container $1 get $2 region=$region)" ;;
    esac
    sleep "${DEPLOY_POLL_SECONDS:-5}"
  done
  die "$1 $2 is still '$status' after 60 checks"
}

# PATCH the container's secret environment variables: the body (built by jq from stdin) goes to curl on stdin, the
# IAM key in a header file readable only by us, removed on exit.
scw_secret_key=""
header_file=""
build_dir=""
cleanup() {
  if [ -n "$header_file" ]; then rm -f "$header_file"; fi
  if [ -n "$build_dir" ]; then rm -rf "$build_dir"; fi
}
trap cleanup EXIT
put_secret_env() { # container-id, then the JSON object {NAME: value} arrives on stdin
  if [ -z "$header_file" ]; then
    header_file=$(umask 077 && mktemp)
    printf 'X-Auth-Token: %s\n' "$scw_secret_key" >"$header_file"
  fi
  jq -c '{secret_environment_variables: .}' \
    | curl -sS --fail-with-body -X PATCH -H "Content-Type: application/json" -H @"$header_file" \
        --data-binary @- "$api_url/containers/v1/regions/$region/containers/$1" >/dev/null \
    || die "could not set the secret environment variables of container $1"
}

# ---- 3. images --------------------------------------------------------------------------------------------------
tag="${IMAGE_TAG:-}"
if [ -z "$tag" ]; then
  tag=$(git rev-parse --short=12 HEAD 2>/dev/null || echo manual)
  if [ -n "$(git status --porcelain 2>/dev/null)" ]; then tag="$tag-dirty"; fi
fi

registry_json=$(scw registry namespace list name="$prefix" project-id="$project_id" region="$region" -o json)
registry_id=$(first_id <<<"$registry_json")
if [ -z "$registry_id" ]; then
  if $dry_run; then
    log "Registry: would create namespace $prefix"
    registry_endpoint="rg.$region.scw.cloud/$prefix"
  else
    registry_json=$(scw registry namespace create name="$prefix" project-id="$project_id" is-public=false region="$region" -o json)
    registry_id=$(first_id <<<"$registry_json")
    registry_endpoint=$(jq -r '.endpoint' <<<"$registry_json")
    log "Registry: created namespace $prefix ($registry_endpoint)"
  fi
else
  registry_endpoint=$(jq -r 'first(.[] | .endpoint)' <<<"$registry_json")
  log "Registry: namespace $prefix exists ($registry_endpoint)"
fi
registry_host="${registry_endpoint%%/*}"
registry_namespace="${registry_endpoint#*/}"
server_image="$registry_endpoint/$server_name:$tag"
gateway_image="$registry_endpoint/miromcp-secrets-gateway:$tag"

if ! $dry_run; then
  scw_secret_key="${SCW_SECRET_KEY:-$(scw_config secret-key)}"
  [ -n "$scw_secret_key" ] || die "no Scaleway secret key: run 'scw init' or set SCW_SECRET_KEY"
fi

publish() { # project, repository
  log "Image: dotnet publish $1 -> $registry_host/$registry_namespace/$2:$tag"
  # Intermediate files in a folder of this run's own: a local obj/ left by another kind of precompiled publish would
  # be reused by the SDK, and the image would crash at start (docs/decisions/008-cold-start.md).
  if [ -z "$build_dir" ]; then build_dir=$(mktemp -d); fi
  # The registry password reaches the SDK through its environment, never its arguments.
  DOTNET_CONTAINER_REGISTRY_UNAME=nologin DOTNET_CONTAINER_REGISTRY_PWORD="$scw_secret_key" \
    dotnet publish "$1" -c Release -r linux-x64 -t:PublishContainer --nologo -v:minimal \
      --artifacts-path "$build_dir/$2" \
      -p:ContainerRegistry="$registry_host" -p:ContainerRepository="$registry_namespace/$2" \
      -p:ContainerImageTags="$tag" \
    || die "dotnet publish of $1 failed"
}
if $dry_run; then
  log "Images: would push $server_image and $gateway_image"
else
  publish MiroMcp.SecretsGateway/MiroMcp.SecretsGateway.csproj miromcp-secrets-gateway
  publish MiroMcp.Server/MiroMcp.Server.csproj "$server_name"
fi

# ---- 4. containers ----------------------------------------------------------------------------------------------
ns_json=$(scw container namespace list name="$prefix" project-id="$project_id" region="$region" -o json)
ns_id=$(first_id <<<"$ns_json")
if [ -z "$ns_id" ]; then
  if $dry_run; then
    log "Containers: would create namespace $prefix, then $gateway_name (private) and $server_name (public)"
    log "Dry run: nothing changed."
    exit 0
  fi
  ns_id=$(scw container namespace create name="$prefix" project-id="$project_id" region="$region" \
    description="MiroMcp $env_name" -o json | first_id)
  log "Containers: created namespace $prefix ($ns_id)"
  wait_ready namespace "$ns_id"
fi

find_container() { scw container container list namespace-id="$ns_id" name="$1" region="$region" -o json | first_id; }

common_args=(port=8080 protocol=http1 https-connections-only=true timeout=60s sandbox=v2
  liveness-probe.http.path=/alive startup-probe.http.path=/health
  environment-variables.ASPNETCORE_HTTP_PORTS=8080)
otel_args=()
if $otel_enabled; then
  otel_args=(environment-variables.OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)
  for signal in TRACES LOGS METRICS; do
    var="OTEL_EXPORTER_OTLP_${signal}_ENDPOINT"
    if [ -n "${!var:-}" ]; then otel_args+=("environment-variables.$var=${!var}"); fi
  done
fi

# create or update; sets upserted_id (empty for a container a dry run would create)
upserted_id=""
upsert_container() { # name, then args
  local name="$1"; shift
  upserted_id=$(find_container "$name")
  if [ -z "$upserted_id" ]; then
    if $dry_run; then log "Containers: would create $name"; return; fi
    upserted_id=$(scw container container create namespace-id="$ns_id" name="$name" region="$region" "$@" -o json | first_id)
    log "Containers: created $name ($upserted_id)"
  else
    if $dry_run; then log "Containers: would update $name ($upserted_id)"; return; fi
    scw container container update "$upserted_id" region="$region" "$@" -o json >/dev/null
    log "Containers: updated $name ($upserted_id)"
  fi
}

cockpit_json='null'
if $otel_enabled && ! $dry_run; then cockpit_json=$(access_secret COCKPIT_TOKEN); fi

# The gateway: private, reads Secret Manager with its own IAM key (never an SCW_* name inside the container).
upsert_container "$gateway_name" image="$gateway_image" privacy="$gateway_privacy" \
  min-scale="${GATEWAY_MIN_SCALE:-0}" max-scale="${GATEWAY_MAX_SCALE:-2}" \
  memory-limit-bytes=268435456 mvcpu-limit=280 "${common_args[@]}" "${otel_args[@]}" \
  environment-variables.SECRETS_BACKEND=scaleway environment-variables.SCALEWAY_PROJECT_ID="$project_id" \
  environment-variables.SCALEWAY_REGION="$region" environment-variables.Scaleway__SecretPath="$secret_path" \
  environment-variables.OTEL_SERVICE_NAME=secrets-gateway \
  description="MiroMcp secrets gateway ($env_name)"
gateway_id="$upserted_id"
if ! $dry_run; then
  # Assignments, so that a failed read stops the script (set -e) before anything is sent.
  scaleway_key_json=$(access_secret SCALEWAY_SECRET_KEY)
  gateway_token_json=$(access_secret SECRETS_GATEWAY_TOKEN)
  printf '%s\n' "$scaleway_key_json" "$gateway_token_json" "$cockpit_json" \
    | jq -s '{SCALEWAY_SECRET_KEY: (.[0].data | @base64d), SECRETS_GATEWAY_TOKEN: (.[1].data | @base64d)}
             + (if .[2] == null then {} else {OTEL_EXPORTER_OTLP_HEADERS: ("X-Token=" + (.[2].data | @base64d))} end)' \
    | put_secret_env "$gateway_id"
  wait_ready container "$gateway_id"
fi
gateway_host=""
if [ -n "$gateway_id" ]; then
  gateway_host=$(scw container container get "$gateway_id" region="$region" -o json | endpoint_of)
fi

# The server: public; its own URL is known once the container exists.
server_id=$(find_container "$server_name")
server_host=""
if [ -n "$server_id" ]; then
  server_host=$(scw container container get "$server_id" region="$region" -o json | endpoint_of)
fi
server_args=(image="$server_image" privacy=public
  min-scale="${SERVER_MIN_SCALE:-0}" max-scale="${SERVER_MAX_SCALE:-1}"
  memory-limit-bytes=536870912 mvcpu-limit=560 "${common_args[@]}" "${otel_args[@]}"
  environment-variables.MIRO_CLIENT_ID="$MIRO_CLIENT_ID"
  environment-variables.SECRETS_GATEWAY_URL="https://$gateway_host"
  environment-variables.OTEL_SERVICE_NAME=server
  description="MiroMcp server ($env_name)")
if [ -z "$server_id" ] && ! $dry_run; then
  # First deployment: create it to learn its URL; the update below sets the URL-dependent settings.
  upsert_container "$server_name" "${server_args[@]}"
  server_id="$upserted_id"
  wait_ready container "$server_id"
  server_host=$(scw container container get "$server_id" region="$region" -o json | endpoint_of)
fi
if [ -n "$server_host" ]; then
  public_url="${MCP_PUBLIC_URL:-https://$server_host}"
else
  public_url="${MCP_PUBLIC_URL:-https://<assigned when the container is first created>}"
fi
public_url="${public_url%/}"
redirect_uri="$public_url/oauth/callback"
server_args+=(environment-variables.MIRO_REDIRECT_URI="$redirect_uri" environment-variables.MCP_PUBLIC_URL="$public_url")
upsert_container "$server_name" "${server_args[@]}"
server_id="$upserted_id"
if ! $dry_run; then
  access_key_json='null'
  if [ "$gateway_privacy" = private ]; then access_key_json=$(access_secret SECRETS_GATEWAY_ACCESS_KEY); fi
  gateway_token_json=$(access_secret SECRETS_GATEWAY_TOKEN)
  postgres_json=$(access_secret POSTGRES_CONNECTION_STRING)
  printf '%s\n' "$gateway_token_json" "$postgres_json" "$cockpit_json" "$access_key_json" \
    | jq -s '{SECRETS_GATEWAY_TOKEN: (.[0].data | @base64d), POSTGRES_CONNECTION_STRING: (.[1].data | @base64d)}
             + (if .[2] == null then {} else {OTEL_EXPORTER_OTLP_HEADERS: ("X-Token=" + (.[2].data | @base64d))} end)
             + (if .[3] == null then {} else {SECRETS_GATEWAY_ACCESS_KEY: (.[3].data | @base64d)} end)' \
    | put_secret_env "$server_id"
  wait_ready container "$server_id"
fi

# ---- 5. what to do next -----------------------------------------------------------------------------------------
log ""
if $dry_run; then log "Dry run: nothing changed."; fi
log "MCP server URL (the Claude.ai connector URL): $public_url/mcp"
log "Register this redirect URI in the Miro app: MIRO_REDIRECT_URI=$redirect_uri"
