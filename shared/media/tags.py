"""Read every tag system mutagen knows into one list of (field, value, source), following the
conventions Picard and iTunes write (https://picard-docs.musicbrainz.org/en/appendices/
tag_mapping.html): ID3v2.3/2.4 and ID3v1 frames with TXXX, Vorbis comments, MP4 atoms with
iTunes freeform ``----:com.apple.iTunes:NAME`` atoms."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

import mutagen
from mutagen.flac import Picture
from mutagen.id3 import Encoding
from mutagen.mp4 import MP4Cover

from shared.domain.media import Notice
from shared.media.flac import picture_problem

_Picture: Any = Picture  # mutagen has no type hints

# Names used in TXXX descriptions, Vorbis comments and iTunes freeform atoms -> our field.
# Order matters: where several names mean one field, the first found wins (LABEL over
# ORGANIZATION over PUBLISHER).
NAMED_FIELDS: dict[str, str] = {
    "TITLE": "title", "ARTIST": "artist", "ARTISTS": "artists", "ALBUM": "album",
    "ALBUMARTIST": "albumartist", "ALBUM ARTIST": "albumartist",
    "TRACKNUMBER": "track", "TRACKTOTAL": "tracktotal", "TOTALTRACKS": "tracktotal",
    "DISCNUMBER": "disc", "DISCTOTAL": "disctotal", "TOTALDISCS": "disctotal",
    "DATE": "date", "YEAR": "date", "ORIGINALDATE": "originaldate",
    "ORIGINALYEAR": "originaldate", "GENRE": "genre", "COMPOSER": "composer",
    "LYRICIST": "lyricist", "WRITER": "lyricist",
    "LABEL": "label", "ORGANIZATION": "label", "PUBLISHER": "label",
    "COPYRIGHT": "copyright", "ISRC": "isrc", "BARCODE": "barcode", "UPC": "barcode",
    "EAN": "barcode", "ISWC": "iswc", "CATALOGNUMBER": "catalognumber",
    "RELEASETYPE": "releasetype", "MUSICBRAINZ ALBUM TYPE": "releasetype",
    "BPM": "bpm", "INITIALKEY": "key", "KEY": "key", "LANGUAGE": "language",
    "COMMENT": "comment", "DESCRIPTION": "comment",
    "ITUNESADVISORY": "explicit", "EXPLICIT": "explicit",
}  # fmt: skip
_RANK = {name: rank for rank, name in enumerate(NAMED_FIELDS)}

_ID3_FRAMES = {
    "TIT2": "title", "TPE1": "artist", "TALB": "album", "TPE2": "albumartist",
    "TRCK": "track", "TPOS": "disc", "TDRC": "date", "TDOR": "originaldate",
    "TCOM": "composer", "TEXT": "lyricist", "TPUB": "label", "TCOP": "copyright",
    "TPRO": "copyright", "TSRC": "isrc", "TBPM": "bpm", "TKEY": "key", "TLAN": "language",
}  # fmt: skip
_MP4_ATOMS = {
    "©nam": "title", "©ART": "artist", "aART": "albumartist", "©alb": "album",
    "©day": "date", "©gen": "genre", "©wrt": "composer", "cprt": "copyright",
    "©cmt": "comment", "tmpo": "bpm", "rtng": "explicit",
}  # fmt: skip
_ITUNES_FREEFORM = "----:com.apple.iTunes:"
_FRONT_COVER = 3


@dataclass(frozen=True, slots=True)
class RawPicture:
    """An embedded picture as found."""

    data: bytes
    mime_type: str | None
    front: bool
    source: str


@dataclass
class RawTags:
    """Values as found, before cleaning: (field, value, source, rank, legacy-encoded); what
    reading them had to say; and the original text of values that could not be read as is."""

    values: list[tuple[str, str, str, int, bool]] = field(default_factory=list)
    pictures: list[RawPicture] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    originals: dict[str, str] = field(default_factory=dict)

    def add(
        self, name: str, value: Any, source: str, *, rank: int = 0, legacy: bool = False
    ) -> None:
        """Record one value (lists give one entry each)."""
        for item in value if isinstance(value, list | tuple) else [value]:
            text = str(item)
            if text.strip():
                self.values.append((name, text, source, rank, legacy))

    def get(self, name: str) -> list[tuple[str, str, bool]]:
        """(value, source, legacy) of one field, best-ranked first, in file order."""
        found = [v for v in self.values if v[0] == name]
        found.sort(key=lambda v: v[3])
        return [(value, source, legacy) for _, value, source, _, legacy in found]


def read_id3(tags: Any, raw: RawTags, *, where: str = "") -> None:
    """ID3v2.2/2.3/2.4 (mutagen reads 2.2 and 2.3 as 2.4) and ID3v1."""
    only_v1 = getattr(tags, "_header", None) is None  # mutagen reports v1 as 2.4 once translated
    version = "ID3v1" if only_v1 else f"ID3v2.{tags.version[1]}"
    prefix = f"{where}{version}"
    for frame in tags.values():
        name = type(frame).__name__
        legacy = getattr(frame, "encoding", None) == Encoding.LATIN1
        if name in _ID3_FRAMES:
            raw.add(_ID3_FRAMES[name], list(frame.text), f"{prefix} {name}", legacy=legacy)
        elif name == "TCON":
            raw.add("genre", frame.genres, f"{prefix} TCON", legacy=legacy)
        elif name == "TXXX":
            values = list(frame.text)
            if tags.version[1] == 3 and frame.desc.upper() == "ARTISTS" and len(values) == 1:
                values = values[0].split("/")  # Picard joins multiple values with "/" in v2.3
            _named(raw, frame.desc, values, f"{prefix} TXXX:{frame.desc}", legacy)
        elif name == "COMM" and not frame.desc.lower().startswith("itun"):
            rank = 0 if not frame.desc else 1  # the plain comment before described ones
            raw.add("comment", list(frame.text), f"{prefix} COMM", rank=rank, legacy=legacy)
        elif name == "APIC":
            front = frame.type == _FRONT_COVER
            raw.pictures.append(RawPicture(frame.data, frame.mime or None, front, f"{prefix} APIC"))


_ID3_ENCODINGS = {0: ("latin-1", "Latin-1"), 1: ("utf-16", "UTF-16"), 2: ("utf-16-be", "UTF-16"),
                  3: ("utf-8", "UTF-8")}  # fmt: skip


def read_dropped_id3_text(
    frames: list[tuple[str, bytes]], parsed: set[str], raw: RawTags, *, version: str
) -> None:
    """Text frames mutagen dropped because their text does not decode (it drops a title with
    one invalid UTF-8 byte, silently): read with U+FFFD for the bad bytes, said in a warning
    naming the frame, and the original kept (undecodable bytes as \\xNN) for the user."""
    for frame_id, body in frames:
        name = _ID3_FRAMES.get(frame_id) or ("genre" if frame_id == "TCON" else None)
        encoding = _ID3_ENCODINGS.get(body[0]) if body else None
        if name is None or frame_id in parsed or encoding is None:
            continue
        codec, label = encoding
        text = body[1:].decode(codec, "replace")
        source = f"{version} {frame_id}"
        raw.add(name, [v for v in text.split("\x00") if v.strip()], source)
        raw.originals.setdefault(name, body[1:].decode(codec, "backslashreplace").strip("\x00"))
        raw.notices.append(
            Notice(
                "not_utf8",
                f"{source}: the text is not valid {label}; the bytes that are not show as "
                "\ufffd (the original is kept under found.tags.originals)",
            )
        )


def _named(raw: RawTags, key: str, value: Any, source: str, legacy: bool = False) -> None:
    upper = key.strip().upper()
    if upper in NAMED_FIELDS:
        raw.add(NAMED_FIELDS[upper], value, source, rank=_RANK[upper], legacy=legacy)


def read_vorbis(comments: Any, raw: RawTags, *, where: str) -> None:
    """Vorbis comments (FLAC, Ogg Vorbis, Opus): NAME=value, names case-insensitive."""
    for key, value in comments:
        upper = key.upper()
        if upper == "METADATA_BLOCK_PICTURE":
            _block_picture(value, raw, where)
        elif upper == "COVERART":
            _legacy_cover(value, raw, where)
        else:
            _named(raw, upper, value, f"{where} {upper}")


def _block_picture(value: str, raw: RawTags, where: str) -> None:
    source = f"{where} METADATA_BLOCK_PICTURE"
    try:
        data = base64.b64decode(value)
    except (binascii.Error, ValueError):
        raw.notices.append(Notice("bad_picture", f"{source} is not base64; ignored"))
        return
    problem = picture_problem(data)  # before mutagen reads what the fields declare
    if problem is not None:
        raw.notices.append(Notice("bad_picture", f"{source} {problem}; ignored"))
        return
    try:
        picture = _Picture(data)
    except (mutagen.MutagenError, ValueError, TypeError, IndexError, EOFError):
        raw.notices.append(Notice("bad_picture", f"{source} could not be read; ignored"))
        return
    front = picture.type == _FRONT_COVER
    raw.pictures.append(RawPicture(picture.data, picture.mime or None, front, source))


def _legacy_cover(value: str, raw: RawTags, where: str) -> None:
    try:
        data = base64.b64decode(value)
    except (binascii.Error, ValueError):
        return
    raw.pictures.append(RawPicture(data, None, True, f"{where} COVERART"))


def read_flac_pictures(pictures: list[Any], raw: RawTags) -> None:
    """FLAC PICTURE metadata blocks."""
    for picture in pictures:
        front = picture.type == _FRONT_COVER
        raw.pictures.append(RawPicture(picture.data, picture.mime or None, front, "FLAC PICTURE"))


def read_mp4(tags: Any, raw: RawTags) -> None:
    """MP4 atoms as iTunes writes them, and ``----:com.apple.iTunes:NAME`` freeform atoms."""
    for key, values in tags.items():
        if key in _MP4_ATOMS:
            raw.add(_MP4_ATOMS[key], list(values), f"MP4 {key}")
        elif key in ("trkn", "disk") and values:
            number, total = values[0]
            raw.add("track" if key == "trkn" else "disc", f"{number}/{total}", f"MP4 {key}")
        elif key.startswith(_ITUNES_FREEFORM):
            name = key[len(_ITUNES_FREEFORM) :]
            _named(raw, name, [_freeform_text(v) for v in values], f"MP4 {key}")
        elif key == "covr":
            for cover in values:
                mime = "image/png" if cover.imageformat == MP4Cover.FORMAT_PNG else "image/jpeg"
                raw.pictures.append(RawPicture(bytes(cover), mime, True, "MP4 covr"))


def _freeform_text(value: Any) -> str:
    encoding = "utf-16" if value.dataformat == 2 else "utf-8"
    return bytes(value).decode(encoding, errors="replace")
