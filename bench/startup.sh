#!/usr/bin/env bash
# Start-up cost of the warm build (./build.sh --help) relative to a hello-world `dotnet hello.dll`.
# Usage: bench/startup.sh [N] [ROOT]   (N runs of each, interleaved; ROOT holds build.sh, default: this repository)
set -eo pipefail

N="${1:-15}"
ROOT="$(cd "${2:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/hello"
cat > "$WORK/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup>
</Project>
XML
echo 'Console.WriteLine("hello");' > "$WORK/hello/Program.cs"
dotnet build "$WORK/hello/hello.csproj" -c Release -o "$WORK/out" -nologo -v quiet -clp:NoSummary >/dev/null
HELLO="$WORK/out/hello.dll"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# Warm-up: the first build.sh call may compile the build; both get their files into the page cache.
(cd "$ROOT" && ./build.sh --help >/dev/null 2>&1) || true
for _ in 1 2 3; do ms dotnet "$HELLO" >/dev/null; (cd "$ROOT" && ms ./build.sh --help) >/dev/null; done

: > "$WORK/build.times"; : > "$WORK/hello.times"
for _ in $(seq "$N"); do
    (cd "$ROOT" && ms ./build.sh --help) >> "$WORK/build.times"
    ms dotnet "$HELLO" >> "$WORK/hello.times"
done
B=$(median < "$WORK/build.times")
H=$(median < "$WORK/hello.times")
echo "runs: $N each (interleaved, after warm-up)"
echo "median ./build.sh --help : ${B} ms"
echo "median dotnet hello.dll  : ${H} ms"
awk -v b="$B" -v h="$H" 'BEGIN { printf "ratio                    : %.1fx\n", b / h }'
