"""WAV (RIFF) and AIFF (IFF) chunks: the audio format, the data actually present, RIFF INFO and
AIFF text chunks (which mutagen does not read), and where an ID3 chunk sits."""

from __future__ import annotations

import math
import struct
from typing import BinaryIO

from shared.domain.media import SUPPORTED_FORMATS, Notice, ProblemCode, UnreadableAudio
from shared.media.id3scan import check_id3v2
from shared.media.layout import Layout, corrupt, truncated
from shared.media.limits import Limits

_MAX_CHUNKS = 4096
_MAX_TEXT_CHUNK = 1 << 20
# sizes streaming writers leave in a header when they cannot seek back to fill it in
_PLACEHOLDER_SIZES = {0, 0xFFFFFFFF, 0x7FFFFFFF, 0x7FFFF000, 0xFFFFFFFF - 8}
_WAVE_FORMATS = {1: "pcm", 3: "float"}
_WAVE_FORMAT_NAMES = {2: "Microsoft ADPCM", 6: "A-law", 7: "mu-law", 0x11: "IMA ADPCM",
                      0x31: "GSM 6.10", 0x55: "MP3", 0xFF: "AAC", 0x2000: "AC-3"}  # fmt: skip


def _chunks(f: BinaryIO, start: int, size: int, endian: str) -> list[tuple[bytes, int, int]]:
    """(id, data offset, declared size) of every top-level chunk after the 12-byte header."""
    found: list[tuple[bytes, int, int]] = []
    position = start + 12
    while position + 8 <= size and len(found) < _MAX_CHUNKS:
        f.seek(position)
        header = f.read(8)
        chunk_id, length = header[:4], int(struct.unpack(endian + "I", header[4:])[0])
        found.append((chunk_id, position + 8, length))
        position += 8 + length + (length & 1)
    return found


def inspect_wav(f: BinaryIO, start: int, size: int, limits: Limits) -> Layout:
    """fmt and data chunks, RIFF INFO tags, and the duration of the data present."""
    layout = Layout()
    chunks = _chunks(f, start, size, "<")
    fmt = next((c for c in chunks if c[0] == b"fmt "), None)
    data = next((c for c in chunks if c[0] == b"data"), None)
    if fmt is None:
        raise corrupt("the WAV file has no fmt chunk")
    if data is None:
        raise UnreadableAudio(ProblemCode.TRUNCATED, "the WAV file has no audio data chunk")
    f.seek(fmt[1])
    block_align = _wave_format(f.read(min(fmt[2], 40)), layout)
    present, short = _present_bytes(data, size, layout, "WAV")
    _check_duration(data[2], present, short, block_align, layout, "WAV")
    for chunk_id, offset, length in chunks:
        if chunk_id == b"LIST" and length <= _MAX_TEXT_CHUNK:
            f.seek(offset)
            _riff_info(f.read(length), layout)
        elif chunk_id in (b"id3 ", b"ID3 "):
            check_id3v2(f, offset, min(length, size - offset), limits)
            layout.id3_offset = offset
    return layout


def _wave_format(fmt: bytes, layout: Layout) -> int:
    if len(fmt) < 16:
        raise corrupt("the WAV fmt chunk is too short")
    tag, channels, rate, _byte_rate, block_align, bits = struct.unpack("<HHIIHH", fmt[:16])
    if tag == 0xFFFE and len(fmt) >= 26:  # WAVE_FORMAT_EXTENSIBLE: the real tag is in the GUID
        tag = struct.unpack("<H", fmt[24:26])[0]
    kind = _WAVE_FORMATS.get(tag)
    if kind is None:
        name = _WAVE_FORMAT_NAMES.get(tag, "an unknown codec")
        raise UnreadableAudio(
            ProblemCode.UNSUPPORTED_FORMAT,
            f"WAV containing {name} (format tag 0x{tag:04x}) is not supported; "
            f"upload PCM or float WAV, or {SUPPORTED_FORMATS}",
        )
    _check_pcm_shape(channels, rate, bits, block_align)
    layout.channels, layout.sample_rate, layout.bit_depth = channels, rate, bits
    if kind == "float":
        layout.codec = f"pcm_f{bits}le"
    else:
        layout.codec = "pcm_u8" if bits == 8 else f"pcm_s{bits}le"
    return int(block_align)


def _check_pcm_shape(channels: int, rate: int, bits: int, block_align: int) -> None:
    if not 1 <= channels <= 32 or not 1000 <= rate <= 768_000 or bits not in (8, 16, 24, 32, 64):
        raise corrupt(
            f"the audio format is implausible: {channels} channels, {rate} Hz, {bits} bits"
        )
    if block_align != channels * bits // 8:
        raise corrupt(f"the block size {block_align} does not fit {channels} x {bits}-bit samples")


def _present_bytes(
    data: tuple[bytes, int, int], size: int, layout: Layout, what: str
) -> tuple[int, bool]:
    """Bytes of audio present, and whether the header promised more than that."""
    _, offset, declared = data
    available = max(0, size - offset)
    if declared <= available:
        return declared, False
    if declared in _PLACEHOLDER_SIZES:
        layout.warnings.append(
            Notice("no_length", f"the {what} header gives no length (a streaming tool wrote "
                   "it); the duration comes from the data present")
        )  # fmt: skip
        return available, False
    return available, True


def _check_duration(
    declared: int, present: int, short: bool, block_align: int, layout: Layout, what: str
) -> None:
    rate = layout.sample_rate or 1
    if short:
        raise truncated(declared // block_align / rate, present // block_align / rate, what)
    if present < block_align:
        raise UnreadableAudio(ProblemCode.TRUNCATED, f"the {what} file holds no audio samples")
    layout.duration_s = present // block_align / rate


_INFO_KEYS = {b"INAM": "title", b"IART": "artist", b"IPRD": "album", b"ICRD": "date",
              b"IGNR": "genre", b"ICMT": "comment", b"ICOP": "copyright", b"ITRK": "track",
              b"IPRT": "track", b"IMUS": "composer", b"IWRI": "lyricist", b"ILNG": "language",
              b"ISRC": "isrc", b"IPUB": "label", b"ILBL": "label"}  # fmt: skip


def _riff_info(data: bytes, layout: Layout) -> None:
    if not data.startswith(b"INFO"):
        return
    position = 4
    while position + 8 <= len(data):
        key, length = (
            data[position : position + 4],
            struct.unpack("<I", data[position + 4 : position + 8])[0],
        )
        value = data[position + 8 : position + 8 + length].split(b"\x00", 1)[0]
        if key in _INFO_KEYS and value.strip():
            text = decode_legacy(value, layout, f"RIFF INFO {key.decode()}")
            layout.text_tags.append((_INFO_KEYS[key], text, f"RIFF INFO {key.decode()}"))
        position += 8 + length + (length & 1)


def decode_legacy(value: bytes, layout: Layout, source: str) -> str:
    """RIFF and AIFF text has no declared encoding: UTF-8 if it is, else Windows-1252."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        layout.warnings.append(
            Notice("not_utf8", f"{source} is not UTF-8; read it as Windows-1252")
        )
        return value.decode("cp1252", errors="replace")


def inspect_aiff(f: BinaryIO, start: int, size: int, limits: Limits) -> Layout:
    """COMM and SSND chunks, AIFF text chunks, and the duration of the data present."""
    layout = Layout()
    f.seek(start + 8)
    compressed = f.read(4) == b"AIFC"
    chunks = _chunks(f, start, size, ">")
    comm = next((c for c in chunks if c[0] == b"COMM"), None)
    ssnd = next((c for c in chunks if c[0] == b"SSND"), None)
    if comm is None:
        raise corrupt("the AIFF file has no COMM chunk")
    if ssnd is None:
        raise UnreadableAudio(ProblemCode.TRUNCATED, "the AIFF file has no SSND audio chunk")
    f.seek(comm[1])
    frames, block_align = _aiff_common(f.read(min(comm[2], 64)), compressed, layout)
    f.seek(ssnd[1])
    data_offset = struct.unpack(">I", f.read(4))[0] + 8
    sound = (b"SSND", ssnd[1] + data_offset, max(0, ssnd[2] - data_offset))
    present, short = _present_bytes(sound, size, layout, "AIFF")
    declared = frames * block_align
    _check_duration(declared, min(present, declared), short or declared > present,
                    block_align, layout, "AIFF")  # fmt: skip
    _aiff_text(f, chunks, size, limits, layout)
    return layout


def _aiff_common(comm: bytes, compressed: bool, layout: Layout) -> tuple[int, int]:
    if len(comm) < 18:
        raise corrupt("the AIFF COMM chunk is too short")
    channels, frames, bits = struct.unpack(">hIh", comm[:8])
    rate = _extended_float(comm[8:18])
    kind = comm[18:22] if compressed and len(comm) >= 22 else b"NONE"
    codecs = {
        b"NONE": f"pcm_s{bits}be", b"twos": f"pcm_s{bits}be", b"sowt": f"pcm_s{bits}le",
        b"fl32": "pcm_f32be", b"FL32": "pcm_f32be", b"fl64": "pcm_f64be", b"FL64": "pcm_f64be",
    }  # fmt: skip
    if kind not in codecs:
        raise UnreadableAudio(
            ProblemCode.UNSUPPORTED_FORMAT,
            f"AIFF-C compressed with {kind.decode('latin-1')!r} is not supported; "
            f"upload uncompressed AIFF, or {SUPPORTED_FORMATS}",
        )
    if kind in (b"fl32", b"FL32"):
        bits = 32
    elif kind in (b"fl64", b"FL64"):
        bits = 64
    block_align = channels * ((bits + 7) // 8)
    _check_pcm_shape(channels, int(rate), (bits + 7) // 8 * 8, block_align)
    layout.channels, layout.sample_rate, layout.bit_depth = channels, int(rate), bits
    layout.codec = codecs[kind]
    return frames, block_align


def _extended_float(raw: bytes) -> float:
    """The 80-bit IEEE 754 extended number AIFF stores its sample rate in."""
    exponent = struct.unpack(">H", raw[:2])[0] & 0x7FFF
    mantissa = struct.unpack(">Q", raw[2:10])[0]
    if exponent == 0 or exponent == 0x7FFF:
        return 0.0
    return math.ldexp(mantissa, exponent - 16383 - 63)


_AIFF_TEXT = {b"NAME": "title", b"AUTH": "artist", b"(c) ": "copyright", b"ANNO": "comment"}


def _aiff_text(
    f: BinaryIO, chunks: list[tuple[bytes, int, int]], size: int, limits: Limits, layout: Layout
) -> None:
    for chunk_id, offset, length in chunks:
        if chunk_id in _AIFF_TEXT and length <= _MAX_TEXT_CHUNK:
            f.seek(offset)
            source = f"AIFF {chunk_id.decode().strip()}"
            text = decode_legacy(f.read(length).split(b"\x00", 1)[0], layout, source)
            if text.strip():
                layout.text_tags.append((_AIFF_TEXT[chunk_id], text, source))
        elif chunk_id in (b"ID3 ", b"id3 "):
            check_id3v2(f, offset, min(length, size - offset), limits)
            layout.id3_offset = offset
