#!/usr/bin/env bash
# Hashing and archiving a 1 GiB bundle with the build's own Sha256File and DeterministicArchive, against sha256sum and tar.
# Usage: bench/bundle.sh   (BENCH_BUNDLE_MIB=1024 size, BENCH_RUNS=3 runs of each, median)
# The bundle is half random bytes (like media or encrypted backups) and half repetitive text (like logs and samples).
set -eo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE_MIB="${BENCH_BUNDLE_MIB:-1024}"
RUNS="${BENCH_RUNS:-3}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-bundle.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

dotnet build "$ROOT/bench/BundleBench/BundleBench.csproj" -c Release --artifacts-path "$WORK/build" -nologo -v quiet -clp:NoSummary >/dev/null
OURS=(dotnet "$WORK/build/bin/BundleBench/release/BundleBench.dll")

mkdir -p "$WORK/bundle"
PART=$(( SIZE_MIB / 8 ))
for i in 1 2 3 4; do head -c "${PART}M" /dev/urandom > "$WORK/bundle/random-$i.bin"; done
for i in 1 2 3 4; do
    # yes stops on SIGPIPE when head has enough; that is not a failure.
    (set +o pipefail; yes "2026-11-24T06:20:3${i}Z state=RUNNING buffer_minutes=60 qa_pass_rate=0.97 fallback_rate=0.02 alerts=0" | head -c "${PART}M" > "$WORK/bundle/samples-$i.log")
done
FILES=("$WORK"/bundle/*)

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# Same answer first: a fast wrong hash is no result.
diff <(sha256sum "${FILES[@]}") <("${OURS[@]}" hash "${FILES[@]}") >/dev/null || { echo "Sha256File and sha256sum disagree" >&2; exit 1; }
cat "${FILES[@]}" > /dev/null   # page cache warm for both

: > "$WORK/t.sha256sum"; : > "$WORK/t.ours-hash"; : > "$WORK/t.tar"; : > "$WORK/t.ours-archive"
for _ in $(seq "$RUNS"); do
    ms sha256sum "${FILES[@]}" >> "$WORK/t.sha256sum"
    ms "${OURS[@]}" hash "${FILES[@]}" >> "$WORK/t.ours-hash"
    # GNU tar with the same determinism (sorted names, fixed time and owner) and gzip's default level.
    ms tar -czf "$WORK/tar.tar.gz" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$WORK" bundle >> "$WORK/t.tar"
    ms "${OURS[@]}" archive "$WORK/bundle" "$WORK/ours.tar.gz" >> "$WORK/t.ours-archive"
done
[[ "$(tar -tzf "$WORK/ours.tar.gz" | wc -l)" == "${#FILES[@]}" ]] || { echo "DeterministicArchive wrote a wrong archive" >&2; exit 1; }

S=$(median < "$WORK/t.sha256sum"); H=$(median < "$WORK/t.ours-hash")
T=$(median < "$WORK/t.tar"); A=$(median < "$WORK/t.ours-archive")
echo "bundle: ${SIZE_MIB} MiB in ${#FILES[@]} files, median of $RUNS runs, whole processes timed"
awk -v s="$S" -v h="$H" -v mib="$SIZE_MIB" 'BEGIN {
    printf "hash    sha256sum            : %6d ms  %6.0f MiB/s\n", s, mib * 1000 / s
    printf "hash    Sha256File           : %6d ms  %6.0f MiB/s\n", h, mib * 1000 / h
    printf "hash    speed ratio          : %.2f of sha256sum (goal >= 0.80: %s)\n", s / h, (s / h >= 0.8) ? "met" : "MISSED" }'
awk -v t="$T" -v a="$A" -v mib="$SIZE_MIB" 'BEGIN {
    printf "archive tar -czf             : %6d ms  %6.0f MiB/s\n", t, mib * 1000 / t
    printf "archive DeterministicArchive : %6d ms  %6.0f MiB/s\n", a, mib * 1000 / a
    printf "archive speed ratio          : %.2f of tar\n", t / a }'
