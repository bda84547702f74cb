#!/usr/bin/env bash
# Smoke test of dist/shenbiao-linux-arm64 under qemu-user, against the
# x86_64 build: `rules`, and `check` on every sample with findings JSON and
# CSV byte-identical to the x86_64 build's; a usage error in Chinese.
#
# Usage: scripts/test-linux-arm64.sh   (after scripts/build-linux-arm64.sh)
# Env: SHENBIAO_LINUX_BIN (host build to compare with; built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/debian-rust.sh
source scripts/lib/smoke.sh

bin=dist/shenbiao-linux-arm64
[ -f "$bin" ] || { echo "$bin missing: run scripts/build-linux-arm64.sh first" >&2; exit 1; }
need_packages qemu-user
host=$(host_bin)
work=$(mktemp -d /tmp/shenbiao-arm64.XXXXXX)
trap 'rm -rf "$work"' EXIT
# Statically linked: qemu needs no arm64 libraries.
arm() { qemu-aarch64 "$bin" "$@"; }

echo "== $(arm --version) under $(qemu-aarch64 --version | head -n 1)"
expect "rules list equals the x86_64 build's" cmp -s <(arm rules) <("$host" rules)
expect "rules ZP-24 equals the x86_64 build's" cmp -s <(arm rules ZP-24) <("$host" rules ZP-24)

host_code=$(host_check "$host" "$work/x86_64")
started=$SECONDS
set +e
arm check samples -o "$work/arm64" --format json,csv -q
arm_code=$?
set -e
echo "   (check samples under qemu: $((SECONDS - started)) s)"
expect "exit code $arm_code equals the x86_64 build's ($host_code)" [ "$arm_code" = "$host_code" ]
compare_dirs "check" "$work/x86_64" "$work/arm64" exact

set +e
arm check --bogus x >/dev/null 2>"$work/usage.err"
usage_code=$?
set -e
expect "unknown option exits 2" [ "$usage_code" = 2 ]
expect "unknown option is explained in Chinese" grep -q "^错误：无法识别的选项或参数“--bogus”" "$work/usage.err"

finish
