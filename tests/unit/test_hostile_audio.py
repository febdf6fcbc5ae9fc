"""Hostile audio the tests make (issue 15): noise with MPEG frame headers in it is not MP3,
a picture declaring 4 GB is named before anything allocates it, and tag text the catalog changes
or cannot decode is said, with the original kept."""

from __future__ import annotations

import base64
import random
import struct
import subprocess
from pathlib import Path

import pytest
from mutagen.id3 import ID3, TIT2, TPE1
from mutagen.oggvorbis import OggVorbis

from shared.domain.media import ProblemCode
from shared.media import mpeg
from shared.media.sandbox import SandboxedExtractor
from tests import audio_factory as af
from tests.support.refusals import refused

MPEG1_L3_128K = b"\xff\xfb\x90\x64"  # 44.1 kHz joint stereo, 417-byte frames, no CRC


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return af.write_wav(tmp_path_factory.mktemp("src") / "source.wav", 4.0, seed=15)


def test_noise_with_stray_mpeg_sync_words_is_not_audio(
    extractor: SandboxedExtractor, tmp_path: Path
) -> None:
    rng = random.Random(9)
    noise = bytearray(rng.randbytes(200_000))
    for _ in range(400):  # a plausible frame header every 500 bytes, at random places
        at = rng.randrange(len(noise) - 4)
        noise[at : at + 4] = MPEG1_L3_128K
    path = tmp_path / "noise.mp3"
    path.write_bytes(bytes(noise))

    problem = refused(extractor, path)

    assert problem.code is ProblemCode.NOT_AUDIO


def test_noise_behind_a_run_of_valid_frame_headers_does_not_decode(
    extractor: SandboxedExtractor, tmp_path: Path
) -> None:
    rng = random.Random(10)
    path = tmp_path / "crafted.mp3"  # 1.2 s of "MP3": every header right, every payload noise
    path.write_bytes(b"".join(MPEG1_L3_128K + rng.randbytes(413) for _ in range(46)))

    problem = refused(extractor, path)

    assert problem.code is ProblemCode.CORRUPT
    assert problem.message.startswith("the MPEG frames do not decode (frame 1 (byte 0): ")
    assert problem.message.endswith("this is not MP3 audio, though it holds MPEG frame headers")


@pytest.mark.parametrize(
    "arguments",
    [
        ["-b:a", "128k"],
        ["-q:a", "9"],  # VBR with a deep bit reservoir
        ["-ar", "22050", "-b:a", "48k"],  # MPEG-2
        ["-ac", "1", "-ar", "8000", "-b:a", "16k"],  # MPEG-2.5 mono
    ],
)
def test_real_mp3_also_cut_mid_stream_still_reads(
    arguments: list[str], source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    whole = tmp_path / "whole.mp3"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-i", str(source), "-c:a", "libmp3lame",
         *arguments, str(whole)], check=True, timeout=60,
    )  # fmt: skip
    data = whole.read_bytes()
    offset, header = mpeg.find_stream(data[:65536]) or (0, None)
    assert header is not None
    for _ in range(25):  # drop the first 25 frames: later frames reach into a lost reservoir
        offset += header.length
        header = mpeg.parse_header(data[offset : offset + 4])
        assert header is not None
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(data[offset:])

    for path in (whole, cut):
        found = extractor.extract(path, fingerprint=False)
        assert found.format == "mp3"
        assert found.technical.duration_s is not None
        assert found.technical.duration_s > 1


def test_an_ogg_picture_declaring_4_gb_is_named_and_ignored_before_it_is_read(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = af.encode(source, tmp_path / "pic.ogg")
    picture = struct.pack(">II", 3, 9) + b"image/png" + struct.pack(">I", 0)
    picture += struct.pack(">IIIII", 1, 1, 24, 0, 0xFFFFFFFF) + b"\x89PNG\r\n\x1a\n" * 4
    audio = OggVorbis(path)
    audio["TITLE"] = ["Kept"]
    audio["METADATA_BLOCK_PICTURE"] = [base64.b64encode(picture).decode()]
    audio.save()

    found = extractor.extract(path, fingerprint=False)

    assert found.tags.title == "Kept"
    assert found.tags.cover is None
    assert [(w.code, w.message) for w in found.warnings] == [
        (
            "bad_picture",
            "Ogg Vorbis METADATA_BLOCK_PICTURE declares a picture of 4,294,967,336 bytes but "
            "holds 73; ignored",
        )
    ]


def test_a_title_with_invalid_utf8_is_kept_said_and_its_bytes_kept(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = af.encode(source, tmp_path / "bad-utf8.mp3")
    tags = ID3()
    tags.add(TIT2(encoding=3, text="PLACEHOLDERX"))
    tags.save(str(path), v2_version=4)
    path.write_bytes(path.read_bytes().replace(b"PLACEHOLDERX", b"Caf\xe9 \xff\xfe okay"))

    found = extractor.extract(path, fingerprint=False)

    assert found.tags.title == "Caf\ufffd \ufffd\ufffd okay"  # not dropped, as mutagen does
    assert found.tags.originals == {"title": "Caf\\xe9 \\xff\\xfe okay"}
    assert found.tags.sources["title"] == "ID3v2.4 TIT2"
    assert [w.code for w in found.warnings] == ["not_utf8"]
    assert found.warnings[0].message.startswith("ID3v2.4 TIT2: the text is not valid UTF-8")


def test_control_characters_and_decomposed_letters_are_changed_with_a_warning(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = af.encode(source, tmp_path / "controls.mp3")
    tags = ID3()
    tags.add(TIT2(encoding=3, text="Ring\x07 the \x1bBell"))
    tags.add(TPE1(encoding=3, text="Zoe\u0308"))
    tags.save(str(path), v2_version=4)

    found = extractor.extract(path, fingerprint=False)

    assert (found.tags.title, found.tags.artist) == ("Ring the Bell", "Zoë")
    assert found.tags.originals == {"title": "Ring\x07 the \x1bBell", "artist": "Zoe\u0308"}
    assert [(w.code, w.message) for w in found.warnings] == [
        ("control_characters", "title: removed control characters U+0007 (BELL), U+001B (ESCAPE)"),
        (
            "unicode_normalised",
            "artist: composed to Unicode NFC (letters typed as a base letter and a combining "
            "mark, e.g. 'e' + U+0308, became one character)",
        ),
    ]
