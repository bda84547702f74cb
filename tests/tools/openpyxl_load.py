#!/usr/bin/env python3
"""Load each .xlsx given with openpyxl and fail on any warning or error.

Used by tests/xlsx_patch.rs (ignored test) to show that patched workbooks
are read by a third, independent implementation without complaint.
"""
import sys
import warnings

import openpyxl

failed = 0
for path in sys.argv[1:]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            wb = openpyxl.load_workbook(path)
            sheets = wb.sheetnames
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for cell in row:
                        _ = cell.value, cell.comment
            wb.close()
        except Exception as e:  # noqa: BLE001 - report every failure
            print(f"FAIL {path}: {e!r}")
            failed += 1
            continue
    if caught:
        for w in caught:
            print(f"WARN {path}: {w.message}")
        failed += 1
    else:
        print(f"ok   {path}: {sheets}")
print(f"{len(sys.argv) - 1 - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
