"""Outputs survive what a user's machine does to them: a run that dies between two steps, a
killed process, two runs over one folder at once, leftovers of earlier kills, odd umasks,
long names and folders that cannot be written."""
from __future__ import annotations

import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from mmsum.cli import main
from mmsum.export import write_summary
from tests.pdfbuild import two_column_paper
from tests.test_export import _summary

ROOT = Path(__file__).resolve().parents[1]


class Killed(BaseException):
    """Stands for the process dying at this point (nothing after it runs)."""


def _die_at(monkeypatch, step: int) -> list[int]:
    """Make the ``step``-th rename (0-based) in this process raise :class:`Killed`."""
    calls = [0]
    real_replace, real_rename = os.replace, os.rename

    def wrap(real):
        def renamed(src, dst, *a, **k):
            calls[0] += 1
            if calls[0] - 1 == step:
                raise Killed(f"killed before renaming {src}")
            return real(src, dst, *a, **k)
        return renamed

    monkeypatch.setattr(os, "replace", wrap(real_replace))
    monkeypatch.setattr(os, "rename", wrap(real_rename))
    return calls


def _broken_references(folder: Path) -> list[str]:
    """Crops that a Markdown or JSON file in ``folder`` points at but that do not exist."""
    missing = []
    for md in folder.glob("*.md"):
        for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md.read_text()):
            if not (folder / unquote(target)).is_file():
                missing.append(f"{md.name} -> {target}")
    for js in folder.glob("*.json"):
        for fig in json.loads(js.read_text())["figures"]:
            if fig["image"] and not (folder / fig["image"]).is_file():
                missing.append(f"{js.name} -> {fig['image']}")
    return missing


def test_a_rerun_that_dies_between_steps_loses_nothing(tmp_path, monkeypatch):
    """At whichever step a re-run with other options dies, every file is whole and everything
    a file shows is still there."""
    step = 0
    while True:
        out = tmp_path / f"run{step}"
        write_summary(_summary(figures=(0, 1)), out)
        before = {p.name: p.read_text() for p in out.glob("*.*")}
        with monkeypatch.context() as m:
            calls = _die_at(m, step)
            try:
                write_summary(_summary(figures=(1,)), out)
                finished = True
            except Killed:
                finished = False
        assert _broken_references(out) == [], f"died at rename {step}"
        for name, text in before.items():  # each file is the old one or a whole new one
            now = (out / name).read_text()
            assert now == text or (json.loads(now) if name.endswith(".json") else now.startswith("# "))
        if finished:
            break
        step += 1
    assert step >= 3 and calls[0] == step  # the crops, the JSON and the Markdown each came in by a rename
    data = json.loads((out / "handmade.json").read_text())
    assert [f["label"] for f in data["figures"]] == ["Figure 2"]
    assert len(list((out / "handmade_figures").rglob("*.png"))) == 1  # the earlier crops are gone


def test_figures_out_dir_is_all_or_nothing(tmp_path, monkeypatch):
    truth = two_column_paper(tmp_path / "paper.pdf")
    step = 0
    while True:
        out = tmp_path / f"figs{step}"
        with monkeypatch.context() as m:
            _die_at(m, step)
            try:
                main(["figures", str(truth.path), "--out-dir", str(out)])
                finished = True
            except Killed:
                finished = False
        visible = [p for p in out.rglob("*.png") if not any(part.startswith(".") for part in p.parts)]
        if not (out / "paper.json").exists():  # no crops, or the whole set (the JSON's next step)
            assert len(visible) in (0, 3) and len({p.parent for p in visible}) <= 1, \
                f"died at rename {step}: a partial set of crops without its JSON"
        assert _broken_references(out) == []
        if finished:
            break
        step += 1
    assert step >= 2 and len(visible) == 3


_LOOP = r"""
import sys
from pathlib import Path
from tests.test_export import _summary
from mmsum.export import write_summary
out, n, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
summaries = [_summary(figures=f) for f in ((0, 1), (1,), (0,), ())]
for i in range(n):
    write_summary(summaries[(i + seed) % len(summaries)], out)
    print(i, flush=True)
"""


# a stress run: two processes writing 400 summaries each into one folder at once
@pytest.mark.slow
def test_two_runs_over_one_folder_at_once_both_succeed(tmp_path):
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-c", _LOOP, str(out), "400", str(seed)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for seed in (0, 1)]
    errors = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert _broken_references(out) == []


def test_a_killed_writer_leaves_whole_files(tmp_path):
    out = tmp_path / "out"
    rng = random.Random(7)
    for kill in range(5):
        proc = subprocess.Popen([sys.executable, "-c", _LOOP, str(out), "100000", str(kill)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        proc.stdout.readline()  # it has written once: now kill it somewhere in a later write
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stdout.close()
        assert _broken_references(out) == [], f"after kill {kill}"
        json.loads((out / "handmade.json").read_text())


def test_leftovers_of_a_killed_run_are_cleaned_later(tmp_path):
    out = tmp_path
    old = time.time() - 3600
    stale = [out / ".handmade.json.k2x9_a1q.tmp", out / ".mmsum-0123456789ab.tmp", out / ".handmade_figures.x1y2z3w4",
             out / ".handmade_figures.old-0123abcd"]
    stale[0].write_text("{")
    stale[1].write_text("half")
    for d in stale[2:]:
        d.mkdir()
        (d / "fig-1.png").write_bytes(b"\x89PNG")
    fresh = out / ".mmsum-ba9876543210.tmp"  # another writer's, at work now
    fresh.write_text("busy")
    mine = out / ".profile.tmp"  # not a name mmsum makes
    mine.write_text("the user's")
    for p in [*stale, mine]:
        os.utime(p, (old, old))
    write_summary(_summary(), out)
    assert [p.name for p in stale if p.exists()] == []
    assert fresh.exists() and mine.exists()


def test_outputs_get_the_users_permissions(tmp_path):
    previous = os.umask(0o027)
    try:
        written = write_summary(_summary(), tmp_path / "a")
        modes = {stat.S_IMODE(p.stat().st_mode) for p in written}
        assert modes == {0o640}
        crops = list((tmp_path / "a" / "handmade_figures").rglob("*.png"))
        assert crops and {stat.S_IMODE(p.stat().st_mode) for p in crops} == {0o640}
        assert stat.S_IMODE((tmp_path / "a" / "handmade_figures").stat().st_mode) == 0o750
        os.umask(0o002)
        md = tmp_path / "a" / "handmade.md"
        md.chmod(0o604)  # the user's choice for this file survives a re-run
        write_summary(_summary(figures=(1,)), tmp_path / "a")
        assert stat.S_IMODE(md.stat().st_mode) == 0o604
        assert stat.S_IMODE((tmp_path / "a" / "handmade.json").stat().st_mode) == 0o640
    finally:
        os.umask(previous)


def test_a_very_long_name_can_be_written(tmp_path):
    stem = "é" * 120 + "x" * 10  # 250 bytes: the longest that ".json" still fits
    written = write_summary(_summary(), tmp_path, stem=stem)
    assert sorted(p.suffix for p in written) == [".json", ".md"]
    for p in written:
        assert len(p.name.encode()) <= 255 and p.is_file()
    assert _broken_references(tmp_path) == []
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_unwritable_out_dir_is_one_line(tmp_path):
    truth = two_column_paper(tmp_path / "paper.pdf")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = subprocess.run([sys.executable, "-m", "mmsum", "figures", str(truth.path), "--out-dir",
                           str(blocker / "figs")], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "cannot write to" in proc.stderr and proc.stdout == ""
    if os.geteuid() != 0:  # root writes anywhere: the permission case needs an ordinary user
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        proc = subprocess.run([sys.executable, "-m", "mmsum", "figures", str(truth.path), "--out-dir", str(locked)],
                              capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert proc.returncode != 0 and "Traceback" not in proc.stderr and "cannot write to" in proc.stderr


def test_write_errors_name_the_folder(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    from mmsum.errors import OutputError

    with pytest.raises(OutputError, match="cannot write to"):
        write_summary(_summary(), blocker / "out")
