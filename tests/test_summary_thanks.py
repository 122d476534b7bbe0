"""A paper's thanks are never part of its summary, in a library or out of it, even without an
"Acknowledgements" heading and with a thanked name parted from its sentence by a line break."""
from __future__ import annotations

from mmsum.batch import InProcessEngine
from mmsum.library import Library, add_to_library
from mmsum.options import ModelOptions, SummaryOptions
from tests.encoders import summarizer
from tests.pdfbuild import acknowledged_paper


def test_a_summary_does_not_end_on_the_authors_thanks(tmp_path):
    pdf = tmp_path / "rigidity.pdf"
    acknowledged_paper(pdf)
    options = SummaryOptions(words=2000)  # room for every sentence a summary may take
    direct = summarizer().summarize(pdf, options)
    read = [s.text for s in direct.document.sentences]
    assert "Sethna for many fruitful discussions." in read  # the reader parts it from "We thank ... Jim"
    report = add_to_library(tmp_path / "lib.sqlite", [pdf], models=ModelOptions(device="cpu"), options=options,
                            engine=InProcessEngine(summarizer()), use_cache=False)
    assert len(report.stored) == 1
    with Library(tmp_path / "lib.sqlite", readonly=True) as lib:
        stored, _ = lib.summary_json(str(pdf.resolve()))
    for texts in ([s.sentence.text for s in direct.sentences], [s["text"] for s in stored["sentences"]]):
        assert texts[-1] == "In conclusion, the width of the failure zone is a direct probe of rigidity."
        assert not [t for t in texts if any(w in t for w in ("discussions", "grateful", "thank", "supported"))]
