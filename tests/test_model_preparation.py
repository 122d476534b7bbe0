"""The encoders' one-time preparation: what is still to do, ``mmsum prepare``, and the line a
first summary says instead of going silent. Each cache folder here is the test's own, so the
truth (nothing exported yet, or everything) is known by construction."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mmsum.embed.preparation import Preparation, pending, prepare
from mmsum.progress import Cancelled
from tests.encoders import summarizer
from tests.pdfbuild import two_column_paper

ROOT = Path(__file__).resolve().parents[1]


def mmsum(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, MMSUM_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-m", "mmsum", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900)


def test_a_fresh_cache_needs_both_encoders_prepared(tmp_path, monkeypatch):
    monkeypatch.setenv("MMSUM_CACHE_DIR", str(tmp_path / "fresh"))
    steps = pending(device="cpu")
    assert [s.role for s in steps] == ["text", "image"]
    text, image = steps
    assert [f.name for f in text.files] == ["text.onnx", "text-int8.onnx"]  # the CPU default: 8-bit
    assert [f.name for f in image.files] == ["image.onnx"]
    assert all(str(f).startswith(str(tmp_path / "fresh")) for s in steps for f in s.files)
    assert text.announcement() == f"Preparing the text encoder (once, about {text.estimate_s:.0f} s)…"
    assert [s.role for s in pending(device="cpu", image_model="none")] == ["text"]
    assert [f.name for f in pending(device="cpu", backend="onnx")[0].files] == ["text.onnx"]
    assert pending(device="cpu", backend="torch") == []  # PyTorch needs no preparation
    assert pending(device="cpu", backend="no-such-backend") == []  # the load says what is wrong


def test_a_prepared_cache_needs_nothing():
    summarizer()  # exports into this test session's cache folder
    assert pending(device="cpu") == []
    out = mmsum("prepare", "--device", "cpu", cache=Path(os.environ["MMSUM_CACHE_DIR"]))
    assert out.returncode == 0, out.stderr
    assert "nothing to prepare" in out.stdout and "Preparing" not in out.stderr


def _step(role: str, seconds: float, ran: list[str], estimate: float = 1.0) -> Preparation:
    def run(progress) -> None:
        time.sleep(seconds)
        ran.append(role)

    return Preparation(role, f"model-{role}", (Path(f"/nonexistent/{role}.onnx"),), estimate, run)


def test_preparation_reports_progress_while_an_export_runs_and_cancels_between_them():
    ran: list[str] = []
    seen: list[tuple[float, str]] = []
    steps_seen: list[tuple[str, float | None]] = []
    took = prepare([_step("text", 1.3, ran, 3.0), _step("image", 0.1, ran, 1.0)],
                   progress=lambda f, m: seen.append((f, m)),
                   on_step=lambda s, t: steps_seen.append((s.role, t)))
    assert ran == ["text", "image"] and set(took) == {"text", "image"} and took["text"] >= 1.3
    assert [r for r, t in steps_seen] == ["text", "text", "image", "image"]
    assert steps_seen[0][1] is None and steps_seen[1][1] >= 1.3
    ticks = [f for f, m in seen if m.startswith("Preparing the text encoder") and m.endswith(" s")
             and m != seen[0][1]]
    assert len(ticks) >= 2 and ticks == sorted(ticks) and ticks[-1] < 0.75  # text's share of 4 s
    assert seen[-1] == (1.0, "models ready")
    ran.clear()
    cancel_after_first = lambda: ran == ["text"]  # noqa: E731
    with pytest.raises(Cancelled):
        prepare([_step("text", 0.0, ran), _step("image", 0.0, ran)], cancel=cancel_after_first)
    assert ran == ["text"]


@pytest.mark.slow
def test_a_first_summary_on_a_fresh_cache_says_it_prepares_then_prepare_has_nothing_left(tmp_path):
    two_column_paper(tmp_path / "paper.pdf")
    cache = tmp_path / "fresh-cache"
    first = mmsum("summarize", str(tmp_path / "paper.pdf"), "--out-dir", str(tmp_path / "out"), "--device",
                  "cpu", "--quiet", cache=cache)
    assert first.returncode == 0, first.stderr
    said = [ln for ln in first.stderr.splitlines() if "Preparing" in ln]
    assert [ln.split(" (once")[0] for ln in said] == ["mmsum: Preparing the text encoder",
                                                      "mmsum: Preparing the image encoder"]
    assert (tmp_path / "out" / "paper.md").is_file()
    again = mmsum("summarize", str(tmp_path / "paper.pdf"), "--out-dir", str(tmp_path / "out2"), "--device",
                  "cpu", "--quiet", cache=cache)
    assert again.returncode == 0 and "Preparing" not in again.stderr
    ready = mmsum("prepare", "--device", "cpu", cache=cache)
    assert ready.returncode == 0 and "nothing to prepare" in ready.stdout


@pytest.mark.slow
def test_prepare_on_a_fresh_cache_prepares_each_encoder_and_says_how_long(tmp_path):
    cache = tmp_path / "fresh-cache"
    out = mmsum("prepare", "--device", "cpu", cache=cache)
    assert out.returncode == 0, out.stderr
    assert "Preparing the text encoder (once, about" in out.stderr
    assert "Preparing the image encoder (once, about" in out.stderr
    assert out.stderr.count(" done in ") == 2 and "Traceback" not in out.stderr
    assert sorted(p.name for p in (cache / "models").rglob("*.onnx")) == ["image.onnx", "text-int8.onnx",
                                                                          "text.onnx"]
