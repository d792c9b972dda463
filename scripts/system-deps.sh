#!/usr/bin/env bash
# Installs the Debian packages jindu needs, only those that are missing.
# Used by `make` (and by CI workflows), so a fresh Debian 12 machine needs no manual step.
#   fonts-noto-cjk       Chinese fonts for charts and PDF bulletins
#   libpango-1.0-0,
#   libpangoft2-1.0-0    text layout for WeasyPrint
#   libharfbuzz-subset0  fast font subsetting; without it WeasyPrint falls back to a
#                        much slower subsetter on CJK fonts
#   poppler-utils        pdftotext/pdftoppm, used by the tests to read bulletins back
#   chromium,
#   chromium-driver      headless browser and its WebDriver for the end-to-end site test
set -euo pipefail

packages=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils chromium chromium-driver)
# Python's venv module is packaged separately on Debian's system Python.
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    packages+=(python3-venv)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "jindu: missing system packages: ${missing[*]}" >&2
    echo "jindu: this is not a Debian-like system; install their equivalents by hand." >&2
    exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "jindu: missing system packages: ${missing[*]}" >&2
    echo "jindu: run as root, or ask an administrator to run:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "jindu: installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
