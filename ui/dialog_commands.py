"""The main window's commands that ask something in a dialog or a window of their own:
File ▸ Export Markdown… (a folder), File ▸ Batch… and Edit ▸ Settings…, and opening a link
of a message."""
from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from mmsum.errors import MmsumError

if TYPE_CHECKING:
    from .session import OpenDocument


class DialogCommands:
    """Mixed into :class:`~ui.main_window.MainWindow`."""

    # -- export -------------------------------------------------------------------------------
    def export_dialog(self) -> None:
        doc = self.session.current
        if doc is None or doc.result is None:
            self.show_error("Summarize the document first; then export its summary.", "info")
            return
        folder = QFileDialog.getExistingDirectory(self, "Export Markdown to folder",
                                                  self.settings.last_dir("export"))
        if folder:
            self.settings.set_last_dir("export", folder)
            self.export_markdown(Path(folder))

    def export_markdown(self, out_dir: Path) -> None:
        """Write the current summary as ``out_dir/<stem>.md`` (+ figures), as the CLI does."""
        doc = self.session.current
        if doc is None or doc.result is None:
            return
        self._spawn(self._export(doc, out_dir))

    async def _export(self, doc: OpenDocument, out_dir: Path) -> None:
        try:
            paths = await self.engine.export(doc.result.summary, out_dir, ("md",))
        except (MmsumError, OSError) as err:
            self.show_error(f"Export failed: {err}")
            return
        md = next((p for p in paths if p.suffix == ".md"), paths[0] if paths else out_dir)
        url = QUrl.fromLocalFile(str(Path(md).parent)).toString()
        self.show_error(f"Exported <b>{html.escape(Path(md).name)}</b> to "
                        f"{html.escape(str(Path(md).parent))} — <a href='{url}'>open folder</a>", "info")
        self.exported.emit([str(p) for p in paths])

    def _open_link(self, url: str) -> None:
        """A link in a message (e.g. "open folder"); says so when the system cannot open it."""
        target = QUrl(url)
        if not QDesktopServices.openUrl(target):
            where = target.toLocalFile() if target.isLocalFile() else url
            self.show_error(f"Could not open {html.escape(where)}: this system has no application "
                            "set up to open it (on Linux, install a file manager or set one with "
                            "<i>xdg-mime default</i>).", "warning")

    # -- batch and settings -------------------------------------------------------------------
    def open_batch(self) -> None:
        from .batch_dialog import BatchDialog

        if self._batch_dialog is None:
            self._batch_dialog = BatchDialog(self.engine, self.controls, self.settings, self)
            self._batch_dialog.running.connect(lambda _busy: self._update_actions())
        self._batch_dialog.show()
        self._batch_dialog.raise_()
        self._batch_dialog.activateWindow()

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.engine.model_options, self, weights=self.settings.channel_weights())
        if dlg.exec():
            self.settings.set_channel_weights(dlg.weights())
            self.options_changed()
            self.apply_model_options(dlg.options())

    def apply_model_options(self, models) -> None:
        """Use ``models`` from now on: remember them and reload in the background."""
        if models == self.engine.model_options:
            return
        self.settings.set_model_options(models)
        self.engine.set_model_options(models)
        self.models_label.setText("Models: loading…")
        self.device_label.setText("Device: …")
        if not self.session.busy and not self._batch_running():
            self.warm_up()

    def _batch_running(self) -> bool:
        return self._batch_dialog is not None and self._batch_dialog.is_running
