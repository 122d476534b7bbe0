#!/usr/bin/env sh
# Register mmsum-gui with the desktop (menu entry, icon, "Open with" for PDFs) for this user.
# Run after `pip install .` (or inside the virtualenv that has mmsum-gui on its PATH).
# Undo with: install-desktop-entry.sh --uninstall
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps="$data/applications"
icons="$data/icons/hicolor/scalable/apps"

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$apps/mmsum.desktop" "$icons/mmsum.svg"
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
