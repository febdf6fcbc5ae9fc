"""Tell the real format from the bytes; the file name's extension is never trusted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from shared.domain.media import SUPPORTED_FORMATS, ProblemCode, UnreadableAudio
from shared.media import mpeg

HEAD_BYTES = 64 * 1024

# Magic numbers of things people upload by mistake, and of audio formats we do not read.
_NOT_AUDIO = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
)
_UNSUPPORTED_AUDIO = (
    (b"wvpk", "WavPack"),
    (b"OFR ", "OptimFROG"),
    (b"ajkg", "Shorten"),
    (b"MAC ", "Monkey's Audio (APE)"),
    (b"caff", "Core Audio Format (CAF)"),
    (b".snd", "Sun/NeXT audio (AU)"),
    (b"#!AMR", "AMR speech audio"),
    (b"DSD ", "DSD audio (DSF)"),
    (b"FRM8", "DSD audio (DFF)"),
    (b"TTA1", "True Audio (TTA)"),
    (b"MPCK", "Musepack"),
    (b"MP+", "Musepack"),
    (b"MThd", "MIDI (notes, not recorded audio)"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM"),
    (b"0&\xb2u\x8ef\xcf\x11", "Windows Media Audio (ASF)"),
    (b"RF64", "RF64/BW64 WAV (files over 4 GB)"),
)
_OGG_CODECS = {
    b"\x01vorbis": None,
    b"OpusHead": None,
    b"\x7fFLAC": "FLAC in an Ogg container",
    b"Speex   ": "Speex in an Ogg container",
    b"\x80theora": "Ogg Theora video",
}
_IMAGE_BRANDS = {b"heic", b"heix", b"mif1", b"avif", b"crx "}


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The format and where its first byte is (after an ID3v2 tag some taggers prepend)."""

    format: str  # mp3, flac, wav, aiff, m4a, ogg
    codec_hint: str | None  # "opus" or "vorbis" for Ogg
    start: int  # offset of the format's first byte


def sniff(f: BinaryIO, size_bytes: int) -> Sniffed:
    """The file's real format; UnreadableAudio says what it is otherwise."""
    if size_bytes == 0:
        raise UnreadableAudio(ProblemCode.EMPTY_FILE, "the file is empty (0 bytes)")
    f.seek(0)
    head = f.read(HEAD_BYTES)
    start = 0
    if head.startswith(b"ID3"):
        start = id3v2_end(head, size_bytes)
        f.seek(start)
        head = f.read(HEAD_BYTES)
        skipped = len(head) - len(head.lstrip(b"\x00"))  # padding some taggers leave
        start, head = start + skipped, head[skipped:]
        if not head:
            raise UnreadableAudio(ProblemCode.TRUNCATED, "the file holds an ID3 tag but no audio")
    return _identify(head, start, at_end=start + len(head) >= size_bytes)


def id3v2_end(head: bytes, size_bytes: int) -> int:
    """Where the ID3v2 tag at the start of the file ends (header, footer included)."""
    if len(head) < 10 or any(b & 0x80 for b in head[6:10]):
        raise UnreadableAudio(ProblemCode.CORRUPT, "the ID3v2 header is damaged")
    size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
    end = 10 + size + (10 if head[5] & 0x10 else 0)
    if end >= size_bytes:
        raise UnreadableAudio(
            ProblemCode.TRUNCATED,
            f"the ID3v2 tag claims {end:,} bytes but the file has {size_bytes:,}: no audio follows",
        )
    return end


def _identify(head: bytes, start: int, *, at_end: bool = False) -> Sniffed:
    if head.startswith(b"fLaC"):
        return Sniffed("flac", None, start)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return Sniffed("wav", None, start)
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return Sniffed("aiff", None, start)
    if head[:4] == b"OggS":
        return _ogg(head, start)
    if head[4:8] == b"ftyp":
        return _mp4(head, start)
    signed = _signature(head)  # before the frame-sync search: WavPack bytes can look like MPEG
    if signed is not None:
        raise signed
    found = mpeg.find_stream(head, at_end=at_end)
    if found is not None:
        return _mpeg(found[1], start + found[0])
    raise _not_supported(head)


def _ogg(head: bytes, start: int) -> Sniffed:
    segments = head[26] if len(head) > 26 else 0
    packet = head[27 + segments : 27 + segments + 8]
    for magic, problem in _OGG_CODECS.items():
        if packet.startswith(magic):
            if problem:
                raise _unsupported(problem)
            return Sniffed("ogg", "opus" if magic == b"OpusHead" else "vorbis", start)
    raise _unsupported("an Ogg stream of an unknown codec")


def _mp4(head: bytes, start: int) -> Sniffed:
    if head[8:12] in _IMAGE_BRANDS:
        raise UnreadableAudio(ProblemCode.NOT_AUDIO, "this is an image (HEIF/AVIF), not audio")
    return Sniffed("m4a", None, start)


def _mpeg(header: mpeg.FrameHeader, start: int) -> Sniffed:
    if header.layer != 3:
        raise _unsupported(f"MPEG layer {'I' * header.layer} audio (MP{header.layer})")
    return Sniffed("mp3", None, start)


def _signature(head: bytes) -> UnreadableAudio | None:
    """A format named by the magic number it starts with (audio we do not read, or not audio)."""
    for magic, name in _UNSUPPORTED_AUDIO:
        if head.startswith(magic):
            return _unsupported(name)
    for magic, name in _NOT_AUDIO:
        if head.startswith(magic):
            return UnreadableAudio(ProblemCode.NOT_AUDIO, f"this is {name}, not audio")
    return None


def _not_supported(head: bytes) -> UnreadableAudio:
    if mpeg.is_adts(head):
        return _unsupported("a raw AAC (ADTS) stream; wrap it in an M4A file")
    if head[:4] == b"RIFF":
        kind = head[8:12].decode("latin-1").strip()
        return UnreadableAudio(ProblemCode.NOT_AUDIO, f"this is a RIFF {kind} file, not audio")
    text = _text_kind(head)
    if text:
        return UnreadableAudio(ProblemCode.NOT_AUDIO, f"this is {text}, not audio")
    return UnreadableAudio(
        ProblemCode.NOT_AUDIO,
        f"not a recognised audio format (it starts with bytes {head[:8].hex(' ')})",
    )


def _text_kind(head: bytes) -> str | None:
    sample = head[:4096]
    try:
        text = sample.decode("utf-8").lstrip("\ufeff \t\r\n").lower()
    except UnicodeDecodeError:
        return None
    if text.startswith(("<!doctype html", "<html", "<head", "<body")):
        return "an HTML page"
    if text.startswith("<?xml") or text.startswith("<"):
        return "an XML document"
    if text.startswith(("{", "[")):
        return "a JSON document"
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return "a text file" if text and printable / len(text) > 0.95 else None


def _unsupported(name: str) -> UnreadableAudio:
    return UnreadableAudio(
        ProblemCode.UNSUPPORTED_FORMAT,
        f"{name} is not supported; upload {SUPPORTED_FORMATS}",
    )
