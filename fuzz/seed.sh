#!/usr/bin/env bash
# Seed corpora for the fuzz targets from the real sample workbooks.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/numbers corpus/open_bytes corpus/xlsx_parts corpus/ods_content
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
# ods_content: small content.xml documents (values, repeats, a stray cell,
# a mismatched end tag), the shapes the dense-grid guard must count.
python3 - <<'PY'
head = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="S">')
tail = '</table:table></office:spreadsheet></office:body></office:document-content>'
v = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
rows = [
    '<table:table-row>' + v + '<table:table-cell table:number-columns-repeated="3"/>' + v + '</table:table-row>',
    '<table:table-row table:number-rows-repeated="1000">' + v + '</table:table-row>',
    '<table:table-row><table:table-cell office:value-type="string"><text:p>项目名称</text:span></table:table-cell></table:table-row>',
    '<table:table-row><table:table-cell table:number-columns-repeated="16383"/>' + v + '</table:table-row>',
    '<table:table-row><table:covered-table-cell table:number-columns-repeated="2"/>' + v + '</table:table-row>',
]
for i, r in enumerate(rows):
    with open(f'corpus/ods_content/seed{i}', 'w', encoding='utf-8') as f:
        f.write(head + r + tail)
PY
