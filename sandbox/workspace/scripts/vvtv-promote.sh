#!/usr/bin/env bash
# Sandbox promotion gate: a PASS canary result and no high/critical alerts produce a promotion record.
set -euo pipefail

R="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$R/scripts/lib/common.sh"

API_URL="${VVTV_API_URL:-http://127.0.0.1:7070}"
OUT_DIR="${VVTV_PROMOTE_OUT_DIR:-$R/runtime/releases/promotions}"
mkdir -p "$OUT_DIR"

result_file="${1:-}"
if [[ -z "$result_file" ]]; then
  # D-PR3: the newest canary result by mtime, and only under runtime/canary.
  if vvtv_faithful; then
    # D-PR3: with no result there at all, ls fails and faithful exits with ls's code (2) without a word.
    # shellcheck disable=SC2012 # D-PR3: VVTV picks by ls -t on purpose
    result_file="$(ls -1t "$R"/runtime/canary/*/result.env 2>/dev/null | head -n 1)"
  else
    # shellcheck disable=SC2012 # D-PR3: VVTV picks by ls -t on purpose
    result_file="$(ls -1t "$R"/runtime/canary/*/result.env 2>/dev/null | head -n 1 || true)"
  fi
fi
if [[ -z "$result_file" || ! -f "$result_file" ]]; then
  echo "canary result file not found: ${result_file:-<none under $R/runtime/canary>}" >&2
  exit 1
fi

key_lines="$(grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$result_file" || true)"
[[ -n "$key_lines" ]] || exit 1
status="$(printf '%s\n' "$key_lines" | grep -E '^status=' | tail -n 1 | sed -e 's/^status=//' || true)"
if [[ "$status" != "PASS" ]]; then
  echo "canary gate failed: status=$status ($result_file)" >&2
  exit 1
fi

# D-PR2: no -f, so a 404/500 or HTML error body is read as alerts (and counts 0); faithful adds no time limit.
vvtv_curl_limit 30
alerts="$(curl -sS "${VVTV_CURL_LIMIT[@]}" "$API_URL/v1/alerts")"
# D-PR1: counted by a pattern on the raw text; spaced or escaped JSON defeats it.
high_critical="$(printf '%s' "$alerts" | grep -oE '"severity":"(high|critical)"' | wc -l | tr -d ' ' || true)"
if [[ "$high_critical" != "0" ]]; then
  echo "promotion blocked: high/critical alerts active ($high_critical)" >&2
  exit 1
fi

stamp="$(vvtv_utc_stamp)"
record="$OUT_DIR/promotion-$stamp.env"
{
  echo "status=PROMOTED"
  echo "promoted_at_utc=$stamp"
  echo "canary_result_file=$result_file"
  echo "alerts_high_critical=0"
  echo "api_url=$API_URL"
} >"$record"
echo "promotion_record=$record"
