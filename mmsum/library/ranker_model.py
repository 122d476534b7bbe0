"""A library's own ranker: the weights ``mmsum library train`` fits on the library's documents,
kept beside the library file (``papers.sqlite`` → ``papers.ranker.json``) with the numbers that
decide whether it ranks.

The file is a ranker weights file (:mod:`mmsum.rank.learned`, usable as ``--ranker FILE``)
with a ``library`` entry: how many documents it learned from, and the cross-validated ROUGE-2
of the top sentences on the same held-out folds for this model, the bundled learned model and
the hand weights (and the top figure's agreement with the caption oracle). It ranks the
library's summaries only when its score beats both bundled rankers'; otherwise it is kept
and the bundled default ranks.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_text_atomic
from ..rankers import DEFAULT_RANKER

MIN_DOCUMENTS = 20  # documents with an abstract a library needs before a model is fitted
BUNDLED_NAMES = {"heuristic": "the bundled heuristic", "learned": "the bundled learned model",
                 "learned+figures": "the bundled learned model"}


def model_path(library: Path) -> Path:
    """Where ``library``'s own ranker is kept: beside it, ``<stem>.ranker.json``."""
    library = Path(library).expanduser()
    return library.with_name(f"{library.stem}.ranker.json")


@dataclass(frozen=True)
class LibraryModel:
    """What ``mmsum library train`` measured of a library's model, on the held-out documents of
    its folds: ROUGE-2 F (0..100) of the top sentences, cut to the abstract's length, against
    the abstract (mean over the documents); top-1: the share of documents whose top figure is
    the caption oracle's (``figure_documents``: those with three figures or more and a clear
    best)."""

    path: Path
    documents: int
    folds: int
    r2: float
    r2_bundled: float
    r2_heuristic: float
    top1: float
    top1_bundled: float
    top1_heuristic: float
    figure_documents: int
    trained: str  # ISO date and time, UTC
    digest: str  # of the file's bytes: what the library's stored summaries were ranked with

    @property
    def ranks(self) -> bool:
        """Whether it ranks the library's summaries: its score beats both bundled rankers'."""
        return self.r2 > self.r2_bundled and self.r2 > self.r2_heuristic

    @property
    def ranks_figures(self) -> bool:
        """Whether its figure model ranks figures too (else the hand weights do)."""
        return self.ranks and self.top1 > self.top1_heuristic

    def describe(self) -> str:
        """One line: which model ranks the library's summaries, and why."""
        numbers = (f"cross-validated ROUGE-2 {self.r2:.2f} against the bundled model's {self.r2_bundled:.2f} "
                   f"and the heuristic's {self.r2_heuristic:.2f}, {self.documents} documents")
        if self.ranks:
            figures = "sentences and figures" if self.ranks_figures else "sentences; figures by the hand weights"
            return f"this library's model ranks ({figures}; {numbers})"
        beaten = "the bundled learned model" if self.r2 <= self.r2_bundled else "the heuristic"
        return f"{BUNDLED_NAMES[DEFAULT_RANKER]} ranks (this library's model does not beat {beaten}: {numbers})"


def read_library_model(library: Path) -> LibraryModel | None:
    """The model kept beside ``library``, or None when there is none or it cannot be read."""
    path = model_path(library)
    try:
        data = path.read_bytes()
        info = json.loads(data)["library"]
        return LibraryModel(path=path, digest=hashlib.sha256(data).hexdigest()[:16],
                            **{k: info[k] for k in LibraryModel.__dataclass_fields__ if k not in ("path", "digest")})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_library_model(library: Path, weights: dict, numbers: dict) -> LibraryModel:
    """Keep ``weights`` (a ranker's ``to_dict()``) and ``numbers`` (the fields of
    :class:`LibraryModel` but path and digest) beside ``library``, atomically: a reader sees
    the old file or the new one, whole."""
    from ..rank.learned import FORMAT

    ranks = LibraryModel(model_path(library), digest="", **numbers)
    body = dict(weights, format=FORMAT, library=numbers,
                rank_figures=ranks.ranks_figures and weights.get("rank_figures", True))
    write_text_atomic(model_path(library), json.dumps(body))
    model = read_library_model(library)
    assert model is not None
    return model


def library_ranker(library: Path) -> tuple[str | None, str]:
    """(the ranker spec for ``library``'s summaries when its own model ranks, else None; the
    model's digest, "" when none ranks)."""
    model = read_library_model(library)
    if model is None or not model.ranks:
        return None, ""
    return str(model.path), model.digest


def ranker_for(library: Path, document: Path) -> str | None:
    """The library's own model (its file) when it ranks and ``document`` is stored in
    ``library``; else None (the summary keeps the ranker it was asked with)."""
    spec, _ = library_ranker(library)
    if spec is None:
        return None
    from ..batch.inputs import absolute
    from .store import Library, LibraryError

    try:
        with Library(Path(library), readonly=True) as lib:
            row = lib.db.execute("SELECT 1 FROM documents WHERE path = ?", (str(absolute(Path(document))),)).fetchone()
    except LibraryError:
        return None
    return spec if row else None


def describe_ranking(library: Path) -> str:
    """One line: which model ranks ``library``'s summaries."""
    model = read_library_model(library)
    if model is not None:
        return model.describe()
    if model_path(library).exists():
        return f"{BUNDLED_NAMES[DEFAULT_RANKER]} ranks ({model_path(library).name} cannot be read)"
    return f"{BUNDLED_NAMES[DEFAULT_RANKER]} ranks (no library model: `mmsum library train` fits one)"


def ranking_record(library: Path) -> dict:
    """Which model ranks ``library``'s summaries, as ``library list --json`` gives it:
    ``ranks`` ("library" or the bundled ranker's name), ``model`` (the library model's file or
    null) and its numbers."""
    model = read_library_model(library)
    out: dict = {"ranks": "library" if model is not None and model.ranks else DEFAULT_RANKER,
                 "model": str(model.path) if model is not None else None, "line": describe_ranking(library)}
    if model is not None:
        out.update({k: getattr(model, k) for k in ("documents", "folds", "r2", "r2_bundled", "r2_heuristic",
                                                    "top1", "top1_bundled", "top1_heuristic", "trained")})
    return out
