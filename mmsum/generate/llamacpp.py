"""GGUF models on llama.cpp (``llama-cpp-python``, the ``llamacpp`` extra).

llama.cpp runs the quantized weights as they are, where transformers first de-quantizes them
to float32: on a CPU it loads in a fraction of a second and writes several times faster. The
decoding loop is mmsum's own (greedy, one token at a time on llama.cpp's logits), so the same
constraints apply as on transformers (:mod:`.constraints`), cancelling takes effect at the
next token, and a prompt that shares its beginning with the previous one (the system message,
the instruction) reuses the cached keys and values of that beginning.
"""
from __future__ import annotations

import codecs
import contextlib
import logging
import os
import threading
from pathlib import Path

import numpy as np

from ..device import DeviceInfo
from ..errors import ModelError
from ..paths import cache_home
from ..progress import CancelFn, check
from .generator import CONTEXT_CAP, SYSTEM, Generator, Prompt, first_line
from .constraints import SourceConstraints
from .resolve import ResolvedGenerator
from .streaming import StopFn, TokenFn

log = logging.getLogger(__name__)

BACKEND = "llama.cpp"


def gpu_offload_supported() -> bool:
    """Whether this llama.cpp build can run layers on a GPU (CUDA, Metal, Vulkan...)."""
    import llama_cpp

    try:
        return bool(llama_cpp.llama_supports_gpu_offload())
    except AttributeError:  # very old bindings
        return False


def _threads() -> int:
    """Threads for llama.cpp: the process's share of the CPUs.

    That is ``OMP_NUM_THREADS`` when set (a batch worker gets its share of the cores there:
    two workers each running a thread per core would run four spinning threads on two cores,
    and ggml's threads wait for one another at every operation, so a descheduled thread
    stalls all), else the CPUs this process may run on (a container's, not the host's count).
    """
    value = os.environ.get("OMP_NUM_THREADS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, n)


# GGUF file types (llama.h's LLAMA_FTYPE_*) that ggml multiplies slowly on a CPU: Q4_1 has no
# blocked matrix kernel (llamafile's tinyBLAS, the repacked layouts), so a prompt is read one
# row at a time. Measured on the bundled SmolLM2-135M Q4_1, one x86 thread (AVX-512), a
# 400-token prompt: 4.6 CPU s as Q4_1, 2.4 as Q8_0; one token 0.032 CPU s either way.
SLOW_CPU_FILE_TYPES = {3: "Q4_1"}
LLAMA_FTYPE_MOSTLY_Q8_0 = 7


def file_type(path) -> int | None:
    """The GGUF's ``general.file_type`` (LLAMA_FTYPE_*), or None when the file does not say."""
    try:
        from gguf import GGUFReader

        field = GGUFReader(str(path)).fields.get("general.file_type")
        return int(field.parts[-1][0]) if field is not None else None
    except Exception:  # noqa: BLE001 - an unusual file: llama.cpp will say what is wrong with it
        return None


def cpu_copy(path: Path, cache: Path | None = None) -> Path:
    """``path``, or a Q8_0 copy of it in mmsum's cache when its type is slow on a CPU.

    The copy holds the same numbers: each Q4_1 weight is de-quantized and stored in 8 bits,
    whose rounding error is under a tenth of Q4_1's own step, so the model answers as before
    (greedy decoding can differ where two tokens are nearly tied). Made once per file (about
    a second), keyed by the file's name, size and time; any failure keeps the original.
    """
    kind = file_type(path)
    if kind not in SLOW_CPU_FILE_TYPES:
        return path
    try:
        st = path.stat()
        folder = (cache or cache_home()) / "gguf"
        target = folder / f"{path.stem}.{st.st_size}-{int(st.st_mtime)}.Q8_0.gguf"
        if target.is_file():
            return target
        folder.mkdir(parents=True, exist_ok=True)
        import ctypes

        import llama_cpp

        params = llama_cpp.llama_model_quantize_default_params()
        params.ftype = LLAMA_FTYPE_MOSTLY_Q8_0
        params.allow_requantize = True  # de-quantize Q4_1, then store as Q8_0
        params.nthread = _threads()
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with _quiet():
            rc = llama_cpp.llama_model_quantize(str(path).encode(), str(tmp).encode(), ctypes.byref(params))
        if rc != 0 or not tmp.is_file():
            tmp.unlink(missing_ok=True)
            raise RuntimeError(f"llama_model_quantize returned {rc}")
        os.replace(tmp, target)  # another process may have written the same copy: either is whole
        log.info("%s (%s) copied as Q8_0 for the CPU: %s", path.name, SLOW_CPU_FILE_TYPES[kind], target)
        return target
    except Exception as err:  # noqa: BLE001 - the original file still works, only slower
        log.warning("could not make a Q8_0 copy of %s (%s); running it as it is", path.name, first_line(err))
        return path


def amx_build() -> bool:
    """Whether this llama.cpp build multiplies with Intel AMX (``AMX_INT8 = 1`` in its system
    info): it then moves the weights into AMX buffers on a CPU that has AMX, and
    ``ggml_backend_amx_mul_mat`` crashes the whole process (SIGSEGV) at the first prompt on
    some of those CPUs (Xeon, Sapphire Rapids and later; llama.cpp issue 20824, unfixed)."""
    import llama_cpp

    try:
        return "AMX_INT8 = 1" in llama_cpp.llama_print_system_info().decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - bindings without it: nothing to say
        return False


_PARAMS_LOCK = threading.Lock()


@contextlib.contextmanager
def _plain_cpu_buffers(enabled: bool):
    """While loading a model: with ``enabled``, the weights stay in plain CPU buffers (llama.cpp's
    ``use_extra_bufts`` off: no AMX, no repacked layouts). ``Llama()`` takes no such argument,
    so its default model parameters are amended for the duration (one load at a time)."""
    if not enabled:
        yield
        return
    import llama_cpp.llama_cpp as C

    with _PARAMS_LOCK:
        default = C.llama_model_default_params

        def params():
            p = default()
            if hasattr(p, "use_extra_bufts"):
                p.use_extra_bufts = False
            return p

        C.llama_model_default_params = params
        try:
            yield
        finally:
            C.llama_model_default_params = default


def _quiet():
    """Silence llama.cpp's own printing to stdout and stderr (it lists every tensor)."""
    try:
        from llama_cpp._utils import suppress_stdout_stderr

        return suppress_stdout_stderr(disable=False)
    except Exception:  # noqa: BLE001 - bindings without it: llama.cpp prints, nothing breaks
        import contextlib

        return contextlib.nullcontext()


def train_context(path) -> int:
    """The context length the GGUF file was trained for (its metadata), capped; 2048 if absent.

    Read with the ``gguf`` package, which maps the file without loading the weights, so that
    the key-value cache is sized before llama.cpp allocates it."""
    try:
        from gguf import GGUFReader

        reader = GGUFReader(str(path))
        arch = bytes(reader.fields["general.architecture"].parts[-1]).decode()
        field = reader.fields.get(f"{arch}.context_length")
        value = int(field.parts[-1][0]) if field is not None else 2048
    except Exception:  # noqa: BLE001 - an unusual file: llama.cpp will say what is wrong with it
        value = 2048
    return max(256, min(value, CONTEXT_CAP))


class LlamaCppGenerator(Generator):
    """A GGUF model on llama.cpp. ``device`` reads like "cpu (llama.cpp, 4 threads)"."""

    def __init__(self, resolved: ResolvedGenerator, llm, device: str):
        context = min(llm.n_ctx(), CONTEXT_CAP)
        super().__init__(resolved.name, device, context, BACKEND)
        self.llm = llm
        self.seq2seq = False
        self._eog = _end_tokens(llm)
        self._formatter = _chat_formatter(llm)
        self.chat = self._formatter is not None

    # -- prompts ------------------------------------------------------------------------------
    def prompt_text(self, prompt: Prompt | str) -> str:
        """The model input for ``prompt`` as text, through the GGUF's chat template if any."""
        if isinstance(prompt, str):
            prompt = Prompt("", prompt)
        user = prompt.user_message()
        if self._formatter is not None:
            messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]
            try:
                return self._formatter(messages=messages).prompt
            except Exception:  # noqa: BLE001 - a template this renderer cannot run: plain text below
                self._formatter = None
                self.chat = False
        return f"{user}\n\nSummary:"

    def encode(self, prompt: Prompt | str) -> list[int]:
        """Token ids of the model input for ``prompt`` (special tokens of the template parsed)."""
        return self.llm.tokenize(self.prompt_text(prompt).encode("utf-8"), add_bos=True, special=True)

    def count_tokens(self, prompt: Prompt | str) -> int:
        return len(self.encode(prompt))

    def _text_ids(self, text: str) -> list[int]:
        return self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)

    def _pieces(self, ids) -> dict[int, str]:
        return {t: self.llm.detokenize([t]).decode("utf-8", errors="ignore") for t in ids}

    # -- generation ---------------------------------------------------------------------------
    def generate(self, prompt: Prompt | str, *, max_new_tokens: int = 256, on_token: TokenFn | None = None,
                 cancel: CancelFn | None = None, vocabulary: str | None = None,
                 stop: StopFn | None = None, avoid: str | None = None, avoid_sources: str = "") -> str:
        check(cancel)
        ids = self.encode(prompt)
        room = max(self.context_tokens - max_new_tokens, self.context_tokens // 2)
        if len(ids) > room:  # the caller sizes prompts; this is the last guard (keep the answer's cue)
            ids = ids[:room - 32] + ids[-32:]
        max_new_tokens = max(0, min(max_new_tokens, self.context_tokens - len(ids)))
        rules = self._source_constraints(vocabulary, self._eog, avoid, avoid_sources)
        allowed = None
        if rules.allowed is not None:
            allowed = np.zeros(self.llm.n_vocab(), dtype=bool)
            allowed[[i for i in rules.allowed if 0 <= i < len(allowed)]] = True
        try:
            return self._run(ids, max_new_tokens, on_token, cancel, allowed, stop, rules)
        except Exception as err:  # noqa: BLE001 - Cancelled passes; the rest becomes one line
            from ..progress import Cancelled

            if isinstance(err, Cancelled):
                raise
            raise ModelError(f"generator {self.name} failed on {self.device}: {first_line(err)}") from err

    def _prefill(self, ids: list[int]) -> None:
        """Evaluate ``ids``, reusing the cached beginning they share with the last prompt."""
        llm = self.llm
        shared = 0
        for a, b in zip(llm.input_ids[:llm.n_tokens].tolist(), ids):
            if a != b:
                break
            shared += 1
        shared = min(shared, len(ids) - 1)  # at least one token is evaluated, for fresh logits
        llm.n_tokens = shared  # eval() drops the cache past this point
        llm.eval(ids[shared:])

    def _logits(self) -> np.ndarray:
        ptr = self.llm._ctx.get_logits_ith(-1)
        return np.ctypeslib.as_array(ptr, shape=(self.llm.n_vocab(),))

    def _run(self, ids: list[int], max_new_tokens: int, on_token: TokenFn | None, cancel: CancelFn | None,
             allowed: np.ndarray | None, stop: StopFn | None = None,
             rules: SourceConstraints | None = None) -> str:
        if max_new_tokens <= 0:
            return ""
        self._prefill(ids)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        out: list[int] = []
        pieces: list[str] = []
        while len(out) < max_new_tokens:
            check(cancel)
            logits = self._logits().copy()
            if allowed is not None:
                logits[~allowed] = -np.inf
            banned = (rules or SourceConstraints(None)).banned(out, lambda: "".join(pieces))
            if banned:
                logits[list(banned)] = -np.inf
            token = int(np.argmax(logits))
            if token in self._eog or not np.isfinite(logits[token]):
                break
            out.append(token)
            piece = decoder.decode(self.llm.detokenize([token]))
            if piece:
                pieces.append(piece)
                if on_token is not None:
                    on_token(piece)
                if stop is not None and stop("".join(pieces)):
                    break
            if len(out) < max_new_tokens:
                self.llm.eval([token])
        tail = decoder.decode(b"", final=True)
        if tail:
            pieces.append(tail)
            if on_token is not None:
                on_token(tail)
        return "".join(pieces)


def _end_tokens(llm) -> set[int]:
    """Ids that end an answer: end of text and the chat template's end of turn."""
    import llama_cpp

    ends = {llm.token_eos()}
    vocab = getattr(llm._model, "vocab", None)
    is_eog = getattr(llama_cpp, "llama_vocab_is_eog", None) if vocab is not None else None
    for text in ("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|endoftext|>"):
        ids = llm.tokenize(text.encode(), add_bos=False, special=True)
        if len(ids) == 1:
            ends.add(ids[0])
    if is_eog is not None:
        ends = {t for t in ends if t >= 0 and (is_eog(vocab, t) or t == llm.token_eos())}
    return ends


def _chat_formatter(llm):
    """The GGUF's own chat template as a formatter, or None when it has none."""
    template = llm.metadata.get("tokenizer.chat_template")
    if not template:
        return None
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    def text(token: int) -> str:
        return llm.detokenize([token], special=True).decode("utf-8", errors="ignore") if token >= 0 else ""

    return Jinja2ChatFormatter(template=template, eos_token=text(llm.token_eos()), bos_token=text(llm.token_bos()))


def load_llama_cpp(resolved: ResolvedGenerator, info: DeviceInfo) -> LlamaCppGenerator:
    """Load ``resolved`` (a GGUF file) on llama.cpp; every layer on the GPU when ``info`` is one
    and this build can offload, else on the CPU threads."""
    from llama_cpp import Llama

    gpu = info.name != "cpu" and gpu_offload_supported()
    threads = _threads()
    path = Path(resolved.path) if gpu else cpu_copy(Path(resolved.path))
    try:
        # A prompt is read in batches of up to 512 tokens, on every thread. Flash attention
        # stays off: on 2 CPU threads (SmolLM2 Q8_0) it read a 400-token prompt no faster
        # within the noise (0.77-0.97 s against 0.90-1.04 s) and wrote after it 47 tokens/s
        # against 65.
        # On the CPU of an AMX build the weights stay in plain buffers (see amx_build): a
        # prompt is read a little slower there than AMX would, where AMX would not crash.
        with _plain_cpu_buffers(not gpu and amx_build()):
            llm = Llama(model_path=str(path), n_ctx=train_context(resolved.path), n_batch=512, n_ubatch=512,
                        n_threads=threads, n_threads_batch=threads, n_gpu_layers=-1 if gpu else 0,
                        logits_all=False, verbose=False)
    except Exception as err:  # noqa: BLE001 - llama.cpp reports a bad file as ValueError or RuntimeError
        raise ModelError(f"cannot load generator {resolved.name} on llama.cpp from {resolved.path}: "
                         f"{first_line(err)}") from None
    device = (f"{info.name.split(':')[0]} (llama.cpp, all layers offloaded)" if gpu
              else f"cpu (llama.cpp, {threads} thread{'s' if threads > 1 else ''})")
    return LlamaCppGenerator(resolved, llm, device)
