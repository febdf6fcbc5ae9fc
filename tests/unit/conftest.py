"""Fixtures shared by the unit tests that read files through the extraction sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shared.media.limits import Limits
from shared.media.sandbox import SandboxedExtractor


@pytest.fixture(scope="module")
def extractor() -> Iterator[SandboxedExtractor]:
    """One sandboxed worker, 512 MB, no fingerprint: what a hostile file meets first."""
    sandbox = SandboxedExtractor(Limits(fingerprint=False), workers=1, memory_mb=512)
    yield sandbox
    sandbox.close()
