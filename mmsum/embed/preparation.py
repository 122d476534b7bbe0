"""The encoders' one-time preparation: which of it is still to do, and doing it with progress.

On the CPU the encoders run on ONNX Runtime from files exported once from their PyTorch
weights into mmsum's cache folder (:mod:`.onnx_export`). That export takes seconds of the
first run; :func:`pending` says, without importing torch or onnxruntime, what the chosen
models still need, so that ``mmsum prepare``, the app's first launch and the first summary or
search can say what they are doing and about how long it takes, instead of going silent.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import ModelError
from ..progress import CancelFn, ProgressFn, check, no_progress

# seconds each preparation takes on a 2-core x86-64 CPU, rounded: what the user is told to
# expect (``mmsum prepare`` on a fresh cache took 16.5 s and 6.1 s with the machine shared with
# other work, load average 13; the first run's export was 12-18 s in all on a quiet one)
ESTIMATE_S = {"text": 15.0, "image": 6.0}
TICK_S = 0.5  # how often the progress of a preparation under way is reported


@dataclass(frozen=True)
class Preparation:
    """One encoder's preparation: ``role`` "text" or "image"; ``files``: the ONNX files it
    writes, in order; ``run(progress)`` writes those still missing (ModelError on failure)."""

    role: str
    model: str
    files: tuple[Path, ...]
    estimate_s: float
    run: Callable[[ProgressFn], None] = field(repr=False, compare=False)

    @property
    def label(self) -> str:
        """What the user reads: "the text encoder" or "the image encoder"."""
        return f"the {self.role} encoder"

    def announcement(self) -> str:
        """The one line said when the preparation starts."""
        return f"Preparing {self.label} (once, about {self.estimate_s:.0f} s)…"


def pending(text_model: str | None = None, image_model: str | None = None, *, device: str = "auto",
            backend: str = "auto", offline: bool = True) -> list[Preparation]:
    """The preparations still needed before the encoders chosen by these model options (the
    fields of :class:`~mmsum.options.ModelOptions` of those names) can run.

    Empty when everything is in the cache folder, when the encoders run on PyTorch (a GPU,
    ``backend="torch"``, a model ONNX Runtime cannot take), or when a model cannot be
    resolved (loading it then says why). Imports neither torch nor onnxruntime.
    """
    from ..device import resolve_device
    from ..models import resolve_image_model, resolve_text_model
    from .loaders import image_on_onnx, resolve_backend, text_int8, text_on_onnx
    from .onnx_export import image_export_path, text_export_path

    try:
        device = resolve_device(device).name
        backend = resolve_backend(backend)
        out = []
        text = resolve_text_model(text_model, offline)
        folder = Path(text.location or "")
        if text_on_onnx(text, device, backend) and folder.is_dir():
            int8 = text_int8(device, backend)
            files = (text_export_path(text.name, folder),) + ((text_export_path(text.name, folder, True),)
                                                              if int8 else ())
            if not all(f.is_file() for f in files):
                def run_text(progress: ProgressFn, text=text, int8=int8) -> None:
                    from .onnx_text import export_text

                    export_text(text, progress, int8=int8)

                out.append(Preparation("text", text.name, files, ESTIMATE_S["text"], run_text))
        image = resolve_image_model(image_model, offline)
        if image_on_onnx(image, device, backend) and image.location:
            target = image_export_path(image.name, Path(image.location))
            if not target.is_file():
                def run_image(progress: ProgressFn, image=image) -> None:
                    from .onnx_image import export_image

                    export_image(image, progress)

                out.append(Preparation("image", image.name, (target,), ESTIMATE_S["image"], run_image))
        return out
    except (ModelError, OSError):
        return []


def prepare(steps: list[Preparation], progress: ProgressFn | None = None, cancel: CancelFn | None = None,
            on_step: Callable[[Preparation, float | None], None] | None = None) -> dict[str, float]:
    """Run each preparation in turn; returns role -> seconds it took.

    ``progress(fraction, message)`` goes on every :data:`TICK_S` while a preparation runs
    (the fraction by the estimates: an export cannot say how far it is), from a helper
    thread. ``on_step(step, None)`` as each starts, ``on_step(step, seconds)`` as it ends.
    ``cancel`` is looked at between preparations (an export cannot stop halfway; what was
    exported stays). ModelError when one fails; the files of those done stay.
    """
    progress = progress or no_progress
    total = sum(s.estimate_s for s in steps) or 1.0
    done_s, took = 0.0, {}
    for step in steps:
        check(cancel)
        if on_step is not None:
            on_step(step, None)
        t0 = time.perf_counter()
        stop = threading.Event()

        def tick(step=step, before=done_s) -> None:
            while not stop.wait(TICK_S):
                spent = time.perf_counter() - t0
                fraction = (before + min(spent, step.estimate_s * 0.95)) / total
                progress(fraction, f"{step.announcement()} {spent:.0f} s")

        progress(done_s / total, step.announcement())
        ticker = threading.Thread(target=tick, name="mmsum-prepare-progress", daemon=True)
        ticker.start()
        try:
            step.run(no_progress)
        finally:
            stop.set()
            ticker.join()
        took[step.role] = time.perf_counter() - t0
        done_s += step.estimate_s
        if on_step is not None:
            on_step(step, took[step.role])
    progress(1.0, "models ready")
    return took
