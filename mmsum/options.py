"""Typed options for a summary and for the models that make it.

These are the one vocabulary shared by the CLI, the desktop app and the pipeline: their
defaults are defined here and nowhere else, and :meth:`SummaryOptions.validate` and
:meth:`ModelOptions.validate` are the one check of their values. Model specs are strings
resolved by :mod:`mmsum.models`: ``None`` means the bundled default, otherwise a Hugging Face
id, a local folder or a file (``.gguf`` for generators).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import OptionsError
from .rankers import DEFAULT_RANKER, RANKERS

DEFAULT_WORDS = 150  # summary length when neither words nor sentences are asked for
DEFAULT_FIGURES = 3
DEFAULT_TABLES = 1
DEFAULT_MAX_NEW_TOKENS = 256
DEVICES = ("auto", "cpu", "cuda", "mps")
FIGURE_OCR = ("auto", "on", "off")


@dataclass
class ModelOptions:
    """Which model serves each role, and where it runs.

    ``image_model="none"`` turns the image encoder off (figures are then represented by
    their caption and mentions only). ``offline`` forbids any download; it is passed to each
    loader call, so changing it takes effect at the next load. ``backend`` picks how the
    encoders run: "auto" (ONNX Runtime on the CPU with the 8-bit text encoder, PyTorch on a
    GPU), "onnx" (the float32 text encoder, the PyTorch vectors exactly), "onnx-int8" or "torch".
    ``text_model=None`` lets each document get the bundled encoder for its language. ``generator_backend``
    runs the generator on ``llama.cpp`` or ``transformers``; ``auto`` takes llama.cpp for GGUF
    files when it is installed.
    """

    text_model: str | None = None
    image_model: str | None = None
    generator: str | None = None
    device: str = "auto"  # one of DEVICES
    offline: bool = True
    backend: str = "auto"  # the encoders': auto | onnx | onnx-int8 | torch
    generator_backend: str = "auto"  # auto | llama.cpp | transformers
    # read the text inside raster figures that have no text layer by OCR of their crop (the
    # figure-text channel): "auto" when searching (every figure is scored against the query,
    # and the text read is cached) but not for summaries (one to four seconds per raster
    # figure on a laptop CPU, ten times a summary's cost per page); "on" for both; "off"
    figure_ocr: str = "auto"  # one of FIGURE_OCR

    def validate(self) -> ModelOptions:
        """``self``, or OptionsError naming the value that cannot be used."""
        if self.device not in DEVICES:
            raise OptionsError(f"device must be one of {', '.join(DEVICES)} (not {self.device!r})")
        if self.figure_ocr not in FIGURE_OCR:
            raise OptionsError(f"figure-ocr must be one of {', '.join(FIGURE_OCR)} (not {self.figure_ocr!r})")
        return self

    def figure_ocr_for(self, task: str) -> bool:
        """Whether the text inside raster figures is read by OCR for ``task`` ("search" or
        "summary")."""
        return self.figure_ocr == "on" or (self.figure_ocr == "auto" and task == "search")


@dataclass
class SummaryOptions:
    """What summary to make.

    Length: ``words`` (upper bound on summary words) and/or ``sentences`` (upper bound on
    sentence count); when both are None, :data:`DEFAULT_WORDS` applies.
    ``figures`` is how many key figures to keep, ``tables`` how many key tables. ``query``
    focuses the summary.
    ``generate`` asks for a generated (abstractive) summary instead of an extractive one;
    A generated sentence the faithfulness checks flag is replaced by the source sentence it was
    written from, unless ``show_flagged`` asks to see it (marked as flagged); ``strict`` asks for
    the replacing, which is the default (kept so that scripts that pass it still run).
    ``structure`` arranges the summary in short sections (problem, approach, findings,
    limitations), each sentence still traced to its page.
    """

    words: int | None = None
    sentences: int | None = None
    figures: int = DEFAULT_FIGURES
    tables: int = DEFAULT_TABLES
    query: str | None = None
    generate: bool = False
    strict: bool = False
    show_flagged: bool = False
    max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS
    structure: bool = False
    # the figure channels: weight of each in the fused figure vector (None: the defaults of
    # mmsum.embed.channels.DEFAULT_WEIGHTS; a channel not named keeps its default), and which
    # channels are on (None: mmsum.embed.channels.SUMMARY_CHANNELS)
    channel_weights: dict[str, float] | None = None
    channels: list[str] | None = None
    # what ranks sentences and figures: "learned" (the bundled sentence model, hand-weighted
    # figures), "learned+figures", "heuristic" (hand weights) or the path of a weights file (see
    # mmsum.rank.learned, which checks it at the edge)
    ranker: str = DEFAULT_RANKER

    def validate(self) -> SummaryOptions:
        """``self``, or OptionsError naming the first value that cannot be used (the check
        :func:`resolve_options` makes)."""
        resolve_options(self)
        return self

    def _check_numbers(self) -> None:
        for name, least in (("words", 1), ("sentences", 1), ("figures", 0), ("tables", 0),
                            ("max_new_tokens", 1)):
            value = getattr(self, name)
            if value is None and name in ("words", "sentences"):
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise OptionsError(f"{name.replace('_', '-')} must be a whole number of at least {least} "
                                   f"(not {value!r})")
        if self.query is not None and not self.query.strip():
            raise OptionsError("query is empty")
        if not isinstance(self.ranker, str) or not (self.ranker in RANKERS
                                                    or Path(self.ranker).expanduser().is_file()):
            raise OptionsError(f"ranker must be {', '.join(RANKERS)} or a weights file (not {self.ranker!r})")


@dataclass(frozen=True)
class ResolvedOptions:
    """A summary's options with every default applied and every value checked, made once at
    the edge (the command line, the app) by :func:`resolve_options`; the stages read these and
    parse nothing.

    ``max_words``/``max_sentences``: the length budget (at least one is set; :data:`DEFAULT_WORDS`
    when neither was asked). ``weights``: every figure channel's weight in the fused figure
    vector, in :data:`mmsum.embed.channels.CHANNELS` order, 0 for a channel turned off.
    ``device``: the device asked for (one of :data:`DEVICES`). ``asked``: the options as given,
    which outputs and libraries record.
    """

    max_words: int | None
    max_sentences: int | None
    figures: int
    query: str | None
    tables: int
    generate: bool
    strict: bool
    show_flagged: bool
    structure: bool
    max_new_tokens: int
    weights: tuple[tuple[str, float], ...]
    device: str
    ranker: str
    asked: SummaryOptions

    @property
    def channel_weights(self) -> dict[str, float]:
        """``weights`` as a dict (channel -> weight)."""
        return dict(self.weights)


def resolve_options(options: SummaryOptions | ResolvedOptions | None = None,
                    models: ModelOptions | None = None) -> ResolvedOptions:
    """The :class:`ResolvedOptions` of ``options`` (None: the defaults) and the device of
    ``models``; OptionsError naming the first value that cannot be used. Options already
    resolved are returned as they are."""
    if isinstance(options, ResolvedOptions):
        return options
    import dataclasses

    from .embed.channels import SUMMARY_CHANNELS, effective_weights

    asked = dataclasses.replace(options) if options is not None else SummaryOptions()
    asked._check_numbers()
    device = (models or ModelOptions()).validate().device
    words, sentences = asked.words, asked.sentences
    if words is None and sentences is None:
        words = DEFAULT_WORDS
    weights = effective_weights(asked.channel_weights,
                                asked.channels if asked.channels is not None else SUMMARY_CHANNELS)
    return ResolvedOptions(max_words=words, max_sentences=sentences, figures=asked.figures,
                           tables=asked.tables, query=asked.query, generate=asked.generate,
                           strict=asked.strict,
                           show_flagged=asked.show_flagged, structure=asked.structure,
                           max_new_tokens=asked.max_new_tokens,
                           weights=tuple(weights.items()), device=device, ranker=asked.ranker, asked=asked)
