"""Assets: the audio files behind recordings, with their technical facts and fingerprint."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True)
class TechnicalFacts:
    """What the file is, read from its bytes."""

    container: str  # mp3, flac, wav, aiff, mp4, ogg
    codec: str  # mp3, flac, pcm_s16le, aac, alac, vorbis, opus
    duration_s: float | None = None
    sample_rate: int | None = None
    bit_depth: int | None = None
    channels: int | None = None
    bitrate: int | None = None  # bits per second
    vbr: bool | None = None
    lossless: bool | None = None


@dataclass(frozen=True, slots=True)
class Asset:
    """One uploaded object: (bucket, object, generation) identifies the upload (the idempotency
    key of ingest), sha256 its content; ``audio_object`` is where the audio is kept afterwards."""

    id: UUID
    partner_id: UUID
    bucket: str
    object_name: str
    generation: int
    size_bytes: int
    created_at: datetime
    sha256: str | None = None
    format: str | None = None
    technical: TechnicalFacts | None = None
    fingerprint: str | None = None
    fingerprint_error: str | None = None  # why there is no fingerprint (tool missing, too short)
    audio_object: str | None = None  # the kept copy's name in the audio bucket
    status: str = "received"
    upload_id: str | None = None  # the upload (status document) that brought it
    original_filename: str | None = None
    duplicate_of: UUID | None = None  # probably the same recording as this asset (fingerprint)
    duplicate_similarity: float | None = None
