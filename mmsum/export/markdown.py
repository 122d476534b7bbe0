"""The Markdown summary: title, summary sentences with their pages (under a heading per section
for a structured summary), key figures with crops, key tables as Markdown tables with crops.

Only CommonMark that every viewer renders: headings, paragraphs, emphasis and images with
relative, percent-encoded paths. Pages are shown 1-based ("p. 4").
"""
from __future__ import annotations

from ..ingest.captions import without_label
from ..summary import Flag, ScoredSentence, Summary
from .text import escape, image_link, valid_utf8


def figure_alt(figure) -> str:
    """A figure image's alt text: its description (what it shows, in words, for readers who
    cannot see it), else its label."""
    described = figure.content.description if figure.content is not None else ""
    return described or figure.label or f"Figure on page {figure.page + 1}"


def _pages(pages: list[int]) -> str:
    uniq = sorted(set(pages))
    return ("p. " if len(uniq) == 1 else "pp. ") + ", ".join(str(p + 1) for p in uniq)


def _page_ranges(pages: list[int]) -> str:
    """"page 4", "pages 1–6, 9" (1-based) for 0-based ``pages``."""
    uniq = sorted(set(pages))
    runs: list[list[int]] = []
    for p in uniq:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    text = ", ".join(f"{r[0] + 1}–{r[-1] + 1}" if len(r) > 1 else f"{r[0] + 1}" for r in runs)
    return ("page " if len(uniq) == 1 else "pages ") + text


def _flag_note(flag: Flag) -> str:
    terms = escape(", ".join(flag.terms) or "unsupported content")
    if flag.replaced_by:
        return f" *\\[extracted sentence, in place of a generated one with terms not in the source: {terms}\\]*"
    return f" **\\[not in the source: {terms}\\]**"


def _generated_paragraph(text: str, flagged: list[Flag]) -> str:
    """The generated ``text`` with each flagged sentence marked where it stands.

    Flagged sentences are looked up in the text itself rather than by re-splitting it, because
    citations such as "(Fig. 3, p. 6)" defeat any simple sentence splitter.
    """
    text = " ".join(text.split())
    spans: list[tuple[int, int, str]] = []
    for flag in flagged:
        target = " ".join((flag.replaced_by or flag.sentence).split())
        at = text.find(target) if target else -1
        while at >= 0 and any(s <= at < e for s, e, _ in spans):
            at = text.find(target, at + 1)
        if at >= 0:
            spans.append((at, at + len(target), _flag_note(flag)))
    parts, pos = [], 0
    for start, end, note in sorted(spans):
        parts.append(escape(text[pos:end]) + note)
        pos = end
    parts.append(escape(text[pos:]))
    return " ".join(p for p in parts if p.strip())


def _sentences_paragraph(summary: Summary, sentences: list[ScoredSentence]) -> str:
    """Extracted sentences with their pages, or generated ones (which carry their citations)."""
    if summary.mode != "generative":
        return " ".join(f"{escape(s.sentence.text)} ({_pages([s.sentence.page])})" for s in sentences)
    return _generated_paragraph(" ".join(s.sentence.text for s in sentences), summary.flagged)


def _summary_paragraph(summary: Summary) -> str:
    if summary.sections:
        blocks = [f"### {escape(sec.name)}\n\n{_sentences_paragraph(summary, sec.sentences)}"
                  for sec in summary.sections]
        text = "\n\n".join(blocks)
    elif summary.mode != "generative":
        return _sentences_paragraph(summary, summary.sentences)
    else:
        text = _generated_paragraph(summary.text, summary.flagged)
    if summary.mode == "generative" and summary.sentences:
        text += f"\n\n*Grounded on sentences from {_pages([s.sentence.page for s in summary.sentences])}.*"
    return text


def _models_line(models: dict[str, str | None]) -> str:
    """"text: X, image: Y, generator: Z (llama.cpp)"."""
    parts = []
    for role, name in models.items():
        if not name or role == "generator_backend":
            continue
        backend = models.get("generator_backend") if role == "generator" else None
        parts.append(f"{role}: {name}" + (f" ({backend})" if backend else ""))
    return ", ".join(parts)


def _weights_line(weights: dict[str, float]) -> str:
    """"caption=0.4, mentions=0.3, figure-text=0.3, pixels=0.3"."""
    return ", ".join(f"{name}={float(w):g}" for name, w in weights.items())


def render_markdown(summary: Summary, images: dict[str, str] | None = None) -> str:
    """The Markdown text; ``images`` maps figure id -> crop path relative to the .md file."""
    doc = summary.document
    images = images or {}
    title = doc.title or doc.path.stem
    models = _models_line(summary.models)
    ocr = ""
    if doc.ocr_pages:
        ocr = f" Text of {_page_ranges(doc.ocr_pages)} recognised by OCR."
    lines = [f"# {escape(title)}", "",
             f"*Summary of {escape(doc.path.name)} ({doc.page_count} pages), {summary.mode}; {escape(models)}.{ocr}*",
             *([f"*Figure channels: {escape(_weights_line(summary.channel_weights))}.*"]
               if summary.channel_weights else []),
             "", "## Summary", "", _summary_paragraph(summary) or "*No summary: the document has no usable text.*"]
    if summary.figures:
        lines += ["", "## Key figures"]
    for scored in summary.figures:
        fig = scored.figure
        label = fig.label or f"Figure on page {fig.page + 1}"
        lines += ["", f"### {escape(label)} (p. {fig.page + 1})", ""]
        if fig.id in images:
            lines += [image_link(figure_alt(fig), images[fig.id]), ""]
        caption = without_label(fig.caption) if fig.label else fig.caption  # the bold label replaces it
        lines.append(f"**{escape(label)}.** {escape(caption)}" if caption.strip()
                     else f"*{escape(label)} has no caption.*")
    lines += _key_tables(summary, images)
    if summary.notes:
        lines += ["", "## Notes", ""] + [f"- {escape(w)}" for w in summary.notes]
    # a file name written on another system may hold undecodable bytes: shown as "?"
    return valid_utf8("\n".join(lines) + "\n")


def _key_tables(summary: Summary, images: dict[str, str]) -> list[str]:
    """The "Key tables" section: label, page, caption, the table in Markdown, the crop."""
    from .tables import notes_markdown, table_markdown

    if not summary.tables:
        return []
    lines = ["", "## Key tables"]
    for scored in summary.tables:
        t = scored.table
        label = t.label or f"Table on page {t.page + 1}"
        lines += ["", f"### {escape(label)} ({_pages(t.pages or [t.page])})", ""]
        caption = without_label(t.caption) if t.label else t.caption  # the bold label replaces it
        lines += [f"**{escape(label)}.** {escape(caption)}" if caption.strip() else f"*{escape(label)} has no caption.*",
                  ""]
        grid = table_markdown(t)
        lines += [grid, ""] if grid else [f"*Its rows and columns could not be read: {escape(t.unread or 'unknown')}.*", ""]
        lines += notes_markdown(t)
        if t.id in images:
            lines += [image_link(label, images[t.id])]
    return lines
