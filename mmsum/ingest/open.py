"""Opening a document file with PyMuPDF, turning every failure into one clear DocumentError."""
from __future__ import annotations

from pathlib import Path

import pymupdf

from ..errors import DocumentError
from ..formats import NATIVE_SUFFIXES  # a file of another type is tried by content, then refused

# Character boxes as MuPDF gives them, without PyMuPDF's quad corrections: what mmsum's reading
# was built and measured with. pymupdf4llm, which PyMuPDF 2 imports, turns them off for the
# whole process on import; mmsum keeps that import from loading (mmsum.unused_imports), so it
# turns them off itself, for every process that reads a document.
pymupdf.TOOLS.unset_quad_corrections(True)


def open_document(path: Path, password: str | None = None) -> pymupdf.Document:
    """Open ``path`` and unlock it with ``password`` if it is encrypted.

    Raises :class:`DocumentError` for a missing or unreadable file, a file that is not a
    document, a corrupt one, a missing or wrong password, or a document without pages.
    """
    path = Path(path)
    if not path.exists():
        raise DocumentError(f"{path}: no such file")
    if path.is_dir():
        raise DocumentError(f"{path}: is a folder, not a document")
    try:
        size = path.stat().st_size
    except OSError as err:
        raise DocumentError(f"{path}: cannot be read ({err.strerror or err})") from None
    if size == 0:
        raise DocumentError(f"{path}: the file is empty")
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as err:
        raise DocumentError(f"{path}: cannot be read ({err.strerror or err})") from None
    suffix = path.suffix.lower()
    filetype = None if suffix in NATIVE_SUFFIXES else ("pdf" if b"%PDF-" in head else None)
    try:
        doc = _open(path, filetype, suffix)
    except OSError as err:
        raise DocumentError(f"{path}: cannot be read ({err.strerror or err})") from None
    except Exception as err:  # MuPDF raises several types for unreadable input
        if suffix == ".pdf" or b"%PDF-" in head:
            raise DocumentError(f"{path}: the PDF is damaged and cannot be opened ({_short(err)})") from None
        raise DocumentError(f"{path}: not a document mmsum can read "
                            "(PDF, XPS, EPUB, MOBI, FB2, CBZ or SVG)") from None
    if not doc.is_pdf and _looks_like_image(head):
        # MuPDF opens a plain image as a one-page document; it has no text to summarize
        doc.close()
        raise DocumentError(f"{path}: an image, not a document; mmsum reads PDF, XPS, EPUB, "
                            "MOBI, FB2, CBZ and SVG files")
    if doc.needs_pass:
        if not password:
            doc.close()
            raise DocumentError(f"{path}: the document is encrypted; give its password with --password")
        if not doc.authenticate(password):
            doc.close()
            raise DocumentError(f"{path}: wrong password")
    try:
        pages = doc.page_count
    except Exception as err:
        doc.close()
        raise DocumentError(f"{path}: the document is damaged ({_short(err)})") from None
    if pages == 0:
        repaired = doc.is_pdf and doc.is_repaired
        doc.close()
        if repaired:  # a truncated or corrupt file that MuPDF rebuilt without finding a page
            raise DocumentError(f"{path}: the PDF is damaged (truncated or corrupt) and no page could be recovered")
        raise DocumentError(f"{path}: the document has no pages")
    return doc


def check_document(path: Path, password: str | None = None) -> None:
    """Raise :class:`DocumentError` (as :func:`open_document` does) if ``path`` cannot be
    opened as a document; cheap, so that inputs can be checked before models load."""
    open_document(Path(path), password).close()


def _open(path: Path, filetype: str | None, suffix: str) -> pymupdf.Document:
    """Open by name, or from the file's bytes when the name is not valid UTF-8 (a name written
    on another system): MuPDF takes names as UTF-8 only, and such a file is not damaged."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        with open(path, "rb") as fh:
            data = fh.read()
        kind = filetype or (suffix.lstrip(".") if suffix in NATIVE_SUFFIXES else None) or "pdf"
        return pymupdf.open(stream=data, filetype=kind)
    return pymupdf.open(path, filetype=filetype) if filetype else pymupdf.open(path)


def _looks_like_image(head: bytes) -> bool:
    return head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF"))


def _short(err: Exception) -> str:
    text = " ".join(str(err).split())
    return text[:160] or type(err).__name__
