"""What the app remembers between runs (QSettings): models, summary controls, recent files."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from mmsum.options import DEFAULT_FIGURES, DEFAULT_WORDS, ModelOptions, SummaryOptions

MAX_RECENT = 10


def _bool(value: object, default: bool) -> bool:
    # QSettings' INI backend hands booleans back as the strings "true"/"false"
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


class AppSettings:
    """Typed access to a :class:`QSettings` store (the platform's default one unless given)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings()

    # -- models -------------------------------------------------------------------------------
    def model_options(self) -> ModelOptions:
        s = self.store
        return ModelOptions(
            text_model=s.value("models/text") or None,
            image_model=s.value("models/image") or None,
            generator=s.value("models/generator") or None,
            device=str(s.value("models/device") or "auto"),
            offline=_bool(s.value("models/offline"), True),
        )

    def set_model_options(self, m: ModelOptions) -> None:
        s = self.store
        s.setValue("models/text", m.text_model or "")
        s.setValue("models/image", m.image_model or "")
        s.setValue("models/generator", m.generator or "")
        s.setValue("models/device", m.device)
        s.setValue("models/offline", m.offline)
        s.sync()

    # -- summary controls ---------------------------------------------------------------------
    def summary_options(self) -> SummaryOptions:
        s = self.store
        return SummaryOptions(
            words=_int(s.value("summary/words"), DEFAULT_WORDS),
            figures=_int(s.value("summary/figures"), DEFAULT_FIGURES),
            query=s.value("summary/query") or None,
            generate=_bool(s.value("summary/generate"), False),
            structure=_bool(s.value("summary/structure"), False),
        )

    def set_summary_options(self, o: SummaryOptions) -> None:
        s = self.store
        s.setValue("summary/words", o.words or DEFAULT_WORDS)
        s.setValue("summary/figures", o.figures)
        s.setValue("summary/query", o.query or "")
        s.setValue("summary/generate", o.generate)
        s.setValue("summary/structure", o.structure)
        s.sync()

    # -- files --------------------------------------------------------------------------------
    def channel_weights(self) -> dict[str, float]:
        """The figure channels' weights (caption, mentions, figure-text, pixels); the defaults
        for any not stored or not readable."""
        from mmsum.embed.channels import parse_weights
        from mmsum.errors import OptionsError

        try:
            return parse_weights(str(self.store.value("figures/channel_weights") or ""))
        except OptionsError:
            return parse_weights(None)

    def set_channel_weights(self, weights: dict[str, float]) -> None:
        self.store.setValue("figures/channel_weights", ",".join(f"{k}={float(v):g}" for k, v in weights.items()))

    def recent_files(self) -> list[str]:
        value = self.store.value("files/recent") or []
        if isinstance(value, str):  # a one-element list comes back as a plain string
            value = [value]
        return [str(v) for v in value if v]

    def add_recent(self, path: Path | str) -> list[str]:
        path = str(Path(path).resolve())
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.store.setValue("files/recent", recent[:MAX_RECENT])
        self.store.sync()
        return recent[:MAX_RECENT]

    def clear_recent(self) -> None:
        self.store.setValue("files/recent", [])

    # -- look ---------------------------------------------------------------------------------
    def appearance(self) -> str:
        """``system`` (follow the desktop's colour scheme), ``light`` or ``dark``."""
        value = str(self.store.value("look/appearance") or "system")
        return value if value in ("system", "light", "dark") else "system"

    def set_appearance(self, mode: str) -> None:
        self.store.setValue("look/appearance", mode)
        self.store.sync()

    def last_dir(self, key: str) -> str:
        """The folder last used for ``key`` ("open", "batch-out"…), else the home folder."""
        return self.saved_dir(key) or str(Path.home())

    def saved_dir(self, key: str) -> str | None:
        """The folder last used for ``key``; None when none was."""
        return str(self.store.value(f"dirs/{key}") or "") or None

    def set_last_dir(self, key: str, folder: Path | str) -> None:
        self.store.setValue(f"dirs/{key}", str(folder))
