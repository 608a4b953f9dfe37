#!/usr/bin/env bash
# Sandbox go-live phase 3: canary with promotion gate, optional cloud sync check.
set -euo pipefail

R="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$R/scripts/lib/common.sh"

STAMP="$(vvtv_utc_stamp)"
OUT_DIR="${VVTV_PHASE3_OUT_DIR:-$R/runtime/go-live/phase3/$STAMP}"
AUTO_PROMOTE="${VVTV_PHASE3_AUTO_PROMOTE:-1}"
CHECK_CLOUDFLARE="${VVTV_PHASE3_CHECK_CLOUDFLARE:-0}"

vvtv_require sed
mkdir -p "$OUT_DIR"
cd "$R"

echo "[phase3] running canary"
canary_rc=0
VVTV_CANARY_OUT_DIR="$OUT_DIR/canary" \
  VVTV_CANARY_SOAK_HOURS="${VVTV_PHASE3_CANARY_SOAK_HOURS:-0}" \
  VVTV_CANARY_SOAK_INTERVAL_SECS="${VVTV_PHASE3_CANARY_SOAK_INTERVAL_SECS:-10}" \
  VVTV_CANARY_SOAK_MAX_SAMPLES="${VVTV_PHASE3_CANARY_SOAK_MAX_SAMPLES:-3}" \
  VVTV_CANARY_AUTO_PROMOTE="$AUTO_PROMOTE" \
  VVTV_CANARY_PROMOTE_STRICT="${VVTV_PHASE3_PROMOTE_STRICT:-1}" \
  "$R/scripts/vvtv-canary.sh" >"$OUT_DIR/canary.log" 2>&1 || canary_rc=$?
if ((canary_rc != 0)); then
  echo "phase3: canary failed with exit $canary_rc (see $OUT_DIR/canary.log)" >&2
  exit "$canary_rc"
fi

result_file="$OUT_DIR/canary/result.env"
if [[ ! -f "$result_file" ]]; then
  echo "phase3: canary wrote no $result_file" >&2
  exit 1
fi
canary_status="$(vvtv_last_value status "$result_file")"
promotion_status="$(vvtv_last_value promotion_status "$result_file")"
promotion_record="$(vvtv_last_value promotion_record "$result_file")"
if [[ "$canary_status" != "PASS" ]]; then
  echo "phase3: canary status is $canary_status, not PASS" >&2
  exit 1
fi
if [[ "$AUTO_PROMOTE" == "1" && "$promotion_status" != "PROMOTED" ]]; then
  echo "phase3: promotion status is $promotion_status, not PROMOTED" >&2
  exit 1
fi

checks="canary"
if [[ "$CHECK_CLOUDFLARE" == "1" ]]; then
  echo "[phase3] running cloudflare-sync-check"
  "$R/scripts/test-cloudflare-sync.sh" >"$OUT_DIR/cloudflare-sync-check.log" 2>&1
  checks="canary,cloudflare-sync-check"
fi

{
  echo "phase=3"
  echo "status=PASS"
  echo "timestamp_utc=$STAMP"
  echo "artifacts_dir=$OUT_DIR"
  echo "canary_result_file=$result_file"
  echo "canary_status=$canary_status"
  echo "promotion_status=$promotion_status"
  echo "promotion_record=$promotion_record"
  echo "checks=$checks"
} >"$OUT_DIR/summary.txt"

echo "phase3_status=PASS"
echo "phase3_artifacts=$OUT_DIR"
