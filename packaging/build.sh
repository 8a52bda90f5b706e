#!/usr/bin/env bash
# Build the one-folder Linux app: dist/sourcebook/sourcebook (plus its files).
#
# Usage: packaging/build.sh [--dist DIR] [--work DIR]
#   --dist DIR   where the app folder goes (default: dist/ in the checkout)
#   --work DIR   PyInstaller's build cache (default: build/pyinstaller); keep it
#                between builds to make the next one faster
#
# Environment:
#   PYTHON       the Python with Sourcebook's dependencies (default: .venv/bin/python,
#                else python3). PyInstaller is installed into it when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/dist"
WORK="$ROOT/build/pyinstaller"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --dist) DIST="$2"; shift 2 ;;
        --work) WORK="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x "$ROOT/.venv/bin/python" ]]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
fi
if ! "$PYTHON" -c 'import desktop_app' >/dev/null 2>&1 && ! (cd "$ROOT" && "$PYTHON" -c 'import PySide6, whoosh') >/dev/null 2>&1; then
    echo "build.sh: $PYTHON lacks Sourcebook's dependencies; run 'make install' or set PYTHON" >&2
    exit 1
fi
if ! "$PYTHON" -c 'import PyInstaller' >/dev/null 2>&1; then
    echo "build.sh: installing PyInstaller into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
    "$PYTHON" -m pip install --quiet 'pyinstaller>=6.10'
fi

start=$(date +%s)
# --noconfirm: replace an earlier dist/sourcebook; UPX is off in the spec (upx=False)
# because compressing Qt libraries costs minutes and slows every start.
(cd "$ROOT" && "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" packaging/sourcebook.spec)
# Desktop integration files travel with the app, laid out like a prefix's share/
# (see packaging/README.md for installing them).
APP="$DIST/sourcebook"
ID=org.sourcebook.Sourcebook
install -Dm644 "$ROOT/packaging/linux/$ID.desktop" "$APP/share/applications/$ID.desktop"
install -Dm644 "$ROOT/packaging/linux/$ID.metainfo.xml" "$APP/share/metainfo/$ID.metainfo.xml"
install -Dm644 "$ROOT/resources/icons/$ID.svg" "$APP/share/icons/hicolor/scalable/apps/$ID.svg"
echo "build.sh: built $DIST/sourcebook in $(( $(date +%s) - start )) s"
