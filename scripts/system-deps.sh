#!/usr/bin/env bash
# Install the Debian packages evidence uses, when they are missing:
#   tesseract-ocr (OCR) with its Dutch and Spanish language packs (tesseract-ocr-nld, -spa: pages
#   detected as Dutch or Spanish are read again with them), poppler-utils (pdftoppm),
#   python3-venv (the virtualenv),
#   and with --test also chromium (the real-browser test) and LibreOffice Writer/Calc (reading
#   .doc, .wpd, .odt, .rtf, .xls; evidence says how to install it when a user lacks it).
# As root it uses apt-get, otherwise sudo if it can; elsewhere it prints the command to run
# and carries on (evidence then works without OCR).
set -u
want=()
command -v tesseract >/dev/null 2>&1 || want+=(tesseract-ocr)
for pack in nld spa; do
  ls /usr/share/tesseract-ocr/*/tessdata/"$pack".traineddata >/dev/null 2>&1 \
    || want+=("tesseract-ocr-$pack")
done
command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)
if ! "${PYTHON:-python3}" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  want+=(python3-venv)
fi
if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || want+=(chromium)
  command -v soffice >/dev/null 2>&1 || want+=(libreoffice-writer-nogui)
  [ -e /usr/lib/libreoffice/program/libsclo.so ] || want+=(libreoffice-calc-nogui)
fi
[ ${#want[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "evidence: please install: ${want[*]}" >&2
  echo "  macOS:  brew install tesseract poppler" >&2
  echo "  Fedora: sudo dnf install tesseract poppler-utils chromium" >&2
  echo "evidence: carrying on; OCR of scanned pages is off until Tesseract is installed." >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "evidence: please run: sudo apt-get install -y ${want[*]}" >&2
  echo "evidence: carrying on; OCR of scanned pages is off until Tesseract is installed." >&2
  exit 0
fi
echo "evidence: installing ${want[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null \
  || { echo "evidence: apt-get install ${want[*]} failed; carrying on without them" >&2; exit 0; }
