"""Real audio files made by the tests: music-like signals from numpy, encoded by ffmpeg, tagged
with mutagen the way Picard (ID3v2.3/2.4 with TXXX, Vorbis comments) and iTunes (MP4 atoms with
``----:com.apple.iTunes:`` freeform atoms) write them."""

from __future__ import annotations

import io
import struct
import subprocess
import wave
from pathlib import Path

import numpy as np
from mutagen.aiff import AIFF
from mutagen.flac import FLAC, Picture
from mutagen.id3 import (
    APIC,
    COMM,
    ID3,
    TALB,
    TBPM,
    TCOM,
    TCON,
    TCOP,
    TDOR,
    TDRC,
    TEXT,
    TIT2,
    TKEY,
    TLAN,
    TPE1,
    TPE2,
    TPOS,
    TPUB,
    TRCK,
    TSRC,
    TXXX,
)
from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from PIL import Image

RATE = 44100

# One set of tags, as a label would send them; each writer maps them to its own conventions.
PICARD_TAGS = {
    "title": "Night Drive",
    "artist": "Ada Lovelace feat. Grace Hopper",
    "artists": ["Ada Lovelace", "Grace Hopper"],
    "album": "Analytical Engines",
    "albumartist": "Ada Lovelace",
    "tracknumber": "3",
    "tracktotal": "12",
    "discnumber": "1",
    "disctotal": "2",
    "date": "2021-06-04",
    "originaldate": "2019",
    "genre": "Synthpop",
    "composer": "Charles Babbage",
    "lyricist": "Mary Somerville",
    "label": "Difference Records",
    "copyright": "℗ 2021 Difference Records",
    "isrc": "GBAYE2100123",
    "barcode": "5012345678900",
    "iswc": "T-034.524.680-1",
    "catalognumber": "DIFF-003",
    "bpm": "124",
    "key": "Am",
    "language": "eng",
    "comment": "Mastered for streaming",
}


def music(seconds: float, *, seed: int, channels: int = 2, rate: int = RATE) -> np.ndarray:
    """A music-like signal (notes with harmonics, a beat, a little noise): fingerprints of two
    seeds differ, of two encodings of one seed agree. int16, shape (samples, channels)."""
    rng = np.random.default_rng(seed)
    total = int(seconds * rate)
    t = np.arange(total) / rate
    signal = np.zeros(total)
    note_s = 0.25
    for start in np.arange(0, seconds, note_s):
        begin, end = int(start * rate), min(total, int((start + note_s) * rate))
        freq = 110 * 2 ** (rng.integers(0, 36) / 12)
        envelope = np.exp(-3 * (t[begin:end] - start))
        for harmonic in (1, 2, 3):
            signal[begin:end] += (
                envelope * np.sin(2 * np.pi * freq * harmonic * t[begin:end]) / harmonic
            )
    beat = (np.sin(2 * np.pi * 2 * t) > 0.95) * rng.normal(0, 0.5, total)
    signal = 0.3 * signal + 0.2 * beat + rng.normal(0, 0.01, total)
    signal /= max(1e-9, np.abs(signal).max()) * 1.1
    pcm = (signal * 32767).astype(np.int16)
    return np.repeat(pcm[:, None], channels, axis=1)


def write_wav(path: Path, seconds: float = 8.0, *, seed: int = 1, channels: int = 2) -> Path:
    """A 16-bit PCM WAV."""
    samples = music(seconds, seed=seed, channels=channels)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return path


_CODECS = {
    ".mp3": ["-c:a", "libmp3lame", "-b:a", "192k", "-id3v2_version", "0"],
    ".vbr.mp3": ["-c:a", "libmp3lame", "-q:a", "2", "-id3v2_version", "0"],
    ".flac": ["-c:a", "flac"],
    ".m4a": ["-c:a", "aac", "-b:a", "160k"],
    ".alac.m4a": ["-c:a", "alac"],
    ".ogg": ["-c:a", "libvorbis", "-q:a", "5"],
    ".opus": ["-c:a", "libopus", "-b:a", "96k"],
    ".aiff": ["-c:a", "pcm_s16be"],
    ".24.flac": ["-c:a", "flac", "-sample_fmt", "s32"],
}


def encode(source: Path, target: Path, kind: str | None = None) -> Path:
    """``source`` (WAV) encoded by ffmpeg into ``target``, with no tags of its own."""
    arguments = _CODECS[kind or target.suffix]
    subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(source),
            "-map_metadata",
            "-1",
            *arguments,
            str(target),
        ],
        check=True,
        timeout=120,
    )
    return target


def cover_png(width: int = 320, height: int = 320) -> bytes:
    """A real PNG image."""
    image = Image.new("RGB", (width, height), (200, 40, 90))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def id3_frames(tags: dict[str, object], *, cover: bytes | None = None) -> list[object]:
    """ID3 frames as Picard writes them (TXXX for what has no frame of its own)."""
    t = tags
    frames: list[object] = [
        TIT2(encoding=3, text=t["title"]),
        TPE1(encoding=3, text=t["artist"]),
        TALB(encoding=3, text=t["album"]),
        TPE2(encoding=3, text=t["albumartist"]),
        TRCK(encoding=3, text=f"{t['tracknumber']}/{t['tracktotal']}"),
        TPOS(encoding=3, text=f"{t['discnumber']}/{t['disctotal']}"),
        TDRC(encoding=3, text=t["date"]),
        TDOR(encoding=3, text=t["originaldate"]),
        TCON(encoding=3, text=t["genre"]),
        TCOM(encoding=3, text=t["composer"]),
        TEXT(encoding=3, text=t["lyricist"]),
        TPUB(encoding=3, text=t["label"]),
        TCOP(encoding=3, text=t["copyright"]),
        TSRC(encoding=3, text=t["isrc"]),
        TBPM(encoding=3, text=t["bpm"]),
        TKEY(encoding=3, text=t["key"]),
        TLAN(encoding=3, text=t["language"]),
        COMM(encoding=3, lang="eng", desc="", text=t["comment"]),
        TXXX(encoding=3, desc="ARTISTS", text=t["artists"]),
        TXXX(encoding=3, desc="BARCODE", text=t["barcode"]),
        TXXX(encoding=3, desc="CATALOGNUMBER", text=t["catalognumber"]),
        TXXX(encoding=3, desc="ISWC", text=t["iswc"]),
    ]
    if cover:
        frames.append(APIC(encoding=3, mime="image/png", type=3, desc="Cover", data=cover))
    return frames


def tag_id3(
    path: Path, tags: dict[str, object], *, version: int = 4, cover: bytes | None = None
) -> Path:
    """Picard-style ID3v2.3 or ID3v2.4 on an MP3 (or any file mutagen's ID3 can write)."""
    id3 = ID3()
    for frame in id3_frames(tags, cover=cover):
        id3.add(frame)
    id3.save(str(path), v2_version=version, v23_sep="/")
    return path


def tag_aiff(path: Path, tags: dict[str, object], *, cover: bytes | None = None) -> Path:
    """ID3 in the AIFF's ID3 chunk."""
    audio = AIFF(str(path))
    audio.add_tags()
    for frame in id3_frames(tags, cover=cover):
        audio.tags.add(frame)
    audio.save(v2_version=4)
    return path


def tag_wav_id3(path: Path, tags: dict[str, object]) -> Path:
    """ID3 in the WAV's ``id3 `` chunk (Picard's choice for WAV)."""
    from mutagen.wave import WAVE

    audio = WAVE(str(path))
    audio.add_tags()
    for frame in id3_frames(tags):
        audio.tags.add(frame)
    audio.save(v2_version=3)
    return path


def vorbis_comments(tags: dict[str, object], *, label_key: str = "LABEL") -> dict[str, list[str]]:
    """Vorbis comments with Picard's names (label under LABEL, ORGANIZATION or PUBLISHER)."""
    t = tags
    return {
        "TITLE": [str(t["title"])],
        "ARTIST": [str(t["artist"])],
        "ARTISTS": list(t["artists"]),  # type: ignore[call-overload]
        "ALBUM": [str(t["album"])],
        "ALBUMARTIST": [str(t["albumartist"])],
        "TRACKNUMBER": [str(t["tracknumber"])],
        "TRACKTOTAL": [str(t["tracktotal"])],
        "DISCNUMBER": [str(t["discnumber"])],
        "DISCTOTAL": [str(t["disctotal"])],
        "DATE": [str(t["date"])],
        "ORIGINALDATE": [str(t["originaldate"])],
        "GENRE": [str(t["genre"])],
        "COMPOSER": [str(t["composer"])],
        "LYRICIST": [str(t["lyricist"])],
        label_key: [str(t["label"])],
        "COPYRIGHT": [str(t["copyright"])],
        "ISRC": [str(t["isrc"])],
        "BARCODE": [str(t["barcode"])],
        "ISWC": [str(t["iswc"])],
        "CATALOGNUMBER": [str(t["catalognumber"])],
        "BPM": [str(t["bpm"])],
        "KEY": [str(t["key"])],
        "LANGUAGE": [str(t["language"])],
        "COMMENT": [str(t["comment"])],
    }


def _picture(cover: bytes) -> Picture:
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/png", cover
    picture.width, picture.height, picture.depth = 320, 320, 24
    return picture


def tag_flac(
    path: Path, tags: dict[str, object], *, cover: bytes | None = None, label_key: str = "LABEL"
) -> Path:
    """Vorbis comments and a PICTURE block."""
    audio = FLAC(str(path))
    for key, values in vorbis_comments(tags, label_key=label_key).items():
        audio[key] = values
    if cover:
        audio.add_picture(_picture(cover))
    audio.save()
    return path


def tag_ogg(
    path: Path,
    tags: dict[str, object],
    *,
    cover: bytes | None = None,
    label_key: str = "ORGANIZATION",
) -> Path:
    """Vorbis comments in Ogg Vorbis or Opus, cover as METADATA_BLOCK_PICTURE."""
    import base64

    audio = OggOpus(str(path)) if path.suffix == ".opus" else OggVorbis(str(path))
    for key, values in vorbis_comments(tags, label_key=label_key).items():
        audio[key] = values
    if cover:
        audio["METADATA_BLOCK_PICTURE"] = [base64.b64encode(_picture(cover).write()).decode()]
    audio.save()
    return path


def tag_itunes(path: Path, tags: dict[str, object], *, cover: bytes | None = None) -> Path:
    """MP4 atoms as iTunes writes them; ISRC, label and barcode as iTunes freeform atoms."""
    t = tags
    audio = MP4(str(path))
    audio["©nam"], audio["©ART"], audio["©alb"] = [t["title"]], [t["artist"]], [t["album"]]
    audio["aART"], audio["©day"], audio["©gen"] = [t["albumartist"]], [t["date"]], [t["genre"]]
    audio["©wrt"], audio["cprt"], audio["©cmt"] = [t["composer"]], [t["copyright"]], [t["comment"]]
    audio["trkn"] = [(int(str(t["tracknumber"])), int(str(t["tracktotal"])))]
    audio["disk"] = [(int(str(t["discnumber"])), int(str(t["disctotal"])))]
    audio["tmpo"], audio["rtng"] = [int(str(t["bpm"]))], [1]
    freeform = "----:com.apple.iTunes:"
    for name, key in (
        ("ISRC", "isrc"),
        ("LABEL", "label"),
        ("BARCODE", "barcode"),
        ("LYRICIST", "lyricist"),
        ("ISWC", "iswc"),
        ("initialkey", "key"),
        ("LANGUAGE", "language"),
        ("CATALOGNUMBER", "catalognumber"),
    ):
        audio[freeform + name] = [MP4FreeForm(str(t[key]).encode())]
    audio[freeform + "ARTISTS"] = [MP4FreeForm(a.encode()) for a in t["artists"]]  # type: ignore[attr-defined]
    if cover:
        audio["covr"] = [MP4Cover(cover, imageformat=MP4Cover.FORMAT_PNG)]
    audio.save()
    return path


def add_riff_info(path: Path, info: dict[bytes, bytes]) -> Path:
    """Append a LIST/INFO chunk (as Windows and Audition write) and fix the RIFF size."""
    body = b"INFO"
    for key, value in info.items():
        data = value + b"\x00"
        body += key + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")
    chunk = b"LIST" + struct.pack("<I", len(body)) + body
    raw = path.read_bytes() + chunk
    path.write_bytes(raw[:4] + struct.pack("<I", len(raw) - 8) + raw[8:])
    return path
