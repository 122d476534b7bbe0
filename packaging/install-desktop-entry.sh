#!/usr/bin/env sh
# Register mmsum-gui with the desktop (menu entry, icon, "Open with" for PDFs) for this user.
# Run after `pip install .` (or inside the virtualenv that has mmsum-gui on its PATH).
# It also checks the system libraries Qt needs to open a window and says which are missing
# (with the apt command); --check only checks. Undo with: install-desktop-entry.sh --uninstall
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps="$data/applications"
icons="$data/icons/hicolor/scalable/apps"

check_libraries() {
    # the Python that runs mmsum-gui (its #! line) checks the libraries Qt's display needs
    py=$(head -n 1 "$1" | sed -n 's|^#! *||p' | cut -d' ' -f1)
    [ -x "$py" ] || py=$(command -v python3) || return 0
    if ! "$py" -m ui.platform_check; then
        echo "" >&2
        echo "mmsum-gui will not open its window until the libraries above are installed." >&2
        return 1
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$apps/mmsum.desktop" "$icons/mmsum.svg"
elif [ "${1:-}" = "--check" ]; then
    exe=$(command -v mmsum-gui) || { echo "mmsum-gui is not on PATH; install mmsum first" >&2; exit 1; }
    check_libraries "$exe"
    exit $?
else
    exe=$(command -v mmsum-gui) || { echo "mmsum-gui is not on PATH; install mmsum first" >&2; exit 1; }
    mkdir -p "$apps" "$icons"
    # an absolute Exec path, so the entry works from a virtualenv too
    sed "s|^Exec=mmsum-gui|Exec=$exe|; s|^TryExec=mmsum-gui|TryExec=$exe|" \
        "$here/mmsum.desktop" > "$apps/mmsum.desktop"
    cp "$here/../ui/icons/mmsum.svg" "$icons/mmsum.svg"
fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q "$data/icons/hicolor" || true
if [ "${1:-}" != "--uninstall" ]; then
    check_libraries "$exe" || exit 1
    echo "mmsum is in the desktop's menu; start it from there or with: mmsum-gui"
fi
