"""What a format's structure says, checked against the bytes actually present."""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.domain.media import Notice, ProblemCode, UnreadableAudio
from shared.media.mpeg import VbrHeader


@dataclass
class Layout:
    """Facts read from container headers, and text tags outside ID3 (RIFF INFO, AIFF)."""

    codec: str | None = None  # set by containers that name it in their headers (WAV, AIFF)
    bit_depth: int | None = None
    sample_rate: int | None = None
    channels: int | None = None
    duration_s: float | None = None  # from the data present, when the header could lie
    vbr_header: VbrHeader | None = None
    audio_bytes: int | None = None  # MP4: bytes in mdat atoms
    id3_offset: int | None = None  # an ID3 chunk inside a WAV or AIFF file
    text_tags: list[tuple[str, str, str]] = field(default_factory=list)  # (key, value, source)
    warnings: list[Notice] = field(default_factory=list)


def clock(seconds: float) -> str:
    """``H:MM:SS`` for messages."""
    whole = int(round(seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def truncated(declared_s: float, present_s: float, what: str) -> UnreadableAudio:
    """The error for a header that promises more audio than the file holds."""
    return UnreadableAudio(
        ProblemCode.TRUNCATED,
        f"the {what} header declares {clock(declared_s)} of audio but the file holds "
        f"{clock(present_s)}: the file is truncated or its header is wrong",
    )


def past_end(what: str, declared: int, remaining: int) -> UnreadableAudio:
    """The error for a block that claims more bytes than the file has left."""
    return UnreadableAudio(
        ProblemCode.TRUNCATED,
        f"{what} declares {declared:,} bytes but only {max(0, remaining):,} remain in the file",
    )


def too_big(what: str, size: int, cap: int) -> UnreadableAudio:
    """The error for metadata over a cap."""
    return UnreadableAudio(
        ProblemCode.DECLARED_SIZE,
        f"{what} is {size / (1 << 20):,.1f} MB, over the {cap // (1 << 20)} MB limit",
    )


def corrupt(message: str) -> UnreadableAudio:
    """The error for a structure that makes no sense."""
    return UnreadableAudio(ProblemCode.CORRUPT, message)
