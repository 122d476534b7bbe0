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
                     "--words", "50", "--figures", "1"])
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
