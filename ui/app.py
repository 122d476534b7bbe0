"""Entry point of ``mmsum-gui``: the Qt application on a qasync event loop.

Only Qt and mmsum's light modules load before the window shows; PyMuPDF loads in the render
process, and torch and the models in the worker process, which starts (importing the
pipeline) as the window is shown, and loads the models right after (without ``--no-warm-up``).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
import traceback

_T0 = time.perf_counter()  # as early as possible: the launch time counts from here


def _parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="mmsum-gui", description="Summarize documents with figures.")
    ap.add_argument("documents", nargs="*", help="documents to open")
    ap.add_argument("--no-warm-up", action="store_true",
                    help="load the models at the first Summarize instead of right after start-up")
    # prints the seconds until the window is shown and the event loop idles, then quits
    ap.add_argument("--measure-startup", action="store_true", help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def create_app(argv: list[str] | None = None):
    """The QApplication with mmsum's names (they key QSettings), style and chosen appearance."""
    from PySide6.QtWidgets import QApplication

    from .settings import AppSettings
    from .theme import appearance, icon

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setOrganizationName("mmsum")
    app.setApplicationName("mmsum")
    app.setApplicationDisplayName("mmsum")
    app.setDesktopFileName("mmsum")
    app.setWindowIcon(icon("mmsum"))
    app.setStyle("Fusion")  # the same look on every platform, and the style sheet fits it
    appearance().set_mode(AppSettings().appearance())  # light, dark or the system's
    return app


def main(argv: list[str] | None = None) -> int:
    """Start the desktop app; returns the exit status."""
    import multiprocessing

    multiprocessing.freeze_support()  # the worker process of a frozen (PyInstaller) build
    args = _parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    from .platform_check import check, report

    problem = check()
    if problem is not None:  # Qt would abort (exit 134) with a message few can act on
        return report(problem)

    import qasync
    from PySide6.QtCore import QTimer

    app = create_app()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    from .main_window import MainWindow

    window = MainWindow()

    def excepthook(kind, value, tb) -> None:
        # an exception in a slot must become a message, not a silent nothing or an abort
        logging.getLogger("mmsum.gui").error("".join(traceback.format_exception(kind, value, tb)))
        window.show_error(f"Unexpected error: {value!r}")

    sys.excepthook = excepthook
    window.show()
    if args.no_warm_up:
        window.models_label.setText("Models: loaded at the first Summarize")
        window.device_label.setText("Device: chosen then")
    if args.documents:
        window.open_files(args.documents)

    if args.measure_startup:
        def ready() -> None:
            print(f"window usable after {time.perf_counter() - _T0:.3f} s (since interpreter "
                  "reached ui.app)", flush=True)
            app.quit()
        # two turns of the loop: the first handles the show and paint events posted by show()
        QTimer.singleShot(0, lambda: QTimer.singleShot(0, ready))
    else:
        from . import first_run, render

        if not args.no_warm_up:
            window.engine.start_worker()  # its interpreter and the pipeline's imports while the window opens
        # after the first paint, so start-up work does not delay the window
        QTimer.singleShot(100, render.warm_up)
        if not args.no_warm_up:
            QTimer.singleShot(300, lambda: first_run.start(window))  # preparing the models first if needed

    with loop:
        loop.run_forever()
    from . import render
    from .engine import shutdown_shared_worker

    shutdown_shared_worker()
    render.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
