# Shared by the smoke tests of cross-built programs (source it): counts
# results, compares a cross build's outputs with the host build's, and ends
# with the plain "N passed, M failed" line.

passed=0
failed=0

# ok NAME: record a pass; bad NAME DETAIL: record a failure.
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1${2:+: $2}"; }

# expect NAME COMMAND...: pass when the command succeeds.
expect() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}

# Path separators aside (JSON escapes \ as \\), are two files the same?
same_but_separators() {
  cmp -s <(sed 's#\\\\#/#g; s#\\#/#g' "$1") <(sed 's#\\\\#/#g; s#\\#/#g' "$2")
}

# compare_dirs NAME EXPECTED_DIR ACTUAL_DIR [exact]: every file of the
# expected output (findings JSON, CSV) is in the actual one with the same
# content, byte for byte with "exact", else path separators aside.
compare_dirs() {
  local name=$1 want=$2 got=$3 mode=${4:-}
  local n=0 f rel
  while IFS= read -r -d '' f; do
    rel=${f#"$want"/}
    n=$((n + 1))
    if [ ! -f "$got/$rel" ]; then
      bad "$name: $rel" "missing"
    elif [ "$mode" = exact ] && cmp -s "$f" "$got/$rel"; then
      ok "$name: $rel (identical)"
    elif [ "$mode" != exact ] && same_but_separators "$f" "$got/$rel"; then
      ok "$name: $rel (identical, path separators aside)"
    else
      bad "$name: $rel" "differs: diff $f $got/$rel"
    fi
  done < <(find "$want" -type f \( -name '*.json' -o -name '*.csv' \) -print0 | sort -z)
  [ "$n" -gt 0 ] || bad "$name" "the host build wrote nothing to compare"
}

# The host (x86_64 Linux) build to compare with: $SHENBIAO_LINUX_BIN, else
# the release build in the target dir, built if missing.
host_bin() {
  local bin=${SHENBIAO_LINUX_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/shenbiao}
  if [ ! -x "$bin" ]; then
    cargo build --release --quiet --bin shenbiao >&2
  fi
  echo "$bin"
}

# Host outputs of `check samples --format json,csv` in DIR (run from the
# repository root, so the file names in them are samples/NAME).
host_check() {
  local bin=$1 dir=$2
  set +e
  "$bin" check samples -o "$dir" --format json,csv -q
  local code=$?
  set -e
  echo "$code"
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
