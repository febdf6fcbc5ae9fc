"""What the extraction sandbox says when it refuses a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.domain.media import UnreadableAudio
from shared.media.sandbox import SandboxedExtractor


def refused(extractor: SandboxedExtractor, path: Path) -> UnreadableAudio:
    """The refusal of ``path`` (the test fails if it is read)."""
    with pytest.raises(UnreadableAudio) as caught:
        extractor.extract(path, fingerprint=False)
    return caught.value
