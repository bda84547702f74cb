#!/usr/bin/env bash
# Build dist/shenbiao-linux-arm64 for 信创 desktops on arm64 (统信UOS, 麒麟
# on Kunpeng/Phytium) with nothing but Debian's packages: Debian's Rust with
# its std sources and the aarch64 cross linker. Reuses $CARGO_TARGET_DIR
# (default target-cross/) between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/debian-rust.sh

target=aarch64-unknown-linux-gnu
use_debian_rust gcc-aarch64-linux-gnu libc6-dev-arm64-cross
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
# Statically linked: Debian 12's glibc would make the program need glibc
# 2.34 (__libc_start_main, pthread_*), while 统信UOS V20 and 麒麟 V10 ship
# 2.28. shenbiao resolves no host names and looks up no users, the glibc
# functions that cannot work in a static program.
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C target-feature=+crt-static"
cross_build "$target"

mkdir -p dist
aarch64-linux-gnu-strip -o dist/shenbiao-linux-arm64 "$CARGO_TARGET_DIR/$target/release/shenbiao"
# No dynamic section: nothing is needed from the system but the kernel.
if aarch64-linux-gnu-readelf -d dist/shenbiao-linux-arm64 | grep -q NEEDED; then
  echo "dist/shenbiao-linux-arm64 is not statically linked" >&2
  exit 1
fi
ls -l dist/shenbiao-linux-arm64
echo "== dist/shenbiao-linux-arm64 (shenbiao $(package_version), statically linked)"
