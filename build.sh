#!/usr/bin/env bash
# Bootstrap: find or install the SDK from global.json, build build/_build.csproj when its inputs changed, run it.
set -eo pipefail

# The script's folder without a subshell: every fork here is paid by every call, --help included.
case "${BASH_SOURCE[0]}" in */*) SCRIPT_DIR="${BASH_SOURCE[0]%/*}" ;; *) SCRIPT_DIR=. ;; esac
CALLER_DIR="$PWD"
CDPATH='' cd "$SCRIPT_DIR"
ROOT="$PWD"
CDPATH='' cd "$CALLER_DIR"
TEMP="$ROOT/.nuke/temp"
PROJECT="$ROOT/build/_build.csproj"
ARTIFACTS="$TEMP/build-artifacts"
PUBLISHED="$ARTIFACTS/publish/_build"
DLL="$PUBLISHED/_build.dll"
INPUTS_HASH="$TEMP/build.inputs.sha256"
INPUTS_SIGNATURE="$TEMP/build.inputs.stat"
DOTNET_FILE="$TEMP/dotnet.path"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Tiered PGO instruments methods for a later re-JIT that a short build run never reaches; it only costs start-up.
export DOTNET_TieredPGO="${DOTNET_TieredPGO:-0}"
# The build's root is this folder wherever the script is called from (--root on the command line still wins).
export NUKE_ROOT="$ROOT"

# The build's inputs: everything under build/ (minus bin/obj), the shared props and targets, global.json.
# TOP_INPUTS holds the top-level ones by their names in the root.
TOP_INPUTS=()
for f in "$ROOT"/Directory.*.props "$ROOT"/Directory.*.targets "$ROOT"/global.json; do
    [[ -f "$f" ]] && TOP_INPUTS+=("${f#"$ROOT"/}")
done

# What decides a rebuild is the content: sha256 of the "<sha256>  <path from the root>" lines, in byte order of the
# paths (build.ps1 computes the same). A fresh clone with a restored .nuke/temp has new file times, the same content.
inputs_hash() {
    (cd "$ROOT" && find build "${TOP_INPUTS[@]}" \( -name bin -o -name obj \) -prune -o -type f -print0 \
        | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

# Sizes and times of the inputs, kept beside the hash as a cache: while they are unchanged the content is too (as git's
# index assumes), so the usual call costs one find instead of hashing every input.
inputs_signature() {
    find "$ROOT/build" "${TOP_INPUTS[@]/#/$ROOT/}" \( -name bin -o -name obj \) -prune -o -type f -printf '%p %s %T@\n'
}

build_is_current() {
    [[ -f "$DLL" && -f "$DOTNET_FILE" && -f "$INPUTS_HASH" ]] || return 1
    local signature stored="" hash stored_hash=""
    signature="$(inputs_signature)"
    [[ -f "$INPUTS_SIGNATURE" ]] && { IFS= read -r -d '' stored < "$INPUTS_SIGNATURE" || true; }
    [[ "$signature" == "${stored%$'\n'}" ]] && return 0
    hash="$(inputs_hash)"
    IFS= read -r stored_hash < "$INPUTS_HASH" || true
    [[ "$hash" == "$stored_hash" ]] || return 1
    printf '%s\n' "$signature" > "$INPUTS_SIGNATURE.$$" && mv "$INPUTS_SIGNATURE.$$" "$INPUTS_SIGNATURE"
}

run_built() {
    local dotnet=""
    # build.ps1 writes the file without a final newline, on which read fails though it has read the path.
    IFS= read -r dotnet < "$DOTNET_FILE" || [[ -n "$dotnet" ]]
    # A .nuke/temp restored from a CI cache may name a dotnet this machine does not have: then it is found again.
    if [[ ! -x "$dotnet" ]]; then rm -f "$DOTNET_FILE"; return 0; fi
    exec "$dotnet" "$DLL" "$@"
}

# Fast path: once the build has been compiled, straight into it, with no process started here (a find costs more than
# the rest of this script). The built assembly compares the inputs with the record named by NUKE_BOOTSTRAP_INPUTS and,
# when they differ, runs this script again with NUKE_BOOTSTRAP_VERIFY=1: the checks below then decide by content.
if [[ -z "$NUKE_BOOTSTRAP_VERIFY" && -f "$DLL" && -f "$DOTNET_FILE" && -f "$INPUTS_HASH" && -f "$INPUTS_SIGNATURE" ]]
then
    export NUKE_BOOTSTRAP_INPUTS="$INPUTS_SIGNATURE"
    run_built "$@"
fi
unset NUKE_BOOTSTRAP_VERIFY NUKE_BOOTSTRAP_INPUTS
if build_is_current; then run_built "$@"; fi

required_sdk() {
    [[ -f "$ROOT/global.json" ]] || return 0
    sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$ROOT/global.json" | head -n 1
}

# rollForward latestFeature: same major.minor, feature band and patch at least the required one.
sdk_satisfies() {
    local have="$1" want="$2"
    [[ -z "$want" ]] && return 0
    [[ "${have%%.*}.$(cut -d. -f2 <<<"$have")" == "${want%%.*}.$(cut -d. -f2 <<<"$want")" ]] || return 1
    [[ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -n 1)" == "$want" ]]
}

find_dotnet() {
    local want; want="$(required_sdk)"
    if command -v dotnet >/dev/null 2>&1; then
        local sdk
        while read -r sdk _; do
            if sdk_satisfies "$sdk" "$want"; then command -v dotnet; return; fi
        done < <(dotnet --list-sdks 2>/dev/null)
    fi
    local local_dotnet="$TEMP/dotnet-sdk/dotnet"
    if [[ ! -x "$local_dotnet" ]]; then
        echo "No dotnet SDK satisfying ${want:-global.json} on PATH; installing into $TEMP/dotnet-sdk" >&2
        mkdir -p "$TEMP"
        curl -sSfL https://dot.net/v1/dotnet-install.sh -o "$TEMP/dotnet-install.sh"
        bash "$TEMP/dotnet-install.sh" --install-dir "$TEMP/dotnet-sdk" ${want:+--version "$want"} --no-path >&2
    fi
    echo "$local_dotnet"
}

mkdir -p "$TEMP"
# Concurrent calls (CI jobs, tests) build one at a time; whoever waited finds the build done and takes the fast path.
if command -v flock >/dev/null 2>&1; then
    exec 8>"$TEMP/build.lock"
    flock 8
    if build_is_current; then
        exec 8>&-
        run_built "$@"
    fi
fi
DOTNET="$(find_dotnet)"
# Hash and signature taken before the build, so edits made during it trigger the next rebuild.
SIGNATURE="$(inputs_signature)"
HASH="$(inputs_hash)"
compile() {
    "$DOTNET" publish "$PROJECT" -c Release --artifacts-path "$ARTIFACTS" -o "$PUBLISHED" -nologo -v quiet \
        -clp:NoSummary "$@" 2>&1
}
# ReadyToRun for this machine's runtime: the build's own code is compiled ahead, so every run (--help included) starts
# without JIT-compiling the engine. It needs the runtime and crossgen packs from NuGet; where they cannot be restored
# (offline, never fetched), the same build without it. build.ps1 compiles the same way.
if ! BUILD_OUTPUT="$(compile --use-current-runtime --self-contained false -p:PublishReadyToRun=true)" &&
    { ! grep -qE 'NU1101|NU1102|NU1301|NETSDK1094|NETSDK1095' <<<"$BUILD_OUTPUT" ||
        ! BUILD_OUTPUT="$(compile)"; }; then
    echo "$BUILD_OUTPUT" | grep -E 'error|Error' | sort -u >&2 || echo "$BUILD_OUTPUT" >&2
    echo "build/_build.csproj failed to compile" >&2
    rm -f "$INPUTS_HASH"
    exit 1
fi
echo "$DOTNET" > "$DOTNET_FILE"
printf '%s\n' "$HASH" > "$INPUTS_HASH"
printf '%s\n' "$SIGNATURE" > "$INPUTS_SIGNATURE"
# The build lock must not stay held by the long-running build process.
exec 8>&-
run_built "$@"
