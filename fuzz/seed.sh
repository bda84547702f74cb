#!/usr/bin/env bash
# Seed corpora for the fuzz targets from the real sample workbooks.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/numbers corpus/open_bytes corpus/xlsx_parts
cp ../samples/*.xlsx corpus/open_bytes/
if [ -d ../../shared/external-workbooks ]; then cp ../../shared/external-workbooks/* corpus/open_bytes/; fi
i=0
for t in "１２３.５０" "1,234.50" "（12.00）" "46%" "3万" "≥95%" "≤10天" "不低于90%" "—" "2.5亿元" "≥1,000人次"; do
  printf '%s' "$t" > "corpus/numbers/seed$i"; i=$((i+1))
done
# xlsx_parts: first byte = sample index + part index × sample count (see
# TARGETS in fuzz_targets/xlsx_parts.rs), then the part's XML.
python3 - <<'PY'
import glob, zipfile
samples = sorted(glob.glob('../samples/*.xlsx'))
parts = ["xl/worksheets/sheet1.xml", None, None, "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"]
for i, p in enumerate(samples):
    z = zipfile.ZipFile(p)
    for k, part in enumerate(parts):
        if part and part in z.namelist():
            with open(f'corpus/xlsx_parts/s{i}_{k}', 'wb') as f:
                f.write(bytes([k * len(samples) + i]) + z.read(part))
PY
