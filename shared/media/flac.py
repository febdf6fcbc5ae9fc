"""FLAC structure: metadata blocks within the file and caps, and where the audio really ends.

A FLAC file's STREAMINFO declares the total sample count; a truncated upload keeps that header,
so the last frame header in the file (whose number says where it starts) shows how much is left.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import BinaryIO

from shared.domain.media import Notice, ProblemCode, UnreadableAudio
from shared.media.layout import Layout, corrupt, past_end, too_big, truncated
from shared.media.limits import Limits

_PICTURE = 6
_INVALID_BLOCK = 127  # the FLAC format forbids this block type (it could fake a frame sync)
_MAX_BLOCKS = 1024
_TAIL_BYTES = 256 * 1024
_BLOCK_NAMES = {0: "STREAMINFO", 1: "PADDING", 2: "APPLICATION", 3: "SEEKTABLE",
                4: "VORBIS_COMMENT", 5: "CUESHEET", 6: "PICTURE"}  # fmt: skip


def inspect_flac(f: BinaryIO, start: int, size: int, limits: Limits) -> Layout:
    """Walk the metadata blocks; check the last frame against STREAMINFO's sample count."""
    layout = Layout(codec="flac")
    streaminfo, audio_start = _read_blocks(f, start + 4, size, limits, layout)
    if len(streaminfo) < 18:
        raise corrupt("the FLAC file has no valid STREAMINFO block")
    sample_rate = (streaminfo[10] << 12) | (streaminfo[11] << 4) | (streaminfo[12] >> 4)
    layout.sample_rate = sample_rate
    layout.channels = ((streaminfo[12] >> 1) & 7) + 1
    layout.bit_depth = (((streaminfo[12] & 1) << 4) | (streaminfo[13] >> 4)) + 1
    total = ((streaminfo[13] & 0x0F) << 32) | struct.unpack(">I", streaminfo[14:18])[0]
    max_block = struct.unpack(">H", streaminfo[2:4])[0]
    if audio_start >= size:
        raise UnreadableAudio(ProblemCode.TRUNCATED, "the FLAC file ends before its first frame")
    if sample_rate == 0:
        raise corrupt("the FLAC STREAMINFO gives a sample rate of 0")
    _check_end(f, audio_start, size, total, max_block, sample_rate, layout)
    return layout


def _read_blocks(
    f: BinaryIO, position: int, size: int, limits: Limits, layout: Layout
) -> tuple[bytes, int]:
    streaminfo = b""
    previous: tuple[str, int] | None = None  # the block before: a wrong length shows up here
    for _ in range(_MAX_BLOCKS):
        f.seek(position)
        header = f.read(4)
        if len(header) < 4:
            raise UnreadableAudio(ProblemCode.TRUNCATED, "the FLAC file ends inside its metadata")
        kind, length = header[0] & 0x7F, int.from_bytes(header[1:4], "big")
        name = _BLOCK_NAMES.get(kind, f"type {kind}")
        if previous is not None and (kind == 0 or kind == _INVALID_BLOCK):
            raise _wrong_length(*previous)  # no second STREAMINFO: we landed mid-block
        if position + 4 + length > size:
            if previous is not None and kind not in _BLOCK_NAMES:
                raise _wrong_length(*previous)
            raise past_end(f"the FLAC {name} block", length, size - position - 4)
        _check_block_size(kind, name, length, limits, layout)
        if kind == 0:
            streaminfo = f.read(min(length, 64))
        elif kind == _PICTURE:
            _check_picture(f, length)
        previous = (name, length)
        position += 4 + length
        if header[0] & 0x80:
            return streaminfo, position
    raise UnreadableAudio(
        ProblemCode.DECLARED_SIZE, f"the FLAC file has more than {_MAX_BLOCKS} metadata blocks"
    )


def _wrong_length(name: str, length: int) -> UnreadableAudio:
    return corrupt(
        f"the FLAC {name} block declares {length:,} bytes, but no valid metadata block follows "
        f"it: the {name} block's length is wrong"
    )


def _check_picture(f: BinaryIO, length: int) -> None:
    """A PICTURE block's own fields (MIME type, description, data) must fill its length."""
    start = f.tell()
    needed = picture_size(lambda at: _u32(f, start + at, start + length), length)
    if needed != length:
        raise _bad_picture(length, needed)


def picture_size(u32: Callable[[int], int | None], length: int) -> int:
    """How many bytes a FLAC PICTURE structure's own fields need (``length`` when they fill
    it); ``u32(offset)`` reads one field, None past the end. Read before any parser allocates
    what a field declares (4 GB, say)."""
    cursor = 4  # the picture type
    for _ in range(2):  # the MIME type and the description: a 32-bit length, then the bytes
        text_length = u32(cursor)
        if text_length is None:
            return max(cursor + 4, length + 1)
        cursor += 4 + text_length
        if cursor > length:
            return cursor
    data_length = u32(cursor + 16)  # after width, height, depth and colours
    return max(cursor + 20, length + 1) if data_length is None else cursor + 20 + data_length


def picture_problem(data: bytes) -> str | None:
    """Why a PICTURE structure in ``data`` (a base64 METADATA_BLOCK_PICTURE comment) is not
    whole, or None."""
    needed = picture_size(
        lambda at: int.from_bytes(data[at : at + 4], "big") if at + 4 <= len(data) else None,
        len(data),
    )
    if needed == len(data):
        return None
    return f"declares a picture of {needed:,} bytes but holds {len(data):,}"


def _u32(f: BinaryIO, at: int, end: int) -> int | None:
    if at + 4 > end:
        return None
    f.seek(at)
    return int.from_bytes(f.read(4), "big")


def _bad_picture(length: int, needed: int) -> UnreadableAudio:
    return corrupt(
        f"the FLAC PICTURE block declares {length:,} bytes but its picture needs {needed:,}: "
        "the PICTURE block's length is wrong"
    )


def _check_block_size(kind: int, name: str, length: int, limits: Limits, layout: Layout) -> None:
    if kind == _PICTURE and length > limits.max_picture_bytes:
        layout.warnings.append(
            Notice("picture_too_large", f"a {length / (1 << 20):.1f} MB picture was ignored "
                   f"(limit {limits.max_picture_bytes // (1 << 20)} MB)")
        )  # fmt: skip
    elif kind != _PICTURE and length > limits.max_metadata_bytes:
        raise too_big(f"the FLAC {name} block", length, limits.max_metadata_bytes)


def _check_end(
    f: BinaryIO,
    audio_start: int,
    size: int,
    total: int,
    max_block: int,
    sample_rate: int,
    layout: Layout,
) -> None:
    tail_start = max(audio_start, size - _TAIL_BYTES)
    f.seek(tail_start)
    tail = f.read(size - tail_start)
    last = _last_frame_end(tail, max_block)
    if last is None:
        raise corrupt("no FLAC audio frame was found at the end of the file")
    if total == 0:  # streaming encoders may not know the length: measure it
        layout.duration_s = last / sample_rate
        layout.warnings.append(
            Notice("no_length", "the FLAC header gives no length; measured from the frames")
        )
    elif last < total - max(max_block, 1) * 2:
        raise truncated(total / sample_rate, last / sample_rate, "FLAC")


def _last_frame_end(tail: bytes, max_block: int) -> int | None:
    """The sample where the last frame in ``tail`` ends, or None when no frame is found."""
    position = len(tail) - 2
    while position >= 0:
        position = max(
            tail.rfind(b"\xff\xf8", 0, position + 2), tail.rfind(b"\xff\xf9", 0, position + 2)
        )
        if position < 0:
            return None
        frame = _frame_position(tail[position : position + 16], max_block)
        if frame is not None:
            return frame
        position -= 1
    return None


def _frame_position(header: bytes, max_block: int) -> int | None:
    """First sample after the frame whose header starts ``header``; None if not a header."""
    if len(header) < 6 or header[3] & 1 or (header[2] >> 4) == 0:
        return None
    number, cursor = _utf8_number(header, 4)
    if number is None:
        return None
    block_code = header[2] >> 4
    block, cursor = _block_size(block_code, header, cursor)
    rate_code = header[2] & 0x0F
    cursor += {12: 1, 13: 2, 14: 2}.get(rate_code, 0)
    if rate_code == 15 or cursor >= len(header) or block is None:
        return None
    if _crc8(header[:cursor]) != header[cursor]:
        return None
    variable = header[1] == 0xF9
    first = number if variable else number * max_block
    return first + block


def _utf8_number(data: bytes, at: int) -> tuple[int | None, int]:
    lead = data[at]
    if lead < 0x80:
        return lead, at + 1
    extra = next((n for n in range(1, 7) if lead & (0x80 >> (n + 1)) == 0), None)
    if extra is None or lead & 0xC0 != 0xC0 or at + 1 + extra > len(data):
        return None, at
    value = lead & (0x3F >> extra)
    for byte in data[at + 1 : at + 1 + extra]:
        if byte & 0xC0 != 0x80:
            return None, at
        value = (value << 6) | (byte & 0x3F)
    return value, at + 1 + extra


def _block_size(code: int, data: bytes, at: int) -> tuple[int | None, int]:
    if code == 1:
        return 192, at
    if 2 <= code <= 5:
        return 576 << (code - 2), at
    if code == 6:
        return (data[at] + 1, at + 1) if at < len(data) else (None, at)
    if code == 7:
        return (
            (int.from_bytes(data[at : at + 2], "big") + 1, at + 2)
            if at + 1 < len(data)
            else (None, at)
        )
    return 256 << (code - 8), at


def _crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc
