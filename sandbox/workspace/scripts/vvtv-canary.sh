#!/usr/bin/env bash
# Sandbox canary: backup, soak, then promote on success or roll back to the backup on failure.
set -euo pipefail

R="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$R/scripts/lib/common.sh"

API_URL="${VVTV_API_URL:-http://127.0.0.1:7070}"
OUT_DIR="${VVTV_CANARY_OUT_DIR:-$R/runtime/canary/$(vvtv_local_stamp)}"
SOAK_HOURS="${VVTV_CANARY_SOAK_HOURS:-1}"
SOAK_INTERVAL="${VVTV_CANARY_SOAK_INTERVAL_SECS:-60}"
SOAK_MAX="${VVTV_CANARY_SOAK_MAX_SAMPLES:-0}"
AUTO_ROLLBACK="${VVTV_CANARY_AUTO_ROLLBACK:-1}"
AUTO_PROMOTE="${VVTV_CANARY_AUTO_PROMOTE:-0}"
PROMOTE_STRICT="${VVTV_CANARY_PROMOTE_STRICT:-1}"
BOOTSTRAP_API="${VVTV_CANARY_PROMOTE_BOOTSTRAP_API:-1}"
BOOT_TRIES="${VVTV_CANARY_PROMOTE_BOOT_TIMEOUT_SECS:-90}"
STATE_DB_PATH="${VVTV_STATE_DB_PATH:-runtime/state/vvtv.db}"
RUNBOOK="$R/scripts/vvtv-runbook.sh"
GATE_API_PID=""

# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() { vvtv_stop_pid "$GATE_API_PID"; }
trap cleanup EXIT

vvtv_require bash curl grep tee
mkdir -p "$OUT_DIR"
cd "$R"

write_result() {
  local status="$1" rollback="$2" promotion="$3" record="$4"
  {
    echo "status=$status"
    echo "backup_dir=$backup_dir"
    echo "rollback_applied=$rollback"
    echo "canary_out_dir=$OUT_DIR"
    echo "soak_summary=$OUT_DIR/soak/summary.txt"
    echo "promotion_status=$promotion"
    echo "promotion_record=$record"
  } >"$OUT_DIR/result.env"
}

# Fixed: an absolute state db path is used as given; a relative one is relative to R.
state_db="$STATE_DB_PATH"
[[ "$state_db" == /* ]] || state_db="$R/$state_db"
# D-C2: faithful joins the path onto R even when it is absolute, so an absolute path is never found.
vvtv_faithful && state_db="$R/$STATE_DB_PATH"
if [[ ! -f "$state_db" ]]; then
  echo "canary: state db $state_db is missing; running one orchestrator cycle to create it"
  VVTV_RUN_ONCE=1 cargo run -q -p vvtv-orchestrator
fi

"$RUNBOOK" backup-metadata | tee "$OUT_DIR/backup.log"
backup_dir="$(vvtv_last_value backup_dir "$OUT_DIR/backup.log")"
if [[ -z "$backup_dir" ]]; then
  echo "canary: backup printed no backup_dir" >&2
  exit 1
fi
"$RUNBOOK" verify-backup "$backup_dir"

soak_rc=0
VVTV_SOAK_HOURS="$SOAK_HOURS" VVTV_SOAK_INTERVAL_SECS="$SOAK_INTERVAL" VVTV_SOAK_MAX_SAMPLES="$SOAK_MAX" \
  VVTV_SOAK_OUT_DIR="$OUT_DIR/soak" "$R/scripts/vvtv-soak.sh" || soak_rc=$?

if ((soak_rc == 0)); then
  # D-C1: written before promotion; a strict promotion failure below exits and leaves this PASS in place.
  write_result PASS 0 SKIPPED ""
  promotion_status=SKIPPED
  promotion_record=""
  if [[ "$AUTO_PROMOTE" == "1" ]]; then
    if [[ "$BOOTSTRAP_API" == "1" ]] && ! curl -sSf --max-time 5 "$API_URL/v1/status" >/dev/null 2>&1; then
      cargo run -q -p vvtv-control-api >"$OUT_DIR/promote-control-api.log" 2>&1 &
      GATE_API_PID=$!
      if ! vvtv_wait_for_api "$API_URL" "$BOOT_TRIES" "$GATE_API_PID"; then
        echo "canary: control API for the promotion gate did not become ready at $API_URL" >&2
        exit 1
      fi
    fi
    promote_rc=0
    promote_out="$("$R/scripts/vvtv-promote.sh" "$OUT_DIR/result.env" 2>&1)" || promote_rc=$?
    vvtv_stop_pid "$GATE_API_PID"
    GATE_API_PID=""
    if ((promote_rc != 0)); then
      promotion_status=BLOCKED
      if [[ "$PROMOTE_STRICT" == "1" ]]; then
        printf '%s\n' "$promote_out" >&2
        echo "canary: promotion gate failed in strict mode (exit $promote_rc)" >&2
        exit "$promote_rc"
      fi
    else
      promotion_status=PROMOTED
      promotion_record="$(printf '%s\n' "$promote_out" | grep -E '^promotion_record=' | tail -n 1 |
        sed -e 's/^promotion_record=//')"
    fi
  fi
  write_result PASS 0 "$promotion_status" "$promotion_record"
  cat "$OUT_DIR/result.env"
  exit 0
fi

if [[ "$AUTO_ROLLBACK" == "1" ]]; then
  "$RUNBOOK" verify-backup "$backup_dir"
  "$RUNBOOK" restore-metadata "$backup_dir"
  write_result FAIL_ROLLBACK_APPLIED 1 SKIPPED ""
else
  write_result FAIL_ROLLBACK_SKIPPED 0 SKIPPED ""
fi
cat "$OUT_DIR/result.env"
exit 1
