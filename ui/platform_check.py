"""Before Qt starts: are the system libraries its display plugin needs installed?

On Linux, Qt's display plugins (``xcb`` for X11, ``wayland``) load system libraries that a
fresh desktop often lacks (``libxcb-cursor0``, ``libxcb-icccm4``, …). Without them Qt aborts
the process (exit status 134) with a message few people can act on. This module looks for the
libraries first, and names the missing ones with their Debian/Ubuntu packages: in a dialog
(through whatever the desktop offers) and on stderr.

It imports nothing from Qt's GUI modules, so it works when they cannot load.

    python -m ui.platform_check   # what is missing, and the apt command that installs it
"""
from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

EXIT_MISSING_LIBRARIES = 3  # the exit status of mmsum-gui when Qt cannot start for want of libraries

# (shared library, Debian/Ubuntu package). Found with `readelf -d` (NEEDED) on PySide6's
# libQt6Gui.so.6, libQt6Widgets.so.6, libQt6DBus.so.6, plugins/platforms/libqxcb.so and
# libQt6XcbQpa.so.6; Qt also asks for libxcb-cursor by name when the xcb plugin starts.
GUI_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libEGL.so.1", "libegl1"),
    ("libGL.so.1", "libgl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libfreetype.so.6", "libfreetype6"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libgthread-2.0.so.0", "libglib2.0-0"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libX11.so.6", "libx11-6"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
)
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb.so.1", "libxcb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
)
WAYLAND_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libwayland-client.so.0", "libwayland-client0"),
    ("libwayland-cursor.so.0", "libwayland-cursor0"),
)
PLATFORM_LIBRARIES = {"xcb": XCB_LIBRARIES, "wayland": WAYLAND_LIBRARIES}
# what a platform's plugin file is called inside PySide6
PLUGIN_FILES = {"xcb": "libqxcb.so", "wayland": "libqwayland.so"}


@dataclass
class Problem:
    """Why Qt's display cannot start: the platform, the missing libraries with their packages,
    or another reason (no display)."""

    platform: str
    missing: list[tuple[str, str]]
    reason: str = ""

    def message(self) -> str:
        """What to tell the user, with the command that fixes it where there is one."""
        if self.reason:
            return self.reason
        libs = ", ".join(lib for lib, _ in self.missing)
        packages = sorted({pkg for _, pkg in self.missing if pkg})
        text = (f"mmsum cannot open its window: the Qt display plugin \"{self.platform}\" needs "
                f"system libraries that are not installed: {libs}.")
        if packages:
            text += ("\n\nOn Debian or Ubuntu, install them with:\n\n    sudo apt install "
                     + " ".join(packages)
                     + "\n\n(On other systems, install the packages that provide those files.)")
        return text


def _loads(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def _qt_plugin(platform: str) -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "Qt" / "plugins" / "platforms" / PLUGIN_FILES[platform]
    return path if path.is_file() else None


_SONAME = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")


def _plugin_missing(platform: str) -> str | None:
    """The first library the platform plugin itself fails to load, if any (a catch-all for
    libraries not in the lists above)."""
    plugin = _qt_plugin(platform)
    if plugin is None:
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as err:
        m = _SONAME.search(str(err))
        return m.group(1) if m else None
    return None


def candidate_platforms(env: dict[str, str] | None = None) -> list[str]:
    """The platforms Qt will try, in order (as Qt picks them)."""
    env = os.environ if env is None else env
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return [p.split(":", 1)[0].strip() for p in chosen.split(";") if p.strip()]
    if env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def check(env: dict[str, str] | None = None, loads: Callable[[str], bool] = _loads,
          probe_plugin: bool = True) -> Problem | None:
    """None when Qt can start a display here, else the :class:`Problem`.

    ``loads(library)`` says whether a shared library can be loaded (tests pass their own).
    """
    if not sys.platform.startswith("linux"):
        return None
    env = os.environ if env is None else env
    first: Problem | None = None
    for platform in candidate_platforms(env):
        if platform not in PLATFORM_LIBRARIES:
            return None  # offscreen, minimal, vnc, eglfs…: nothing of the desktop's needed
        missing = [(lib, pkg) for lib, pkg in GUI_LIBRARIES + PLATFORM_LIBRARIES[platform]
                   if not loads(lib)]
        if not missing and probe_plugin:
            extra = _plugin_missing(platform)
            if extra:
                missing = [(extra, "")]
        problem = None
        if missing:
            problem = Problem(platform, _dedupe(missing))
        elif platform == "xcb" and not env.get("DISPLAY"):
            problem = Problem(platform, [], "mmsum cannot open its window: no X display is set "
                              "(DISPLAY is empty). Start it from a desktop session.")
        if problem is None:
            return None
        first = first or problem
    return first


def _dedupe(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    seen, out = set(), []
    for lib, pkg in pairs:
        if lib not in seen:
            seen.add(lib)
            out.append((lib, pkg))
    return out


def show_message(title: str, text: str, env: dict[str, str] | None = None) -> str | None:
    """Show ``text`` in a dialog with whatever the desktop has (zenity, kdialog, Tk,
    xmessage); the tool used, or None when none could show it."""
    env = dict(os.environ if env is None else env)
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return None
    attempts = [
        ("zenity", ["zenity", "--error", "--no-wrap", f"--title={title}", f"--text={text}"]),
        ("kdialog", ["kdialog", "--title", title, "--error", text]),
        ("tkinter", [sys.executable, "-c",
                     "import sys, tkinter, tkinter.messagebox as m; r = tkinter.Tk(); r.withdraw(); "
                     "m.showerror(sys.argv[1], sys.argv[2])", title, text]),
        ("xmessage", ["xmessage", "-center", f"{title}\n\n{text}"]),
    ]
    for name, cmd in attempts:
        if name != "tkinter" and shutil.which(cmd[0]) is None:
            continue
        try:
            done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            continue
        # 1 from zenity or kdialog: the dialog was shown and closed with the window's button
        if done.returncode == 0 or (done.returncode == 1 and name in ("zenity", "kdialog")):
            return name
    return None


def report(problem: Problem, *, dialog: bool = True,
           show: Callable[[str, str], str | None] = show_message) -> int:
    """Tell the user about ``problem`` (stderr, and a dialog where one can be shown); the exit
    status for the app."""
    text = problem.message()
    print(f"mmsum-gui: {text}", file=sys.stderr, flush=True)
    if dialog:
        show("mmsum cannot start", text)
    return EXIT_MISSING_LIBRARIES


def main() -> int:
    """``python -m ui.platform_check``: 0 when everything is there, 1 with the list otherwise."""
    missing_any = False
    for platform in ("xcb", "wayland"):
        missing = [(lib, pkg) for lib, pkg in GUI_LIBRARIES + PLATFORM_LIBRARIES[platform] if not _loads(lib)]
        extra = None if missing else _plugin_missing(platform)
        if extra:
            missing = [(extra, "")]
        if platform == "wayland" and not missing:
            continue
        if missing and platform == "wayland":
            # optional: X11 (or XWayland) is enough; say so without failing
            print("Wayland (optional; X11 works without it): missing "
                  + ", ".join(lib for lib, _ in missing)
                  + "\n    sudo apt install " + " ".join(sorted({p for _, p in missing if p})))
            continue
        if missing:
            missing_any = True
            print(Problem(platform, _dedupe(missing)).message())
        else:
            print(f"All the libraries the Qt display plugin \"{platform}\" needs are installed.")
    return 1 if missing_any else 0


if __name__ == "__main__":
    sys.exit(main())
