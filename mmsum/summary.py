"""The result of summarizing one document: what the exporters and the UI consume."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .document import Document, Figure, Sentence, Status, Table


@dataclass
class ScoredSentence:
    """A source sentence with its salience score (higher is more salient)."""

    sentence: Sentence
    score: float
    why: list[FigureReason] = field(default_factory=list)  # the learned ranker's strongest features


@dataclass
class FigureReason:
    """One signal behind a figure's salience: its ``value`` (0..1), its ``share`` of the
    figure's score (0..1), and a ``note`` that says it in words ("cited in the introduction")."""

    signal: str
    value: float
    share: float = 0.0
    note: str = ""


@dataclass
class ScoredFigure:
    """A figure with its salience score (higher is more salient); ``why`` lists the two or
    three signals that weigh most in the score, largest first."""

    figure: Figure
    score: float
    why: list[FigureReason] = field(default_factory=list)


@dataclass
class ScoredTable:
    """A table with its salience score (higher is more salient) and the signals behind it,
    largest first (see :mod:`mmsum.rank.tables`)."""

    table: Table
    score: float
    why: list[FigureReason] = field(default_factory=list)


@dataclass
class Flag:
    """A generated sentence with terms or numbers that do not appear in the source."""

    sentence: str
    terms: list[str]
    replaced_by: str | None = None  # the source sentence shown instead (unless ``--show-flagged``)


@dataclass(frozen=True)
class CitedNumber:
    """A number of a generated sentence that its sources' words do not hold but a table or chart
    it cites does: ``number`` as the sentence writes it ("93.4%"), the table's or figure's ``id``
    and ``label``, the ``value`` as the table or chart holds it ("0.934", "4.12") and ``at``,
    where ("Ours, Accuracy"; "adaptive, last point, x = 40"). ``sentence`` is the generated
    sentence (with its citation)."""

    number: str
    id: str
    label: str | None
    value: str
    at: str
    sentence: str = ""


@dataclass
class SummarySection:
    """One part of a structured summary ("Problem", "Approach", "Findings", "Limitations").

    Each sentence keeps its source's page and box; its text is the extracted sentence, or for
    a generated summary the sentence written from that source (with its citation).
    """

    name: str
    sentences: list[ScoredSentence]


@dataclass
class SummaryVectors:
    """The vectors a summary was made from, kept for a library (see ``keep_vectors``).

    ``sentences`` (n, d) float32: one unit row per sentence of ``Summary.document`` in order,
    a zero row for a sentence that was not embedded. ``figures`` maps a figure channel
    ("caption", "mentions", "figure-text", "pixels") to (m, d) float32, one row per figure of
    the document in order (zero rows where a figure has nothing for that channel).
    ``text_encoder`` names the model of the text-space vectors, ``image_encoder`` that of
    "pixels" (None when the image role is off). ``tables`` (t, d) float32: one row per table
    of the document in order, its caption and cells in the text encoder's space. ``footnotes``
    (k, d) float32: one row per footnote of the document in order, in the text encoder's space.
    """

    sentences: np.ndarray
    figures: dict[str, np.ndarray]
    text_encoder: str
    image_encoder: str | None = None
    tables: np.ndarray | None = None
    footnotes: np.ndarray | None = None


@dataclass
class Summary:
    """One document's summary.

    ``text`` is the summary's prose: for an extractive summary the sentences alone (page markers
    are added by the exporters); a generated one carries the model's inline citations
    ("(Fig. 3, p. 6)", 1-based pages). ``sentences`` are the source sentences the
    summary is made of, in reading order (for a generated summary: those it was grounded
    on); ``figures`` are ranked, most salient first. ``models`` maps role -> model used
    (``text``, ``image``, ``generator``, and ``generator_backend`` once one ran); ``timings``
    maps ``<stage>_s`` -> seconds. ``sections`` is set for a structured summary.
    """

    document: Document
    mode: str  # "extractive" | "generative"
    text: str
    sentences: list[ScoredSentence]
    figures: list[ScoredFigure]
    models: dict[str, str | None]
    device: str = "cpu"
    timings: dict[str, float] = field(default_factory=dict)
    flagged: list[Flag] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sections: list[SummarySection] = field(default_factory=list)
    # for a generated summary: backend, calls, and how many sentences were generated, copied
    # (the source's own words), extracted (the model wrote nothing usable) and flagged
    generation: dict[str, int | str] = field(default_factory=dict)
    vectors: SummaryVectors | None = None  # set only when asked for (``keep_vectors``)
    # the figure channels' weights in the fused figure vectors (0: the channel was off)
    channel_weights: dict[str, float] = field(default_factory=dict)
    tables: list[ScoredTable] = field(default_factory=list)  # the key tables, most salient first
    # what a reader should know that left nothing out (the length asked was more than the
    # document holds): said with the notes, but no reason for a partial status
    remarks: list[str] = field(default_factory=list)
    # a generated summary's numbers that its sources' words lack and a table or chart they cite holds
    cited_numbers: list[CitedNumber] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        """Everything a reader of this summary should know: the document's warnings (pages
        skipped, crops not rendered), then the summary's own (models substituted, limits)."""
        return [*self.problems, *self.remarks]

    @property
    def problems(self) -> list[str]:
        """The notes that make the result partial: something skipped or substituted."""
        return [*self.document.warnings, *self.warnings]

    @property
    def status(self) -> Status:
        """Partial when there are :attr:`problems`, else success."""
        return Status.PARTIAL if self.problems else Status.SUCCESS
