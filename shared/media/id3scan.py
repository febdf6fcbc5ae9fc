"""Walk an ID3v2 tag's frame headers before mutagen reads it.

mutagen trusts what a tag declares: it inflates a compressed frame of any size (a small frame can
inflate to hundreds of MB) and reads a frame's claimed length. This walk refuses such tags with a
precise message first, reading nothing beyond the tag (itself capped).
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

from shared.domain.media import ProblemCode, UnreadableAudio
from shared.media.limits import Limits


def syncsafe(data: bytes) -> int:
    """A 28-bit integer stored 7 bits per byte."""
    value = 0
    for byte in data:
        value = (value << 7) | (byte & 0x7F)
    return value


def check_id3v2(f: BinaryIO, offset: int, available: int, limits: Limits) -> None:
    """Refuse an ID3v2 tag at ``offset`` whose sizes are absurd or that hides a frame bomb."""
    f.seek(offset)
    header = f.read(10)
    if len(header) < 10 or not header.startswith(b"ID3"):
        return
    major, flags, size = header[3], header[5], syncsafe(header[6:10])
    if size > available - 10:
        raise UnreadableAudio(
            ProblemCode.TRUNCATED,
            f"the ID3v2 tag claims {size:,} bytes but only {max(0, available - 10):,} follow",
        )
    if size > limits.max_metadata_bytes:
        raise _too_big("the ID3v2 tag", size, limits.max_metadata_bytes)
    if major not in (2, 3, 4):
        return  # mutagen refuses unknown versions itself, with the audio still readable
    data = f.read(size)
    if major == 3 and flags & 0x80:
        data = data.replace(b"\xff\x00", b"\xff")  # whole-tag unsynchronisation (ID3v2.3)
    _walk_frames(data[_extended_header_size(data, major, flags) :], major, limits)


def _extended_header_size(data: bytes, major: int, flags: int) -> int:
    if not flags & 0x40 or len(data) < 4:
        return 0
    if major == 3:
        return 4 + int(struct.unpack(">I", data[:4])[0])  # the size excludes its own 4 bytes
    return syncsafe(data[:4]) if major == 4 else 0


def _walk_frames(data: bytes, major: int, limits: Limits) -> None:
    header_bytes = 6 if major == 2 else 10
    position, inflated = 0, 0
    while position + header_bytes <= len(data) and data[position] != 0:
        frame_id, size, frame_flags = _frame_header(data[position : position + header_bytes], major)
        remaining = len(data) - position - header_bytes
        if size > remaining:
            raise UnreadableAudio(
                ProblemCode.DECLARED_SIZE,
                f"ID3 frame {frame_id} declares {size:,} bytes but only {remaining:,} "
                "remain in the tag",
            )
        body = data[position + header_bytes : position + header_bytes + size]
        inflated += _inflated_size(frame_id, body, major, frame_flags, limits, inflated)
        position += header_bytes + size


def _frame_header(raw: bytes, major: int) -> tuple[str, int, int]:
    frame_id = raw[: 3 if major == 2 else 4].decode("latin-1", "replace")
    if major == 2:
        return frame_id, int.from_bytes(raw[3:6], "big"), 0
    size_bytes = raw[4:8]
    if major == 4 and not any(b & 0x80 for b in size_bytes):
        size = syncsafe(size_bytes)
    else:  # ID3v2.3, or an ID3v2.4 tag written with plain sizes (old iTunes did)
        size = struct.unpack(">I", size_bytes)[0]
    return frame_id, size, struct.unpack(">H", raw[8:10])[0]


def _inflated_size(
    frame_id: str, body: bytes, major: int, flags: int, limits: Limits, so_far: int
) -> int:
    """Bytes this frame inflates to (0 when not compressed); refuses bombs."""
    compressed = bool(flags & 0x0080) if major == 3 else bool(flags & 0x0008) and major == 4
    if not compressed:
        return 0
    budget = limits.max_inflated_bytes - so_far
    declared = struct.unpack(">I", body[:4])[0] if major == 3 else syncsafe(body[:4])
    if flags & (0x0001 if major == 4 else 0x0080) and declared > budget:
        raise _bomb(frame_id, declared, limits.max_inflated_bytes)
    payload = body[4:] if major == 3 or flags & 0x0001 else body
    if major == 4 and flags & 0x0002:
        payload = payload.replace(b"\xff\x00", b"\xff")  # per-frame unsynchronisation
    try:
        out = zlib.decompressobj().decompress(payload, budget + 1)
    except zlib.error:
        return 0  # mutagen reports a damaged frame and keeps the others
    if len(out) > budget:
        raise _bomb(frame_id, None, limits.max_inflated_bytes)
    return len(out)


def _bomb(frame_id: str, declared: int | None, cap: int) -> UnreadableAudio:
    said = f" (it declares {declared:,} bytes)" if declared is not None else ""
    return UnreadableAudio(
        ProblemCode.DECLARED_SIZE,
        f"ID3 frame {frame_id} is compressed and inflates past the {cap // (1 << 20)} MB "
        f"limit{said}: refused as a compression bomb",
    )


def _too_big(what: str, size: int, cap: int) -> UnreadableAudio:
    return UnreadableAudio(
        ProblemCode.DECLARED_SIZE,
        f"{what} is {size / (1 << 20):,.1f} MB, over the {cap // (1 << 20)} MB limit",
    )


def plain_text_frames(f: BinaryIO, offset: int, available: int) -> list[tuple[str, bytes]]:
    """(frame id, body) of the text frames (T***) of the ID3v2.3/2.4 tag at ``offset`` that are
    stored plainly (not compressed, encrypted, grouped or unsynchronised): what is needed to
    read back a frame mutagen dropped."""
    f.seek(offset)
    header = f.read(10)
    if len(header) < 10 or not header.startswith(b"ID3") or header[3] not in (3, 4):
        return []
    major, flags, size = header[3], header[5], syncsafe(header[6:10])
    if size > available - 10:
        return []
    data = f.read(size)
    if major == 3 and flags & 0x80:
        data = data.replace(b"\xff\x00", b"\xff")
    data = data[_extended_header_size(data, major, flags) :]
    special = 0x00E0 if major == 3 else 0x004F  # compression, encryption, grouping, unsync...
    found: list[tuple[str, bytes]] = []
    position = 0
    while position + 10 <= len(data) and data[position] != 0:
        frame_id, frame_size, frame_flags = _frame_header(data[position : position + 10], major)
        if frame_id.startswith("T") and not frame_flags & special:
            found.append((frame_id, data[position + 10 : position + 10 + frame_size]))
        position += 10 + frame_size
    return found
