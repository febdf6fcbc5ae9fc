"""The evaluation set we build ourselves: MIDI arrangements with exact truth, rendered and encoded.

`python -m bench.evalset build` renders it into ``EVALSET_DIR`` (default ~/.cache/catalog/evalset),
outside the repository; nothing here runs in the default test run.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_dir() -> Path:
    """Where the rendered set is cached: $EVALSET_DIR or ~/.cache/catalog/evalset."""
    return Path(os.environ.get("EVALSET_DIR", Path.home() / ".cache" / "catalog" / "evalset"))
