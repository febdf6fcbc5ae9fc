"""What extraction reads from an audio file: normalised tags, technical facts, fingerprint.

One schema whatever the tagger wrote (ID3, Vorbis comments, MP4 atoms, RIFF INFO): the field
names are Picard's internal names, which the CLI and the upload status show as they are.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from shared.domain.assets import TechnicalFacts
from shared.errors import InvalidInput

SUPPORTED_FORMATS = "MP3, FLAC, WAV, AIFF, M4A (AAC or ALAC), Ogg Vorbis and Opus"
# What a kept file is served as: the sniffed format decides, never the file's name.
AUDIO_CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "aiff": "audio/aiff",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
}
FORMAT_NAMES = {"mp3": "MP3", "flac": "FLAC", "wav": "WAV", "aiff": "AIFF", "m4a": "M4A",
                "ogg": "Ogg"}  # fmt: skip
# File name extensions and the format they promise.
_EXTENSIONS = {
    "mp3": "mp3", "mpga": "mp3", "flac": "flac", "wav": "wav", "wave": "wav", "aif": "aiff",
    "aiff": "aiff", "aifc": "aiff", "m4a": "m4a", "mp4": "m4a", "alac": "m4a", "ogg": "ogg",
    "oga": "ogg", "opus": "ogg",
}  # fmt: skip


class ProblemCode(StrEnum):
    """Why a file could not be read: a permanent error, shown to the user with a message."""

    EMPTY_FILE = "empty_file"
    NOT_AUDIO = "not_audio"
    UNSUPPORTED_FORMAT = "unsupported_format"
    TRUNCATED = "truncated"
    CORRUPT = "corrupt"
    DECLARED_SIZE = "declared_size_too_large"  # a header claims more than the file or a cap
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    OBJECT_NAME = "object_name_rejected"
    OBJECT_MISSING = "object_missing"
    UNKNOWN_PARTNER = "unknown_partner"


class UnreadableAudio(InvalidInput):
    """The file is not audio we can read; ``code`` says which kind of problem it is."""

    def __init__(self, code: ProblemCode, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning about one file: something was capped, repaired, ignored or guessed."""

    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        """``{"code", "message"}``."""
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class CoverArt:
    """The embedded front cover (its bytes travel separately, see ``Extraction.cover_data``)."""

    mime_type: str
    width: int | None
    height: int | None
    size_bytes: int


@dataclass(frozen=True, slots=True)
class TagSet:
    """Embedded tags normalised to one schema; ``sources`` names the tag each value came from."""

    title: str | None = None
    artist: str | None = None
    artists: tuple[str, ...] = ()
    album: str | None = None
    albumartist: str | None = None
    tracknumber: int | None = None
    tracktotal: int | None = None
    discnumber: int | None = None
    disctotal: int | None = None
    date: str | None = None  # ISO 8601, as precise as the tag: "2021", "2021-06", "2021-06-04"
    originaldate: str | None = None
    genre: str | None = None
    composer: str | None = None
    lyricist: str | None = None
    label: str | None = None
    copyright: str | None = None
    isrc: str | None = None
    barcode: str | None = None  # UPC or EAN, digits only
    iswc: str | None = None
    catalognumber: str | None = None
    releasetype: str | None = None
    bpm: float | None = None
    key: str | None = None  # "A minor"
    language: str | None = None  # ISO 639-2 code, lower case
    explicit: bool | None = None
    comment: str | None = None
    cover: CoverArt | None = None
    sources: dict[str, str] = field(default_factory=dict, compare=False)
    # the value as the file held it, for each field the text rule changed or could not decode
    # (undecodable bytes written \xNN): what a user may need to fix the file at its source
    originals: dict[str, str] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        """Every field, JSON-ready (``artists`` as a list, ``cover`` as an object or null)."""
        raw = asdict(self)
        raw["artists"] = list(self.artists)
        return raw


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one file."""

    format: str  # mp3, flac, wav, aiff, m4a, ogg
    technical: TechnicalFacts
    tags: TagSet
    size_bytes: int
    sha256: str
    fingerprint: str | None = None  # Chromaprint, compressed and base64 (what AcoustID takes)
    fingerprint_error: str | None = None  # why there is none
    warnings: tuple[Notice, ...] = ()
    cover_data: bytes | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready, without the cover's bytes."""
        return {
            "format": self.format,
            "technical": asdict(self.technical),
            "tags": self.tags.to_json(),
            "size_bytes": self.size_bytes,
            "sha256": self.sha256,
            "fingerprint": self.fingerprint,
            "fingerprint_error": self.fingerprint_error,
            "warnings": [w.to_json() for w in self.warnings],
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any], cover_data: bytes | None = None) -> Extraction:
        """The inverse of ``to_json``."""
        tags = dict(raw["tags"])
        cover = tags.pop("cover", None)
        return cls(
            format=raw["format"],
            technical=TechnicalFacts(**raw["technical"]),
            tags=TagSet(
                **{**tags, "artists": tuple(tags.get("artists") or ())},
                cover=CoverArt(**cover) if cover else None,
            ),
            size_bytes=raw["size_bytes"],
            sha256=raw["sha256"],
            fingerprint=raw.get("fingerprint"),
            fingerprint_error=raw.get("fingerprint_error"),
            warnings=tuple(Notice(**w) for w in raw.get("warnings", ())),
            cover_data=cover_data,
        )


def kept_audio_name(partner_id: object, asset_id: object, fmt: str) -> str:
    """The kept copy's object name in the audio bucket: generated, its extension the sniffed
    format's (so anything that guesses a type from the name guesses right)."""
    return f"{partner_id}/{asset_id}/audio.{fmt}"


def extension_mismatch(filename: str, fmt: str) -> Notice | None:
    """A warning when the file's name promises another format than its bytes hold."""
    stem, dot, extension = filename.rpartition(".")
    promised = _EXTENSIONS.get(extension.lower()) if dot and stem else None
    if promised is None or promised == fmt:
        return None
    return Notice(
        "extension_mismatch",
        f"the file is named {filename!r} but holds {FORMAT_NAMES[fmt]} audio: it was read as "
        f"{FORMAT_NAMES[fmt]} and is kept and served as {AUDIO_CONTENT_TYPES[fmt]}",
    )
