"""numba's on-disk cache under many processes: what the test suite and `catalog run` do to it.

The suite runs the pytest process, `catalog run` stacks with their analysis workers and
`catalog analyze` subprocesses at the same time, each compiling librosa's cached functions for the
dtypes it meets first. With numba's own cache, processes that compile at once leave index entries
naming another process's data (numba #4807, #10128): they crash there and then, and so does every
later process loading the cache (`librosa.estimate_tuning` died with SIGSEGV after `make test`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

# What one analysing process does: import our engines (which configures the cache), then run
# librosa's numba code paths (tuning, onsets, peaks) in the dtype order it meets.
_ANALYSE = """
import sys
import inference  # noqa: F401 - configures the JIT cache, as every product process does
import numpy as np, librosa
dtypes = [np.float32, np.float64] if sys.argv[1] == "a" else [np.float64, np.float32]
for dtype in dtypes:
    y = np.random.default_rng(0).standard_normal(22050 * 8).astype(dtype)
    librosa.estimate_tuning(y=y, sr=22050)
    librosa.onset.onset_strength(y=y, sr=22050)
    librosa.util.localmax(y)
"""
_TUNING = """
import inference  # noqa: F401
import numpy as np, librosa
print(librosa.estimate_tuning(y=np.random.randn(110250).astype("float32"), sr=22050))
"""
_ROLE = """
import sys, time
from inference import jit_cache
print("writer" if jit_cache.is_writer() else "reader", flush=True)
time.sleep(float(sys.argv[1]))
"""


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    return {**env, "CATALOG_JIT_CACHE_DIR": str(root)}


def _python(code: str, *args: str, root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=_env(root), cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.slow
def test_processes_compiling_at_once_never_crash_and_leave_a_cache_a_new_process_can_load(
    tmp_path: Path,
) -> None:
    root = tmp_path / "jit"
    racing = [_python(_ANALYSE, order, root=root) for order in ("a", "b", "a", "b")]
    outcomes = [(p.communicate(timeout=600)[1], p.returncode) for p in racing]

    assert [code for _, code in outcomes] == [0, 0, 0, 0], outcomes  # -11 was SIGSEGV
    assert list(root.rglob("*.nbi")), "the writer filled the cache"
    after = _python(_TUNING, root=root)
    _, errors = after.communicate(timeout=300)
    assert after.returncode == 0, errors


def test_one_process_writes_the_cache_at_a_time_and_the_next_takes_over_when_it_ends(
    tmp_path: Path,
) -> None:
    root = tmp_path / "jit"
    first = _python(_ROLE, "3", root=root)
    assert first.stdout is not None
    assert first.stdout.readline().strip() == "writer"

    second = subprocess.run(
        [sys.executable, "-c", _ROLE, "0"], env=_env(root), cwd=REPO_ROOT,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    first.communicate(timeout=120)
    third = subprocess.run(
        [sys.executable, "-c", _ROLE, "0"], env=_env(root), cwd=REPO_ROOT,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert second.stdout.strip() == "reader"
    assert third.stdout.strip() == "writer"


def test_an_unwritable_cache_root_falls_back_to_a_private_folder(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")

    done = subprocess.run(
        [sys.executable, "-c", "import inference.jit_cache as j; print(j.configure_jit_cache())"],
        env=_env(blocked / "jit"), cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert "catalog-jit-" in done.stdout
    assert str(blocked) not in done.stdout
