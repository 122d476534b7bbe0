"""Training examples for the learned ranker, from a folder of documents with abstracts.

Each document's abstract is found and removed from its PDF by the evaluation's own corpus
module (``corpus.py``: ``read_paper``, ``redact_abstract``), passed by path so that the
labels are taken exactly as ``run.py`` takes them. The redacted copy then goes through the
summary pipeline as ``run.py`` runs it (``--words 350``), up to the ranking; the ranking's
inputs (the document, its vectors, the fused figure vectors) are kept on disk per document,
so features can be rebuilt and the model refit in seconds.

Labels (over the reader's sentences and figures, with ROUGE as ``run.py`` scores it):

- a sentence: the mean of the ROUGE-1 and ROUGE-2 precision of the sentence against the
  abstract (how much of what it says the abstract says);
- a figure: the ROUGE-2 recall of the abstract by its caption (what ``run.py salience``
  calls the oracle), plus a quarter of that by the sentences that cite it.
"""
from __future__ import annotations

import importlib.util
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

SUMMARY_WORDS = 350  # as run.py asks for
MENTION_SHARE = 0.25  # a figure's label: its caption's, plus this share of its mentions'
FORMAT = "1"  # bump when what a cached example holds changes meaning


@dataclass
class Example:
    """One document's ranking inputs and labels."""

    name: str  # the PDF's file name
    doc: object  # mmsum.document.Document (crops dropped)
    emb: object  # mmsum.embed.document.DocEmbeddings
    figs: object  # mmsum.embed.fusion.FigureVectors
    abstract: str
    sentence_labels: np.ndarray  # (n,)
    figure_labels: np.ndarray  # (m,)
    caption_labels: np.ndarray  # (m,): the caption's part alone
    source: str = ""  # the PDF it was read from, as given to :func:`.examples.extract`


def load_corpus_module(eval_dir: Path) -> ModuleType:
    """The evaluation's ``corpus.py`` from ``eval_dir`` (it is not part of the package)."""
    path = Path(eval_dir) / "corpus.py"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no corpus.py there (give the evaluation folder, e.g. ../shared/eval)")
    spec = importlib.util.spec_from_file_location("mmsum_eval_corpus", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


def sentence_labels(texts: list[str], abstract: str, scorer=None) -> np.ndarray:
    """Per sentence: mean of ROUGE-1 and ROUGE-2 precision against ``abstract`` (0..1)."""
    scorer = scorer or _scorer()
    out = np.zeros(len(texts), dtype=np.float32)
    for i, t in enumerate(texts):
        s = scorer.score(abstract, t)
        out[i] = 0.5 * (s["rouge1"].precision + s["rouge2"].precision)
    return out


def figure_labels(doc, abstract: str, scorer=None) -> tuple[np.ndarray, np.ndarray]:
    """(label, caption part) per figure of ``doc``: ROUGE-2 recall of ``abstract`` by the
    caption, plus ``MENTION_SHARE`` of it by the sentences citing the figure."""
    scorer = scorer or _scorer()
    m = len(doc.figures)
    caption = np.zeros(m, dtype=np.float32)
    mention = np.zeros(m, dtype=np.float32)
    for k, fig in enumerate(doc.figures):
        if fig.caption.strip():
            caption[k] = scorer.score(abstract, fig.caption)["rouge2"].recall
        idx = sorted({x.sentence for x in fig.mentions if 0 <= x.sentence < len(doc.sentences)})
        if idx:
            text = " ".join(doc.sentences[i].text for i in idx)
            mention[k] = scorer.score(abstract, text)["rouge2"].recall
    return caption + MENTION_SHARE * mention, caption


def _capture(summarizer, pdf: Path):
    """Run the summary pipeline on ``pdf`` and return the ranking's inputs (doc, emb, figs)."""
    from .. import rank
    from ..options import SummaryOptions

    seen: dict = {}
    real = rank.rank_document

    def recording(doc, emb, figs, *args, **kwargs):
        seen.update(doc=doc, emb=emb, figs=figs)
        return real(doc, emb, figs, *args, **kwargs)

    rank.rank_document = recording
    try:
        summarizer.summarize(pdf, SummaryOptions(words=SUMMARY_WORDS))
    finally:
        rank.rank_document = real
    return seen["doc"], seen["emb"], seen["figs"]


def cache_path(cache_dir: Path, pdf: Path) -> Path:
    return Path(cache_dir) / f"{pdf.stem}.v{FORMAT}.pkl"


def read_example(pdf: Path, corpus: ModuleType, summarizer, scorer, log=print) -> Example | None:
    """The example of ``pdf``: None when ``corpus.read_paper`` finds no abstract or the file
    cannot be read (said through ``log``)."""
    from ..errors import MmsumError

    try:
        paper = corpus.read_paper(pdf)
    except MmsumError as e:  # a file that cannot be opened (mmsum's own finder says why)
        log(f"{pdf.name}: skipped ({e})")
        return None
    if not paper.has_abstract:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        red = corpus.redact_abstract(paper, Path(tmp) / pdf.name)
        try:
            doc, emb, figs = _capture(summarizer, red)
        except MmsumError as e:
            log(f"{pdf.name}: skipped ({e})")
            return None
    for fig in doc.figures:
        fig.image_png = None  # crops are not features; keeps the cache small
    labels, caption = figure_labels(doc, paper.abstract, scorer)
    log(f"{pdf.name}: {len(doc.sentences)} sentences, {len(doc.figures)} figures")
    return Example(pdf.name, doc, emb, figs, paper.abstract,
                   sentence_labels([s.text for s in doc.sentences], paper.abstract, scorer), labels, caption, str(pdf))
