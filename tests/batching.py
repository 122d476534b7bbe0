"""A batch run in the test's own process, on mmsum's batch runner (no manifest, no workers)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from mmsum.batch import BatchSettings, DocumentFinished, InProcessEngine, run_batch
from mmsum.batch.result import DocumentResult
from mmsum.options import SummaryOptions
from mmsum.progress import CancelFn


def batch_here(paths: Sequence[Path], options: SummaryOptions, summarizer, out_dir: Path | None,
               formats: Sequence[str], *, cancel: CancelFn | None = None,
               on_result: Callable[[DocumentResult], None] | None = None) -> list[DocumentResult]:
    """Summarize ``paths`` with the loaded ``summarizer`` and write ``formats`` to ``out_dir``
    (None: beside each input); one result per document, in order."""
    def on_event(event) -> None:
        if isinstance(event, DocumentFinished) and on_result is not None:
            on_result(event.result)

    settings = BatchSettings(models=summarizer.options, options=options, formats=tuple(formats),
                             use_cache=summarizer.cache.enabled)
    report = run_batch([Path(p) for p in paths], settings, out_dir=out_dir, engine=InProcessEngine(summarizer),
                       on_event=on_event, cancel=cancel, resume=False, manifest=False)
    return report.results
