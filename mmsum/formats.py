"""The document formats mmsum reads: one list for the opener and for every file dialog.

MuPDF opens these natively; a file with another name is still tried when its content looks
like a PDF (see :func:`mmsum.ingest.open.open_document`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Format:
    """A readable format: its name as users know it and its file-name suffixes (lower case)."""

    name: str
    suffixes: tuple[str, ...]


INPUT_FORMATS: tuple[Format, ...] = (
    Format("PDF", (".pdf",)),
    Format("XPS", (".xps", ".oxps")),
    Format("EPUB", (".epub",)),
    Format("MOBI", (".mobi",)),
    Format("FB2", (".fb2",)),
    Format("CBZ", (".cbz",)),
    Format("SVG", (".svg",)),
)

NATIVE_SUFFIXES: frozenset[str] = frozenset(s for f in INPUT_FORMATS for s in f.suffixes)


def is_document_name(path: Path | str) -> bool:
    """Whether ``path``'s suffix is one of the readable formats (case-insensitive)."""
    return Path(path).suffix.lower() in NATIVE_SUFFIXES


def format_names() -> str:
    """The formats for a message: "PDF, XPS, EPUB, MOBI, FB2, CBZ or SVG"."""
    names = [f.name for f in INPUT_FORMATS]
    return ", ".join(names[:-1]) + " or " + names[-1]


def file_dialog_filter(*, all_files: bool = True) -> str:
    """A Qt file-dialog filter: every readable format first, then each one, then all files.

    Suffixes are listed in lower and upper case, for file systems and dialogs that match
    case-sensitively.
    """
    def patterns(suffixes) -> str:
        return " ".join(f"*{s}" for suffix in suffixes for s in (suffix, suffix.upper()))

    parts = [f"Documents ({patterns(sorted(NATIVE_SUFFIXES))})"]
    parts += [f"{f.name} files ({patterns(f.suffixes)})" for f in INPUT_FORMATS]
    if all_files:
        parts.append("All files (*)")
    return ";;".join(parts)
