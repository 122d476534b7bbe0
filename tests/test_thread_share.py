"""A batch worker's numpy BLAS keeps to the worker's share of the cores, as its ONNX sessions do."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# as a worker starts: numpy is imported before the batch gives the worker its share
CODE = """
import json, os
import numpy
from threadpoolctl import threadpool_info

def blas():
    return max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")

before = blas()
os.environ["OMP_NUM_THREADS"] = "1"
from mmsum.pipeline import Summarizer
Summarizer().load()
print(json.dumps([before, blas()]))
"""


def test_a_batch_workers_blas_keeps_to_its_share():
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    before, after = json.loads(out.stdout.strip().splitlines()[-1])
    if before == 1:
        pytest.skip("one core: BLAS runs one thread anyway")
    assert after == 1
