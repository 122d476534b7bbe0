"""The first launch: the encoders' one-time preparation, shown in a progress dialog.

On the CPU the encoders run from files exported once into mmsum's cache folder (see
:mod:`mmsum.embed.preparation`). When they are missing, the app says so at launch, with the
work under way and about how long it takes, and loads the models only once they are there;
the window stays usable meanwhile (the dialog is not modal and can be hidden).
"""
from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from mmsum.options import ModelOptions

from .worker import ProgressRelay

log = logging.getLogger(__name__)
STEPS = 1000  # the dialog's range
_tasks: set[asyncio.Task] = set()  # held while they run: a task nobody holds may vanish


def pending(models: ModelOptions) -> list:
    """The preparations the chosen encoders still need (light: imports no model library)."""
    from mmsum.embed.preparation import pending as pending_preparations

    return pending_preparations(models.text_model, models.image_model, device=models.device,
                                backend=models.backend, offline=models.offline)


def preparation_dialog(parent: QWidget, steps: list) -> QProgressDialog:
    """A dialog naming the preparation and its estimate; its button only hides it."""
    total = sum(s.estimate_s for s in steps)
    dialog = QProgressDialog(steps[0].announcement(), "Hide", 0, STEPS, parent)
    dialog.setWindowTitle(f"Preparing the models (once, about {total:.0f} s)")
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(420)
    dialog.setValue(0)
    return dialog


def start(window) -> None:
    """At launch: prepare the encoders if they need it (with the dialog), then load them as
    ``window.warm_up`` does. ``window``: the app's main window (its ``engine``, ``warm_up``
    and ``show_error``)."""
    try:
        steps = pending(window.engine.model_options)
    except Exception as err:  # noqa: BLE001 - the load will say what is wrong
        log.info("could not tell whether the models need preparing: %s", err)
        steps = []
    if not steps:
        window.warm_up()
        return
    dialog = preparation_dialog(window, steps)
    relay = ProgressRelay(interval_s=0.1, parent=dialog)
    relay.progressed.connect(lambda fraction, message: (dialog.setValue(round(fraction * STEPS)),
                                                         dialog.setLabelText(message)))
    dialog.canceled.connect(dialog.hide)
    dialog.show()

    async def run() -> None:
        try:
            await window.engine.prepare_models(progress=relay.report)
        except Exception as err:  # noqa: BLE001 - the models still load (on PyTorch), saying why
            window.show_error(f"Preparing the models failed: {err}")
        finally:
            relay.close()
            dialog.close()
            dialog.deleteLater()
        window.warm_up()

    task = asyncio.ensure_future(run())
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
