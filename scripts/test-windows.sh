#!/usr/bin/env bash
# Smoke test of dist/shenbiao.exe under Wine, against the Linux build:
# `rules`; `check` on every sample with JSON and CSV equal to the Linux
# build's (path separators aside); `serve` answering the page and an upload;
# a drop-style run (a file with a Chinese name and a space as the only
# argument) writing 审表结果\ beside it; the no-argument start serving the
# page and calling the opener; Chinese console text (captured on a
# pseudo-terminal, where Wine gives the program a real console).
#
# Usage: scripts/test-windows.sh   (after scripts/build-windows.sh)
# Env: SHENBIAO_LINUX_BIN (host build to compare with; built if missing).
# Test-only: bookworm's Wine 8 has no bcryptprimitives.dll (Windows 10+
# does); a stand-in exporting ProcessPrng over SystemFunction036 is built
# beside the copy of the exe under test, never into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
source scripts/lib/debian-rust.sh
source scripts/lib/smoke.sh

exe_dist=dist/shenbiao.exe
[ -f "$exe_dist" ] || { echo "$exe_dist missing: run scripts/build-windows.sh first" >&2; exit 1; }
need_packages wine wine64 gcc-mingw-w64-x86-64 curl
linux_bin=$(host_bin)

work=$(mktemp -d /tmp/shenbiao-wine.XXXXXX)
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" LANG=C.UTF-8
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/bin"
cp "$exe_dist" "$work/bin/shenbiao.exe"
cat > "$work/prng.c" <<'C'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
C
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$work/bin/bcryptprimitives.dll" "$work/prng.c" -ladvapi32
exe="$work/bin/shenbiao.exe"
started=$SECONDS
wineboot -i >/dev/null 2>&1 || true
echo "== Wine $(wine --version) prefix ready in $((SECONDS - started)) s"

winpath() { winepath -w "$1" 2>/dev/null; }

# A stand-in for the desktop's opener (SHENBIAO_OPENER): records its argument.
printf '@echo %%~1>>"%%~dp0opened.txt"\r\n' > "$work/opener.cmd"
opener=$(winpath "$work/opener.cmd")
# wait_for FILE PATTERN: up to 30 s for PATTERN to appear in FILE.
wait_for() {
  local i
  for i in $(seq 300); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

echo "== rules"
expect "rules list equals the Linux build's" \
  cmp -s <(wine "$exe" rules 2>/dev/null) <("$linux_bin" rules)
expect "rules ZP-24 equals the Linux build's" \
  cmp -s <(wine "$exe" rules ZP-24 2>/dev/null) <("$linux_bin" rules ZP-24)

echo "== check samples (JSON and CSV)"
linux_code=$(host_check "$linux_bin" "$work/linux")
set +e
wine "$exe" check samples -o "$work/windows" --format json,csv -q 2>/dev/null
win_code=$?
set -e
expect "exit code $win_code equals the Linux build's ($linux_code)" [ "$win_code" = "$linux_code" ]
compare_dirs "check" "$work/linux" "$work/windows"

echo "== drop-style run (a file as the only argument)"
inbox="$work/收件 测试"
mkdir -p "$inbox"
cp "samples/津南_智慧津南项目运维及咨询费.xlsx" "$inbox/津南 自评表.xlsx"
set +e
SHENBIAO_OPENER=$opener wine "$exe" "$(winpath "$inbox/津南 自评表.xlsx")" \
  </dev/null >"$work/drop.out" 2>"$work/drop.err"
drop_code=$?
set -e
expect "drop run exits 1 (the sample holds an error)" [ "$drop_code" = 1 ]
expect "drop run wrote 审表结果\\津南 自评表.checked.xlsx" test -s "$inbox/审表结果/津南 自评表.checked.xlsx"
expect "drop run wrote 审表结果\\findings.csv" test -s "$inbox/审表结果/findings.csv"
expect "drop run says where the results are" grep -q "检查结果已保存到：.*审表结果" "$work/drop.err"
expect "drop run opened the checked workbook" wait_for "$work/opened.txt" 'checked.xlsx'

echo "== console text (pseudo-terminal: the program's own console window)"
rm -rf "$inbox/审表结果"
# Enter after a few seconds answers the wait-for-a-key prompt.
SHENBIAO_OPENER=$opener timeout 120 script -qec \
  "wine '$exe' '$(winpath "$inbox/津南 自评表.xlsx")'" "$work/console.raw" \
  < <(sleep 8; printf '\r') >/dev/null 2>&1 || true
# Drop the terminal's control sequences and the record's header/footer.
sed -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e 's/\r//g' "$work/console.raw" \
  | grep -v '^Script \(started\|done\)' > "$work/console.txt" || true
echo "---- console (as shown in the window) ----"
cat "$work/console.txt"
echo "------------------------------------------"
expect "console shows Chinese (检查结果已保存到)" grep -q "检查结果已保存到：" "$work/console.txt"
expect "console shows the summary table" grep -q "错误/警告/提示  1 / 3 / 3" "$work/console.txt"
expect "own window: waits for a key before closing" grep -q "按回车键（Enter）关闭此窗口" "$work/console.txt"

# start_server LOG ARGS...: start the exe in the background, wait for its
# address; sets $url and records the pid for cleanup.
start_server() {
  local log=$1
  shift
  SHENBIAO_OPENER=$opener wine "$exe" "$@" </dev/null >"$log" 2>"$log.err" &
  pids+=("$!")
  url=""
  if wait_for "$log" 'http://'; then
    url=$(grep -o 'http://[0-9.:]*' "$log" | head -n 1)
  fi
}

echo "== serve on a loopback port"
start_server "$work/serve.out" serve --port 0 --host 127.0.0.1
if [ -n "$url" ]; then
  ok "serve printed its address $url"
  expect "the page answers" \
    test "$(curl -s -o "$work/page.html" -w '%{http_code}' "$url/")" = 200
  curl -s -F "files=@samples/津南_智慧津南项目运维及咨询费.xlsx" "$url/api/check" > "$work/upload.json" || true
  expect "an upload is checked (ZP-24 at H27)" \
    grep -q '"rule":"ZP-24".*"cell":"H27"\|"cell":"H27".*"rule":"ZP-24"' "$work/upload.json"
else
  bad "serve printed its address" "$(cat "$work/serve.out.err")"
fi
kill "${pids[-1]}" 2>/dev/null || true

echo "== no arguments: the page starts and the browser opener is called"
rm -f "$work/opened.txt"
start_server "$work/start.out"
if [ -n "$url" ]; then
  ok "no-argument start printed its address $url"
  expect "its page answers" test "$(curl -s -o /dev/null -w '%{http_code}' "$url/")" = 200
  expect "the opener got the address" wait_for "$work/opened.txt" "$url"
  expect "it says how to stop (关闭此窗口即停止)" wait_for "$work/start.out.err" "关闭此窗口即停止"
else
  bad "no-argument start printed its address" "$(cat "$work/start.out.err")"
fi
kill "${pids[-1]}" 2>/dev/null || true

echo "== Chinese usage error"
set +e
wine "$exe" check --bogus x >/dev/null 2>"$work/usage.err"
usage_code=$?
set -e
expect "unknown option exits 2" [ "$usage_code" = 2 ]
expect "unknown option is explained in Chinese" grep -q "^错误：无法识别的选项或参数“--bogus”" "$work/usage.err"

finish
