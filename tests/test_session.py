"""The app's session model without Qt: documents opened, shown and closed, a summary's job,
and the events panels follow."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ui.session import Event, Session

ROOT = Path(__file__).resolve().parents[1]


class Recorder:
    """Every event of a session, in order, as (name, arguments)."""

    def __init__(self, session: Session) -> None:
        self.seen: list[tuple] = []
        for name in ("added", "removed", "current", "summary", "job", "outcome", "options"):
            getattr(session.events, name).connect(lambda *a, n=name: self.seen.append((n, *a)))

    def names(self) -> list[str]:
        names, self.seen = [n for n, *_ in self.seen], []
        return names


def _files(tmp_path, *names):
    for n in names:
        (tmp_path / n).write_bytes(b"%PDF-1.4\n")
    return [tmp_path / n for n in names]


def test_the_session_module_imports_no_qt():
    code = "import sys, ui.session; print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stdout + out.stderr


def test_open_show_and_close_emit_what_the_panels_follow(tmp_path):
    a, b, c = _files(tmp_path, "a.pdf", "b.pdf", "c.pdf")
    s = Session()
    rec = Recorder(s)
    da = s.open(a)
    assert s.open(tmp_path / "." / "a.pdf") is da  # the same file is the same document
    db, dc = s.open(b), s.open(c)
    assert rec.names() == ["added"] * 3 and s.current is None
    s.show(db)
    assert rec.seen == [("current", db)] and s.current is db
    rec.names()
    s.close(da)  # not the shown one: only removed, at its row
    assert rec.seen == [("removed", da, 0)] and s.current is db
    rec.names()
    s.close(db)  # the shown one: the document that takes its row is shown
    assert rec.seen == [("removed", db, 0), ("current", dc)] and s.current is dc
    rec.names()
    s.close(dc)  # the last one: none is shown
    assert rec.seen == [("removed", dc, 0), ("current", None)] and s.documents == []
    with pytest.raises(ValueError):
        s.show(da)


def test_closing_the_last_row_shows_the_one_before(tmp_path):
    s = Session()
    da, db = (s.open(p) for p in _files(tmp_path, "a.pdf", "b.pdf"))
    s.show(db)
    s.close(db)
    assert s.current is da


def test_a_summary_job_starts_ends_and_says_its_outcome(tmp_path):
    [a, b] = _files(tmp_path, "a.pdf", "b.pdf")
    s = Session()
    da, db = s.open(a), s.open(b)
    s.show(da)
    rec = Recorder(s)
    token = type("Token", (), {"cancelled": False, "cancel": lambda self: setattr(self, "cancelled", True)})()
    s.start_job(da, token, {"words": 100})
    assert rec.names() == ["options", "job"] and s.busy and s.job_doc is da and s.options == {"words": 100}
    with pytest.raises(RuntimeError):
        s.start_job(db, token, {})
    assert s.shown_outcome() == ""  # the progress shows while its summary is made
    assert s.cancel_job() and token.cancelled
    s.end_job(da, "Cancelled.")
    assert rec.seen == [("outcome", da), ("job", da, False)] and not s.busy and da.result is None
    assert s.shown_outcome() == "Cancelled." and not s.cancel_job()
    rec.names()
    s.start_job(da, token, {})
    s.show(db)  # switched away while it runs
    s.end_job(da, "Done in 1.0 s.", result="the summary")
    assert rec.names() == ["options", "job", "current", "summary", "outcome", "job"]
    assert da.result == "the summary" and s.shown_outcome() == "" and db.outcome == ""
    s.show(da)
    assert s.shown_outcome() == "Done in 1.0 s."


def test_a_failing_subscriber_does_not_stop_the_others(caplog):
    e = Event("current")
    seen = []
    e.connect(lambda x: 1 / 0)
    e.connect(seen.append)
    e.connect(seen.append)  # connected once
    e.emit(3)
    assert seen == [3] and "a subscriber of current failed" in caplog.text
    e.disconnect(seen.append)
    e.emit(4)
    assert seen == [3]
