#!/usr/bin/env bash
# Sandbox go-live phase 1: tests, one orchestrator cycle, and a control API smoke check with artifacts.
set -euo pipefail

R="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$R/scripts/lib/common.sh"

STAMP="$(vvtv_utc_stamp)"
API_URL="${VVTV_API_URL:-http://127.0.0.1:7070}"
OUT_DIR="${VVTV_PHASE1_OUT_DIR:-$R/runtime/go-live/phase1/$STAMP}"
READY_TRIES="${VVTV_PHASE1_API_READY_TIMEOUT_SECS:-45}"
API_PID=""

# Fixed flavour: a global, so the EXIT trap still sees it after a successful run (see D-P2 in api_checks).
cleanup() { vvtv_stop_pid "${API_PID:-}"; }
trap cleanup EXIT

step() {
  local name="$1"
  shift
  echo "[phase1] running $name"
  "$@" >"$OUT_DIR/$name.log" 2>&1
}

vvtv_require cargo curl
mkdir -p "$OUT_DIR"
cd "$R"

step cargo-test cargo test -- --test-threads=1
step orchestrator-run-once env VVTV_RUN_ONCE=1 cargo run -q -p vvtv-orchestrator

# Starts the control API and saves status, alerts and metrics from it.
api_checks() {
  echo "[phase1] starting control API"
  cargo run -q -p vvtv-control-api >"$OUT_DIR/control-api.log" 2>&1 &
  # D-P2: faithful keeps the PID in a local; the EXIT trap runs after this returned and stops nothing on success.
  if vvtv_faithful; then local API_PID; fi
  API_PID=$!
  if ! vvtv_wait_for_api "$API_URL" "$READY_TRIES" "$API_PID"; then
    echo "control API did not become ready at $API_URL (see $OUT_DIR/control-api.log)" >&2
    exit 1
  fi
  vvtv_curl_limit 30
  curl -sSf "${VVTV_CURL_LIMIT[@]}" "$API_URL/v1/status" >"$OUT_DIR/status.json"
  curl -sSf "${VVTV_CURL_LIMIT[@]}" "$API_URL/v1/alerts" >"$OUT_DIR/alerts.json"
  curl -sSf "${VVTV_CURL_LIMIT[@]}" "$API_URL/metrics" >"$OUT_DIR/metrics.prom"
}

api_checks

{
  echo "phase=1"
  echo "status=PASS"
  echo "timestamp_utc=$STAMP"
  echo "api_url=$API_URL"
  echo "artifacts_dir=$OUT_DIR"
  echo "checks=cargo-test,orchestrator-run-once,control-api-status,control-api-alerts,control-api-metrics"
} >"$OUT_DIR/summary.txt"

echo "phase1_status=PASS"
echo "phase1_artifacts=$OUT_DIR"
