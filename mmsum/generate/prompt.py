"""What the generator reads: ranked sentences with pages and figure captions, sized to fit.

Pages in prompts are 1-based ("p. 4"), as users read them.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..summary import ScoredFigure, ScoredSentence
from .backends import Prompt

WORDS_PER_SENTENCE = 22
CAPTION_WORDS = 40
SENTENCE_WORDS = 60  # longer "sentences" are extraction run-ons; their head is enough


@dataclass
class SourceLine:
    """One line of grounded content: a sentence or a figure caption, with its citation."""

    text: str
    page: int  # 0-based
    citation: str  # "(p. 4)" or "(Fig. 3, p. 6)"
    section: str | None = None
    order: float = 0.0  # reading-order key
    sentence: ScoredSentence | None = None
    figure: ScoredFigure | None = None

    def render(self) -> str:
        if self.figure is not None:
            return f"- {self.citation[1:-1]}: {self.text}"
        return f"- {self.text} {self.citation}"


def figure_name(fig: ScoredFigure) -> str:
    """"Fig. 3" for a numbered figure, else its label or "Figure"."""
    f = fig.figure
    return f"Fig. {f.number}" if f.number is not None else (f.label or "Figure")


def sentence_line(s: ScoredSentence) -> SourceLine:
    sent = s.sentence
    words = sent.text.split()
    text = " ".join(words[:SENTENCE_WORDS]) + (" ..." if len(words) > SENTENCE_WORDS else "")
    return SourceLine(text, sent.page, f"(p. {sent.page + 1})", sent.section,
                      float(sent.index), sentence=s)


def figure_line(fig: ScoredFigure) -> SourceLine:
    f = fig.figure
    words = f.caption.split()
    caption = " ".join(words[:CAPTION_WORDS]) + (" ..." if len(words) > CAPTION_WORDS else "")
    # Captions sit after the sentences of their page in the listing.
    return SourceLine(caption, f.page, f"({figure_name(fig)}, p. {f.page + 1})", None,
                      order=_page_end_order(fig), figure=fig)


def _page_end_order(fig: ScoredFigure) -> float:
    return 1e9 + fig.figure.page


def target_sentences(words: int, sentences: int | None) -> int:
    """How many sentences to ask for: the requested count, else about one per 22 words (3..8)."""
    if sentences:
        return max(1, sentences)
    return min(max(round(words / WORDS_PER_SENTENCE), 3), 8)


def instruction(n_sentences: int, partial: bool = False) -> str:
    """The task, short and explicit. Tried on SmolLM2-135M: longer rule lists made it ignore
    the text and write generic praise; asking to keep numbers as written kept more of them."""
    what = "part of a document" if partial else "text"
    return (f"Summarize the {what} above in {n_sentences} sentences. Keep the numbers and names "
            f"exactly as written and cite pages like (p. 4).")


def make_prompt(lines: list[SourceLine], n_sentences: int, partial: bool = False) -> Prompt:
    """A prompt over ``lines`` in reading order; figure captions after the sentences."""
    ordered = sorted(lines, key=lambda line: line.order)
    return Prompt(instruction(n_sentences, partial), "\n".join(line.render() for line in ordered))


def pool(ranked_sentences: list[ScoredSentence], ranked_figures: list[ScoredFigure],
         source_words: int, figures: int) -> list[SourceLine]:
    """The most salient content, up to ``source_words`` words of sentences plus top captions."""
    lines: list[SourceLine] = []
    total = 0
    for s in ranked_sentences:
        if total >= source_words:
            break
        text = s.sentence.text.strip()
        if len(text.split()) < 3:  # fragments (headers, stray labels) only confuse the model
            continue
        lines.append(sentence_line(s))
        total += len(text.split())
    lines.extend(figure_line(f) for f in ranked_figures[:figures] if f.figure.caption.strip())
    return lines


def chunk(lines: list[SourceLine], fits) -> list[list[SourceLine]]:
    """Split ``lines`` (reading order) into consecutive groups that each satisfy ``fits``.

    Sections are kept together where they fit, so each group reads as one part of the
    document; a section too long for one group is split between sentences.
    """
    ordered = sorted(lines, key=lambda line: line.order)
    sections: list[list[SourceLine]] = []
    for line in ordered:
        if sections and sections[-1][0].section == line.section and line.figure is None:
            sections[-1].append(line)
        else:
            sections.append([line])
    groups: list[list[SourceLine]] = []
    current: list[SourceLine] = []
    for section in sections:
        if current and fits(current + section):
            current = current + section
            continue
        if current:
            groups.append(current)
            current = []
        for line in section:
            if current and not fits(current + [line]):
                groups.append(current)
                current = []
            current.append(line)
    if current:
        groups.append(current)
    return groups
