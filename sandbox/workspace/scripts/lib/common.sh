# shellcheck shell=bash
# Shared helpers for the sandbox VVTV scripts. Sourced, never executed; callers set R first.
# The D-xx ids in these scripts are entries of docs/vvtv-defects.md (the repository's account of VVTV's defects).

# VVTV_SANDBOX_FLAVOUR picks how the scripts behave: "faithful" (the default) keeps VVTV's script defects so the
# build's guards meet them; "fixed" behaves as the scripts should. Anything else is refused before any step runs.
VVTV_SANDBOX_FLAVOUR="${VVTV_SANDBOX_FLAVOUR:-faithful}"
case "$VVTV_SANDBOX_FLAVOUR" in
  faithful | fixed) ;;
  *)
    echo "VVTV_SANDBOX_FLAVOUR must be faithful or fixed (got '$VVTV_SANDBOX_FLAVOUR')" >&2
    exit 2
    ;;
esac

# True when the scripts reproduce VVTV's defects.
vvtv_faithful() { [[ "$VVTV_SANDBOX_FLAVOUR" == faithful ]]; }

# curl's per-request time limit: none in the faithful flavour, as VVTV's probes have none (D-P4, D-SK2, D-PR2, D-R3).
vvtv_curl_limit() {
  if vvtv_faithful; then
    VVTV_CURL_LIMIT=()
  else
    VVTV_CURL_LIMIT=(--max-time "$1")
  fi
}

# UTC stamp used for phase folders, backup key ids and promotion records.
vvtv_utc_stamp() { date -u +%Y%m%dT%H%M%SZ; }

# Local-time stamp used for soak and canary folders (contract keeps them local).
vvtv_local_stamp() { date +%Y%m%d-%H%M%S; }

# Exits 1 naming the first tool that is not on PATH.
vvtv_require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing required tool: $tool" >&2; exit 1; }
  done
}

# Polls GET <api>/v1/status once a second, up to <tries> times. When <pid> is given and that process
# has exited, readiness fails at once: an answer from some other process on the port proves nothing.
vvtv_wait_for_api() {
  local api="$1" tries="$2" pid="${3:-}" i
  vvtv_curl_limit 5
  # D-P3: the faithful flavour accepts an answer from any process on the port, its own child dead or alive.
  vvtv_faithful && pid=""
  for ((i = 0; i < tries; i++)); do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    # D-P4: in the faithful flavour one hung connect blocks this loop for good (no time limit).
    if curl -sSf "${VVTV_CURL_LIMIT[@]}" "$api/v1/status" >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  return 1
}

# Stops a process this script started and reaps it, so nothing outlives the script.
vvtv_stop_pid() {
  local pid="${1:-}"
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  wait "$pid" 2>/dev/null || true
}

# Last value of <key>= in a file (the VVTV rule when a key repeats); empty when absent.
vvtv_last_value() {
  local key="$1" file="$2"
  { grep -E "^${key}=" "$file" 2>/dev/null || true; } | tail -n 1 | sed -e "s/^${key}=//"
}
