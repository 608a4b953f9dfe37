#!/usr/bin/env bash
# Wall and CPU time of the README's `dotnet test` on a fresh clone of this repository's HEAD (commit first), against
# the goal of 5 minutes on a quiet 2-core machine. A fresh clone pays what CI pays: restore, compiles, the Worker's
# npm packages, the simulator.
# Usage: bench/test-suite.sh   (BENCH_TEST_FILTER narrows the tests, as dotnet test --filter;
#        BENCH_TEST_TIMEOUT_SECS bounds the run, default 3600; VVTV_TEST_OWN_NETWORK=0 runs every build in the
#        machine's network, taking turns on port 7070 as before network namespaces)
# Not as a background job of a non-interactive shell (`cmd &` in a script, nohup): that starts with SIGINT ignored,
# every build the tests start inherits it, and the tests that interrupt a build with Ctrl-C fail.
set -eo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

git clone -q "$ROOT" "$WORK/clone"
args=()
[[ -n "${BENCH_TEST_FILTER:-}" ]] && args=(--filter "$BENCH_TEST_FILTER")
echo "commit: $(git -C "$WORK/clone" rev-parse --short HEAD), $(nproc) cores," \
    "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
(cd "$WORK/clone" && timeout --kill-after=30 "${BENCH_TEST_TIMEOUT_SECS:-3600}" \
    /usr/bin/time -f '%e %U %S' -o "$WORK/time" dotnet test "${args[@]}" > "$WORK/test.log" 2>&1) || status=$?
# The projects' test runs write to one console side by side, so a summary may follow another run's text on its line.
grep -oE '(Passed|Failed)!  - .*' "$WORK/test.log" || true
if [[ ! -s "$WORK/time" ]]; then
    echo "dotnet test did not finish within ${BENCH_TEST_TIMEOUT_SECS:-3600} s"
    exit 1
fi
read -r wall user sys < "$WORK/time"
awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN {
    printf "wall time                : %d min %02d s (goal: at most 5 min)\n", w / 60, w % 60
    printf "CPU time (user + system) : %d min %02d s, %.1f cores busy on average\n",
        (u + s) / 60, (u + s) % 60, (u + s) / w
}'
[[ $status -eq 0 ]] || { echo "dotnet test failed (exit $status):"; tail -40 "$WORK/test.log"; exit "$status"; }
