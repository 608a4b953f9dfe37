#!/usr/bin/env bash
# The soak at scale: 1,000 and 100,000 samples through the build's own soak session (judge, journal, progress), verdict
# and chart, then a resume that replays the journal. Prints per-sample overhead and peak RSS of each, and the growth.
# Usage: bench/soak-scale.sh   (BENCH_SOAK_SIZES="1000 100000" to change the sizes)
# Goals (issue 15 item 7): peak RSS growth from the smallest to the largest size under 50 MiB; resume of the largest
# journal at most 2 s.
set -eo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES=(${BENCH_SOAK_SIZES:-1000 100000})
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-soak.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

dotnet build "$ROOT/bench/SoakScale/SoakScale.csproj" -c Release --artifacts-path "$WORK/build" -nologo -v quiet \
    -clp:NoSummary >/dev/null
RUN=(dotnet "$WORK/build/bin/SoakScale/release/SoakScale.dll")

printf '%-8s %9s %10s %12s %14s\n' step samples "time ms" "µs/sample" "peak RSS MiB"
declare -A rss ms
for n in "${SIZES[@]}"; do
    for step in write resume; do
        if [[ $step == write ]]; then line="$("${RUN[@]}" write "$n" "$WORK/soak-$n")"
        else line="$("${RUN[@]}" resume "$WORK/soak-$n")"; fi
        read -r _ count took per peak <<<"$line"
        printf '%-8s %9s %10s %12s %14s\n' "$step" "$count" "$took" "$per" "$peak"
        rss[$step-$n]=$peak; ms[$step-$n]=$took
    done
done
small=${SIZES[0]}; large=${SIZES[-1]}
for step in write resume; do
    growth=$(awk -v a="${rss[$step-$small]}" -v b="${rss[$step-$large]}" 'BEGIN { printf "%.1f", b - a }')
    verdict=$(awk -v g="$growth" 'BEGIN { print (g < 50) ? "within" : "OVER" }')
    echo "$step: peak RSS growth from $small to $large samples: $growth MiB ($verdict the 50 MiB goal)"
done
echo "resume of $large samples: ${ms[resume-$large]} ms ($( (( ${ms[resume-$large]} <= 2000 )) && echo within || echo OVER) the 2 s goal)"
echo "journal of $large samples: $(du -h "$WORK/soak-$large/samples.jsonl" | cut -f1), chart: $(du -h "$WORK/soak-$large/soak-chart.svg" | cut -f1)"
