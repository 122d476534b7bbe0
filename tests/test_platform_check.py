"""Before Qt starts: missing system libraries are named (with their packages), not an abort."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.platform_check import (EXIT_MISSING_LIBRARIES, XCB_LIBRARIES, candidate_platforms, check,
                               report)

ROOT = Path(__file__).resolve().parents[1]
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux display plugins")


def test_platforms_qt_will_try():
    assert candidate_platforms({"QT_QPA_PLATFORM": "offscreen"}) == ["offscreen"]
    assert candidate_platforms({"QT_QPA_PLATFORM": "wayland;xcb"}) == ["wayland", "xcb"]
    assert candidate_platforms({"DISPLAY": ":0"}) == ["xcb"]
    assert candidate_platforms({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}) == ["wayland", "xcb"]


@linux
def test_missing_xcb_libraries_are_named_with_their_packages():
    gone = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    problem = check({"DISPLAY": ":0"}, loads=lambda lib: lib not in gone, probe_plugin=False)
    assert problem is not None and problem.platform == "xcb"
    assert [lib for lib, _ in problem.missing] == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    text = problem.message()
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in text
    assert {pkg for _, pkg in XCB_LIBRARIES} >= {"libxcb-cursor0", "libxcb-icccm4", "libxkbcommon-x11-0"}


@linux
def test_nothing_to_say_when_all_is_there_or_no_desktop_is_needed():
    assert check({"DISPLAY": ":0"}, loads=lambda lib: True, probe_plugin=False) is None
    assert check({"QT_QPA_PLATFORM": "offscreen"}, loads=lambda lib: False) is None
    # a Wayland session draws without the X11 libraries
    env = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert check(env, loads=lambda lib: "xcb" not in lib, probe_plugin=False) is None


@linux
def test_no_display_is_said_plainly():
    problem = check({}, loads=lambda lib: True, probe_plugin=False)
    assert problem is not None and "DISPLAY" in problem.message()


def test_report_tells_on_stderr_and_in_a_dialog(capsys):
    from ui.platform_check import Problem

    shown = []
    status = report(Problem("xcb", [("libxcb-cursor.so.0", "libxcb-cursor0")]),
                    show=lambda title, text: shown.append((title, text)))
    err = capsys.readouterr().err
    assert status == EXIT_MISSING_LIBRARIES and status != 134
    assert "libxcb-cursor.so.0" in err and "sudo apt install libxcb-cursor0" in err
    assert shown and "libxcb-cursor0" in shown[0][1]


@linux
def test_the_app_exits_with_the_reason_instead_of_aborting(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE")}
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-m", "ui.app"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == EXIT_MISSING_LIBRARIES, out.stderr
    assert "mmsum-gui:" in out.stderr and "Traceback" not in out.stderr
