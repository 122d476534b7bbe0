"""`mmsum figures`: the FIGURE JSON contract, --out-dir files, and errors without tracebacks."""
from __future__ import annotations

import json
import subprocess
import sys

import pymupdf

from mmsum.cli import main
from mmsum.document import Figure, Mention
from mmsum.export.figures import figure_record, write_figure_images
from tests.pdfbuild import two_column_paper

KEYS = {"id", "label", "page", "bbox", "caption", "mentions", "score", "image", "text", "kind", "description",
        "axes", "series", "read"}


def test_figure_record_shape():
    fig = Figure(id="fig-3", page=2, bbox=(1, 2, 3, 4), label="Figure 3", number=3, caption="Figure 3: x",
                 mentions=[Mention(page=1, text="See Fig. 3.", sentence=7)], text="Energy (J) Day")
    rec = figure_record(fig, 0.25, "a_figures/fig-3.png")
    assert rec == {"id": "fig-3", "label": "Figure 3", "page": 2, "bbox": [1.0, 2.0, 3.0, 4.0],
                   "caption": "Figure 3: x", "mentions": [{"page": 1, "text": "See Fig. 3."}],
                   "score": 0.25, "image": "a_figures/fig-3.png", "text": "Energy (J) Day",
                   "kind": "other", "description": "Figure: x.", "axes": None, "series": None, "read": []}
    json.dumps(rec)


def test_write_figure_images_skips_missing_crops_and_sanitises_names(tmp_path):
    figs = [Figure(id="fig-1", page=0, bbox=(0, 0, 1, 1), image_png=b"\x89PNG1"),
            Figure(id="p2/1", page=1, bbox=(0, 0, 1, 1), image_png=b"\x89PNG2"),
            Figure(id="fig-2", page=1, bbox=(0, 0, 1, 1))]
    out = write_figure_images(figs, tmp_path / "figs")
    assert set(out) == {"fig-1", "p2/1"}
    assert out["fig-1"].read_bytes() == b"\x89PNG1" and out["p2/1"].name == "p2_1.png"
    assert sorted(p.name for p in (tmp_path / "figs").iterdir()) == ["fig-1.png", "p2_1.png"]


def test_figures_prints_json_in_document_order(tmp_path, capsys):
    truth = two_column_paper(tmp_path / "paper.pdf")
    assert main(["figures", str(truth.path)]) == 0
    data = json.loads(capsys.readouterr().out)
    figs = data["figures"]
    assert [f["label"] for f in figs] == ["Figure 1", "Figure 2", "Figure 3"]
    for f in figs:
        assert set(f) == KEYS and f["image"] is None and len(f["bbox"]) == 4
    assert [(f["page"], f["bbox"][1]) for f in figs] == sorted((f["page"], f["bbox"][1]) for f in figs)
    assert figs[0]["mentions"] == [{"page": 0, "text": "The daily energy budget is shown in Fig. 1 for all nodes."}]


def test_out_dir_writes_pngs_and_json_with_relative_paths(tmp_path, capsys):
    truth = two_column_paper(tmp_path / "paper.pdf")
    out = tmp_path / "out"
    assert main(["figures", str(truth.path), "--out-dir", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    saved = json.loads((out / "paper.json").read_text())
    assert printed == saved and len(saved["figures"]) == 3
    for f in saved["figures"]:
        png = out / f["image"]
        assert png.is_file() and pymupdf.Pixmap(str(png)).width > 100


def test_bad_input_exits_non_zero_with_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "mmsum", "figures", str(tmp_path / "missing.pdf")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1  # as summarize exits for a document that cannot be read
    assert proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0 and "no such file" in proc.stderr
    assert "Traceback" not in proc.stderr
