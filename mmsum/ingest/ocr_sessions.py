"""What the OCR engine's two models run on: OpenVINO when it is installed, else ONNX Runtime.

OpenVINO runs the recognition model in bfloat16 on CPUs that have it (AVX-512 BF16 or AMX):
about 1.75 times ONNX Runtime's float32 speed on one thread (37 against 66 ms of CPU for a line
800 pixels wide at 48 high), with the same text read (``benchmarks/scans.py``). On other CPUs
it runs float32, at about ONNX Runtime's speed. Either runtime gets the worker's share of the
cores (:func:`mmsum.onnx_threads.cpu_threads`); ONNX Runtime's sessions are replaced by ones
whose idle threads sleep (:func:`own_onnx_sessions`).
"""
from __future__ import annotations

import importlib.util
import logging
import os
from importlib import metadata
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# MMSUM_OCR_RUNTIME=onnxruntime keeps the models on ONNX Runtime although OpenVINO is installed
RUNTIME_ENV = "MMSUM_OCR_RUNTIME"
# the detection and recognition models in the rapidocr wheel, as its configuration names them
# for the engine mmsum asks for (PP-OCRv6 small); OpenVINO reads the same ONNX files
MODEL_FILES = {"Det": "PP-OCRv6_det_small.onnx", "Rec": "PP-OCRv6_rec_small.onnx"}


def _bundled(name: str) -> Path | None:
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "models" / name
    return path if path.is_file() else None


def runtime() -> str:
    """"openvino" or "onnxruntime": what the OCR models run on in this process (OpenVINO when
    it is installed and the wheel holds the models where expected, unless
    ``MMSUM_OCR_RUNTIME=onnxruntime``)."""
    if os.environ.get(RUNTIME_ENV, "").strip().lower() == "onnxruntime":
        return "onnxruntime"
    if importlib.util.find_spec("openvino") is None or not all(map(_bundled, MODEL_FILES.values())):
        return "onnxruntime"
    return "openvino"


def runtime_label() -> str:
    """"OpenVINO 2026.4.1" or "ONNX Runtime 1.32.0", for outputs and ``mmsum models``."""
    dist, label = ("openvino", "OpenVINO") if runtime() == "openvino" else ("onnxruntime", "ONNX Runtime")
    try:
        return f"{label} {metadata.version(dist)}"
    except metadata.PackageNotFoundError:
        return label


def runtime_params(threads: int) -> dict:
    """rapidocr's parameters that put the detection and recognition models on :func:`runtime`
    with ``threads`` threads (one stream; on ONNX Runtime its sessions are then replaced,
    see :func:`own_onnx_sessions`)."""
    if runtime() != "openvino":
        return {"EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1}
    from rapidocr import EngineType

    params: dict = {"EngineConfig.openvino.inference_num_threads": threads,
                    "EngineConfig.openvino.num_streams": 1,
                    "EngineConfig.openvino.performance_hint": "LATENCY",
                    # OpenVINO pins its threads to the first cores: two workers' models on one core
                    "EngineConfig.openvino.enable_cpu_pinning": False}
    for part, name in MODEL_FILES.items():
        params[f"{part}.engine_type"] = EngineType.OPENVINO
        params[f"{part}.model_path"] = str(_bundled(name))
    return params


def own_onnx_sessions(engine, threads: int) -> None:
    """Load the engine's detection and recognition models now. On ONNX Runtime, in sessions
    whose idle threads sleep (rapidocr's own spin, which cost a third more CPU time per page);
    where rapidocr keeps its sessions elsewhere than this expects, its own stay."""
    loads = [getattr(engine, name, None) for name in ("_load_det_model", "_load_rec_model")]
    holders = [getattr(load(), "session", None) if load is not None else None for load in loads]
    if runtime() == "openvino":
        return
    import onnxruntime as ort

    from ..onnx_threads import session_options

    for holder in holders:
        path = getattr(getattr(holder, "session", None), "_model_path", None)
        if path is None:
            log.debug("rapidocr keeps its sessions elsewhere: its own thread settings stay")
            continue
        holder.session = ort.InferenceSession(str(path), session_options(threads),
                                              providers=["CPUExecutionProvider"])


def latin_head(rec, threads: int) -> tuple | None:
    """On OpenVINO, a copy of the recognition model whose output layer keeps only the
    characters a page without CJK holds (:func:`.ocr_script.latin_characters`), compiled as
    the full one is: (its run function, the kept indices). None on ONNX Runtime, or where the
    model does not end in the output layer this expects (then every line takes the full one)."""
    if runtime() != "openvino":
        return None
    from .ocr_script import latin_characters

    try:
        import openvino as ov
        from openvino import opset13 as ops

        model = rec.session.model.clone()
        chars = rec.postprocess_op.character

        def source(out):  # the node behind ``out``, past pass-through nodes
            node = out.get_node()
            while node.get_type_name() in ("Identity", "Convert"):
                node = node.input_value(0).get_node()
            return node

        softmax = [op for op in model.get_ordered_ops() if op.get_type_name() == "Softmax"][-1]
        add = source(softmax.input_value(0))
        matmul = source(add.input_value(0))
        weight, bias = source(matmul.input_value(1)), source(add.input_value(1))
        if (add.get_type_name(), matmul.get_type_name(), weight.get_type_name(), bias.get_type_name()) != \
                ("Add", "MatMul", "Constant", "Constant") or weight.get_data().shape[-1] != len(chars):
            log.debug("the recognition model's output layer is not where expected: one head only")
            return None
        keep = latin_characters(chars)
        matmul.input(1).replace_source_output(ops.constant(np.ascontiguousarray(weight.get_data()[:, keep])).output(0))
        add.input(1).replace_source_output(ops.constant(np.ascontiguousarray(bias.get_data()[..., keep])).output(0))
        model.validate_nodes_and_infer_types()
        request = ov.Core().compile_model(model, "CPU", {"INFERENCE_NUM_THREADS": threads, "NUM_STREAMS": 1,
                                                         "PERFORMANCE_HINT": "LATENCY",
                                                         "ENABLE_CPU_PINNING": False}).create_infer_request()
    except Exception:  # the full model reads every line
        log.debug("no Latin head for the recognition model", exc_info=True)
        return None

    def run(x: np.ndarray) -> np.ndarray:
        request.infer([x])
        return request.get_output_tensor().data

    return run, keep
