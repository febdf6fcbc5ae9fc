"""MPEG audio frame headers (ISO 11172-3 / 13818-3), the Xing/Info and VBRI headers LAME and
Fraunhofer encoders put in the first frame, and whether Layer III frames can decode at all.

A frame header is 11 sync bits and a few fields, so random bytes hold a plausible one every few
kilobytes, and now and then two in a row. A stream is therefore only believed from a run of
``MIN_RUN`` consecutive frames of one kind, and its first frames must decode: the side
information each Layer III frame starts with (how many bits of Huffman data each granule uses,
where its main data begins in the bit reservoir) must fit the frame, as a decoder needs it to.
Noise with MPEG headers planted in it passes the first test and fails the second.
"""

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


MIN_RUN = 4  # consecutive frames that start a stream; noise chains one or two by chance
_TAIL_TAGS = 128 + 32  # an ID3v1 tag or an APE footer may follow the last frame


def find_stream(
    data: bytes, *, search_bytes: int = 4096, at_end: bool = False
) -> tuple[int, FrameHeader] | None:
    """The first offset where ``MIN_RUN`` consecutive frames of one kind start. ``at_end``
    says ``data`` runs to the end of the file: a shorter run is believed when it reaches it."""
    limit = min(len(data) - 4, search_bytes)
    for offset in range(max(0, limit)):
        if data[offset] != 0xFF:
            continue
        first = parse_header(data[offset : offset + 4])
        if first is None:
            continue
        run, end = frame_run(data, offset, first, MIN_RUN)
        if run >= MIN_RUN or (at_end and len(data) - _TAIL_TAGS <= end <= len(data)):
            return offset, first
    return None


def frame_run(data: bytes, offset: int, first: FrameHeader, most: int) -> tuple[int, int]:
    """How many consecutive frames like ``first`` start at ``offset`` (up to ``most``), and
    where the last of them ends."""
    kind = (first.version, first.layer, first.sample_rate)
    count, position, header = 0, offset, first
    while count < most:
        count += 1
        position += header.length
        following = parse_header(data[position : position + 4])
        if following is None or (following.version, following.layer, following.sample_rate) != kind:
            break
        header = following
    return count, position


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


# ---------------------------------------------------------------- Layer III side information

DECODE_CHECK_FRAMES = 16  # frames whose side information is checked
_BIG_VALUES_MAX = 288  # 576 spectral lines, two per big value


class _Bits:
    """Big-endian bit reader over the side information."""

    def __init__(self, data: bytes) -> None:
        self._value = int.from_bytes(data, "big")
        self._left = len(data) * 8

    def read(self, count: int) -> int:
        self._left -= count
        return (self._value >> self._left) & ((1 << count) - 1)


def side_info_problem(frame: bytes, header: FrameHeader, reservoir: int | None) -> str | None:
    """Why a Layer III frame cannot decode (ISO 11172-3 2.4.1.7, 13818-3 2.4.1.7), or None.

    ``reservoir`` is how many bytes of main data earlier frames left for this one to reach back
    into (None for the first frame seen, whose predecessors may have been cut off)."""
    if header.layer != 3:
        return None
    crc = 0 if frame[1] & 1 else 2
    side = frame[4 + crc : 4 + crc + header.side_info_bytes]
    if len(side) < header.side_info_bytes:
        return "it ends inside its side information"
    bits = _Bits(side)
    mpeg1, channels = header.version == 1.0, 1 if header.mono else 2
    main_data_begin = bits.read(9 if mpeg1 else 8)
    bits.read((5 if header.mono else 3) if mpeg1 else (1 if header.mono else 2))
    if mpeg1:
        bits.read(4 * channels)  # scfsi
    needed = 0
    for _ in range(2 if mpeg1 else 1):
        for _ in range(channels):
            part2_3, big_values = bits.read(12), bits.read(9)
            bits.read(8 + (4 if mpeg1 else 9))  # global gain, scalefac_compress
            if bits.read(1):  # window switching: block type, mixed flag, tables, subblock gains
                if bits.read(2) == 0:
                    return "a granule switches windows to the reserved block type 0"
                bits.read(1 + 10 + 9)
            else:
                bits.read(15 + 4 + 3)
            bits.read(3 if mpeg1 else 2)
            if big_values > _BIG_VALUES_MAX:
                return f"a granule claims {big_values} big values; at most {_BIG_VALUES_MAX}"
            needed += part2_3
    if reservoir is not None and main_data_begin > reservoir:
        return (
            f"its main data begins {main_data_begin} bytes back, but the frames before it left "
            f"{reservoir}"
        )
    held = (header.length - 4 - crc - header.side_info_bytes + main_data_begin) * 8
    if needed > held:
        return (
            f"its granules need {needed:,} bits of main data; the frame and reservoir hold {held:,}"
        )
    return None


def _main_data_begin(frame: bytes, header: FrameHeader) -> int:
    crc = 0 if frame[1] & 1 else 2
    side = frame[4 + crc : 4 + crc + 2]
    value = int.from_bytes(side.ljust(2, b"\x00"), "big")
    return value >> 7 if header.version == 1.0 else value >> 8


def undecodable(data: bytes, offset: int, first: FrameHeader) -> str | None:
    """Why the first frames from ``offset`` do not decode (more than one bad frame in the
    first ``DECODE_CHECK_FRAMES``: a real stream with one damaged frame still plays), or None."""
    bad: list[str] = []
    position, header, reservoir = offset, first, None
    for number in range(1, DECODE_CHECK_FRAMES + 1):
        frame = data[position : position + header.length]
        if len(frame) < header.length:
            break
        problem = side_info_problem(frame, header, reservoir)
        if problem is not None:
            bad.append(f"frame {number} (byte {position:,}): {problem}")
        main_bytes = header.length - 4 - (0 if frame[1] & 1 else 2) - header.side_info_bytes
        cap = 511 if header.version == 1.0 else 255
        if reservoir is None:  # a stream cut mid-way may reach into frames that are gone
            reservoir = 0 if _main_data_begin(frame, header) == 0 else cap
        reservoir = min(cap, reservoir + main_bytes)
        position += header.length
        following = parse_header(data[position : position + 4])
        if following is None:
            break
        header = following
    return "; ".join(bad[:2]) if len(bad) > 1 else None
