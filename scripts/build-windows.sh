#!/usr/bin/env bash
# Build the Windows program on Debian: dist/shenbiao.exe (x86_64, Windows 10
# or later) and dist/shenbiao-windows-x64.zip with a Chinese 使用说明.txt.
# Installs what it needs from Debian's packages (Debian's Rust with its std
# sources, the mingw-w64 linker and resource compiler). Reuses
# $CARGO_TARGET_DIR (default target-cross/) between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/debian-rust.sh

target=x86_64-pc-windows-gnu
use_debian_rust gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 python3
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export WINDRES=x86_64-w64-mingw32-windres
cross_build "$target"

mkdir -p dist
x86_64-w64-mingw32-strip -o dist/shenbiao.exe "$CARGO_TARGET_DIR/$target/release/shenbiao.exe"
# The DLLs it needs must all ship with Windows (no mingw runtime DLLs).
dlls=$(x86_64-w64-mingw32-objdump -p dist/shenbiao.exe | sed -n 's/^\s*DLL Name: //p' | sort -fu)
for dll in $dlls; do
  case "${dll,,}" in
    kernel32.dll|ntdll.dll|msvcrt.dll|shell32.dll|userenv.dll|ws2_32.dll|advapi32.dll|\
    bcryptprimitives.dll|api-ms-win-core-*.dll) ;;
    *) echo "unexpected DLL dependency: $dll" >&2; exit 1 ;;
  esac
done

# 使用说明.txt: UTF-8 with a BOM and CRLF, so that every Notepad reads it;
# the zip marks its names as UTF-8 (Python's zipfile sets the flag), so
# Explorer shows 使用说明.txt rather than mojibake.
version=$(package_version)
python3 - "$version" <<'PY'
import sys, zipfile
version = sys.argv[1]
text = open("scripts/windows/使用说明.txt", encoding="utf-8").read().replace("{VERSION}", version)
readme = "\ufeff" + text.replace("\r\n", "\n").replace("\n", "\r\n")
with zipfile.ZipFile("dist/shenbiao-windows-x64.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write("dist/shenbiao.exe", "shenbiao.exe")
    z.writestr("使用说明.txt", readme.encode("utf-8"))
PY
ls -l dist/shenbiao.exe dist/shenbiao-windows-x64.zip
echo "== dist/shenbiao-windows-x64.zip (shenbiao $version, DLLs: $(echo $dlls | tr '\n' ' '))"
