"""Chromaprint fingerprints through Debian's ``fpcalc`` (package libchromaprint-tools).

A missing tool or a failure is recorded as the reason, never raised: the rest of the extraction
stands without a fingerprint.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

MISSING_TOOL = "fpcalc (Chromaprint) is not installed: install Debian's libchromaprint-tools"


def fingerprint_file(
    path: Path, *, fpcalc: str, length_s: int, timeout_s: float
) -> tuple[str | None, str | None]:
    """(fingerprint, None) or (None, why there is none)."""
    executable = shutil.which(fpcalc)
    if executable is None:
        return None, MISSING_TOOL
    try:
        done = subprocess.run(
            [executable, "-json", "-length", str(length_s), str(path)],
            capture_output=True, timeout=timeout_s, check=False, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None, f"fpcalc took longer than {timeout_s:g} s"
    except OSError as exc:
        return None, f"fpcalc could not run: {exc.strerror or exc}"
    return _parse(done)


def _parse(done: subprocess.CompletedProcess[bytes]) -> tuple[str | None, str | None]:
    try:
        result = json.loads(done.stdout or b"{}")
    except ValueError:
        result = {}
    found = result.get("fingerprint") if isinstance(result, dict) else None
    if isinstance(found, str) and len(found) > 8:
        return found, None
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0 and lines:
        return None, f"fpcalc failed: {lines[-1].removeprefix('ERROR: ')}"
    return None, "the audio is too short or too quiet to fingerprint"
