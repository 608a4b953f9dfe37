#!/usr/bin/env bash
# Sandbox VVTV runbook: one operational task per call (nightly, audits, backup keys, backups, emergency mode).
set -euo pipefail

R="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$R/scripts/lib/common.sh"

API_URL="${VVTV_API_URL:-http://127.0.0.1:7070}"
CONTROL_TOKEN="${VVTV_CONTROL_TOKEN:-dev-token}"
CONTROL_SECRET="${VVTV_CONTROL_SECRET:-dev-secret}"
KEY_DIR="${VVTV_BACKUP_KEY_DIR:-$R/runtime/keys}"
KEY_FILE="${VVTV_BACKUP_KEY_FILE:-$KEY_DIR/current.key}"
KEY_ID_FILE="${VVTV_BACKUP_KEY_ID_FILE:-$KEY_DIR/current.key.id}"
KEY_MAX_AGE_DAYS="${VVTV_BACKUP_KEY_MAX_AGE_DAYS:-30}"
KEY_RETENTION_DAYS="${VVTV_BACKUP_KEY_ARCHIVE_RETENTION_DAYS:-180}"
STATE_DB_PATH="${VVTV_STATE_DB_PATH:-runtime/state/vvtv.db}"
OWNER_CARD_PATH="${VVTV_OWNER_CARD_PATH:-config/owner_card.sample.yaml}"
BACKUP_ROOT="${VVTV_BACKUP_DIR:-runtime/backups}"
SCRATCH_DIR=""

usage() {
  cat <<'TXT'
usage: scripts/vvtv-runbook.sh <command> [backup_dir]

commands:
  force-nightly                 run one orchestrator cycle with the nightly job forced
  export-audits                 force-nightly, then print the newest runtime/exports/audit-*.json
  backup-key-rotate             archive the current backup key and create a new one
  backup-key-ensure             rotate when the key is missing or older than VVTV_BACKUP_KEY_MAX_AGE_DAYS
  backup-key-prune              delete archived keys older than VVTV_BACKUP_KEY_ARCHIVE_RETENTION_DAYS
  backup-metadata               plain backup of the state db and owner card
  backup-metadata-secure        encrypted backup (tar.gz + AES-256-CBC, PBKDF2)
  verify-backup <dir>           check a plain backup against its manifest
  verify-backup-secure <dir>    decrypt to a temp folder and check it
  restore-metadata <dir>        restore a plain backup over the live files (--force)
  restore-metadata-secure <dir> decrypt and restore (--force)
  emergency-toggle              flip emergency mode through the signed control API
  emergency-on | emergency-off  toggle only when the API is not already in that state
TXT
}

cleanup() {
  # Decrypted plaintext must never outlive the command, whatever path it exits by.
  if [[ -n "$SCRATCH_DIR" && -d "$SCRATCH_DIR" ]]; then
    rm -rf -- "$SCRATCH_DIR"
  fi
}
# D-R9: faithful has no cleanup trap; a failed decrypt or restore leaves the plaintext in $TMPDIR.
vvtv_faithful || trap cleanup EXIT

# Removes the decrypted copy once its command succeeded (the faithful flavour's only cleanup, as in VVTV).
drop_scratch() {
  rm -rf -- "$SCRATCH_DIR"
  SCRATCH_DIR=""
}

sha256_of() {
  # D-R5: faithful calls shasum, which the tool check does not require.
  if vvtv_faithful; then
    shasum -a 256 "$1" | awk '{print $1}'
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{print $1}'
  else
    sha256sum "$1" | awk '{print $1}'
  fi
}

mtime_of() {
  # D-R4: faithful tries BSD's form first; on GNU it fails (unless a file named %m exists), then GNU's runs.
  if vvtv_faithful && stat -f %m "$1" >/dev/null 2>&1; then
    stat -f %m "$1"
    return
  fi
  # GNU stat first; BSD stat only where GNU's form is not understood.
  stat -c %Y "$1" 2>/dev/null || stat -f %m "$1"
}

# The programs always run from R (their paths are relative to it), in a subshell, whatever the caller's cwd.
run_orchestrator_nightly() {
  (cd "$R" && VVTV_RUN_ONCE=1 VVTV_FORCE_NIGHTLY=1 cargo run -q -p vvtv-orchestrator)
}

admin() {
  (cd "$R" && cargo run -q -p vvtv-admin -- "$@")
}

key_rotate() {
  mkdir -p "$KEY_DIR/archive"
  if [[ -f "$KEY_FILE" ]]; then
    local old_id=""
    [[ -f "$KEY_ID_FILE" ]] && old_id="$(head -n 1 "$KEY_ID_FILE")"
    # D-R7: faithful archives the old key only when its id file exists; a key without one is overwritten.
    if [[ -z "$old_id" ]] && vvtv_faithful; then
      :
    elif [[ -z "$old_id" ]]; then
      # A key without an id is still archived (named after its own mtime) rather than lost.
      old_id="$(date -u -d "@$(mtime_of "$KEY_FILE")" +%Y%m%dT%H%M%SZ)"
    fi
    if [[ -n "$old_id" ]]; then
      cp -- "$KEY_FILE" "$KEY_DIR/archive/$old_id.key"
      chmod 600 "$KEY_DIR/archive/$old_id.key"
    fi
  fi
  local new_id
  new_id="$(vvtv_utc_stamp)"
  # Ids have one-second resolution, as promotion records do (D-PR4): faithful reuses the id of a key archived in the
  # same second, so a third rotation in that second overwrites the archived copy of the first.
  while ! vvtv_faithful && [[ -f "$KEY_DIR/archive/$new_id.key" ]]; do
    sleep 1
    new_id="$(vvtv_utc_stamp)"
  done
  mkdir -p "$(dirname "$KEY_FILE")" "$(dirname "$KEY_ID_FILE")"
  (umask 077 && openssl rand -base64 48 >"$KEY_FILE")
  chmod 600 "$KEY_FILE"
  (umask 077 && printf '%s\n' "$new_id" >"$KEY_ID_FILE")
  chmod 600 "$KEY_ID_FILE"
  echo "backup_key_id=$new_id"
  echo "backup_key_file=$KEY_FILE"
}

key_age_days() {
  local now mtime
  now="$(date +%s)"
  mtime="$(mtime_of "$KEY_FILE")"
  echo $(((now - mtime) / 86400))
}

key_ensure() {
  if [[ ! -f "$KEY_FILE" || ! -f "$KEY_ID_FILE" ]]; then
    key_rotate
    echo "backup_key_rotated=true"
    echo "backup_key_rotate_reason=missing"
    return 0
  fi
  local age
  age="$(key_age_days)"
  if ((age >= KEY_MAX_AGE_DAYS)); then
    key_rotate
    echo "backup_key_rotated=true"
    echo "backup_key_rotate_reason=expired"
    echo "backup_key_age_days=$age"
    return 0
  fi
  echo "backup_key_rotated=false"
  echo "backup_key_id=$(head -n 1 "$KEY_ID_FILE")"
  echo "backup_key_age_days=$age"
}

key_prune() {
  local count=0
  if [[ -d "$KEY_DIR/archive" ]]; then
    count="$(find "$KEY_DIR/archive" -type f -name '*.key' -mtime "+$KEY_RETENTION_DAYS" -print -delete |
      wc -l | tr -d ' ')"
  fi
  echo "backup_key_pruned=$count"
  echo "backup_key_archive_retention_days=$KEY_RETENTION_DAYS"
}

plain_backup() {
  admin backup --state-db "$STATE_DB_PATH" --owner-card "$OWNER_CARD_PATH" --output-dir "$BACKUP_ROOT"
}

secure_backup() {
  key_ensure >/dev/null
  local out dir key_id
  out="$(plain_backup)"
  printf '%s\n' "$out"
  dir="$(printf '%s\n' "$out" | grep -E '^backup_dir=' | tail -n 1 | sed -e 's/^backup_dir=//')"
  [[ -n "$dir" ]] || { echo "admin backup printed no backup_dir" >&2; exit 1; }
  key_id="unknown"
  [[ -f "$KEY_ID_FILE" ]] && key_id="$(head -n 1 "$KEY_ID_FILE")"
  tar -czf "$dir/backup.tar.gz" -C "$dir" state.db owner_card.yaml manifest.json
  # -pass file: reads the first line of the key file, so the passphrase never appears in argv.
  openssl enc -aes-256-cbc -pbkdf2 -iter 10000 -salt -in "$dir/backup.tar.gz" -out "$dir/backup.tar.gz.enc" \
    -pass "file:$KEY_FILE"
  printf '%s\n' "$(sha256_of "$dir/backup.tar.gz.enc")" >"$dir/backup.tar.gz.enc.sha256"
  printf '%s\n' "$key_id" >"$dir/key_id.txt"
  rm -f -- "$dir/backup.tar.gz" "$dir/state.db" "$dir/owner_card.yaml" "$dir/manifest.json"
  echo "secure_backup_dir=$dir"
  echo "secure_backup_payload=$dir/backup.tar.gz.enc"
}

# Prints the key file that decrypts <dir>: the key named by key_id.txt first, current.key as the fallback.
resolve_key() {
  local dir="$1" id="" current_id=""
  [[ -f "$dir/key_id.txt" ]] && id="$(head -n 1 "$dir/key_id.txt")"
  [[ -f "$KEY_ID_FILE" ]] && current_id="$(head -n 1 "$KEY_ID_FILE")"
  # D-R6: faithful takes current.key whenever it exists, so a backup made before a rotation fails to decrypt.
  if vvtv_faithful && [[ -f "$KEY_FILE" ]]; then
    echo "$KEY_FILE"
  elif [[ -n "$id" && "$id" == "$current_id" && -f "$KEY_FILE" ]]; then
    echo "$KEY_FILE"
  elif [[ -n "$id" && -f "$KEY_DIR/archive/$id.key" ]]; then
    echo "$KEY_DIR/archive/$id.key"
  elif [[ -f "$KEY_FILE" ]]; then
    echo "$KEY_FILE"
  else
    echo "no key available to decrypt $dir (key_id=${id:-none})" >&2
    return 1
  fi
}

# Decrypts and unpacks <dir> into a fresh temp folder; sets SCRATCH_DIR.
decrypt_into_scratch() {
  local dir="$1" prefix="$2" key expected actual
  [[ -f "$dir/backup.tar.gz.enc" ]] || { echo "no encrypted payload in $dir" >&2; exit 1; }
  key="$(resolve_key "$dir")" || exit 1
  # D-R10: faithful never checks the payload's checksum sidecar before decrypting.
  if ! vvtv_faithful && [[ -f "$dir/backup.tar.gz.enc.sha256" ]]; then
    expected="$(head -n 1 "$dir/backup.tar.gz.enc.sha256" | awk '{print $1}')"
    actual="$(sha256_of "$dir/backup.tar.gz.enc")"
    if [[ "$expected" != "$actual" ]]; then
      echo "encrypted payload checksum mismatch in $dir" >&2
      exit 1
    fi
  fi
  SCRATCH_DIR="$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX")"
  # D-R8: faithful resolves a relative backup dir (as vvtv-admin prints it) against the caller's cwd, not R.
  openssl enc -d -aes-256-cbc -pbkdf2 -iter 10000 -in "$dir/backup.tar.gz.enc" -out "$SCRATCH_DIR/backup.tar.gz" \
    -pass "file:$key"
  tar -xzf "$SCRATCH_DIR/backup.tar.gz" -C "$SCRATCH_DIR"
  rm -f -- "$SCRATCH_DIR/backup.tar.gz"
}

require_dir_arg() {
  if [[ -z "${1:-}" ]]; then
    echo "this command needs a backup directory argument" >&2
    usage
    exit 1
  fi
}

sign() {
  local method="$1" path="$2" ts="$3"
  local second=0
  # D-R2: faithful takes the second field, which is empty where openssl prints only the hex.
  vvtv_faithful && second=1
  # Fixed: the last field; OpenSSL 3 prints "SHA2-256(stdin)= <hex>", others print just "<hex>".
  printf '%s\n%s\n%s\n%s' "$method" "$path" "$ts" "" |
    openssl dgst -sha256 -hmac "$CONTROL_SECRET" -hex | awk -v second="$second" '{print (second ? $2 : $NF)}'
}

emergency_toggle() {
  local path="/v1/control/emergency-mode" ts sig
  ts="$(date +%s)"
  sig="$(sign POST "$path" "$ts")"
  # D-P7, D-R3: no -f (a 401 still exits 0) and, in the faithful flavour, no time limit.
  vvtv_curl_limit 30
  curl -sS "${VVTV_CURL_LIMIT[@]}" -X POST \
    -H "Authorization: Bearer $CONTROL_TOKEN" \
    -H "x-vvtv-ts: $ts" \
    -H "x-vvtv-signature: $sig" \
    --data "" \
    "$API_URL$path"
}

emergency_to() {
  local wanted="$1" body
  vvtv_curl_limit 30
  # D-R14: the state is read, then toggled; it can change in between.
  body="$(curl -sS "${VVTV_CURL_LIMIT[@]}" "$API_URL/v1/status")"
  if [[ "$body" == *"\"state\":\"$wanted\""* ]]; then
    printf '%s' "$body"
    return 0
  fi
  emergency_toggle
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
    force-nightly | export-audits | backup-key-rotate | backup-key-ensure | backup-key-prune | backup-metadata | \
      backup-metadata-secure | verify-backup | verify-backup-secure | restore-metadata | restore-metadata-secure | \
      emergency-toggle | emergency-on | emergency-off) ;;
    *)
      usage
      exit 1
      ;;
  esac
  vvtv_require cargo curl openssl tar
  # Fixed: every relative path (backup dirs printed by vvtv-admin, state db, owner card) is relative to R.
  # D-R8: faithful stays in the caller's cwd, so tar, openssl and key_id.txt resolve relative backup dirs there.
  vvtv_faithful || cd "$R"
  case "$cmd" in
    force-nightly) run_orchestrator_nightly ;;
    export-audits)
      run_orchestrator_nightly
      if [[ ! -d "$R/runtime/exports" ]]; then
        echo "no export directory yet: $R/runtime/exports"
        exit 1
      fi
      local newest
      # D-R13: the newest export by mtime, not necessarily the one this call wrote.
      # shellcheck disable=SC2012 # D-R13: VVTV picks by ls -t on purpose
      newest="$(ls -1t "$R"/runtime/exports/audit-*.json 2>/dev/null | head -n 1 || true)"
      [[ -n "$newest" ]] || exit 2
      echo "$newest"
      ;;
    backup-key-rotate) key_rotate ;;
    backup-key-ensure) key_ensure ;;
    backup-key-prune) key_prune ;;
    backup-metadata) plain_backup ;;
    backup-metadata-secure) secure_backup ;;
    verify-backup)
      require_dir_arg "${2:-}"
      admin verify --backup-dir "$2"
      ;;
    verify-backup-secure)
      require_dir_arg "${2:-}"
      decrypt_into_scratch "$2" vvtv-secure-verify
      admin verify --backup-dir "$SCRATCH_DIR"
      drop_scratch
      ;;
    restore-metadata)
      require_dir_arg "${2:-}"
      admin restore --backup-dir "$2" --state-db "$STATE_DB_PATH" --owner-card "$OWNER_CARD_PATH" --force
      ;;
    restore-metadata-secure)
      require_dir_arg "${2:-}"
      decrypt_into_scratch "$2" vvtv-secure-restore
      admin restore --backup-dir "$SCRATCH_DIR" --state-db "$STATE_DB_PATH" --owner-card "$OWNER_CARD_PATH" --force
      drop_scratch
      ;;
    emergency-toggle) emergency_toggle ;;
    emergency-on) emergency_to EMERGENCY ;;
    emergency-off) emergency_to RUNNING ;;
  esac
}

main "$@"
