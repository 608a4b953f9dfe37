#!/usr/bin/env bash
# Wall and CPU time of the README's `dotnet test` on a fresh clone of this repository's HEAD (commit first), against
# the goal of 5 minutes on a quiet 2-core machine. A fresh clone pays what CI pays: restore, compiles, the Worker's
# npm packages, the simulator.
# Usage: bench/test-suite.sh   (BENCH_TEST_FILTER narrows the tests, as dotnet test --filter;
#        BENCH_TEST_TIMEOUT_SECS bounds the run, default 3600; VVTV_TEST_OWN_NETWORK=0 runs every build in the
#        machine's network, taking turns on port 7070 as before network namespaces;
#        BENCH_CPU_BY_PROGRAM=1, as root with Debian's acct package, adds the CPU time of each program, from process
#        accounting, which records the whole machine: run it quiet)
# Not as a background job of a non-interactive shell (`cmd &` in a script, nohup): that starts with SIGINT ignored,
# every build the tests start inherits it, and the tests that interrupt a build with Ctrl-C fail.
set -eo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
CGROUP=""
ACCOUNTING=""
cleanup() {
    [[ -n "$ACCOUNTING" ]] && accton off >/dev/null 2>&1
    if [[ -n "$CGROUP" ]]; then
        [[ -f "$CGROUP/cgroup.kill" ]] && echo 1 > "$CGROUP/cgroup.kill" 2>/dev/null
        for _ in 1 2 3 4 5; do rmdir "$CGROUP" 2>/dev/null && break; sleep 1; done
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# The run's CPU is read from a cgroup of its own where this machine lets us make one (cgroup v2, as root): it counts
# every process the tests start, also those that outlive their parent (MSBuild nodes, servers started in a session of
# their own), which /usr/bin/time misses (a quarter of the CPU, measured on this 2-core machine).
for mount in /sys/fs/cgroup /sys/fs/cgroup/unified; do
    if [[ -f "$mount/cgroup.subtree_control" ]] && mkdir "$mount/vvtv-test-suite-$$" 2>/dev/null; then
        CGROUP="$mount/vvtv-test-suite-$$"
        break
    fi
done
if [[ "${BENCH_CPU_BY_PROGRAM:-}" == 1 ]]; then
    if command -v accton >/dev/null && command -v dump-acct >/dev/null && : > "$WORK/pacct" \
        && accton "$WORK/pacct" >/dev/null 2>&1; then
        ACCOUNTING=1
    else
        echo "BENCH_CPU_BY_PROGRAM=1 needs root and process accounting (apt-get install acct); measuring without it"
    fi
fi

git clone -q "$ROOT" "$WORK/clone"
args=()
[[ -n "${BENCH_TEST_FILTER:-}" ]] && args=(--filter "$BENCH_TEST_FILTER")
echo "commit: $(git -C "$WORK/clone" rev-parse --short HEAD), $(nproc) cores," \
    "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
(
    [[ -n "$CGROUP" ]] && echo "$BASHPID" > "$CGROUP/cgroup.procs"
    cd "$WORK/clone" && timeout --kill-after=30 "${BENCH_TEST_TIMEOUT_SECS:-3600}" \
        /usr/bin/time -f '%e %U %S' -o "$WORK/time" dotnet test "${args[@]}" > "$WORK/test.log" 2>&1
) || status=$?
[[ -n "$ACCOUNTING" ]] && accton off >/dev/null 2>&1 && ACCOUNTING=""
# The projects' test runs write to one console side by side, so a summary may follow another run's text on its line.
grep -oE '(Passed|Failed)!  - .*' "$WORK/test.log" || true
if [[ ! -s "$WORK/time" ]]; then
    echo "dotnet test did not finish within ${BENCH_TEST_TIMEOUT_SECS:-3600} s"
    exit 1
fi
# A failed run's record starts with "Command exited with non-zero status N": the figures are its last line.
read -r wall user sys < <(tail -n 1 "$WORK/time")
counted_by="/usr/bin/time: only the processes their parents waited for, so at least this much"
if [[ -n "$CGROUP" ]]; then
    user="$(awk '$1 == "user_usec" { print $2 / 1e6 }' "$CGROUP/cpu.stat")"
    sys="$(awk '$1 == "system_usec" { print $2 / 1e6 }' "$CGROUP/cpu.stat")"
    counted_by="every process the run started (cgroup)"
fi
awk -v w="$wall" -v u="$user" -v s="$sys" -v n="$(nproc)" -v by="$counted_by" 'BEGIN {
    printf "wall time                : %d min %02d s (goal: at most 5 min)\n", w / 60, w % 60
    printf "CPU time (user + system) : %d min %02d s, %.1f cores busy on average; %s\n",
        (u + s) / 60, (u + s) % 60, (u + s) / w, by
    printf "least wall time possible : %d min %02d s on %d cores kept busy with this CPU time\n",
        (u + s) / n / 60, (u + s) / n % 60, n
}'
if [[ -n "$CGROUP" && -s "$CGROUP/cgroup.procs" ]]; then
    echo "still running after dotnet test (stopped now): $(xargs -r -I{} cat /proc/{}/comm < "$CGROUP/cgroup.procs" \
        2>/dev/null | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')"
fi
if [[ -f "$WORK/pacct" ]]; then
    echo "CPU by program (the whole machine during the run; seconds, processes):"
    dump-acct "$WORK/pacct" | awk -F'|' '{ gsub(/ +$/, "", $1); cpu[$1] += $3 + $4; n[$1]++ }
        END { for (p in cpu) printf "%10.1f %6d  %s\n", cpu[p] / 100, n[p], p }' | sort -rn | head -15
fi
[[ $status -eq 0 ]] || { echo "dotnet test failed (exit $status):"; tail -40 "$WORK/test.log"; exit "$status"; }
