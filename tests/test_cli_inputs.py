"""What a user sees for bad inputs and unusual documents: checked before models load, one line
each, the same message and exit status from ``summarize`` and ``figures``; and documents that
used to end without a summary (benign MuPDF warnings, Chinese text, no prose at all)."""
from __future__ import annotations

import pymupdf
import pytest

from mmsum.cli import main
from mmsum.errors import DocumentError
from mmsum.options import SummaryOptions
from mmsum.rank.priors import prose_quality
from mmsum.ingest.script import word_count
from tests.pdfbuild import chinese_book, lorem, many_pages, wrong_stream_lengths


@pytest.fixture
def no_models(monkeypatch):
    """Loading a model fails the test: these inputs must be refused before that."""
    from mmsum.pipeline import Summarizer

    def load(self, *a, **k):
        raise AssertionError("models were loaded for inputs that cannot be read")

    monkeypatch.setattr(Summarizer, "load", load)


def _encrypted(tmp_path):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), lorem(1))
    p = tmp_path / "secret.pdf"
    doc.save(p, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="s3cret", owner_pw="owner")
    return p


def test_bad_inputs_are_reported_at_once_without_loading_models(tmp_path, capsys, no_models):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a document")
    (folder / "data.csv").write_text("1,2")
    (folder / "empty.pdf").write_bytes(b"")
    missing = tmp_path / "missing.pdf"
    code = main(["summarize", str(folder), str(missing), "--out-dir", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert f"mmsum: {missing}: no such file" in err
    assert f"mmsum: {folder / 'empty.pdf'}: the file is empty" in err
    assert f"mmsum: {folder}: skipped 2 files that are not a document (data.csv, notes.txt)" in err
    assert not any(line.count(str(missing)) > 1 or line.count("empty.pdf") > 1 for line in err)


@pytest.mark.parametrize("password", [None, "guess"])
def test_summarize_and_figures_say_the_same_about_a_password(tmp_path, capsys, no_models, password):
    path = _encrypted(tmp_path)
    extra = ["--password", password] if password else []
    code_s = main(["summarize", str(path), "--out-dir", str(tmp_path), "--quiet", *extra])
    err_s = capsys.readouterr().err.strip()
    code_f = main(["figures", str(path), *extra])
    err_f = capsys.readouterr().err.strip()
    assert code_s == code_f == 1
    assert err_s == err_f
    assert ("wrong password" if password else "give its password with --password") in err_s


def test_summarize_reads_encrypted_documents_with_their_password(tmp_path, capsys):
    path = _encrypted(tmp_path)
    assert main(["summarize", str(path), "--out-dir", str(tmp_path / "out"), "--password", "s3cret",
                 "--quiet", "--format", "json"]) == 0
    assert (tmp_path / "out" / "secret.json").is_file()


def test_document_with_benign_mupdf_warnings_summarizes_with_success(tmp_path):
    from tests.encoders import summarizer

    src = many_pages(tmp_path / "m.pdf", 3).path
    summary = summarizer().summarize(wrong_stream_lengths(src, tmp_path / "lengths.pdf"), SummaryOptions(words=40))
    assert summary.status.value == "success" and summary.text and not summary.document.warnings


def test_chinese_document_gets_a_summary_of_whole_sentences(tmp_path):
    from tests.encoders import summarizer
    from tests.pdfbuild import ZH_SENTENCES

    truth = chinese_book(tmp_path / "book.pdf")
    summary = summarizer().summarize(truth.path, SummaryOptions(words=60))
    assert summary.status.value == "success"
    picked = [s.sentence.text for s in summary.sentences]
    assert picked and all(t in ZH_SENTENCES or t.startswith(("如图", "图2.2")) for t in picked)
    assert sum(word_count(t) for t in picked) <= 60
    # distinct sentences are not taken for paraphrases, whatever the encoder's cosine scale
    assert len(picked) >= 3, (summary.models, picked)


def test_no_prose_is_a_failure_with_a_reason(tmp_path):
    from tests.encoders import summarizer

    doc = pymupdf.open()
    page = doc.new_page()
    for i in range(6):
        page.insert_text((72, 72 + 16 * i), f"Data set {i} is at https://example.org/data/{i} for download.")
    path = tmp_path / "links.pdf"
    doc.save(path)
    with pytest.raises(DocumentError) as info:
        summarizer().summarize(path, SummaryOptions())
    assert "no summary could be made" in str(info.value)


def test_prose_quality_and_length_count_chinese_words():
    zh = "机器学习是让计算机从数据中自动学习规律的方法。"
    assert prose_quality(zh) > 0.5
    assert prose_quality("图2.1") == 0.0 and prose_quality("x = [x1, x2, · · · , xd]T 表示") == 0.0
    assert word_count(zh) == 11 and word_count("Duty cycling saves energy.") == 4
    assert word_count("使用 UTF-8 编码") == 3


def test_file_name_that_is_not_utf8_is_summarized_and_written(tmp_path):
    import json
    import os
    from pathlib import Path

    from mmsum.export import write_summary
    from tests.encoders import summarizer

    src = many_pages(tmp_path / "m.pdf", 2).path
    name = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9.pdf")))
    name.write_bytes(src.read_bytes())
    summary = summarizer().summarize(name, SummaryOptions(words=30))
    written = write_summary(summary, tmp_path / "out", ("json", "md"))
    data = json.loads(next(p for p in written if p.suffix == ".json").read_text(encoding="utf-8"))
    assert data["status"] == "success" and data["source"]["path"].endswith("caf?.pdf")


def test_output_read_by_a_pipe_that_closes_early_ends_without_a_traceback():
    import subprocess
    import sys

    # ``mmsum models | head -0``: the reader is gone before the first line is written
    p = subprocess.Popen([sys.executable, "-m", "mmsum", "models"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait() == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
