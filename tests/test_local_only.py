"""Everything runs locally: a whole ``mmsum summarize`` and ``mmsum figures`` run attempts no
connection and leaves no file outside mmsum's own folders and the output folder.

The commands run in a subprocess whose home, XDG folders and temporary folder point into a
sandbox. Two nets catch a connection attempt: a ``sitecustomize`` that refuses and records every
Python-level connect and name lookup, and, where strace works, a trace of the process's own
system calls, which also sees native code (a library's telemetry thread resolving a host
never goes through Python's socket module). The strace trace also lists every file the run
creates anywhere on the machine.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mmsum.writable import PROBE_PREFIX

from tests.pdfbuild import two_column_paper

SITECUSTOMIZE = '''
import os, socket

_LOG = os.environ["MMSUM_TEST_NET_LOG"]


def _refuse(what, detail):
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{what} {detail!r}\\n")
    raise OSError(f"network access refused by the test ({what})")


_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex


def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _refuse("connect", address)
    return _connect(self, address)


def connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _refuse("connect_ex", address)
    return _connect_ex(self, address)


socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
socket.getaddrinfo = lambda *a, **k: _refuse("getaddrinfo", a)
socket.gethostbyname = lambda *a, **k: _refuse("gethostbyname", a)
socket.gethostbyname_ex = lambda *a, **k: _refuse("gethostbyname_ex", a)
'''

_WRITE = re.compile(r"O_WRONLY|O_RDWR|O_CREAT")
_PATH = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _strace() -> list[str] | None:
    """The strace command prefix, or None where strace is missing or may not trace."""
    exe = shutil.which("strace")
    if exe is None:
        return None
    probe = subprocess.run([exe, "-f", "-qq", "-e", "trace=connect", "-o", os.devnull, "true"],
                           capture_output=True)
    return [exe, "-f", "-qq", "-e", "trace=connect,openat,open,creat,mkdir,mkdirat,rename,renameat,renameat2"] \
        if probe.returncode == 0 else None


def _sandbox(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MMSUM_", "HF_", "TRANSFORMERS_", "XDG_", "TORCH", "ORT_"))}
    home = root / "home"
    for sub in ("", ".cache", ".config", ".local/share", ".local/state", "tmp"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    site = root / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_STATE_HOME=str(home / ".local/state"),
               TMPDIR=str(home / "tmp"), PYTHONPATH=str(site), PYTHONDONTWRITEBYTECODE="1",
               MMSUM_TEST_NET_LOG=str(root / "net.log"))
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path, trace: Path | None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mmsum", *args]
    prefix = _strace() if trace is not None else None
    if prefix:
        cmd = [*prefix, "-o", str(trace), *cmd]
    return subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


def _traced_problems(trace: Path, cwd: Path, allowed: list[Path]) -> list[str]:
    """Connections to other hosts (or the name service) and files written outside ``allowed``."""
    problems = []
    roots = [str(p.resolve()) for p in allowed] + ["/dev/", "/proc/", "/sys/"]
    for line in trace.read_text(errors="replace").splitlines():
        call = line.split(None, 1)[-1]
        if call.startswith("connect("):
            if "AF_INET" in call or "nscd" in call:
                problems.append(call[:200])
            continue
        if "= -1 " in call or not call.startswith(("open", "creat", "mkdir", "rename")):
            continue
        if call.startswith(("open", "openat")) and not _WRITE.search(call):
            continue
        for path in _PATH.findall(call):
            if not path.startswith("/") and call.startswith("openat(") and "AT_FDCWD" not in call:
                continue  # relative to a directory descriptor: its folder was checked when made
            if not path.startswith("/"):
                path = str(cwd / path)
            if os.path.basename(path).startswith(PROBE_PREFIX):
                continue  # the output folder's write check: made in its parent and removed at once
            if not any(os.path.normpath(path).startswith(r.rstrip("/")) for r in roots):
                problems.append(call[:200])
    return problems


# an integration run: two whole CLI runs under strace in an empty home (the models exported anew)
@pytest.mark.slow
def test_summarize_and_figures_stay_local(tmp_path):
    env = _sandbox(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    two_column_paper(work / "paper.pdf")
    home = Path(env["HOME"])
    own = home / ".cache" / "mmsum"  # mmsum's own cache folder under this environment
    traces = []
    for name, args in (("summarize", ["summarize", "paper.pdf", "--out-dir", "out", "--format", "json,md",
                                      "--device", "cpu", "--quiet"]),
                       ("figures", ["figures", "paper.pdf", "--out-dir", "figs"])):
        trace = tmp_path / f"{name}.strace"
        proc = _run(args, env, work, trace)
        assert proc.returncode == 0, proc.stderr
        traces.append(trace)
    assert (work / "out" / "paper.md").is_file() and (work / "figs" / "paper.json").is_file()
    log = tmp_path / "net.log"
    assert not log.exists(), log.read_text()
    stray = [str(p.relative_to(home)) for p in home.rglob("*")
             if p.is_file() and own not in p.parents]
    assert stray == []
    assert list((home / "tmp").iterdir()) == []
    if _strace() is None:
        pytest.skip("strace is not available: native connection attempts were not checked")
    for trace in traces:
        assert _traced_problems(trace, work, [work / "out", work / "figs", own, home / "tmp"]) == []
