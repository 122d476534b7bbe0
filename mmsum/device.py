"""The one place that decides where models run (``auto | cpu | cuda | mps``)."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ModelError

DEVICES = ("auto", "cpu", "cuda", "mps")


@dataclass(frozen=True)
class DeviceInfo:
    """A resolved device: torch device name and the floating-point dtype to use on it."""

    name: str  # "cpu" | "cuda" | "cuda:0" | "mps"
    dtype: str  # "float32" | "float16" | "bfloat16"

    def describe(self) -> str:
        return f"{self.name} ({self.dtype})"


def resolve_device(requested: str = "auto") -> DeviceInfo:
    """Pick a device: ``auto`` tries CUDA, then MPS, then the CPU. Half precision on GPUs.

    Raises :class:`ModelError` when an explicitly requested device is not available.
    Imports torch, so call it from worker code, not at start-up.
    """
    requested = (requested or "auto").lower()
    if requested.split(":")[0] not in DEVICES:
        raise ModelError(f"unknown device {requested!r}; choose one of {', '.join(DEVICES)}")
    import torch

    cuda = torch.cuda.is_available()
    mps = bool(getattr(torch.backends, "mps", None)) and torch.backends.mps.is_available()
    if requested == "auto":
        requested = "cuda" if cuda else "mps" if mps else "cpu"
    if requested.startswith("cuda"):
        if not cuda:
            raise ModelError("device 'cuda' was requested but no CUDA GPU is available; use --device cpu")
        return DeviceInfo(requested, "float16")
    if requested == "mps":
        if not mps:
            raise ModelError("device 'mps' was requested but Apple's MPS is not available; use --device cpu")
        return DeviceInfo("mps", "float16")
    return DeviceInfo("cpu", "float32")
