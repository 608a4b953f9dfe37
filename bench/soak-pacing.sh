#!/usr/bin/env bash
# Soak pacing under a slow API: the same schedule with the script engine and the native engine, both against the sandbox with
# VVTV_SIM_FAULTS=slow=300 (every answer 300 ms late). The script sleeps a whole interval after its three sequential requests (D-SK1),
# the native engine keeps sample k at start + k x interval.
# Usage: bench/soak-pacing.sh [SAMPLES] [INTERVAL_SECS] [ROOT]   (default 21 samples at 1 s; ROOT holds build.sh)
set -eo pipefail

SAMPLES="${1:-21}"
INTERVAL="${2:-1}"
ROOT="$(cd "${3:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 VVTV_SIM_FAULTS=slow=300
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# One soak; prints the run's soak-verdict.json path. A failed bootstrap (two builds of build/ at once) is retried.
soak() {
    local engine="$1" out="$WORK/$1.out" tries
    for tries in 1 2 3; do
        (cd "$ROOT" && ./build.sh Soak --skip --no-logo --soak-engine "$engine" --soak-hours 0 \
            --soak-max-samples "$SAMPLES" --soak-interval-secs "$INTERVAL" --soak-deadline-grace-secs 600) >"$out" 2>&1 || true
        grep -q '═══ Soak' "$out" && break
    done
    local decision
    decision="$(sed -n 's/.*Decision [A-Z-]* written to \(.*\)\/decision\.json.*/\1/p' "$out" | tail -n 1)"
    [[ -n "$decision" && -f "$decision/evidence/Soak/soak-verdict.json" ]] || { echo "the $engine soak left no verdict; its output:" >&2; cat "$out" >&2; exit 1; }
    echo "$decision/evidence/Soak/soak-verdict.json"
}

# "key": number from the verdict JSON (flat numbers only; no jq needed).
field() { sed -n "s/^  \"$2\": \([0-9.]*\),\{0,1\}$/\1/p" "$1"; }

SCRIPT_VERDICT="$(soak script)"
NATIVE_VERDICT="$(soak native)"
SW="$(field "$SCRIPT_VERDICT" wall_secs)"; SS="$(field "$SCRIPT_VERDICT" first_to_last_secs)"
NW="$(field "$NATIVE_VERDICT" wall_secs)"; NS="$(field "$NATIVE_VERDICT" first_to_last_secs)"
IDEAL=$(( (SAMPLES - 1) * INTERVAL ))

echo "schedule: $SAMPLES samples every $INTERVAL s under VVTV_SIM_FAULTS=slow=300 (ideal first-to-last: ${IDEAL} s)"
echo "script engine : wall ${SW} s, first-to-last ${SS} s (whole seconds: the script's timestamps)"
echo "native engine : wall ${NW} s, first-to-last ${NS} s"
awk -v n="$NS" -v i="$IDEAL" 'BEGIN { printf "native pacing error      : %+.2f %%\n", (n - i) / i * 100 }'
awk -v s="$SS" -v n="$NS" 'BEGIN { printf "ratio script/native span : %.2fx\n", s / n }'
awk -v s="$SW" -v n="$NW" 'BEGIN { printf "ratio script/native wall : %.2fx\n", s / n }'
