"""The script a technical user writes instead of shenbiao (issue 16's peer).

For every .xlsx in a folder: open it with openpyxl, find the 自评表 by its
labels (年初预算数/全年执行数/分值/得分/总分), recompute 执行率 and 总分,
put a comment on every cell that disagrees, save the annotated copy and
write one CSV of findings. It does far less than shenbiao (no 决算, no
schemes, no rounding rules, no result sheets), so its time is a lower bound
for what such a script costs.

Run: python3 benches/peer/openpyxl_peer.py IN_DIR OUT_DIR
"""
import csv
import os
import sys

import openpyxl
from openpyxl.comments import Comment


def num(v):
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        t = v.strip().replace(",", "").rstrip("%分")
        try:
            return float(t)
        except ValueError:
            return None
    return None


def check(ws, rows):
    labels = {}
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                labels.setdefault(c.value.strip(), c)
    if "得分" not in labels or "分值" not in labels:
        return
    score_col = labels["得分"].column
    points_col = labels["分值"].column
    total = 0.0
    for r in range(labels["得分"].row + 1, ws.max_row + 1):
        s = num(ws.cell(r, score_col).value)
        p = num(ws.cell(r, points_col).value)
        if s is not None and p is not None:
            if s > p:
                cell = ws.cell(r, score_col)
                cell.comment = Comment(f"得分 {s} 超过分值 {p}", "peer")
                rows.append((ws.title, cell.coordinate, "得分超过分值"))
            total += s
    if "总分" in labels:
        t = labels["总分"]
        for c in range(t.column + 1, ws.max_column + 1):
            v = num(ws.cell(t.row, c).value)
            if v is not None:
                if abs(v - total) > 0.005:
                    cell = ws.cell(t.row, c)
                    cell.comment = Comment(f"总分应为 {total}", "peer")
                    rows.append((ws.title, cell.coordinate, "总分不符"))
                break


def main(src, out):
    os.makedirs(out, exist_ok=True)
    rows = []
    for name in sorted(os.listdir(src)):
        if not name.endswith(".xlsx"):
            continue
        wb = openpyxl.load_workbook(os.path.join(src, name))
        for ws in wb.worksheets:
            check(ws, rows)
        wb.save(os.path.join(out, name[:-5] + ".checked.xlsx"))
    with open(os.path.join(out, "findings.csv"), "w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
