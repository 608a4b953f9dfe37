#!/usr/bin/env bash
# Sandbox go-live phase 2: nightly/audits, backup keys, plain and secure backup round-trips, emergency mode, soak.
set -euo pipefail

R="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$R/scripts/lib/common.sh"

STAMP="$(vvtv_utc_stamp)"
API_URL="${VVTV_API_URL:-http://127.0.0.1:7070}"
OUT_DIR="${VVTV_PHASE2_OUT_DIR:-$R/runtime/go-live/phase2/$STAMP}"
READY_TRIES="${VVTV_PHASE2_API_READY_TIMEOUT_SECS:-45}"
SOAK_HOURS="${VVTV_PHASE2_SOAK_HOURS:-0}"
SOAK_INTERVAL="${VVTV_PHASE2_SOAK_INTERVAL_SECS:-10}"
SOAK_MAX="${VVTV_PHASE2_SOAK_MAX_SAMPLES:-3}"
RUNBOOK="$R/scripts/vvtv-runbook.sh"
API_PID=""

cleanup() { vvtv_stop_pid "${API_PID:-}"; }
trap cleanup EXIT

step() {
  local name="$1"
  shift
  echo "[phase2] running $name"
  "$@" >"$OUT_DIR/$name.log" 2>&1
}

vvtv_require cargo curl sed
mkdir -p "$OUT_DIR"
cd "$R"

for name in force-nightly export-audits backup-key-rotate backup-key-ensure backup-key-prune backup-metadata; do
  step "$name" "$RUNBOOK" "$name"
done
backup_dir="$(vvtv_last_value backup_dir "$OUT_DIR/backup-metadata.log")"
if [[ -z "$backup_dir" ]]; then
  echo "phase2: backup-metadata printed no backup_dir" >&2
  exit 1
fi
step verify-backup "$RUNBOOK" verify-backup "$backup_dir"
step restore-metadata "$RUNBOOK" restore-metadata "$backup_dir"

step backup-metadata-secure "$RUNBOOK" backup-metadata-secure
secure_backup_dir="$(vvtv_last_value secure_backup_dir "$OUT_DIR/backup-metadata-secure.log")"
if [[ -z "$secure_backup_dir" ]]; then
  echo "phase2: backup-metadata-secure printed no secure_backup_dir" >&2
  exit 1
fi
step verify-backup-secure "$RUNBOOK" verify-backup-secure "$secure_backup_dir"
step restore-metadata-secure "$RUNBOOK" restore-metadata-secure "$secure_backup_dir"

# Starts the control API and toggles emergency mode on and off through the runbook.
emergency_checks() {
  echo "[phase2] starting control API"
  cargo run -q -p vvtv-control-api >"$OUT_DIR/control-api.log" 2>&1 &
  # D-P2: faithful keeps the PID in a local; the EXIT trap runs after this returned and stops nothing on success.
  if vvtv_faithful; then local API_PID; fi
  API_PID=$!
  if ! vvtv_wait_for_api "$API_URL" "$READY_TRIES" "$API_PID"; then
    echo "phase2: control API did not become ready at $API_URL (see $OUT_DIR/control-api.log)" >&2
    exit 1
  fi
  step emergency-on "$RUNBOOK" emergency-on
  step emergency-off "$RUNBOOK" emergency-off
  # D-P6: faithful leaves this API up, so the soak's own API cannot bind and the soak measures this one.
  if vvtv_faithful; then return 0; fi
  vvtv_stop_pid "$API_PID"
  API_PID=""
}

emergency_checks

step soak env VVTV_SOAK_HOURS="$SOAK_HOURS" VVTV_SOAK_INTERVAL_SECS="$SOAK_INTERVAL" \
  VVTV_SOAK_MAX_SAMPLES="$SOAK_MAX" VVTV_SOAK_OUT_DIR="$OUT_DIR/soak" "$R/scripts/vvtv-soak.sh"

{
  echo "phase=2"
  echo "status=PASS"
  echo "timestamp_utc=$STAMP"
  echo "api_url=$API_URL"
  echo "artifacts_dir=$OUT_DIR"
  echo "backup_dir=$backup_dir"
  echo "secure_backup_dir=$secure_backup_dir"
  echo "soak_summary=$OUT_DIR/soak/summary.txt"
  printf 'checks=%s%s%s\n' "force-nightly,export-audits,backup-key-rotate,backup-key-ensure,backup-key-prune," \
    "backup-metadata,verify-backup,restore-metadata,backup-metadata-secure,verify-backup-secure," \
    "restore-metadata-secure,emergency-on,emergency-off,soak"
} >"$OUT_DIR/summary.txt"

echo "phase2_status=PASS"
echo "phase2_artifacts=$OUT_DIR"
