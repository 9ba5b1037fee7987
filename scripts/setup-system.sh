#!/usr/bin/env bash
# Install the system packages congvan needs, only when something is missing (fast rerun).
set -euo pipefail

need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
if ! tesseract --list-langs 2>/dev/null | grep -qx vie; then need+=(tesseract-ocr-vie); fi
if ! tesseract --list-langs 2>/dev/null | grep -qx eng; then need+=(tesseract-ocr-eng); fi
if ! tesseract --list-langs 2>/dev/null | grep -qx osd; then need+=(tesseract-ocr-osd); fi
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation2)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# Serif faces with every Vietnamese glyph, so generated evaluation letters do not all share
# one typeface (congvan.synth.FONT_FAMILIES); TeX Gyre Chorus draws script name stamps.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf ] || need+=(fonts-dejavu-extra)
[ -f /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf ] || need+=(fonts-noto-core)
[ -f /usr/share/fonts/truetype/freefont/FreeSerif.ttf ] || need+=(fonts-freefont-ttf)
[ -f /usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf ] || need+=(fonts-texgyre)
# Handwriting fonts: synthetic handwritten numbers for the digit reader's tests.
for pkg in fonts-dkg-handwriting fonts-bwht fonts-breip fonts-sjfonts fonts-tlwg-purisa-ttf \
           fonts-kristi fonts-dancingscript fonts-kaushanscript fonts-humor-sans \
           fonts-comic-neue fonts-ecolier-court; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing system packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup: need root (or sudo) to apt-get install: ${need[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
