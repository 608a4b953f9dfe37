#!/usr/bin/env bash
# Cost of the build around the workspace's own commands: the whole sandbox `./build.sh Release` (dry run: no GITHUB_TOKEN)
# against what a release manager runs by hand for the same checklist, in sequence, on a fresh copy of the sandbox workspace
# with the same settings as the build's sandbox run: VVTV_ENV=production, fresh random control and Cloudflare secrets, cloud
# sync pointed at a loopback port nobody listens on until the Worker runs, a 5-sample soak and a 3-sample canary soak at 1 s, the canary with auto-promote.
# The hand-run side: cargo test, one orchestrator cycle, the API's three endpoints, one signed and one unsigned request, the
# phase 1 gate, every runbook command, the soak, the canary, the promotion gate with the API up, and the Cloudflare local
# check (D1 migrations, wrangler dev, a forced nightly synced to it, the two report GETs) on the same installed wrangler.
# Neither side includes the first compile of build/ (warmed before) nor waiting for the machine-wide port-7070 lock: the
# hand-run side takes it before its clock starts, and the build's own wait (it logs it) is subtracted and shown apart.
# Usage: bench/release-overhead.sh [ROOT]   (BENCH_RUNS=3 pairs, the medians compared; BENCH_KEEP=1 keeps the logs)
set -eo pipefail

ROOT="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
RUNS="${BENCH_RUNS:-3}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
LOCK=/tmp/loopback-port-7070.lock
WORK="$(mktemp -d)"
BG_PIDS=()
stop_bg() { for p in "${BG_PIDS[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; BG_PIDS=(); }
trap 'stop_bg; [[ -n "$BENCH_KEEP" ]] && echo "kept $WORK" >&2 || rm -rf "$WORK"' EXIT

ms_now() { date +%s%N | cut -c1-13; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# ---- the build ----------------------------------------------------------------------------------------------------------
(cd "$ROOT" && ./build.sh --help >/dev/null 2>&1) || (cd "$ROOT" && ./build.sh --help >/dev/null)

# The build's lock wait, from its own log line "... port 7070 is free after <s> s of waiting" (absent when it did not wait).
lock_wait_ms() { sed -n 's/.*port 7070 is free after \([0-9.]*\) s of waiting.*/\1/p' "$1" | awk '{ s += $1 } END { printf "%d", s * 1000 }'; }

build_once() {
    local log="$WORK/build-$1.log" s e
    # Not holding the lock (the build takes it), only waiting until it is free so the build rarely has to.
    flock "$LOCK" true
    s=$(ms_now)
    if ! (cd "$ROOT" && ./build.sh Release --no-logo) > "$log" 2>&1; then
        # A concurrent compile of build/ by another engineer: once more.
        grep -q 'build.stamp\|failed to compile\|error CS\|MSB' "$log" || { tail -n 30 "$log" >&2; echo "./build.sh Release failed; see above" >&2; exit 1; }
        flock "$LOCK" true; s=$(ms_now)
        (cd "$ROOT" && ./build.sh Release --no-logo) > "$log" 2>&1 || { tail -n 30 "$log" >&2; echo "./build.sh Release failed; see above" >&2; exit 1; }
    fi
    e=$(ms_now)
    grep -q 'Dry run: GO' "$log" || { tail -n 30 "$log" >&2; echo "./build.sh Release did not end GO" >&2; exit 1; }
    local waited; waited=$(lock_wait_ms "$log")
    echo "$(( e - s - waited )) $waited"
}

# ---- the same checklist by hand -----------------------------------------------------------------------------------------
api_up() {
    setsid cargo run -q -p vvtv-control-api > "$WS/api-$1.log" 2>&1 9>&- &
    API_PID=$!; BG_PIDS+=("$API_PID")
    for _ in $(seq 300); do curl -fsS http://127.0.0.1:7070/v1/status >/dev/null 2>&1 && return; sleep 0.1; done
    echo "control API did not come up" >&2; return 1
}
api_down() { kill -- "-$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; BG_PIDS=(); }
mark() { echo "### $(date +%T.%N | cut -c1-12) $*"; }
value() { sed -n "s/^$1=//p" | tail -n 1; }
signed_post() {
    local path="$1" ts sig
    ts=$(date +%s)
    sig=$(printf '%s\n%s\n%s\n%s' POST "$path" "$ts" "" | openssl dgst -sha256 -hmac "$VVTV_CONTROL_SECRET" -hex | awk '{print $NF}')
    curl -sS -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $VVTV_CONTROL_TOKEN" -H "x-vvtv-ts: $ts" -H "x-vvtv-signature: $sig" --data "" "http://127.0.0.1:7070$path"
}
# Backups and key ids have one-second names: the next one must not share the second of the last (a human never notices).
next_second() { local s; s=$(date +%s); while [[ $(date +%s) == "$s" ]]; do sleep 0.05; done; }
# A run-once orchestrator does nothing while a stopped soak's orchestrator still holds the scheduler lock (up to 30 s).
forced_nightly() {
    local out
    for _ in $(seq 60); do
        out=$(scripts/vvtv-runbook.sh force-nightly 2>&1); echo "$out"
        grep -q nightly-job-complete <<< "$out" && return
        grep -q scheduler-standby-lock-not-acquired <<< "$out" || return 1
        sleep 1
    done
    return 1
}

# Run in the background so that set -e holds inside (it is ignored in a function called as `f || ...`).
direct() {
    set -e
    trap stop_bg EXIT
    # Build and tests
    mark "Build and tests"
    cargo test -- --test-threads=1
    VVTV_RUN_ONCE=1 cargo run -q -p vvtv-orchestrator
    api_up test
    for p in /v1/status /metrics /v1/alerts; do curl -fsS "http://127.0.0.1:7070$p" > /dev/null; done
    # Security and secrets: a signed request passes, an unsigned one is refused
    mark "Security and secrets"
    [[ $(signed_post /v1/control/reload-owner-card) == 200 ]]
    [[ $(curl -sS -o /dev/null -w '%{http_code}' -X POST --data "" http://127.0.0.1:7070/v1/control/reload-owner-card) == 401 ]]
    api_down
    # Go Live (phase 1)
    mark "Go Live"
    scripts/vvtv-phase1-go-live.sh
    # Operational readiness
    mark "Operational readiness"
    scripts/vvtv-runbook.sh force-nightly
    scripts/vvtv-runbook.sh export-audits
    scripts/vvtv-runbook.sh backup-key-rotate
    scripts/vvtv-runbook.sh backup-key-ensure
    scripts/vvtv-runbook.sh backup-key-prune
    local plain secure
    plain=$(scripts/vvtv-runbook.sh backup-metadata | tee -a /dev/stderr | value backup_dir)
    scripts/vvtv-runbook.sh verify-backup "$plain"
    next_second
    secure=$(scripts/vvtv-runbook.sh backup-metadata-secure | tee -a /dev/stderr | value secure_backup_dir)
    scripts/vvtv-runbook.sh verify-backup-secure "$secure"
    scripts/vvtv-runbook.sh restore-metadata "$plain"
    scripts/vvtv-runbook.sh restore-metadata-secure "$secure"
    api_up emergency
    scripts/vvtv-runbook.sh emergency-on; scripts/vvtv-runbook.sh emergency-off
    api_down
    # Soak run
    mark "Soak run"
    VVTV_SOAK_HOURS=0 VVTV_SOAK_MAX_SAMPLES=5 VVTV_SOAK_INTERVAL_SECS=1 scripts/vvtv-soak.sh
    # Canary gate
    mark "Canary gate"
    VVTV_CANARY_SOAK_HOURS=0 VVTV_CANARY_SOAK_MAX_SAMPLES=3 VVTV_CANARY_SOAK_INTERVAL_SECS=1 VVTV_CANARY_AUTO_PROMOTE=1 scripts/vvtv-canary.sh
    # Promotion gate
    mark "Promotion gate"
    api_up promote
    curl -fsS http://127.0.0.1:7070/v1/alerts
    scripts/vvtv-promote.sh "$(ls -d runtime/canary/*/result.env | tail -n 1)"
    api_down
    # Cloudflare integration (local): migrations, wrangler dev, a forced nightly synced to it, the latest reports
    mark "Cloudflare integration"
    local port=$(( 20000 + RANDOM % 20000 ))
    (cd cloudflare/worker && node node_modules/wrangler/bin/wrangler.js d1 migrations apply vvtv-control --local)
    printf 'CONTROL_TOKEN=%s\nCONTROL_SECRET=%s\n' "$VVTV_CLOUDFLARE_TOKEN" "$VVTV_CLOUDFLARE_SECRET" > "$WORK/worker.env"
    (cd cloudflare/worker && exec setsid node node_modules/wrangler/bin/wrangler.js dev --ip 127.0.0.1 --port "$port" \
        --inspector-ip 127.0.0.1 --inspector-port $(( port + 1 )) --show-interactive-dev-session=false --env-file "$WORK/worker.env") > "$WS/wrangler-dev.log" 2>&1 9>&- &
    local dev=$!; BG_PIDS+=("$dev")
    for _ in $(seq 600); do curl -sS -o /dev/null "http://127.0.0.1:$port/v1/status" 2>/dev/null && break; sleep 0.1; done
    VVTV_CLOUDFLARE_BASE_URL="http://127.0.0.1:$port" forced_nightly
    curl -fsS "http://127.0.0.1:$port/v1/reports/daily?date=$(date -u +%F)"
    curl -fsS "http://127.0.0.1:$port/v1/reports/weekly?week=$(date -u +%G-W%V)"
    kill -- "-$dev"; wait "$dev" 2>/dev/null || true; BG_PIDS=()
    mark end
}

# The workspace's scripts can leave a server behind (a control API the soak or canary started is not always stopped);
# nothing of the hand-run side may outlive its turn on the port lock, or the next run finds 7070 taken.
stop_leftovers() {
    local ws="$1" p cwd left sig
    cd / || return 1 # this shell works in the workspace too; it is not a leftover
    for sig in TERM KILL; do
        left=()
        for p in /proc/[0-9]*; do
            cwd="$(readlink "$p/cwd" 2>/dev/null)" || continue
            [[ "$cwd" == "$ws" || "$cwd" == "$ws/"* ]] && left+=("${p#/proc/}")
        done
        ((${#left[@]})) || return 0
        kill -"$sig" "${left[@]}" 2>/dev/null || true
        sleep 1
    done
}

direct_once() {
    WS="$WORK/ws-$1"
    cp -r "$ROOT/sandbox/workspace" "$WS"
    local modules
    modules=$(ls -td "$ROOT"/sandbox/.artifacts/worker-node_modules/*/node_modules | head -n 1)
    ln -s "$modules" "$WS/cloudflare/worker/node_modules"
    (
        cd "$WS"
        export PATH="$ROOT/sandbox/bin:$PATH" VVTV_ENV=production VVTV_API_URL=http://127.0.0.1:7070 \
            VVTV_CONTROL_TOKEN="tok_$(openssl rand -hex 24)" VVTV_CONTROL_SECRET="sec_$(openssl rand -hex 24)" \
            VVTV_CLOUDFLARE_BASE_URL="http://127.0.0.1:$(( 40000 + RANDOM % 20000 ))" VVTV_CLOUDFLARE_TOKEN="cft_$(openssl rand -hex 24)" \
            VVTV_CLOUDFLARE_SECRET="cfs_$(openssl rand -hex 24)" VVTV_BACKUP_KEY_DIR="$WS/runtime/keys"
        exec 9> "$LOCK"
        flock 9
        local s e
        s=$(ms_now)
        direct > "$WORK/direct-$1.log" 2>&1 9>&- &
        wait $! || { stop_leftovers "$WS"; tail -n 30 "$WORK/direct-$1.log" >&2
                     echo "the hand-run sequence failed; see above" >&2; exit 1; }
        e=$(ms_now)
        stop_leftovers "$WS"
        echo $(( e - s ))
    )
    [[ -n "$BENCH_KEEP" ]] || rm -rf "$WS"
}

B=(); W=(); D=()
for i in $(seq "$RUNS"); do
    read -r b w < <(build_once "$i")
    [[ -n "$b" ]] || exit 1
    d=$(direct_once "$i")
    [[ -n "$d" ]] || exit 1
    B+=("$b"); W+=("$w"); D+=("$d")
    echo "run $i: build ${b} ms (+${w} ms waiting for the port lock, not counted), by hand ${d} ms" >&2
done
BM=$(printf '%s\n' "${B[@]}" | median)
DM=$(printf '%s\n' "${D[@]}" | median)
echo "./build.sh Release (sandbox, dry run) : ${BM} ms (median of ${RUNS}; runs ${B[*]}; port-lock waits ${W[*]} ms not counted)"
echo "same checklist by hand, in sequence   : ${DM} ms (median of ${RUNS}; runs ${D[*]})"
echo "load average                          : $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
awk -v b="$BM" -v d="$DM" 'BEGIN { o = (b - d) * 100 / d; printf "overhead                              : %+.0f%% (ratio %.2f; goal <= +15%%: %s)\n", o, b / d, (o <= 15) ? "met" : "MISSED" }'
