"""The main window's library commands: the Library menu (Show Library, Open Library…, Add
Folder to Library…), the library window, and showing a search result (its document at the
page and box)."""
from __future__ import annotations

from pathlib import Path


class LibraryCommands:
    """Mixed into :class:`~ui.main_window.MainWindow`."""

    _library_dialog = None
    _pending_location: tuple[Path, int, tuple] | None = None

    def library_path(self) -> Path:
        """The library last opened, else the default one (the user's data folder)."""
        from mmsum.library import default_library

        value = self.settings.store.value("library/path")
        return Path(str(value)) if value else default_library()

    def open_library_window(self, library: Path | None = None):
        """Show the library window (on ``library``, or the last one used); it is returned."""
        from .library_dialog import LibraryDialog

        if self._library_dialog is None:
            d = LibraryDialog(library or self.library_path(), self.engine.model_options, self)
            d.openLocation.connect(self.open_at)
            d.libraryChanged.connect(self._library_changed)
            d.running.connect(lambda busy: busy or self._library_changed(str(d.library)))
            self.librarySearchRequested.connect(lambda text: (self.open_library_window(), d.search(text)))
            self._library_dialog = d
            self._library_changed(str(d.library))
        elif library is not None:
            self._library_dialog.set_library(library)
        self._library_dialog.show()
        self._library_dialog.raise_()
        return self._library_dialog

    def open_library_dialog(self) -> None:
        from .library_dialog import ask_library

        path = ask_library(self, self.library_path())
        if path:
            self.open_library_window(path)

    def add_folder_to_library(self) -> None:
        from .library_dialog import ask_folder

        folder = ask_folder(self)
        if folder:
            self.open_library_window().add([folder])

    def _library_changed(self, path: str) -> None:
        self.settings.store.setValue("library/path", path)
        self.set_library_available(Path(path).is_file())

    def open_at(self, path: str, page: int, bbox) -> None:
        """Open (or show) the document at ``path`` at ``page`` (0-based), highlighting ``bbox``
        (PDF points) once its pages are laid out."""
        target = Path(path).resolve()
        current = self.session.current
        if current is not None and current.path == target and current.pages:
            self.viewer.show_box(page, tuple(bbox) if bbox else None)
            return
        if self._pending_location is None:
            self.documentShown.connect(self._show_pending_location)
        self._pending_location = (target, page, tuple(bbox) if bbox else None)
        self.open_files([target])

    def _show_pending_location(self, shown: str) -> None:
        pending = self._pending_location
        if pending is not None and Path(shown).resolve() == pending[0]:
            self._pending_location = None
            self.documentShown.disconnect(self._show_pending_location)
            self.viewer.show_box(pending[1], pending[2])
