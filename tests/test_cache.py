"""The embedding cache is checked, not trusted: an entry of the wrong shape or of NaNs is dropped
and recomputed (one warning), and a good summary is never replaced by an empty one."""
from __future__ import annotations

import logging

import numpy as np
import pytest

from mmsum.cache import EmbeddingCache
from mmsum.document import Status
from mmsum.options import SummaryOptions
from mmsum.pipeline import Summarizer
from tests.batching import batch_here
from tests.encoders import summarizer
from tests.pdfbuild import two_column_paper


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    path = tmp_path_factory.mktemp("cache") / "paper.pdf"
    two_column_paper(path)
    return path


def _damage(cache: EmbeddingCache, change) -> list:
    """Rewrite every entry of ``cache`` with ``change(arrays)``, keeping its key: what a file
    damaged on disk or left by another program would look like."""
    entries = sorted(cache.folder.rglob("*.npz"))
    assert entries
    for path in entries:
        with np.load(path) as data:
            arrays = {k: data[k] for k in data.files}
        change(arrays)
        np.savez(path, **arrays)
    return entries



def _nan(arrays):
    for k in arrays:
        if k != "__meta__":
            arrays[k] = np.full_like(arrays[k], np.nan)


def _shorter(arrays):
    for k in arrays:
        if k != "__meta__":
            arrays[k] = arrays[k][:-1]


@pytest.mark.parametrize("damage", [_shorter, _nan], ids=["wrong-shape", "nan"])
def test_a_bad_cache_entry_is_recomputed(paper, tmp_path, caplog, damage):
    cache = EmbeddingCache(tmp_path / "cache")
    s = Summarizer.with_encoders(summarizer().text_encoder, summarizer().image_encoder, cache=cache)
    options = SummaryOptions(words=60, figures=2)
    out = tmp_path / "out"
    (first,) = batch_here([paper], options, s, out, ["md", "json"])
    good = (out / "paper.md").read_text()
    assert first.status is Status.SUCCESS and "No summary" not in good
    entries = _damage(cache, damage)
    with caplog.at_level(logging.WARNING, logger="mmsum"):
        (again,) = batch_here([paper], options, s, out, ["md", "json"])
    assert again.status is Status.SUCCESS, again.message
    assert (out / "paper.md").read_text() == good  # the same summary, not "No summary"
    warned = [r.getMessage() for r in caplog.records if "embedding cache entry" in r.getMessage()]
    assert len(warned) == len(entries) == 2 and all("recomputing" in w for w in warned)
    for path in entries:  # recomputed and stored again, valid
        with np.load(path) as data:
            assert all(np.isfinite(data[k]).all() for k in data.files if k != "__meta__")
    caplog.clear()
    batch_here([paper], options, s, out, ["md"])
    assert not [r for r in caplog.records if "embedding cache entry" in r.getMessage()]


def test_an_unwritable_cache_is_said_once_per_run(paper, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    s = Summarizer.with_encoders(summarizer().text_encoder, summarizer().image_encoder,
                                 cache=EmbeddingCache(blocker / "cache"))
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(paper.read_bytes() + b"\n%")  # another document (its own cache entries)
    with caplog.at_level(logging.WARNING, logger="mmsum"):
        results = batch_here([paper, copy], SummaryOptions(words=40), s, tmp_path / "out", ["json"])
    assert [r.status for r in results] == [Status.SUCCESS, Status.SUCCESS]
    said = [r for r in caplog.records if "cannot write the embedding cache" in r.getMessage()]
    assert len(said) == 1


def test_invalid_names_what_is_wrong():
    from mmsum.cache import invalid

    good = {"sentences": np.zeros((3, 4), np.float32), "captions": np.zeros((1, 4), np.float32)}
    assert invalid(good, {"sentences": 3, "captions": 1}, 4) is None
    assert "shape" in invalid(good, {"sentences": 2, "captions": 1}, 4)
    assert "shape" in invalid(good, {"sentences": 3, "captions": 1}, 8)
    assert "no 'images'" in invalid(good, {"images": 3}, None)
    mixed = {"images": np.zeros((2, 4), np.float32), "sentences": np.zeros((3, 5), np.float32)}
    assert "widths" in invalid(mixed, {"images": 2, "sentences": 3}, None)
    assert "not finite" in invalid({"captions": np.array([[np.inf]], np.float32)}, {"captions": 1}, None)
    assert "floats" in invalid({"captions": np.array([["a"]])}, {"captions": 1}, None)


def test_an_encoder_returning_nans_does_not_replace_a_good_summary(paper, tmp_path, monkeypatch):
    s = Summarizer.with_encoders(summarizer().text_encoder, summarizer().image_encoder, use_cache=False)
    out = tmp_path / "out"
    batch_here([paper], SummaryOptions(words=40), s, out, ["md"])
    good = (out / "paper.md").read_text()
    real = s.text_encoder.encode
    monkeypatch.setattr(s.text_encoder, "encode", lambda texts, **k: real(texts, **k) * np.nan)
    (result,) = batch_here([paper], SummaryOptions(words=40), s, out, ["md"])
    assert result.status is Status.FAILURE and "invalid vectors" in result.message
    assert (out / "paper.md").read_text() == good
