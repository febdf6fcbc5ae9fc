"""MPEG audio frame headers (ISO 11172-3 / 13818-3) and the Xing/Info and VBRI headers LAME
and Fraunhofer encoders put in the first frame."""

from __future__ import annotations

import struct
from dataclasses import dataclass

_BITRATES_KBPS = {
    (1, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (1, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (1, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (2, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (2, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (2, 3): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {1.0: (44100, 48000, 32000), 2.0: (22050, 24000, 16000), 2.5: (11025, 12000, 8000)}
_VERSIONS = {0: 2.5, 2: 2.0, 3: 1.0}
_LAYERS = {1: 3, 2: 2, 3: 1}


@dataclass(frozen=True, slots=True)
class FrameHeader:
    """One MPEG audio frame header."""

    version: float  # 1.0, 2.0 or 2.5
    layer: int  # 1, 2 or 3
    bitrate_kbps: int
    sample_rate: int
    padding: bool
    mono: bool

    @property
    def length(self) -> int:
        """Bytes in this frame, header included."""
        if self.layer == 1:
            return (12 * self.bitrate_kbps * 1000 // self.sample_rate + self.padding) * 4
        factor = 72 if self.layer == 3 and self.version != 1.0 else 144
        return factor * self.bitrate_kbps * 1000 // self.sample_rate + self.padding

    @property
    def samples(self) -> int:
        """Samples per channel in this frame."""
        if self.layer == 1:
            return 384
        return 576 if self.layer == 3 and self.version != 1.0 else 1152

    @property
    def side_info_bytes(self) -> int:
        """Where the Xing/Info header starts after the 4-byte frame header."""
        if self.version == 1.0:
            return 17 if self.mono else 32
        return 9 if self.mono else 17


def parse_header(data: bytes) -> FrameHeader | None:
    """The header in the first 4 bytes of ``data``, or None when they are not one."""
    if len(data) < 4 or data[0] != 0xFF or data[1] & 0xE0 != 0xE0:
        return None
    version = _VERSIONS.get((data[1] >> 3) & 3)
    layer = _LAYERS.get((data[1] >> 1) & 3)
    bitrate_index, rate_index = data[2] >> 4, (data[2] >> 2) & 3
    if version is None or layer is None or bitrate_index in (0, 15) or rate_index == 3:
        return None  # free-format streams are not accepted: nothing modern writes them
    family = 1 if version == 1.0 else 2
    return FrameHeader(
        version=version,
        layer=layer,
        bitrate_kbps=_BITRATES_KBPS[(family, layer)][bitrate_index],
        sample_rate=_SAMPLE_RATES[version][rate_index],
        padding=bool((data[2] >> 1) & 1),
        mono=(data[3] >> 6) == 3,
    )


def is_adts(data: bytes) -> bool:
    """A raw AAC (ADTS) frame: MPEG sync with the layer bits 00."""
    return len(data) >= 2 and data[0] == 0xFF and data[1] & 0xF6 == 0xF0


def find_stream(data: bytes, *, search_bytes: int = 4096) -> tuple[int, FrameHeader] | None:
    """The first offset where two consecutive valid frames of the same kind start."""
    limit = min(len(data) - 4, search_bytes)
    for offset in range(max(0, limit)):
        if data[offset] != 0xFF:
            continue
        first = parse_header(data[offset : offset + 4])
        if first is None:
            continue
        following = parse_header(data[offset + first.length : offset + first.length + 4])
        if following and (following.version, following.layer) == (first.version, first.layer):
            return offset, first
        if offset + first.length + 4 > len(data):
            return offset, first  # a one-frame file: accept the frame we can see
    return None


@dataclass(frozen=True, slots=True)
class VbrHeader:
    """What a Xing/Info or VBRI header says about the whole stream."""

    kind: str  # "Xing" (VBR), "Info" (CBR from LAME) or "VBRI"
    frames: int | None
    stream_bytes: int | None


def parse_vbr_header(frame: bytes, header: FrameHeader) -> VbrHeader | None:
    """The Xing/Info or VBRI header inside the first frame, if any."""
    xing_at = 4 + header.side_info_bytes
    tag = frame[xing_at : xing_at + 4]
    if tag in (b"Xing", b"Info") and len(frame) >= xing_at + 8:
        (flags,) = struct.unpack(">I", frame[xing_at + 4 : xing_at + 8])
        cursor, frames, stream_bytes = xing_at + 8, None, None
        if flags & 1 and len(frame) >= cursor + 4:
            (frames,) = struct.unpack(">I", frame[cursor : cursor + 4])
            cursor += 4
        if flags & 2 and len(frame) >= cursor + 4:
            (stream_bytes,) = struct.unpack(">I", frame[cursor : cursor + 4])
        return VbrHeader(tag.decode(), frames, stream_bytes)
    if frame[36:40] == b"VBRI" and len(frame) >= 54:
        stream_bytes, frames = struct.unpack(">II", frame[46:54])
        return VbrHeader("VBRI", frames, stream_bytes)
    return None
