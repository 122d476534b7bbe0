"""Figure channels, fusion weights and search, on PDFs whose truth is known by construction."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mmsum.embed.channels import (CHANNELS, DEFAULT_WEIGHTS, effective_weights, figure_channel_vectors, parse_channels,
                                   parse_weights)
from mmsum.embed.document import DocEmbeddings
from mmsum.errors import OptionsError
from tests import searchbuild as sb
from tests.encoders import make_document, summarizer


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture(scope="module")
def channel_pdf(tmp_path_factory) -> tuple[Path, sb.ChannelTruth]:
    path = tmp_path_factory.mktemp("search") / "channels.pdf"
    return path, sb.channel_paper(path)


@pytest.fixture(scope="module")
def raster_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search") / "raster.pdf"
    sb.raster_paper(path)
    return path


@pytest.fixture(scope="module")
def indexed(channel_pdf):
    from mmsum.search import DocumentSearch

    search = DocumentSearch(summarizer())
    search.add(channel_pdf[0])
    return search


# -- channels and weights -----------------------------------------------------------------------
def test_channel_vectors_have_the_four_names_and_unit_or_zero_rows():
    doc = make_document(["a.", "b.", "c."], figures=[{"caption": "Figure 1: a", "mentions": [1], "text": "x y"},
                                                     {"caption": "", "mentions": []}])
    emb = DocEmbeddings(np.eye(3, dtype=np.float32), np.stack([_unit([1, 1, 0]), np.zeros(3, np.float32)]),
                        images=np.stack([_unit([1, 2]), np.zeros(2, np.float32)]),
                        figure_texts=np.stack([_unit([0, 0, 3]), np.zeros(3, np.float32)]))
    vecs = figure_channel_vectors(doc, emb)
    assert list(vecs) == list(CHANNELS)
    for name, rows in vecs.items():
        assert rows.shape[0] == 2, name
        norms = np.linalg.norm(rows, axis=1)
        assert np.all(np.isclose(norms, 1.0, atol=1e-5) | np.isclose(norms, 0.0)), name
    assert np.allclose(vecs["mentions"][0], [0, 1, 0]) and not vecs["mentions"][1].any()
    assert vecs["pixels"].shape == (2, 2) and not vecs["figure-text"][1].any()
    # no image encoder: pixels has no columns, every row zero
    assert figure_channel_vectors(doc, DocEmbeddings(emb.sentences, emb.captions))["pixels"].shape == (2, 0)


def test_channel_and_weight_options_are_checked():
    assert parse_channels("figure-text, Pixels") == ["figure-text", "pixels"]
    assert parse_channels(None) == list(CHANNELS)
    assert parse_weights("caption=0.5,pixels=0") == {**DEFAULT_WEIGHTS, "caption": 0.5, "pixels": 0.0}
    for bad in ("colour=1", "caption", "caption=-1", "caption=abc"):
        with pytest.raises(OptionsError):
            parse_weights(bad)
    with pytest.raises(OptionsError):
        parse_channels("caption,legend")


def test_fused_text_part_follows_the_weights_and_skips_missing_channels():
    from mmsum.embed.fusion import fuse_figures

    doc = make_document(["a.", "b.", "c."], figures=[{"caption": "Figure 1: a", "mentions": [1], "text": "x"},
                                                     {"caption": "", "text": "y"}])
    caps = np.stack([_unit([1, 0, 0]), np.zeros(3, np.float32)])
    ft = np.stack([_unit([0, 0, 1]), _unit([0, 0, 1])])
    emb = DocEmbeddings(np.eye(3, dtype=np.float32), caps, figure_texts=ft)
    fv = fuse_figures(doc, emb, weights=effective_weights({"caption": 0.5, "mentions": 0.25, "figure-text": 0.25}))
    assert np.allclose(fv.text[0], [0.5, 0.25, 0.25])
    assert np.allclose(fv.text[1], [0, 0, 1])  # only its own text: that is the whole of it
    off = fuse_figures(doc, emb, weights=effective_weights(None, ["caption"]))
    assert np.allclose(off.text[0], [1, 0, 0]) and not off.text[1].any()
    assert off.weights == {"caption": DEFAULT_WEIGHTS["caption"], "mentions": 0.0, "figure-text": 0.0, "pixels": 0.0}


# -- figure text ----------------------------------------------------------------------------------
def test_raster_figure_text_is_read_by_ocr(raster_pdf):
    pytest.importorskip("rapidocr")
    from mmsum.ingest import read_document
    from mmsum.ingest.figure_ocr import read_raster_figures
    from mmsum.prepare import render_figure_crops

    doc = read_document(raster_pdf, render_figures=False)
    assert not any(f.text for f in doc.figures)  # no text layer in the pictures
    render_figure_crops(raster_pdf, None, doc.figures)
    warnings, seconds = read_raster_figures(doc.figures)
    assert warnings == [] and seconds > 0
    by_label = {f.label: f for f in doc.figures}
    assert "moisture" in by_label["Figure 1"].text.lower()
    assert "moisture" not in by_label["Figure 3"].text.lower()


def test_panel_labels_do_not_hide_a_picture_from_ocr(tmp_path):
    """Panel labels in the text layer ("(a)" to "(d)" over a raster figure) say nothing of what
    it shows: the figure is still read by OCR, and keeps its labels."""
    pytest.importorskip("rapidocr")
    from mmsum.ingest import read_document
    from mmsum.ingest.figure_ocr import read_raster_figures
    from mmsum.ingest.figure_text import is_thin
    from mmsum.prepare import render_figure_crops

    assert is_thin("(a) (b) (c) (d) (ii)") and is_thin("(a) Time") and not is_thin("Time (ms) Energy")
    path = tmp_path / "panels.pdf"
    sb.raster_paper(path, panels=True)
    doc = read_document(path, render_figures=False)
    first = next(f for f in doc.figures if f.label == "Figure 1")
    assert first.text.split() == ["(a)", "(b)", "(c)", "(d)"]
    render_figure_crops(path, None, doc.figures)
    read_raster_figures(doc.figures)
    assert "moisture" in first.text.lower() and first.text.startswith("(a) (b)")


def test_an_english_document_keeps_no_chinese_characters_read_in_its_figures(raster_pdf):
    from mmsum.ingest import read_document
    from mmsum.ingest.figure_ocr import latin_only, writes_cjk

    # what the recogniser has made of plot marks beside real words
    assert latin_only("Soil moisture 口 (%) 十 day 一天") == "Soil moisture (%) day"
    doc = read_document(raster_pdf, render_figures=False)
    assert not writes_cjk(doc)
    doc.sentences[0].text = "太阳能电池板的发电量随季节变化。"
    assert not writes_cjk(doc)  # one quoted sentence does not make a Chinese document
    for s in doc.sentences[:3]:
        s.text = "太阳能电池板的发电量随季节变化。"
    assert writes_cjk(doc)


def test_plots_with_outlined_labels_get_their_text_by_ocr(tmp_path):
    pytest.importorskip("rapidocr")
    from mmsum.ingest import read_document
    from mmsum.ingest.figure_ocr import read_raster_figures
    from mmsum.prepare import render_figure_crops
    from mmsum.search import DocumentSearch

    path = tmp_path / "outlined.pdf"
    truth = sb.outlined_paper(path)
    doc = read_document(path, render_figures=False)
    assert [f.label for f in doc.figures] == truth.labels
    assert not any(f.text for f in doc.figures)  # the labels are shapes, not text
    render_figure_crops(path, None, doc.figures)
    warnings, _ = read_raster_figures(doc.figures)
    assert warnings == []
    assert "turbine" in doc.figures[1].text.lower() and "turbine" not in doc.figures[0].text.lower()
    search = DocumentSearch(summarizer(), figure_ocr=True)
    search.add(path)
    answers = search.search(truth.queries, kind="figure", channels="figure-text")
    assert [a["results"][0]["label"] for a in answers] == truth.labels


def test_ocr_adds_to_a_thin_text_layer_and_leaves_a_full_one_alone():
    from mmsum.document import Figure
    from mmsum.ingest.figure_text import fill_raster_text, merge_text

    assert merge_text("RCP LCP", "LCP RCP Frequency (Hz)") == "RCP LCP Frequency (Hz)"
    thin = Figure(id="f1", page=0, bbox=(0, 0, 10, 10), kind="vector", text="RCP", image_png=b"png")
    full = Figure(id="f2", page=0, bbox=(0, 0, 10, 10), kind="vector", text="Time (s) Energy (J) Node",
                  image_png=b"png")
    bare = Figure(id="f3", page=0, bbox=(0, 0, 10, 10), kind="raster", text="")  # no crop rendered
    fill_raster_text([thin, full, bare], lambda f: "RCP 0.5 Frequency (Hz)")
    assert thin.text == "RCP Frequency (Hz)"
    assert full.text == "Time (s) Energy (J) Node" and bare.text == ""


# -- search ---------------------------------------------------------------------------------------
def test_the_figure_text_channel_finds_what_a_figure_shows(indexed, channel_pdf):
    _, truth = channel_pdf
    answers = indexed.search(truth.queries, kind="figure", channels="figure-text")
    assert [a["query"] for a in answers] == truth.queries
    for a, label in zip(answers, truth.labels):
        assert a["results"][0]["label"] == label, a
    # the captions say nothing of it: by caption alone the right figure is not reliably first
    by_caption = indexed.search(truth.queries, kind="figure", channels="caption")
    by_text = sum(a["results"][0]["label"] == lab for a, lab in zip(answers, truth.labels))
    by_cap = sum(a["results"][0]["label"] == lab for a, lab in zip(by_caption, truth.labels))
    assert by_text > by_cap


def test_sentence_search_finds_the_answering_sentence(indexed, channel_pdf):
    _, truth = channel_pdf
    answers = indexed.search(truth.queries, kind="sentence", top=3)
    for k, a in enumerate(answers):
        assert all(r["kind"] == "sentence" for r in a["results"])
        assert a["results"][0]["text"] == truth.answers[k] and a["results"][0]["page"] == k


def test_like_figure_ranks_the_look_alike_first(raster_pdf):
    from mmsum.search import DocumentSearch

    search = DocumentSearch(summarizer(), figure_ocr=False)
    ix = search.add(raster_pdf)
    ids = {f.label: f.id for f in ix.document.figures}
    answer = search.like_figure(ix, ids["Figure 1"])
    assert [r["label"] for r in answer["results"]] == ["Figure 2", "Figure 3"]
    with pytest.raises(OptionsError):
        search.like_figure(ix, "fig-99")


def test_search_records_follow_the_contract(indexed, channel_pdf):
    path, truth = channel_pdf
    (answer,) = indexed.search([truth.queries[0]], kind="all", top=50)
    kinds = {r["kind"] for r in answer["results"]}
    assert kinds == {"sentence", "figure"}
    scores = [r["score"] for r in answer["results"]]
    assert scores == sorted(scores, reverse=True)
    for r in answer["results"]:
        assert r["document"] == str(path) and isinstance(r["page"], int) and len(r["bbox"]) == 4
        assert set(r) >= ({"text"} if r["kind"] == "sentence" else {"id", "label", "caption"})
    with pytest.raises(OptionsError):
        indexed.search(["x"], kind="tables")


# -- the command ----------------------------------------------------------------------------------
def _mmsum(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mmsum", *args], capture_output=True, text=True, timeout=600,
                          cwd=cwd)


@pytest.mark.slow
def test_search_command_answers_several_queries_in_one_run(channel_pdf, tmp_path):
    path, truth = channel_pdf
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    args = ["search", str(path), str(bad), "--kind", "figure", "--channels", "figure-text,pixels", "--json",
            "--no-cache", "--channel-weights", "figure-text=0.5"]
    for q in truth.queries:
        args += ["--query", q]
    proc = _mmsum(*args)
    assert proc.returncode == 1, proc.stderr  # the broken file is named; the other is searched
    assert "broken.pdf" in proc.stderr and "Traceback" not in proc.stderr
    out = json.loads(proc.stdout)
    assert [q["query"] for q in out["queries"]] == truth.queries
    assert [q["results"][0]["label"] for q in out["queries"]] == truth.labels
    assert out["channel_weights"]["figure-text"] == 0.5 and out["channel_weights"]["caption"] == 0.0

    table = _mmsum("search", str(path), "--query", truth.queries[1], "--top", "3", "--no-cache")
    assert table.returncode == 0 and "p.2" in table.stdout and len(table.stdout.strip().splitlines()) == 4


@pytest.mark.parametrize("args, message", [
    (["search", "x.pdf"], "nothing to search for"),
    (["search", "--query", "q"], "nothing to search in"),
    (["search", "x.pdf", "--query", "q", "--channels", "legend"], "unknown channel"),
    (["search", "x.pdf", "--query", "q", "--channel-weights", "caption=high"], "not a number"),
    (["search", "x.pdf", "--like-figure", "nofigure"], "DOC:FIGURE_ID"),
])
def test_search_usage_errors_are_one_line(args, message):
    proc = _mmsum(*args)
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_library_search_without_the_library_is_one_line(tmp_path):
    proc = _mmsum("search", "--library", str(tmp_path / "lib.sqlite"), "--query", "q")
    try:
        import mmsum.library.search  # noqa: F401
    except ImportError:
        assert proc.returncode == 2 and "library is not available in this build" in proc.stderr
    else:
        assert "Traceback" not in proc.stderr


# -- outputs record the weights -------------------------------------------------------------------
def test_every_summary_records_its_channel_weights(channel_pdf):
    from mmsum.export.markdown import render_markdown
    from mmsum.export.summary_json import summary_record
    from mmsum.options import SummaryOptions

    path, _ = channel_pdf
    weights = {"caption": 0.5, "figure-text": 0.2}
    s = summarizer().summarize(path, SummaryOptions(words=40, channel_weights=weights, channels=["caption",
                                                                                                  "figure-text"]))
    assert s.channel_weights == {"caption": 0.5, "mentions": 0.0, "figure-text": 0.2, "pixels": 0.0}
    assert summary_record(s)["channel_weights"] == s.channel_weights
    assert "Figure channels: caption=0.5, mentions=0, figure-text=0.2, pixels=0." in render_markdown(s)


def test_summaries_leave_the_figure_text_out_unless_asked():
    from mmsum.options import ModelOptions, SummaryOptions, resolve_options

    assert resolve_options(SummaryOptions()).channel_weights == {**DEFAULT_WEIGHTS, "figure-text": 0.0}
    assert resolve_options(SummaryOptions(channels=list(CHANNELS))).channel_weights == DEFAULT_WEIGHTS
    assert ModelOptions().figure_ocr_for("search") and not ModelOptions().figure_ocr_for("summary")
    with pytest.raises(OptionsError):
        ModelOptions(figure_ocr="sometimes").validate()


def test_library_alone_means_the_default_library(tmp_path, monkeypatch):
    from mmsum.cli import build_parser
    from mmsum.commands.search import DEFAULT_LIBRARY
    from mmsum.library import default_library

    args = build_parser().parse_args(["search", "--library", "--query", "x"])
    assert args.library == DEFAULT_LIBRARY
    monkeypatch.setenv("MMSUM_DATA_DIR", str(tmp_path))
    assert default_library() == tmp_path / "library.sqlite"
    named = build_parser().parse_args(["search", "--library", str(tmp_path / "l.sqlite"), "--query", "x"])
    assert named.library == tmp_path / "l.sqlite"
