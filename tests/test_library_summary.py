"""The summary a library stores of a document is the one ``summarize`` writes of it: the same
stages, the same options, one result (the library's extra vectors change nothing)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mmsum.batch import InProcessEngine
from mmsum.library import Library, add_to_library
from mmsum.options import ModelOptions, SummaryOptions
from tests.batching import batch_here
from tests.encoders import summarizer
from tests.pdfbuild import chinese_paper, many_pages, two_column_paper


def _long(path: Path) -> None:
    many_pages(path, 30, figure_every=6)


@pytest.mark.parametrize("build", [two_column_paper, chinese_paper, _long], ids=["figures", "chinese", "long"])
@pytest.mark.parametrize("options", [SummaryOptions(words=40, figures=2), SummaryOptions(sentences=3)],
                         ids=["words", "sentences"])
def test_the_library_stores_the_summary_that_summarize_writes(tmp_path, build, options):
    pdf = tmp_path / "doc.pdf"
    build(pdf)
    (result,) = batch_here([pdf], options, summarizer(), tmp_path / "out", ["json"])
    assert result.ok, result.message
    written = json.loads((tmp_path / "out" / "doc.json").read_text())
    report = add_to_library(tmp_path / "lib.sqlite", [pdf], models=ModelOptions(device="cpu"), options=options,
                            engine=InProcessEngine(summarizer()), use_cache=False)
    assert len(report.stored) == 1, report.results[0].message
    with Library(tmp_path / "lib.sqlite", readonly=True) as lib:
        stored, _ = lib.summary_json(str(pdf.resolve()))
    for record in (written, stored):
        record.pop("timings", None)
        for f in record.get("figures", []):
            f.pop("image", None)  # a file beside the JSON, a row in the library
    assert stored["summary"]["text"] == written["summary"]["text"]
    assert stored == written
