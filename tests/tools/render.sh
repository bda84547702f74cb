#!/usr/bin/env bash
# Render workbooks to PDF and PNG pages (colour and greyscale) to look at
# the marks the way a printout shows them:
#   tests/tools/render.sh OUT_DIR FILE.xlsx...
# Needs: soffice (libreoffice-calc), pdftoppm/pdfinfo (poppler-utils),
# a CJK font (fonts-wqy-zenhei).
set -euo pipefail
out=$1; shift
mkdir -p "$out"
soffice --headless --convert-to pdf --outdir "$out" "$@" >/dev/null
for f in "$@"; do
  stem=$(basename "${f%.*}")
  pdf="$out/$stem.pdf"
  echo "$stem: $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}') pages"
  pdftoppm -png -r 80 "$pdf" "$out/$stem"
  pdftoppm -gray -png -r 80 "$pdf" "$out/$stem-gray"
done
