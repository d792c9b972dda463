#!/usr/bin/env bash
# Installs the Debian packages jindu needs, only those that are missing.
# Used by `make` and by the CI workflows, so a fresh Debian 12 (or Ubuntu) machine needs no
# manual step.
#
#   scripts/system-deps.sh          what building the site and bulletins needs:
#     fonts-noto-cjk       Chinese fonts for charts and PDF bulletins
#     libpango-1.0-0,
#     libpangoft2-1.0-0    text layout for WeasyPrint
#     libharfbuzz-subset0  fast font subsetting; without it WeasyPrint falls back to a
#                          much slower subsetter on CJK fonts
#     git                  the plans' change history (jindu diff, check --base, task pages)
#     make, rsync          the documented commands; `make publish` copies with rsync
#   scripts/system-deps.sh --test   also what the test suite needs:
#     poppler-utils        pdftotext/pdftoppm, used by the tests to read bulletins back
#     chromium,
#     chromium-driver      headless browser and its WebDriver for the end-to-end site test
#     nodejs, npm          to install axe-core and vnu-jar (tests/axe): the accessibility
#                          checker the browser tests inject into the pages, and the Nu HTML
#                          checker (skipped when npm is there)
#     default-jre-headless Java for the Nu HTML checker (skipped when java is there)
set -euo pipefail

packages=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 git make rsync)
if [ "${1:-}" = "--test" ]; then
    packages+=(poppler-utils chromium chromium-driver)
    if ! command -v npm >/dev/null 2>&1; then
        packages+=(nodejs npm)
    fi
    if ! command -v java >/dev/null 2>&1; then
        packages+=(default-jre-headless)
    fi
fi
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

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    # A CI runner (GitHub's ubuntu images) has password-less sudo; a person's machine may not.
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        as_root=(sudo -n)
    else
        echo "jindu: missing system packages: ${missing[*]}" >&2
        echo "jindu: run as root, or ask an administrator to run:" >&2
        echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

echo "jindu: installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
