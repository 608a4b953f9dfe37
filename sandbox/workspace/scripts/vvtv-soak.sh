#!/usr/bin/env bash
# Sandbox soak test: samples status, metrics and alerts at an interval and writes a verdict.
set -euo pipefail

R="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$R/scripts/lib/common.sh"

API_URL="${VVTV_API_URL:-http://127.0.0.1:7070}"
SOAK_HOURS="${VVTV_SOAK_HOURS:-24}"
INTERVAL_SECS="${VVTV_SOAK_INTERVAL_SECS:-60}"
MAX_SAMPLES="${VVTV_SOAK_MAX_SAMPLES:-0}"
OUT_DIR="${VVTV_SOAK_OUT_DIR:-$R/runtime/soak/$(vvtv_local_stamp)}"
RUN_ORCH="${VVTV_SOAK_RUN_ORCH:-1}"
RUN_API="${VVTV_SOAK_RUN_API:-1}"
BOOT_TRIES="${VVTV_SOAK_BOOT_TIMEOUT_SECS:-90}"
API_PID=""
ORCH_PID=""

cleanup() {
  vvtv_stop_pid "$ORCH_PID"
  vvtv_stop_pid "$API_PID"
}
trap cleanup EXIT

vvtv_require curl
mkdir -p "$OUT_DIR"
cd "$R"

if [[ "$RUN_API" == "1" ]]; then
  token="${VVTV_CONTROL_TOKEN:-}"
  secret="${VVTV_CONTROL_SECRET:-}"
  VVTV_CONTROL_TOKEN="${token:-dev-token}" VVTV_CONTROL_SECRET="${secret:-dev-secret}" \
    cargo run -q -p vvtv-control-api >"$OUT_DIR/control-api.log" 2>&1 &
  API_PID=$!
fi
if [[ "$RUN_ORCH" == "1" ]]; then
  cargo run -q -p vvtv-orchestrator >"$OUT_DIR/orchestrator.log" 2>&1 &
  ORCH_PID=$!
fi
if [[ -n "$API_PID" ]] && ! vvtv_wait_for_api "$API_URL" "$BOOT_TRIES" "$API_PID"; then
  echo "soak: control API did not become ready at $API_URL (see $OUT_DIR/control-api.log)" >&2
  exit 1
fi

samples=0
fail_status=0
fail_metrics=0
fail_alerts=0
buffer_critical=0
disruptions=0

# First value of an exact "name <number>" line; empty when the series is absent.
metric_value() {
  printf '%s\n' "$2" | grep -E "^$1 -?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$" | head -n 1 | awk '{print $2}' || true
}

take_sample() {
  local ts status_body metrics_body alerts_body buffer disrupt
  ts="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  # D-SK2: no -f, so an HTTP error with a body counts as a sample; faithful adds no time limit either.
  vvtv_curl_limit 30
  status_body="$(curl -s "${VVTV_CURL_LIMIT[@]}" "$API_URL/v1/status" || true)"
  metrics_body="$(curl -s "${VVTV_CURL_LIMIT[@]}" "$API_URL/metrics" || true)"
  alerts_body="$(curl -s "${VVTV_CURL_LIMIT[@]}" "$API_URL/v1/alerts" || true)"
  printf '%s | status=%s\n' "$ts" "$status_body" >>"$OUT_DIR/status-samples.log"
  printf '%s | alerts=%s\n' "$ts" "$alerts_body" >>"$OUT_DIR/alerts-samples.log"
  {
    printf '# --- %s ---\n' "$ts"
    printf '%s\n' "$metrics_body"
  } >>"$OUT_DIR/metrics-samples.log"
  [[ -n "$status_body" ]] || fail_status=$((fail_status + 1))
  [[ -n "$metrics_body" ]] || fail_metrics=$((fail_metrics + 1))
  [[ -n "$alerts_body" ]] || fail_alerts=$((fail_alerts + 1))
  buffer="$(metric_value vvtv_buffer_minutes "$metrics_body")"
  disrupt="$(metric_value vvtv_stream_disruptions "$metrics_body")"
  if [[ -n "$buffer" ]] && awk -v v="$buffer" 'BEGIN { exit !(v < 20) }'; then
    buffer_critical=$((buffer_critical + 1))
  fi
  if [[ -n "$disrupt" ]] && awk -v v="$disrupt" 'BEGIN { exit !(v > 0) }'; then
    disruptions=$((disruptions + 1))
  fi
  samples=$((samples + 1))
}

total_secs=$((SOAK_HOURS * 3600))
elapsed=0
while :; do
  if ((total_secs > 0)); then
    ((elapsed < total_secs)) || break
  else
    # Zero hours: only the sample cap bounds the run; no cap means no samples.
    ((MAX_SAMPLES > 0)) || break
  fi
  if ((MAX_SAMPLES > 0 && samples >= MAX_SAMPLES)); then
    break
  fi
  take_sample
  sleep "$INTERVAL_SECS"
  elapsed=$((elapsed + INTERVAL_SECS))
done

# D-SK3: disruptions are counted but never fail; D-SK4: zero samples leave the verdict PASS.
verdict=PASS
if ((fail_status > 0 || fail_metrics > 0 || fail_alerts > 0 || buffer_critical > 0)); then
  verdict=FAIL
fi

{
  echo "VVTV Soak Summary"
  echo "verdict=$verdict"
  echo "samples=$samples"
  echo "fail_status_requests=$fail_status"
  echo "fail_metrics_requests=$fail_metrics"
  echo "fail_alerts_requests=$fail_alerts"
  echo "buffer_critical_observations=$buffer_critical"
  echo "stream_disruptions_nonzero_observations=$disruptions"
  echo "soak_hours=$SOAK_HOURS"
  echo "check_interval_secs=$INTERVAL_SECS"
} >"$OUT_DIR/summary.txt"
cat "$OUT_DIR/summary.txt"

[[ "$verdict" == "PASS" ]]
