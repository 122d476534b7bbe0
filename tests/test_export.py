"""Markdown and JSON export: contract keys, relative crops, safe re-runs."""
from __future__ import annotations

import json

from mmsum.export import write_summary
from mmsum.export.markdown import render_markdown
from mmsum.export.text import escape
from mmsum.summary import Flag, ScoredFigure, ScoredSentence, Summary
from tests.encoders import make_document, png

MODELS = {"text": "sentence-transformers/all-MiniLM-L6-v2", "image": "efficientnet-lite0", "generator": None}


def _summary(figures=(0, 1), mode="extractive", text=None, flagged=()):
    doc = make_document(["Wind *drives* the turbine.", "We propose a de-icing film.", "It saves energy.",
                         "Tests ran for two winters.", "The film works in snow."],
                        figures=[{"id": "p1-f1", "label": "Figure 1", "number": 1, "page": 1,
                                  "caption": "Figure 1: The film on a blade.", "image_png": png(1)},
                                 {"id": "p0 f/2", "label": "Figure 2", "number": 2,
                                  "caption": "Figure 2: Output in winter.", "image_png": png(2)}])
    sents = [ScoredSentence(doc.sentences[i], 0.5) for i in (0, 4)]
    figs = [ScoredFigure(doc.figures[k], 1.0 - k / 10) for k in figures]
    return Summary(doc, mode, text or " ".join(s.sentence.text for s in sents), sents, figs, dict(MODELS),
                   timings={"read_s": 0.1, "embed_s": 0.2}, flagged=list(flagged))


def test_json_follows_the_summary_contract(tmp_path):
    (js,) = write_summary(_summary(), tmp_path, ("json",))
    data = json.loads(js.read_text())
    assert data["schema_version"] == 1
    assert data["source"] == {"path": "/tmp/handmade.pdf", "pages": 2, "title": "A hand-made paper"}
    assert data["models"] == MODELS
    assert data["summary"] == {"mode": "extractive", "text": "Wind *drives* the turbine. The film works in snow."}
    assert [s["page"] for s in data["sentences"]] == [0, 1] and len(data["sentences"][0]["bbox"]) == 4
    assert [f["label"] for f in data["figures"]] == ["Figure 1", "Figure 2"]
    assert set(data["figures"][0]) == {"id", "label", "page", "bbox", "caption", "mentions", "score", "image", "text",
                                       "kind", "description", "axes", "series", "read", "why"}
    assert data["figures"][0]["image"] is None  # JSON alone writes no crops
    assert data["timings"] == {"read_s": 0.1, "embed_s": 0.2}
    assert not (tmp_path / "handmade_figures").exists() and not (tmp_path / "handmade.md").exists()


def test_markdown_has_pages_and_relative_crops(tmp_path):
    written = write_summary(_summary(), tmp_path)
    assert sorted(p.name for p in written) == ["handmade.json", "handmade.md"]
    md = (tmp_path / "handmade.md").read_text()
    assert md.startswith("# A hand-made paper\n")
    assert r"Wind \*drives\* the turbine. (p. 1)" in md and "The film works in snow. (p. 2)" in md
    assert "### Figure 1 (p. 2)" in md and "**Figure 1.** The film on a blade." in md
    data = json.loads((tmp_path / "handmade.json").read_text())
    assert len(data["figures"]) == 2
    for fig in data["figures"]:
        assert (tmp_path / fig["image"]).is_file() and not fig["image"].startswith("/")
        assert f"]({fig['image'].replace(' ', '%20')})" in md
    assert md.index("Figure 1 (p. 2)") < md.index("Figure 2 (p. 1)")  # ranked order


def test_second_run_replaces_the_figure_folder(tmp_path):
    write_summary(_summary(figures=(0, 1)), tmp_path)
    (tmp_path / "handmade.md").write_text("stale")
    write_summary(_summary(figures=(1,)), tmp_path)
    crops = list((tmp_path / "handmade_figures").rglob("*.png"))
    assert len(crops) == 1 and "Figure 1" not in (tmp_path / "handmade.md").read_text()
    assert crops[0].relative_to(tmp_path).as_posix() in (tmp_path / "handmade.md").read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporaries left
    write_summary(_summary(figures=()), tmp_path)
    assert not (tmp_path / "handmade_figures").exists()


def test_generated_summary_marks_flagged_sentences():
    s = _summary(mode="generative", text="The film saves energy. It cut costs by 90 percent.",
                 flagged=[Flag("It cut costs by 90 percent.", ["90 percent"])])
    md = render_markdown(s)
    assert r"It cut costs by 90 percent. **\[not in the source: 90 percent\]**" in md
    assert "The film saves energy. **" not in md
    assert "Grounded on sentences from pp. 1, 2." in md


def test_flags_are_marked_on_sentences_with_citations_and_strict_replacements():
    text = ("The error falls by half (Fig. 3, p. 6). It cut costs by 90 percent (p. 2). "
            "Sleep current dominates (p. 1).")
    s = _summary(mode="generative", text=text, flagged=[
        Flag("It cut costs by 90 percent (p. 2).", ["90 percent"]),
        Flag("Sleep current is 40% of the budget (p. 1).", ["40%"], replaced_by="Sleep current dominates (p. 1)."),
    ])
    md = render_markdown(s)
    assert r"(Fig. 3, p. 6). It cut costs by 90 percent (p. 2). **\[not in the source: 90 percent\]**" in md
    assert "Sleep current dominates (p. 1). *\\[extracted sentence" in md and "40%" in md
    assert md.count(r"**\[not in the source") == 1


def test_escape_keeps_text_literal():
    assert escape("# not a heading") == r"\# not a heading"
    assert escape("a_b [c](d) <e>") == r"a\_b \[c\](d) \<e\>"


def test_structured_summary_sections_in_json_and_markdown(tmp_path):
    from mmsum.summary import SummarySection

    s = _summary()
    s.sections = [SummarySection("Problem", [s.sentences[0]]), SummarySection("Findings", [s.sentences[1]])]
    s.models["generator_backend"] = None
    (js, md) = write_summary(s, tmp_path, ("json", "md"))
    data = json.loads(js.read_text())
    assert data["summary"]["mode"] == "extractive" and data["summary"]["text"] == s.text
    assert [sec["name"] for sec in data["summary"]["sections"]] == ["Problem", "Findings"]
    assert data["summary"]["sections"][1]["sentences"] == [data["sentences"][1]]  # page, box and score kept
    text = md.read_text()
    assert text.index("### Problem") < text.index("Wind \\*drives\\* the turbine. (p. 1)") < text.index("### Findings")
    assert "The film works in snow. (p. 2)" in text


def test_generator_backend_is_recorded(tmp_path):
    s = _summary(mode="generative", text="The film works in snow (p. 2).")
    s.models.update(generator="SmolLM2-135M-Instruct.Q4_1.gguf (bundled)", generator_backend="llama.cpp")
    s.generation = {"backend": "llama.cpp", "sentences": 1, "generated": 1, "copied": 0, "extracted": 0, "flagged": 0}
    (js, md) = write_summary(s, tmp_path, ("json", "md"))
    data = json.loads(js.read_text())
    assert data["models"]["generator_backend"] == "llama.cpp" and data["generation"]["generated"] == 1
    assert "generator: SmolLM2-135M-Instruct.Q4\\_1.gguf (bundled) (llama.cpp)" in md.read_text()


def test_markdown_states_a_caption_label_once_in_any_numbering():
    doc = make_document(["Wind drives the turbine.", "The film works in snow."],
                        figures=[{"id": "fig-3.1", "label": "图 3.1", "number": None, "page": 0,
                                  "caption": "图3.1 两类分类的线性模型", "image_png": png(1)},
                                 {"id": "fig-2.4", "label": "Figure 2.4", "number": None, "page": 1,
                                  "caption": "Fig. 2.4. The film on a blade.", "image_png": png(2)}])
    s = Summary(doc, "extractive", "Wind drives the turbine.", [ScoredSentence(doc.sentences[0], 0.5)],
                [ScoredFigure(f, 0.5) for f in doc.figures], dict(MODELS))
    md = render_markdown(s)
    assert "**图 3.1.** 两类分类的线性模型" in md, md
    assert "**Figure 2.4.** The film on a blade." in md, md
    assert md.count("3.1") == 2 and md.count("2.4") == 2  # the heading and the bold label, never the caption
