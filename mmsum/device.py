"""The one place that decides where models run (``auto | cpu | cuda | mps``)."""
from __future__ import annotations

import ctypes
import ctypes.util
import sys
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


def _cuda_driver_devices() -> int:
    """How many GPUs the CUDA driver sees, asked of the driver library itself (0 when there
    is none). Much cheaper than importing torch, which is what makes a CPU start fast."""
    names = ["nvcuda.dll"] if sys.platform == "win32" else ["libcuda.so.1", "libcuda.so", ctypes.util.find_library("cuda")]
    for name in filter(None, names):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        count = ctypes.c_int(0)
        try:
            if lib.cuInit(0) != 0 or lib.cuDeviceGetCount(ctypes.byref(count)) != 0:
                return 0
        except AttributeError:
            return 0
        return count.value
    return 0


def _gpu_possible() -> bool:
    """False when no GPU can be there (then ``auto`` is the CPU without importing torch)."""
    return sys.platform == "darwin" or _cuda_driver_devices() > 0


def resolve_device(requested: str = "auto") -> DeviceInfo:
    """Pick a device: ``auto`` tries CUDA, then MPS, then the CPU. Half precision on GPUs.

    Raises :class:`ModelError` when an explicitly requested device is not available.
    Imports torch only when a GPU may be there (a CUDA driver, or macOS for MPS).
    """
    requested = (requested or "auto").lower()
    if requested.split(":")[0] not in DEVICES:
        raise ModelError(f"unknown device {requested!r}; choose one of {', '.join(DEVICES)}")
    if requested == "cpu" or (requested == "auto" and not _gpu_possible()):
        return DeviceInfo("cpu", "float32")
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
