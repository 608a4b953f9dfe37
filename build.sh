#!/usr/bin/env bash
# Bootstrap: find or install the SDK from global.json, build build/_build.csproj when its inputs changed, run it.
set -eo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEMP="$ROOT/.nuke/temp"
PROJECT="$ROOT/build/_build.csproj"
ARTIFACTS="$TEMP/build-artifacts"
DLL="$ARTIFACTS/bin/_build/release/_build.dll"
STAMP="$TEMP/build.stamp"
DOTNET_FILE="$TEMP/dotnet.path"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The build's root is this folder wherever the script is called from (--root on the command line still wins).
export NUKE_ROOT="$ROOT"

# Anything under build/ (minus bin/obj), the shared props or global.json newer than the stamp means "rebuild".
inputs_changed() {
    [[ -f "$STAMP" && -f "$DLL" && -f "$DOTNET_FILE" ]] || return 0
    local newer
    newer="$(find "$ROOT/build" \( -name bin -o -name obj \) -prune -o -newer "$STAMP" -print -quit)"
    [[ -n "$newer" ]] && return 0
    newer="$(find "$ROOT" -maxdepth 1 \( -name 'Directory.*.props' -o -name 'global.json' -o -name 'Directory.*.targets' \) -newer "$STAMP" -print -quit)"
    [[ -n "$newer" ]]
}

# Fast path: no dotnet build/run, straight into the built assembly.
if ! inputs_changed; then
    exec "$(cat "$DOTNET_FILE")" "$DLL" "$@"
fi

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
    if ! inputs_changed; then
        exec 8>&-
        exec "$(cat "$DOTNET_FILE")" "$DLL" "$@"
    fi
fi
DOTNET="$(find_dotnet)"
# Stamp taken before the build so edits made during it trigger the next rebuild.
NEW_STAMP="$STAMP.new.$$"
touch "$NEW_STAMP"
if ! BUILD_OUTPUT="$("$DOTNET" build "$PROJECT" -c Release --artifacts-path "$ARTIFACTS" -nologo -v quiet -clp:NoSummary 2>&1)"; then
    echo "$BUILD_OUTPUT" | grep -E 'error|Error' | sort -u >&2 || echo "$BUILD_OUTPUT" >&2
    echo "build/_build.csproj failed to compile" >&2
    rm -f "$NEW_STAMP"
    exit 1
fi
echo "$DOTNET" > "$DOTNET_FILE"
mv "$NEW_STAMP" "$STAMP"
# The build lock must not stay held by the long-running build process.
exec 8>&-
exec "$DOTNET" "$DLL" "$@"
