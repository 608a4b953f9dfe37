# Shared helpers for the sandbox VVTV scripts. Sourced, never executed; callers set R first.

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
  for ((i = 0; i < tries; i++)); do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    if curl -sSf --max-time 5 "$api/v1/status" >/dev/null 2>&1; then
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
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# Last value of <key>= in a file (the VVTV rule when a key repeats); empty when absent.
vvtv_last_value() {
  local key="$1" file="$2"
  { grep -E "^${key}=" "$file" 2>/dev/null || true; } | tail -n 1 | sed -e "s/^${key}=//"
}
