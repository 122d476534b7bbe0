"""The library under concurrent use and hard kills: readers in other processes see committed
documents only and never a "database is locked"; kill -9 during an add loses at most the
documents in progress, and the next add carries on."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from mmsum.library import DocumentRecord, Library
from mmsum.library.store import FigureRow, SentenceRow
from tests.pdfbuild import many_pages, two_column_paper

ROOT = Path(__file__).resolve().parents[1]

READER = r"""
import json, sys, time
from pathlib import Path
from mmsum.library import Library
from mmsum.library.vectors import sentence_matrix
path, until = Path(sys.argv[1]), float(sys.argv[2])
seen, rounds, errors = 0, 0, []
while time.time() < until:
    try:
        if not path.exists():
            continue
        with Library(path, readonly=True) as lib:
            with lib.snapshot() as db:
                for doc_id, pages in db.execute("SELECT id, pages FROM documents").fetchall():
                    n = db.execute("SELECT count(*) FROM sentences WHERE doc_id = ?", (doc_id,)).fetchone()[0]
                    if n != pages:  # a document seen before all of its rows: not committed whole
                        errors.append(f"document {doc_id}: {n} sentences of {pages}")
                ids, mat = sentence_matrix(db, "enc")
                total = db.execute("SELECT coalesce(sum(pages), 0), count(*) FROM documents").fetchone()
            if len(ids) != total[0]:  # every committed sentence has its vector, and no other is seen
                errors.append(f"{len(ids)} vectors for {total[0]} sentences")
            seen = max(seen, total[1])
        rounds += 1
    except Exception as err:
        errors.append(f"{type(err).__name__}: {err}")
print(json.dumps({"seen": seen, "rounds": rounds, "errors": errors[:5]}))
"""


def record(k: int, n: int, rng: np.random.Generator) -> DocumentRecord:
    vecs = rng.standard_normal((n, 16)).astype(np.float32)
    return DocumentRecord(f"/docs/{k}.pdf", f"hash{k}", "{}", "ok", title=f"Doc {k}", pages=n, summary="s",
                          text_encoder="enc",
                          sentences=[SentenceRow(f"sentence {i}", i, (0, 0, 1, 1), vecs[i]) for i in range(n)],
                          figures=[FigureRow("f1", "Figure 1", 0, (0, 0, 1, 1), "c", crop=b"png" * 1000,
                                             vectors={"caption": vecs[0], "pixels": vecs[1]})])


def test_readers_in_other_processes_see_whole_documents_and_no_lock_errors(tmp_path):
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    until = time.time() + 12
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(path), str(until)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    rng = np.random.default_rng(0)
    written = 0
    with Library(path) as lib:
        while time.time() < until - 2:
            lib.put(record(written % 150, 20 + written % 60, rng))  # re-adds replace earlier ones whole
            written += 1
    for proc in readers:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err[-2000:]
        result = json.loads(out)
        assert result["errors"] == [] and result["rounds"] > 5 and result["seen"] > 0
    assert written > 20


def test_two_writers_take_turns(tmp_path):
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    code = ("import sys, numpy as np\nfrom tests.test_library_durability import record\n"
            "from mmsum.library import Library\nrng = np.random.default_rng(int(sys.argv[2]))\n"
            "with Library(sys.argv[1]) as lib:\n"
            "    for k in range(40): lib.put(record(int(sys.argv[2]) * 1000 + k, 30, rng))\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path), str(w)], cwd=ROOT, stderr=subprocess.PIPE,
                              text=True) for w in (1, 2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 80
    assert db.execute("SELECT count(*) FROM sentences").fetchone()[0] == 80 * 30


# an integration run: two adds of six documents, each with two worker processes loading the models
@pytest.mark.slow
def test_kill_9_during_an_add_loses_only_documents_in_progress(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    two_column_paper(tmp_path / "a.pdf")
    many_pages(tmp_path / "b.pdf", 3, figure_every=2)
    for k in range(6):
        (src / f"doc{k}.pdf").write_bytes((tmp_path / ("a.pdf" if k % 2 else "b.pdf")).read_bytes() + b"\n%" +
                                          str(k).encode())  # distinct content, same pages
    library = tmp_path / "lib.sqlite"
    cmd = [sys.executable, "-m", "mmsum", "library", "add", str(src), "--library", str(library), "--workers", "2",
           "--no-cache", "--quiet", "--device", "cpu"]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stored() -> dict[str, float]:
        if not library.exists():
            return {}
        try:
            with Library(library, readonly=True) as lib:
                return dict(lib.db.execute("SELECT path, added_at FROM documents"))
        except Exception:  # noqa: BLE001 - not created yet
            return {}

    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None and len(stored()) < 2:
        time.sleep(0.05)
    assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
    os.killpg(proc.pid, signal.SIGKILL)  # the add and its workers, at once
    proc.wait()
    before = stored()
    assert 2 <= len(before) < 6
    with Library(library) as lib:  # the file is whole: every stored document has all its rows
        assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for doc_id, in lib.db.execute("SELECT id FROM documents"):
            assert lib.db.execute("SELECT count(*) FROM sentences WHERE doc_id = ?", (doc_id,)).fetchone()[0] > 0

    resumed = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    after = stored()
    assert len(after) == 6
    assert all(after[p] == t for p, t in before.items())  # those stored were not read again
    assert f"{len(before)} unchanged" in resumed.stdout
