# Shared by the cross-build and cross-test scripts (source it, do not run it).
#
# Cross builds use Debian's own Rust (rustc-web/cargo-web 1.96 and the std
# sources in rust-web-src) with `-Z build-std`: this machine can reach
# Debian's packages but not rustup's servers, so no prebuilt std for another
# target can be downloaded. RUSTC_BOOTSTRAP=1 lets a stable compiler accept
# `-Z build-std`; the std sources must be the compiler's own version.

# Install the Debian packages named, if any is missing (apt-get update once).
need_packages() {
  local missing=()
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "== installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Debian's compiler and cargo first on PATH (rustup's would otherwise look
# for std sources under its own toolchain), and a check that the std
# sources are the compiler's version: a mismatch fails late and obscurely.
use_debian_rust() {
  need_packages rustc-web cargo-web rust-web-src "$@"
  export PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
  local rustc_version src_version rustc_pkg src_pkg
  rustc_version=$(/usr/bin/rustc -vV | sed -n 's/^release: //p')
  src_version=$(cat /usr/lib/rustlib/src/rust/src/version 2>/dev/null || echo "missing")
  rustc_pkg=$(dpkg-query -W -f='${Version}' rustc-web)
  src_pkg=$(dpkg-query -W -f='${Version}' rust-web-src)
  if [ "$rustc_version" != "$src_version" ] || [ "$rustc_pkg" != "$src_pkg" ]; then
    echo "std sources do not match the compiler: rustc $rustc_version ($rustc_pkg)," \
         "rust-web-src $src_version ($src_pkg)" >&2
    exit 1
  fi
  echo "== rustc $rustc_version (Debian $rustc_pkg), std sources match"
}

# cross_build TARGET: release build of the shenbiao binary for TARGET into
# $CARGO_TARGET_DIR (default target-cross/ in the repository). No debug
# info: it only makes the link slower and is stripped anyway.
cross_build() {
  local target=$1
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target-cross}"
  export CARGO_PROFILE_RELEASE_DEBUG=0
  local started=$SECONDS
  cargo build --release --locked -Z build-std=std,panic_abort \
    --target "$target" --bin shenbiao
  echo "== built $target in $((SECONDS - started)) s"
}

# The package version from Cargo.toml.
package_version() {
  sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1
}
