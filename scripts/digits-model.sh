#!/usr/bin/env bash
# Re-extract the digit reader's model (models/digits_ppocrv6_rec_small.onnx) from the
# rapidocr 3.10.0 wheel on PyPI, which ships PaddleOCR's PP-OCRv6 small recogniser
# (Apache-2.0), and check it against the recorded SHA-256. Nothing else of rapidocr is used.
set -euo pipefail

VERSION=3.10.0
MEMBER=rapidocr/models/PP-OCRv6_rec_small.onnx
SHA256=6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884
TARGET="$(dirname "$0")/../models/digits_ppocrv6_rec_small.onnx"
PYTHON="${PYTHON:-python3}"

if [ -f "$TARGET" ] && echo "$SHA256  $TARGET" | sha256sum -c --status; then
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$PYTHON" -m pip download -q --no-deps -d "$tmp" "rapidocr==$VERSION"
"$PYTHON" - "$tmp"/rapidocr-"$VERSION"-*.whl "$MEMBER" "$tmp/model.onnx" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
echo "$SHA256  $tmp/model.onnx" | sha256sum -c --status || { echo "digits model: checksum mismatch" >&2; exit 1; }
mv "$tmp/model.onnx" "$TARGET"
echo "digits model: extracted $MEMBER from rapidocr $VERSION"
