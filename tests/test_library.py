"""The library on PDFs built for the test, with the real bundled models and a real SQLite
file: add (incremental, failures recorded), list, remove, export, search across documents."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mmsum.batch import DocumentStarted, InProcessEngine
from mmsum.errors import MmsumError
from mmsum.library import Library, LibraryError, add_to_library
from mmsum.library.search import search_library
from mmsum.options import ModelOptions, SummaryOptions
from tests.encoders import summarizer
from tests.pdfbuild import chinese_paper, many_pages, two_column_paper

ROOT = Path(__file__).resolve().parents[1]
MODELS = ModelOptions(device="cpu")
OPTIONS = SummaryOptions(words=40, figures=1)


def add(library: Path, paths, **kw):
    events: list = []
    report = add_to_library(library, paths, models=MODELS, options=OPTIONS, engine=InProcessEngine(summarizer()),
                            on_event=events.append, use_cache=False, **kw)
    return report, events


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A folder (with a subfolder) of three documents and a broken file, added to a library."""
    d = tmp_path_factory.mktemp("lib-in")
    two_column_paper(d / "a.pdf")
    (d / "sub").mkdir()
    many_pages(d / "sub" / "b.pdf", 3, figure_every=2)
    chinese_paper(d / "zh.pdf")
    (d / "broken.pdf").write_bytes(b"%PDF-1.4\nnot a PDF at all\n")
    library = tmp_path_factory.mktemp("lib") / "papers.sqlite"
    report, events = add(library, [d])
    return d, library, report, events


def documents(library: Path) -> dict[str, dict]:
    with Library(library, readonly=True) as lib:
        return {Path(doc["path"]).name: doc for doc in lib.documents()}


def test_add_stores_documents_failures_and_vectors(built):
    d, library, report, _ = built
    assert report.found == 4 and len(report.stored) == 3 and len(report.failed) == 1
    docs = documents(library)
    assert set(docs) == {"a.pdf", "b.pdf", "zh.pdf", "broken.pdf"}
    assert docs["broken.pdf"]["status"] == "failed" and docs["broken.pdf"]["reason"]
    for name in ("a.pdf", "b.pdf", "zh.pdf"):
        assert docs[name]["status"] in ("ok", "partial") and docs[name]["summary"] and docs[name]["pages"] >= 1
    db = sqlite3.connect(library)
    # every sentence of b.pdf is stored with page and box, embedded ones with a vector of the encoder's size
    rows = db.execute("SELECT s.text, s.page, s.x0, s.y1, length(s.vec) FROM sentences s JOIN documents d "
                      "ON d.id = s.doc_id WHERE d.path LIKE '%b.pdf'").fetchall()
    assert len(rows) >= 9 and {r[1] for r in rows} == {0, 1, 2}
    assert all(r[3] > r[2] >= 0 for r in rows) and {r[4] for r in rows if r[4]} == {384 * 4}
    figs = db.execute("SELECT f.label, length(f.crop), group_concat(v.channel) FROM figures f JOIN documents d "
                      "ON d.id = f.doc_id LEFT JOIN figure_vectors v ON v.figure = f.id WHERE d.path LIKE '%b.pdf' "
                      "GROUP BY f.id ORDER BY f.idx").fetchall()
    assert [f[0] for f in figs] == ["Figure 1", "Figure 2"]
    assert all(f[1] > 100 for f in figs)
    assert all({"caption", "pixels"} <= set(f[2].split(",")) for f in figs)
    # the Chinese document is embedded with another text encoder than the English ones
    from mmsum.embed.multilingual import multilingual_available

    if multilingual_available():
        assert docs["zh.pdf"]["text_encoder"] != docs["a.pdf"]["text_encoder"]


def test_re_add_skips_unchanged_rereads_changed_and_marks_vanished(built, tmp_path):
    d, library, _, _ = built
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(library.read_bytes())
    report, events = add(copy, [d])
    assert len(report.unchanged) == 4 and not report.results
    assert not [e for e in events if isinstance(e, DocumentStarted)]

    work = tmp_path / "in"
    work.mkdir()
    for name in ("a.pdf", "zh.pdf"):
        (work / name).write_bytes((d / name).read_bytes())
    report, _ = add(copy, [work])
    assert len(report.stored) == 2
    (work / "a.pdf").write_bytes((d / "a.pdf").read_bytes() + b"\n% changed\n")
    (work / "zh.pdf").unlink()
    report, events = add(copy, [work])
    started = [e.path.name for e in events if isinstance(e, DocumentStarted)]
    assert started == ["a.pdf"] and report.vanished == [str((work / "zh.pdf").resolve())]
    with Library(copy, readonly=True) as lib:
        gone = {doc["path"]: doc["missing"] for doc in lib.documents()}
    assert gone[str((work / "zh.pdf").resolve())] is True and gone[str((work / "a.pdf").resolve())] is False


def test_search_finds_sentences_and_figures_across_documents(built):
    d, library, _, _ = built
    found = search_library(library, ["duty cycling reduces the average power consumption",
                                     "Measurement series number 2"], top=5, models=MODELS)
    assert [q["query"] for q in found] == ["duty cycling reduces the average power consumption",
                                          "Measurement series number 2"]
    first = found[0]["results"]
    assert first[0]["kind"] == "sentence" and "duty cycling" in first[0]["text"]
    assert Path(first[0]["document"]).name in ("a.pdf", "b.pdf")
    assert len(first[0]["bbox"]) == 4 and first[0]["page"] >= 0
    assert [r["score"] for r in first] == sorted((r["score"] for r in first), reverse=True)
    figs = search_library(library, ["Measurement series number 2"], kind="figure", top=3, models=MODELS)[0]["results"]
    assert figs[0]["kind"] == "figure" and figs[0]["label"] == "Figure 2"
    assert Path(figs[0]["document"]).name == "b.pdf" and "series number 2" in figs[0]["caption"]
    assert all(r["kind"] == "figure" for r in figs)
    only_sentences = search_library(library, ["energy"], kind="sentence", models=MODELS)[0]["results"]
    assert only_sentences and all(r["kind"] == "sentence" for r in only_sentences)


def test_a_chinese_query_finds_the_chinese_document(built):
    _, library, _, _ = built
    from mmsum.embed.multilingual import multilingual_available

    if not multilingual_available():
        pytest.skip("the multilingual encoder is not installed")
    found = search_library(library, ["网关附近的节点转发更多的数据包"], kind="sentence", top=3, models=MODELS)
    best = found[0]["results"][0]
    assert Path(best["document"]).name == "zh.pdf" and "网关" in best["text"]


def test_scores_mean_the_same_for_english_and_chinese_documents(built):
    _, library, _, _ = built
    from mmsum.embed.multilingual import multilingual_available

    if not multilingual_available():
        pytest.skip("the multilingual encoder is not installed: one encoder, one scale already")
    with Library(library, readonly=True) as lib:
        encoders = lib.encoders()
        text = {Path(p).name: t for p, t in lib.db.execute(
            "SELECT d.path, s.text FROM sentences s JOIN documents d ON d.id = s.doc_id ORDER BY s.id")}
    assert len(encoders) == 2  # English and Chinese documents, each embedded by its own encoder
    english, chinese = text["a.pdf"], text["zh.pdf"]
    found = search_library(library, [english, chinese, "a recipe for bread: flour, water, salt and yeast"],
                           kind="sentence", top=5, models=MODELS)
    scores = [[r["score"] for r in q["results"]] for q in found]
    assert all(0.0 <= x <= 1.0 for row in scores for x in row)
    # a sentence asked for in its own words is close to 1 under either encoder, unrelated text far below
    assert found[0]["results"][0]["text"] == english and scores[0][0] > 0.9
    assert found[1]["results"][0]["text"] == chinese and scores[1][0] > 0.9
    assert scores[2][0] < 0.5


def test_like_figure_ranks_other_figures_by_their_pixels(built):
    d, library, _, _ = built
    b = str((d / "sub" / "b.pdf").resolve())
    with Library(library, readonly=True) as lib:
        ids = [r[0] for r in lib.db.execute("SELECT f.fig_id FROM figures f JOIN documents d ON d.id = f.doc_id "
                                            "WHERE d.path = ? ORDER BY f.idx", (b,))]
    found = search_library(library, [], like_figure=f"{b}:{ids[0]}", top=5, models=MODELS)
    assert len(found) == 1 and found[0]["query"] == f"{b}:{ids[0]}"
    results = found[0]["results"]
    assert results and all(r["kind"] == "figure" for r in results)
    assert not any(r["document"] == b and r["id"] == ids[0] for r in results)  # not itself
    with pytest.raises(MmsumError, match="not in the library"):
        search_library(library, [], like_figure=f"{b}:no-such-figure", models=MODELS)


def test_export_writes_the_markdown_summarize_writes(built, tmp_path):
    from mmsum.export import write_summary

    d, library, _, _ = built
    out = tmp_path / "export"
    run = subprocess.run([sys.executable, "-m", "mmsum", "library", "export", str(out), "--library", str(library)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1  # broken.pdf has no summary to export, and says so
    assert "broken.pdf" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    direct = tmp_path / "direct"
    summary = summarizer().summarize(d / "sub" / "b.pdf", OPTIONS)
    write_summary(summary, direct, ("md",))
    assert (out / "b.md").read_text() == (direct / "b.md").read_text()
    assert sorted(p.name for p in (out / "b_figures").rglob("*.png")) == \
        sorted(p.name for p in (direct / "b_figures").rglob("*.png"))
    assert (out / "a.md").is_file() and (out / "zh.md").is_file()


def test_list_json_follows_the_contract(built):
    _, library, _, _ = built
    run = subprocess.run([sys.executable, "-m", "mmsum", "library", "list", "--json", "--library", str(library)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    docs = json.loads(run.stdout)["documents"]
    assert len(docs) == 4
    for doc in docs:
        assert set(doc) >= {"path", "status", "reason", "title", "pages", "summary"}
        assert doc["status"] in ("ok", "partial", "failed") and isinstance(doc["pages"], int)
        assert (doc["reason"] is not None) == (doc["status"] != "ok")


def test_remove_drops_a_document_and_its_rows(built, tmp_path):
    d, library, _, _ = built
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(library.read_bytes())
    with Library(copy) as lib:
        removed = lib.remove([str((d / "sub").resolve())])
    assert [Path(p).name for p in removed] == ["b.pdf"]
    db = sqlite3.connect(copy)
    assert db.execute("SELECT count(*) FROM documents WHERE path LIKE '%b.pdf'").fetchone()[0] == 0
    orphans = db.execute("SELECT count(*) FROM sentences WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()
    assert orphans[0] == 0
    assert db.execute("SELECT count(*) FROM figure_vectors WHERE figure NOT IN (SELECT id FROM figures)").fetchone()[0] == 0


def test_a_file_that_is_not_a_library_is_one_clear_line(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(LibraryError, match="not an mmsum library"):
        Library(bad)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(LibraryError, match="not an mmsum library"):
        Library(other)
    for lib in (bad, other, tmp_path):
        run = subprocess.run([sys.executable, "-m", "mmsum", "library", "list", "--library", str(lib)],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert "Traceback" not in run.stderr


def test_a_library_that_cannot_be_written_is_one_clear_line(tmp_path):
    import os

    (tmp_path / "a-file").write_text("x")
    for where in (tmp_path / "a-file" / "lib.sqlite", tmp_path):  # under a file; a folder
        run = subprocess.run([sys.executable, "-m", "mmsum", "library", "add", str(tmp_path / "nothing"),
                              "--library", str(where)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr

    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        run = subprocess.run([sys.executable, "-m", "mmsum", "library", "add", str(tmp_path),
                              "--library", str(locked / "lib.sqlite")], cwd=ROOT, capture_output=True, text=True,
                             timeout=120)
        assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr
    finally:
        os.chmod(locked, 0o700)


def test_a_library_from_a_newer_version_is_refused_and_migrations_run_once(tmp_path, monkeypatch):
    from mmsum.library import schema

    path = tmp_path / "lib.sqlite"
    Library(path).close()
    db = sqlite3.connect(path)
    latest = len(schema.MIGRATIONS)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(latest)
    # a later version adds a column: an existing library gets it once, its data kept
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, "ALTER TABLE documents ADD COLUMN rating INTEGER"])
    with Library(path) as lib:
        cols = [r[1] for r in lib.db.execute("PRAGMA table_info(documents)")]
    assert "rating" in cols
    with Library(path) as lib:  # and not twice
        assert lib.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(latest + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:latest])
    with pytest.raises(LibraryError, match="newer mmsum"):
        Library(path)


def test_vectors_of_each_channel_come_from_the_embeddings():
    from mmsum.embed.document import DocEmbeddings
    from mmsum.embed.channels import channels_to_store
    from tests.encoders import make_document

    doc = make_document(["a", "b", "c", "d"], figures=[{"caption": "x", "mentions": [0, 2]}, {"caption": ""}])
    sents = np.eye(4, 8, dtype=np.float32)
    sents[2] = 0  # not embedded: left out of the mean
    caps = np.zeros((2, 8), dtype=np.float32)
    caps[0, 5] = 1
    out = channels_to_store(doc, DocEmbeddings(sents, caps, np.ones((2, 3), dtype=np.float32)))
    assert set(out) == {"caption", "mentions", "pixels"}
    assert np.allclose(out["mentions"][0], sents[0]) and not out["mentions"][1].any()
    assert np.allclose(out["caption"], caps) and out["pixels"].shape == (2, 3)


def test_a_large_library_is_searched_through_a_saved_index_updated_when_stale(tmp_path, monkeypatch):
    from mmsum.library import ann
    from mmsum.library.store import DocumentRecord, SentenceRow

    enc = summarizer().text_encoder
    texts = ["The glacier retreated four kilometres in one decade.", "Interest rates fell for the third year.",
             "The enzyme binds to the receptor within seconds.", "Rainfall doubled along the northern coast."]
    rng = np.random.default_rng(0)
    path = tmp_path / "big.sqlite"
    with Library(path) as lib:
        for d in range(30):  # 3,000 filler sentences around random directions, and the four texts
            filler = rng.standard_normal((100, enc.dim)).astype(np.float32)
            filler /= np.linalg.norm(filler, axis=1, keepdims=True)
            rows = [SentenceRow(f"filler {d}-{i}", 0, (0, 0, 1, 1), v) for i, v in enumerate(filler)]
            if d == 7:
                rows += [SentenceRow(t, 1, (10, 20, 30, 40), v) for t, v in zip(texts, enc.encode(texts))]
            lib.put(DocumentRecord(f"/docs/{d}.pdf", f"h{d}", "{}", "ok", pages=2, text_encoder=enc.name,
                                   sentences=rows))
    monkeypatch.setattr(ann, "EXACT_MAX", 500)
    found = search_library(path, ["glacier retreat", "interest rates"], kind="sentence", top=3, models=MODELS)
    assert found[0]["results"][0]["text"] == texts[0] and found[1]["results"][0]["text"] == texts[1]
    assert found[0]["results"][0]["document"] == "/docs/7.pdf" and found[0]["results"][0]["page"] == 1
    meta = json.loads(next(ann.index_folder(path).glob("*.json")).read_text())
    assert meta["rows"] == 3004
    with Library(path) as lib:  # a change makes the index stale: the next search adds it
        lib.put(DocumentRecord("/docs/new.pdf", "hn", "{}", "ok", pages=1, text_encoder=enc.name,
                               sentences=[SentenceRow(texts[2], 0, (1, 2, 3, 4), enc.encode([texts[2]])[0])]))
    found = search_library(path, ["enzyme receptor binding"], kind="sentence", top=3, models=MODELS)
    assert found[0]["results"][0]["text"] == texts[2]
    # one sentence is not worth rewriting the saved index: it stays as saved, and is caught up
    assert json.loads(next(ann.index_folder(path).glob("*.json")).read_text())["rows"] == 3004
    ann._OPEN.clear()  # as a new process: read back and caught up from the library
    found = search_library(path, ["enzyme receptor binding"], kind="sentence", top=3, models=MODELS)
    assert found[0]["results"][0]["text"] == texts[2]
