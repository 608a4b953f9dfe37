#!/usr/bin/env bash
# Sandbox cloud sync check: one orchestrator cycle, then a GET of the Worker's /v1/status when configured.
set -euo pipefail

R="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$R"

if [[ -f "$R/.env" ]]; then
  set -a
  # shellcheck disable=SC1091
  source "$R/.env"
  set +a
fi

echo "== cloud sync check: one orchestrator cycle =="
VVTV_RUN_ONCE=1 cargo run -p vvtv-orchestrator

base="${VVTV_CLOUDFLARE_BASE_URL:-}"
if [[ -z "$base" ]]; then
  echo "== cloud sync check skipped: VVTV_CLOUDFLARE_BASE_URL is not set =="
  echo "set VVTV_CLOUDFLARE_BASE_URL (and VVTV_CLOUDFLARE_TOKEN / VVTV_CLOUDFLARE_SECRET)" \
    "in the environment or .env to enable it"
  exit 0
fi
base="${base%/}"

echo "== Worker status: $base/v1/status =="
if command -v jq >/dev/null 2>&1; then
  body="$(curl -sS --max-time 30 "$base/v1/status")"
  printf '%s\n' "$body" | jq . || printf '%s\n' "$body"
else
  curl -sS --max-time 30 "$base/v1/status"
  echo
fi
