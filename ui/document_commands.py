"""The main window's documents: open (and check) files, close them, ask for a password, and
follow the viewer as it lays out a document's pages.

Mixed into :class:`~ui.main_window.MainWindow`; the documents themselves are the session's
(:class:`ui.session.Session`), whose events the panels follow.
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

from mmsum.formats import file_dialog_filter
from mmsum.pages import PasswordRequired

from .session import OpenDocument


class DocumentCommands:
    """Open, check, close and show documents in :class:`~ui.main_window.MainWindow`."""

    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open documents", self.settings.last_dir("open"),
                                                file_dialog_filter())
        if paths:
            self.settings.set_last_dir("open", Path(paths[0]).parent)
            self.open_files([Path(p) for p in paths])

    def open_files(self, paths: list[Path | str]) -> None:
        """Open each file (or show the one already open); the last one is shown.

        Every file is opened (in the render process) to check it; each one that cannot be
        opened is reported, not only the last.
        """
        shown = None
        for p in paths:
            path = Path(p).resolve()
            if not path.is_file():
                self.show_error(f"{path.name}: file not found" if not path.exists()
                                else f"{path.name} is a folder; use File ▸ Batch… for folders")
                continue
            shown = self.session.open(path)
        asked = {Path(p).resolve() for p in paths}
        for doc in [d for d in self.session.documents if d is not shown and d.pages == 0 and d.path in asked]:
            self._checker.open(str(doc.path), str(doc.path), doc.password)
        if shown is not None and shown is not self.session.current:
            self.session.show(shown)

    def _on_check_failed(self, token: object, err: Exception) -> None:
        doc = self.session.find(str(token)) if token else None
        if doc is None or doc.pages > 0 or isinstance(err, PasswordRequired):
            return  # removed, or shown meanwhile; a password is asked for when it is shown
        self._report_failed(doc, err)
        self._remove(doc)

    def _report_failed(self, doc: OpenDocument, err: Exception) -> None:
        text = str(err)
        if doc.path.name not in text:  # the core's messages name the file; others may not
            text = f"{doc.path.name}: {text}"
        self.show_error(html.escape(text))
        self.documentFailed.emit(str(doc.path), text)

    def close_current(self) -> None:
        doc = self.session.current
        if doc is None:
            return
        if self.session.job_doc is doc:
            self.cancel_summary()
        self._remove(doc)

    def _remove(self, doc: OpenDocument) -> None:
        self.viewer.forget(str(doc.path))
        self.session.close(doc)

    def _on_doc_selected(self, row: int) -> None:
        docs = self.session.documents
        doc = docs[row] if 0 <= row < len(docs) else None
        if doc is not self.session.current:
            self.session.show(doc)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for p in recent:
            a = self.recent_menu.addAction(Path(p).name)
            a.setToolTip(p)
            a.setStatusTip(p)
            a.triggered.connect(lambda _c=False, p=p: self.open_files([p]))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear list", self.settings.clear_recent)
        self.recent_menu.setEnabled(bool(recent))

    # -- the viewer ---------------------------------------------------------------------------
    def _load_in_viewer(self, doc: OpenDocument | None) -> None:
        """The session's ``current``: the viewer shows ``doc`` (nothing of the last one's pages)."""
        self.page_box.setRange(1, 1)
        self.page_count_label.setText(" / –")
        if doc is None:
            self.viewer.clear()
            self.setWindowTitle("mmsum")
        else:
            self.setWindowTitle(f"{doc.path.name} — mmsum")
            self.viewer.reference_name = doc.path.name
            self.viewer.load(str(doc.path), doc.password)

    def _on_viewer_loaded(self, pages: int) -> None:
        doc = self.session.current
        if doc is None:
            return
        doc.pages = pages
        info = self.viewer.info
        if info is not None and info.title:
            self.viewer.reference_name = info.title
        self.settings.add_recent(doc.path)  # only files that did open
        self.page_box.setRange(1, max(1, pages))
        self.page_count_label.setText(f" / {pages}")
        self.side_panel.thumbnails.set_document(str(doc.path), doc.password,
                                                info.sizes if info is not None else [])
        self.side_panel.outline.set_outline(info.outline if info is not None else [])
        if self.find_bar.isVisible() and self.find_bar.edit.text().strip():
            self._start_search(self.find_bar.edit.text())
        self._update_actions()
        self.documentShown.emit(str(doc.path))

    def _on_viewer_failed(self, err: Exception) -> None:
        doc = self.session.current
        if doc is None:
            return
        if isinstance(err, PasswordRequired):
            prompt = (f"The password for {doc.path.name} is not right. Try again:" if err.wrong
                      else f"{doc.path.name} is encrypted. Password:")
            password, ok = QInputDialog.getText(self, "Password", prompt, QLineEdit.EchoMode.Password)
            if ok and password:
                doc.password = password
                self.viewer.load(str(doc.path), password)
                return
            self.show_error(html.escape(f"{doc.path.name} was not opened: it needs its password."), "info")
            self._remove(doc)
            return
        self._report_failed(doc, err)
        self._remove(doc)

    def _on_page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self.side_panel.thumbnails.set_current_page(page)

    def _on_zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)} %")
