"""MP4, Ogg and MP3 structure: top-level atoms within the file, the Ogg stream's last page, the
MP3 VBR header against the audio present."""

from __future__ import annotations

import struct
from typing import BinaryIO

from shared.domain.media import Notice, ProblemCode, UnreadableAudio
from shared.media import mpeg
from shared.media.id3scan import check_id3v2
from shared.media.layout import Layout, corrupt, past_end, too_big, truncated
from shared.media.limits import Limits

_MAX_ATOMS = 1024
_OGG_MAX_PAGE = 65_307
_ID3V1_BYTES = 128
_MP3_HEAD_BYTES = 64 * 1024


def inspect_mp4(f: BinaryIO, start: int, size: int, limits: Limits) -> Layout:
    """Every top-level atom must fit in the file; moov must exist and stay under the cap."""
    position, has_moov, count, audio_bytes = start, False, 0, 0
    while position + 8 <= size:
        f.seek(position)
        length, kind = struct.unpack(">I4s", f.read(8))
        header = 8
        if length == 1:
            length, header = struct.unpack(">Q", f.read(8))[0], 16
        elif length == 0:
            length = size - position  # "to the end of the file"
        name = kind.decode("latin-1")
        if length < header:
            raise corrupt(f"the MP4 atom {name!r} has an impossible size ({length})")
        if position + length > size:
            raise past_end(f"the MP4 {name!r} atom", length, size - position)
        if kind == b"mdat":
            audio_bytes += length - header
        if kind == b"moov":
            has_moov = True
            if length > limits.max_metadata_bytes:
                raise too_big("the MP4 moov atom", length, limits.max_metadata_bytes)
        position += length
        count += 1
        if count > _MAX_ATOMS:
            raise UnreadableAudio(ProblemCode.DECLARED_SIZE, "the MP4 file has too many atoms")
    if not has_moov:
        raise UnreadableAudio(
            ProblemCode.TRUNCATED, "the MP4 file has no moov atom (the upload is incomplete)"
        )
    return Layout(audio_bytes=audio_bytes)


def inspect_ogg(f: BinaryIO, start: int, size: int, limits: Limits) -> Layout:
    """The stream must end with its end-of-stream page: a cut upload does not."""
    tail_start = max(start, size - _OGG_MAX_PAGE - 27)
    f.seek(tail_start)
    tail = f.read(size - tail_start)
    position = tail.rfind(b"OggS")
    while position >= 0 and (position + 27 > len(tail) or tail[position + 4] != 0):
        position = tail.rfind(b"OggS", 0, position)
    if position < 0:
        raise UnreadableAudio(ProblemCode.TRUNCATED, "the Ogg stream has no complete last page")
    segments = tail[position + 26] if position + 26 < len(tail) else 0
    table = tail[position + 27 : position + 27 + segments]
    page_end = position + 27 + segments + sum(table)
    if not tail[position + 5] & 0x04 or page_end > len(tail):
        raise UnreadableAudio(
            ProblemCode.TRUNCATED,
            "the Ogg stream ends without its end-of-stream page: the upload is incomplete",
        )
    return Layout()


def inspect_mp3(f: BinaryIO, start: int, size: int, limits: Limits) -> Layout:
    """The ID3v2 tag's frames, and a VBR header's byte count against the audio present."""
    layout = Layout(codec="mp3")
    if start > 0:
        check_id3v2(f, 0, size, limits)
    f.seek(start)
    head = f.read(_MP3_HEAD_BYTES)  # the frames whose side information is checked fit in it
    found = mpeg.find_stream(head, at_end=start + len(head) >= size)
    if found is None:
        raise corrupt("no MP3 frame was found after the tag")
    offset, header = found
    problem = mpeg.undecodable(head, offset, header)
    if problem is not None:
        raise corrupt(
            f"the MPEG frames do not decode ({problem}): this is not MP3 audio, though it holds "
            "MPEG frame headers"
        )
    layout.sample_rate, layout.channels = header.sample_rate, 1 if header.mono else 2
    vbr = mpeg.parse_vbr_header(head[offset : offset + header.length], header)
    layout.vbr_header = vbr
    audio_bytes = size - start - offset - _trailing_tags(f, size)
    if vbr is not None and vbr.stream_bytes and audio_bytes < vbr.stream_bytes * 0.95:
        if vbr.frames:
            declared_s = vbr.frames * header.samples / header.sample_rate
            present_s = declared_s * audio_bytes / vbr.stream_bytes
            raise truncated(declared_s, present_s, f"MP3 {vbr.kind}")
        raise UnreadableAudio(
            ProblemCode.TRUNCATED,
            f"the MP3 {vbr.kind} header declares {vbr.stream_bytes:,} bytes of audio but the "
            f"file holds {audio_bytes:,}: it is truncated",
        )
    if vbr is None and _looks_variable(head[offset:]):
        layout.warnings.append(
            Notice("no_vbr_header", "the VBR MP3 has no Xing header: its duration is estimated")
        )
    return layout


def _trailing_tags(f: BinaryIO, size: int) -> int:
    """Bytes of ID3v1 and APEv2 tags at the end of the file (not audio)."""
    trailing = 0
    if size >= _ID3V1_BYTES:
        f.seek(size - _ID3V1_BYTES)
        if f.read(3) == b"TAG":
            trailing = _ID3V1_BYTES
    if size - trailing >= 32:
        f.seek(size - trailing - 32)
        footer = f.read(32)
        if footer.startswith(b"APETAGEX"):
            trailing += struct.unpack("<I", footer[12:16])[0] + 32 * bool(footer[23] & 0x80)
    return min(trailing, size)


def _looks_variable(data: bytes) -> bool:
    """True when the first frames have different bitrates (VBR without a header)."""
    position, rates = 0, set[int]()
    for _ in range(16):
        header = mpeg.parse_header(data[position : position + 4])
        if header is None:
            break
        rates.add(header.bitrate_kbps)
        position += header.length
    return len(rates) > 1
