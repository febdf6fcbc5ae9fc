"""Technical facts from mutagen's stream info and the container checks."""

from __future__ import annotations

from typing import Any

from shared.domain.assets import TechnicalFacts
from shared.domain.media import SUPPORTED_FORMATS, ProblemCode, UnreadableAudio
from shared.media.layout import Layout, truncated

_CONTAINERS = {"mp3": "mp3", "flac": "flac", "wav": "wav", "aiff": "aiff", "m4a": "mp4",
               "ogg": "ogg"}  # fmt: skip


def technical_facts(
    fmt: str, codec_hint: str | None, info: Any, layout: Layout, size_bytes: int
) -> TechnicalFacts:
    """Container, codec, duration, rate, depth, channels, bitrate, VBR, lossless."""
    codec = _codec(fmt, codec_hint, info, layout)
    duration = layout.duration_s if layout.duration_s is not None else float(info.length or 0)
    if duration <= 0:
        raise UnreadableAudio(ProblemCode.TRUNCATED, "the file holds no audio (duration 0)")
    if codec == "aac":  # lossless ALAC compresses silence too well for this estimate
        _check_mp4_duration(duration, info, layout)
    rate = layout.sample_rate or _int(getattr(info, "sample_rate", None))
    channels = layout.channels or _int(getattr(info, "channels", None))
    depth = layout.bit_depth or _int(getattr(info, "bits_per_sample", None)) or None
    lossless = codec in ("flac", "alac") or codec.startswith("pcm_")
    return TechnicalFacts(
        container=_CONTAINERS[fmt],
        codec=codec,
        duration_s=round(duration, 3),
        sample_rate=48_000 if codec == "opus" else rate,
        bit_depth=depth if lossless else None,
        channels=channels,
        bitrate=_bitrate(codec, info, rate, channels, depth, size_bytes, duration),
        vbr=_vbr(codec, info, layout),
        lossless=lossless,
    )


def _codec(fmt: str, codec_hint: str | None, info: Any, layout: Layout) -> str:
    if layout.codec:
        return layout.codec
    if fmt == "ogg":
        return codec_hint or "vorbis"
    name = str(getattr(info, "codec", "") or "")
    if name.startswith("mp4a.40"):
        return "aac"
    if name == "alac":
        return "alac"
    described = getattr(info, "codec_description", None) or name or "no audio track"
    raise UnreadableAudio(
        ProblemCode.UNSUPPORTED_FORMAT,
        f"an M4A file with {described} is not supported; upload {SUPPORTED_FORMATS}",
    )


def _check_mp4_duration(duration: float, info: Any, layout: Layout) -> None:
    """mdhd's duration against the audio the mdat atoms can hold at the stream's bitrate."""
    bitrate = _int(getattr(info, "bitrate", None))
    if not bitrate or layout.audio_bytes is None:
        return
    held = layout.audio_bytes * 8 / bitrate
    if duration > 2 * held + 5:
        raise truncated(duration, held, "MP4")


def _bitrate(
    codec: str,
    info: Any,
    rate: int | None,
    channels: int | None,
    depth: int | None,
    size_bytes: int,
    duration: float,
) -> int | None:
    if codec.startswith("pcm_") and rate and channels and depth:
        return rate * channels * depth
    reported = _int(getattr(info, "bitrate", None))
    if reported and codec not in ("opus", "vorbis", "alac"):  # nominal, not measured
        return reported
    return int(size_bytes * 8 / duration)  # Ogg headers give a nominal rate: measure it


def _vbr(codec: str, info: Any, layout: Layout) -> bool | None:
    if codec.startswith("pcm_"):
        return False
    if codec in ("flac", "alac", "vorbis", "opus"):
        return True  # variable by design
    if codec == "mp3":
        if layout.vbr_header is not None:
            return layout.vbr_header.kind != "Info"  # LAME writes "Info" into CBR files
        return any(w.code == "no_vbr_header" for w in layout.warnings) or False
    return None  # AAC does not say


def _int(value: Any) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None
