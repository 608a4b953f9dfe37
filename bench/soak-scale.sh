#!/usr/bin/env bash
# The soak at scale: 1,000 and 100,000 samples through the build's own soak session (judge, journal, progress bar),
# verdict and chart, then a resume that loads the plan and replays the journal, each size in its own process. Prints the
# figures of both sizes side by side and the growth between them.
# Usage: bench/soak-scale.sh   (BENCH_SOAK_SIZES="1000 100000" to change the sizes, TMPDIR for where the journals go)
# Goals (issue 15 item 7): peak RSS growth from the smallest to the largest size under 50 MiB; resume of the largest
# journal at most 2 s. The write step fsyncs every sample as a soak does, so its wall time is mostly the disk's.
set -eo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES=(${BENCH_SOAK_SIZES:-1000 100000})
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-soak.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

dotnet build "$ROOT/bench/SoakScale/SoakScale.csproj" -c Release --artifacts-path "$WORK/build" -nologo -v quiet \
    -clp:NoSummary >/dev/null
RUN=(dotnet "$WORK/build/bin/SoakScale/release/SoakScale.dll")

echo "soak-scale on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start," \
    "dotnet $(dotnet --version), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
declare -A v
for n in "${SIZES[@]}"; do
    for step in write resume; do
        if [[ $step == write ]]; then line="$("${RUN[@]}" write "$n" "$WORK/soak-$n")"
        else line="$("${RUN[@]}" resume "$WORK/soak-$n")"; fi
        read -r _ count took cpu per peak jitted jitms <<<"$line"
        v[$step-$n-count]=$count v[$step-$n-ms]=$took v[$step-$n-cpu]=$cpu v[$step-$n-per]=$per
        v[$step-$n-rss]=$peak v[$step-$n-jit]="$jitted in $jitms ms"
        v[$step-$n-cpuper]=$(awk -v c="$cpu" -v n="$count" 'BEGIN { printf "%.1f", c * 1000 / n }')
    done
    v[journal-$n]=$(du -h "$WORK/soak-$n/samples.jsonl" | cut -f1)
    v[chart-$n]=$(du -h "$WORK/soak-$n/soak-chart.svg" | cut -f1)
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" \
    "(above the core count, wall times stretch; CPU times less)"

row() { # label, key; one column per size
    printf '%-34s' "$1"
    for n in "${SIZES[@]}"; do printf ' %18s' "${v[$2-$n${3:+-$3}]}"; done
    printf '\n'
}
printf '%-34s' ""; for n in "${SIZES[@]}"; do printf ' %18s' "$n samples"; done; printf '\n'
row "write: samples judged" write count
row "write: wall ms" write ms
row "write: wall µs per sample" write per
row "write: CPU ms" write cpu
row "write: CPU µs per sample" write cpuper
row "write: peak RSS MiB" write rss
row "resume: samples replayed" resume count
row "resume: wall ms" resume ms
row "resume: CPU ms" resume cpu
row "resume: CPU µs per sample" resume cpuper
row "resume: peak RSS MiB" resume rss
row "resume: JIT-compiled methods" resume jit
row "samples.jsonl size" journal
row "soak-chart.svg size" chart

small=${SIZES[0]}; large=${SIZES[-1]}
for step in write resume; do
    growth=$(awk -v a="${v[$step-$small-rss]}" -v b="${v[$step-$large-rss]}" 'BEGIN { printf "%+.1f", b - a }')
    verdict=$(awk -v g="$growth" 'BEGIN { print (g < 50) ? "within" : "OVER" }')
    echo "$step: peak RSS from $small to $large samples: $growth MiB ($verdict the goal of under 50 MiB)"
done
took=${v[resume-$large-ms]}
echo "resume of $large samples: $took ms wall, ${v[resume-$large-cpu]} ms CPU ($( ((took <= 2000)) && echo within \
    || echo OVER) the 2 s goal)"
echo "repeat: bench/soak-scale.sh (the resume alone: dotnet SoakScale.dll resume DIR on a folder a write step left)"
