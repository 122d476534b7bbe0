"""The bundled sample report reads as the README promises: title, sections, four figures."""
from __future__ import annotations

from pathlib import Path

from mmsum.ingest import read_document

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample-report.pdf"


def test_sample_report_reads_cleanly():
    doc = read_document(SAMPLE)
    assert doc.title.startswith("Where the Energy Goes")
    assert [s.title for s in doc.sections] == ["Abstract", "1 Introduction", "2 Deployment and Method",
                                               "3 Reporting Policies", "4 Results", "5 Discussion",
                                               "6 Conclusion"]
    assert [f.id for f in doc.figures] == ["fig-1", "fig-2", "fig-3", "fig-4"]
    assert {f.kind for f in doc.figures} == {"mixed", "vector"}
    assert all(f.mentions and f.image_png for f in doc.figures)
    assert doc.warnings == []
    # the wide figure at the top of page 3 keeps its top tick label and its axis title, which
    # lie in the band where running headers live
    fig2 = doc.figures[1]
    assert fig2.page == 2 and fig2.bbox[0] < 60 and fig2.bbox[1] < 70
    # front matter and captions are not body sentences
    assert not any("Holt" in s.text or s.text.startswith("Figure 2:") for s in doc.sentences)
    assert len(doc.sentences) > 60
