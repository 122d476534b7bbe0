"""``mmsum summarize`` and ``mmsum models`` as a user runs them."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mmsum.cli import main
from tests.pdfbuild import two_column_paper


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    two_column_paper(folder / "one.pdf")
    two_column_paper(folder / "two.pdf", logo=False)
    return folder


def test_batch_writes_both_formats_and_a_table(papers, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MMSUM_CACHE_DIR", str(tmp_path / "cache"))
    (papers / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    try:
        code = main(["summarize", str(papers), "--out-dir", str(tmp_path / "out"), "--format", "json,md",
                     "--words", "50", "--figures", "1", "--workers", "1"])  # one process loads the models
    finally:
        (papers / "broken.pdf").unlink()
    out, err = capsys.readouterr()
    assert code == 1  # one document failed
    assert "broken.pdf" in err and "damaged" in err and "Traceback" not in err
    for stem in ("one", "two"):
        data = json.loads((tmp_path / "out" / f"{stem}.json").read_text())
        assert len(data["summary"]["text"].split()) <= 50 and len(data["figures"]) == 1
        assert (tmp_path / "out" / data["figures"][0]["image"]).is_file()
        assert "(p. " in (tmp_path / "out" / f"{stem}.md").read_text()
    rows = [line.split()[:2] for line in out.splitlines()[1:]]
    assert ["broken.pdf", "failure"] in rows and ["one.pdf", "success"] in rows
    assert list((tmp_path / "cache").rglob("*.npz"))  # embeddings were cached


def test_user_errors_are_one_line(tmp_path, capsys):
    assert main(["summarize", str(tmp_path / "a.pdf"), "--format", "html"]) == 2
    assert "unknown --format" in capsys.readouterr().err
    assert main(["summarize", str(tmp_path), "--quiet"]) == 2
    assert "no documents found" in capsys.readouterr().err


def test_missing_model_is_reported_without_traceback(papers, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "mmsum", "summarize", str(papers / "one.pdf"),
                           "--out-dir", str(tmp_path), "--image-model", "nobody/no-clip"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith("mmsum: image model 'nobody/no-clip' is not installed")
    assert "Traceback" not in proc.stderr and not list(tmp_path.iterdir())


def test_models_lists_roles(capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "sentence-transformers/all-MiniLM-L6-v2" in out and "efficientnet-lite0" in out
    assert "Each role will use:" in out
    assert main(["models", "--image-model", "none"]) == 0
    assert "image     none (off)" in capsys.readouterr().out


def _one_page(path):
    """A readable one-page PDF (the inputs are opened before any model loads)."""
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "A page of text that the batch can open.")
    doc.save(path)


def _fake_pipeline(monkeypatch, stop_at: str):
    """Summarizer without models: the first documents get a hand-made summary (reporting
    progress as the real one does); the one named ``stop_at`` is where the user presses Ctrl+C."""
    from mmsum.pipeline import Summarizer
    from tests.test_export import _summary

    def summarize(self, path, options, *, on_stage=None, cancel=None, **k):
        from mmsum.stages import Stage, StageProgress, StageStarted

        if path.name == stop_at:
            raise KeyboardInterrupt
        on_stage(StageStarted(Stage.READ, "reading"))
        for i in range(3):
            on_stage(StageProgress(Stage.READ, i / 3 * 0.4, f"reading page {i + 1} of 3"))
        return _summary()

    monkeypatch.setattr(Summarizer, "load", lambda self, *a, **k: None)
    monkeypatch.setattr(Summarizer, "summarize", summarize)


def test_ctrl_c_prints_the_results_so_far(tmp_path, capsys, monkeypatch):
    _fake_pipeline(monkeypatch, stop_at="b.pdf")
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        _one_page(tmp_path / name)
    code = main(["summarize", str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf"), str(tmp_path / "c.pdf"),
                 "--out-dir", str(tmp_path / "out"), "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 130 and "interrupted" in err
    rows = [line.split()[:2] for line in out.splitlines()[1:]]
    assert rows == [["a.pdf", "success"]]
    assert (tmp_path / "out" / "a.md").is_file()


def test_progress_is_plain_lines_in_a_log(tmp_path, capsys, monkeypatch):
    _fake_pipeline(monkeypatch, stop_at="none")
    for name in ("a.pdf", "b.pdf"):
        _one_page(tmp_path / name)
    assert main(["summarize", str(tmp_path), "--out-dir", str(tmp_path / "out"), "--workers", "1"]) == 0
    err = capsys.readouterr().err  # not a terminal here, as in a log file
    lines = [ln for ln in err.splitlines() if ln.startswith("mmsum: ") and "%" in ln]
    assert any("[1/2] a.pdf: reading page 1 of 3" in ln for ln in lines)
    assert any("[2/2] b.pdf" in ln for ln in lines)
    assert "\r" not in err and "\x1b" not in err


def test_progress_lines_are_spaced_in_time():
    from io import StringIO

    from mmsum.commands.progress_lines import ProgressLines

    now = [0.0]
    out = StringIO()
    lines = ProgressLines(interval_s=5.0, out=out, clock=lambda: now[0])
    for step in range(100):  # 100 updates over 20 s of one document
        now[0] = step * 0.2
        lines(step / 200, f"[1/2] a.pdf: reading page {step + 1} of 100")
    now[0] = 20.1
    lines(0.5, "[2/2] b.pdf: reading")  # a new document is always said
    printed = out.getvalue().splitlines()
    assert len(printed) == 5 and printed[0] == "mmsum:   0% [1/2] a.pdf: reading page 1 of 100"
    assert printed[-1] == "mmsum:  50% [2/2] b.pdf: reading"


def test_structure_writes_sections_in_both_formats(papers, tmp_path):
    code = main(["summarize", str(papers / "one.pdf"), "--out-dir", str(tmp_path), "--format", "json,md",
                 "--words", "120", "--structure", "--quiet"])
    assert code == 0
    data = json.loads((tmp_path / "one.json").read_text())
    sections = data["summary"]["sections"]
    assert sections and {s["name"] for s in sections} <= {"Problem", "Approach", "Findings", "Limitations"}
    flat = [x for s in sections for x in s["sentences"]]
    assert flat == data["sentences"]  # every sentence of the summary, each with its page and box
    assert len(data["summary"]["text"].split()) <= 120
    md = (tmp_path / "one.md").read_text()
    assert all(f"### {s['name']}" in md for s in sections)
