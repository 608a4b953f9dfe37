#!/usr/bin/env bash
# Cost of the build around the workspace's own scripts: ./build.sh Promote on the sandbox (Test..Promote, every check,
# evidence and the decision) against the same scripts run directly in sequence on a fresh copy of the sandbox workspace,
# with the sandbox's soak settings (5 samples and a 3-sample canary soak at 1 s).
# CloudflareVerify and Release have no script of the workspace to compare with and are left out of both sides.
# Usage: bench/release-overhead.sh [ROOT]
set -eo pipefail

ROOT="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORK="$(mktemp -d)"
API_PID=""
stop_api() { [[ -n "$API_PID" ]] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null; API_PID=""; }
trap 'stop_api; rm -rf "$WORK"' EXIT

ms_now() { date +%s%N; }

# The build, warm (its first call may compile build/), retried once on a bootstrap race with another build of build/.
(cd "$ROOT" && ./build.sh --help >/dev/null 2>&1) || true
build_once() { (cd "$ROOT" && ./build.sh Promote --no-logo) > "$WORK/build.log" 2>&1; }
S=$(ms_now); build_once || { grep -q 'build.stamp\|failed to compile' "$WORK/build.log" && S=$(ms_now) && build_once; } \
    || { tail -n 30 "$WORK/build.log" >&2; echo "./build.sh Promote failed; see above" >&2; exit 1; }
B=$(( ($(ms_now) - S) / 1000000 ))

# The scripts, directly, under the same machine-wide lock on port 7070 that build runs take.
cp -r "$ROOT/sandbox/workspace" "$WORK/ws"
cd "$WORK/ws"
export PATH="$ROOT/sandbox/bin:$PATH"
api_up() {
    cargo run -q -p vvtv-control-api > "$WORK/api.log" 2>&1 &
    API_PID=$!
    for _ in $(seq 100); do curl -fsS http://127.0.0.1:7070/v1/status >/dev/null 2>&1 && return; sleep 0.1; done
    echo "control API did not come up" >&2; exit 1
}
value() { sed -n "s/^$1=//p" | tail -n 1; }
direct() {
    cargo test -- --test-threads=1
    VVTV_RUN_ONCE=1 cargo run -q -p vvtv-orchestrator
    scripts/vvtv-phase1-go-live.sh
    for c in force-nightly export-audits backup-key-rotate backup-key-ensure backup-key-prune; do scripts/vvtv-runbook.sh "$c"; done
    local plain secure
    plain=$(scripts/vvtv-runbook.sh backup-metadata | value backup_dir)
    secure=$(scripts/vvtv-runbook.sh backup-metadata-secure | value secure_backup_dir)
    scripts/vvtv-runbook.sh verify-backup "$plain"
    scripts/vvtv-runbook.sh verify-backup-secure "$secure"
    scripts/vvtv-runbook.sh restore-metadata "$plain"
    scripts/vvtv-runbook.sh restore-metadata-secure "$secure"
    api_up
    scripts/vvtv-runbook.sh emergency-on; scripts/vvtv-runbook.sh emergency-off
    stop_api
    VVTV_SOAK_HOURS=0 VVTV_SOAK_MAX_SAMPLES=5 VVTV_SOAK_INTERVAL_SECS=1 scripts/vvtv-soak.sh
    VVTV_CANARY_SOAK_HOURS=0 VVTV_CANARY_SOAK_MAX_SAMPLES=3 VVTV_CANARY_SOAK_INTERVAL_SECS=1 scripts/vvtv-canary.sh
    api_up
    scripts/vvtv-promote.sh "$(ls -d runtime/canary/*/result.env | tail -n 1)"
    stop_api
}
exec 9> /tmp/vvtv-loopback-port-7070.lock
flock 9
S=$(ms_now); direct > "$WORK/direct.log" 2>&1 || { tail -n 30 "$WORK/direct.log" >&2; echo "the direct script sequence failed; see above" >&2; exit 1; }
D=$(( ($(ms_now) - S) / 1000000 ))
flock -u 9

echo "./build.sh Promote (sandbox)  : ${B} ms"
echo "same scripts run directly     : ${D} ms"
awk -v b="$B" -v d="$D" 'BEGIN { o = (b - d) * 100 / d; printf "overhead                      : %+.0f%% (goal <= +15%%: %s)\n", o, (o <= 15) ? "met" : "MISSED" }'
