"""Which documents a batch holds, and the output names each one gets."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence


@dataclass(frozen=True)
class Source:
    """A document to summarize; ``subdir`` is where its outputs go under the output folder
    (``.`` for files named directly or found at the top of a folder; the folder's relative
    path for documents found by a recursive walk)."""

    path: Path
    subdir: Path = Path(".")


@dataclass(frozen=True)
class Job:
    """One document's work: summarize ``path`` into ``out_dir/<stem>.*``.

    ``index`` is the document's 0-based position in the batch; ``attempt`` counts starts.
    Paths are absolute, so a worker on another node (whose working folder differs) finds them.
    """

    index: int
    path: Path
    out_dir: Path
    stem: str
    attempt: int = 1


def supported_suffixes() -> set[str]:
    """File suffixes a folder is searched for."""
    try:
        from ..ingest.open import NATIVE_SUFFIXES

        return set(NATIVE_SUFFIXES)
    except ImportError:
        return {".pdf"}


def _walk(folder: Path, suffixes: set[str], recursive: bool, skip: Path | None,
          skipped: list[Path] | None = None) -> list[Source]:
    if not recursive:
        files = [c for c in sorted(folder.iterdir()) if c.is_file()]
        if skipped is not None:  # hidden files (.DS_Store, temporaries) are not worth a word
            skipped += [c for c in files if c.suffix.lower() not in suffixes and not c.name.startswith(".")]
        return [Source(c) for c in files if c.suffix.lower() in suffixes]
    found: list[Source] = []
    for root, dirs, files in os.walk(folder):  # does not follow links to folders: no cycles
        here = Path(root)
        # hidden folders (.git, .cache) and the batch's own output folder hold no inputs
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or (here / d).resolve() != skip))
        rel = here.relative_to(folder)
        found += [Source(here / f, rel) for f in sorted(files) if Path(f).suffix.lower() in suffixes]
        if skipped is not None:
            skipped += [here / f for f in sorted(files)
                        if Path(f).suffix.lower() not in suffixes and not f.startswith(".")]
    return found


def collect_documents(paths: Iterable[Path], *, recursive: bool = False,
                      out_dir: Path | None = None, skipped: list[Path] | None = None) -> list[Source]:
    """Files as given, and the supported documents inside each folder (sorted; with
    ``recursive``, in its subfolders too, skipping hidden ones and ``out_dir``).

    Missing paths are kept, so that the batch reports them; duplicates are dropped. The other
    files met in folders are added to ``skipped`` when it is given.
    """
    suffixes = supported_suffixes()
    skip = Path(out_dir).resolve() if out_dir is not None else None
    out: list[Source] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        for src in (_walk(p, suffixes, recursive, skip, skipped) if p.is_dir() else [Source(p)]):
            key = src.path.resolve() if src.path.exists() else src.path
            if key not in seen:
                seen.add(key)
                out.append(src)
    return out


def expand_inputs(paths: Iterable[Path], recursive: bool = False) -> list[Path]:
    """Files as given, and the supported documents inside each folder (sorted; subfolders
    too with ``recursive``). Missing paths are kept; duplicates are dropped."""
    return [s.path for s in collect_documents(paths, recursive=recursive)]


def absolute(path: Path) -> Path:
    """``path`` made absolute (resolved when it exists), so every worker sees the same file."""
    path = Path(path).expanduser()
    return path.resolve() if path.exists() else Path(os.path.abspath(path))


def plan_jobs(sources: Sequence[Source | Path], out_dir: Path | None,
              known_stems: Mapping[str, str] | None = None) -> list[Job]:
    """One job per document, in order, with output stems unique per output folder.

    A document's stem is its file stem, with "-2", "-3"... when two inputs would write the
    same files. ``known_stems`` (absolute path -> stem, from an earlier run's manifest) are
    kept, so that a resumed batch writes each document's files under the same names.
    """
    srcs = [s if isinstance(s, Source) else Source(Path(s)) for s in sources]
    known = dict(known_stems or {})
    folders = [(absolute(out_dir) / s.subdir) if out_dir is not None else absolute(s.path).parent for s in srcs]
    keys = [str(absolute(s.path)) for s in srcs]
    taken: set[tuple[Path, str]] = {(folder, known[k].lower()) for folder, k in zip(folders, keys) if k in known}
    jobs = []
    for i, (src, folder, key) in enumerate(zip(srcs, folders, keys)):
        stem = known.get(key)
        if stem is None:
            stem, n = src.path.stem, 1
            while (folder, stem.lower()) in taken:
                n += 1
                stem = f"{src.path.stem}-{n}"
            taken.add((folder, stem.lower()))
        jobs.append(Job(i, Path(key), folder, stem))
    return jobs
