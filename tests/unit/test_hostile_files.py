"""Every class of bad input gets a specific error (code + message), and none takes the reader
down: memory never follows a size a file claims, and a stuck reader is killed and replaced."""

from __future__ import annotations

import struct
import subprocess
import wave
import zlib
from pathlib import Path

import pytest

from shared.domain.media import ProblemCode, UnreadableAudio
from shared.media.limits import Limits
from shared.media.sandbox import SandboxedExtractor
from tests import audio_factory as af
from tests.support.refusals import refused


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return af.write_wav(tmp_path_factory.mktemp("src") / "source.wav", 6.0, seed=3)


def test_a_zero_byte_file(extractor: SandboxedExtractor, tmp_path: Path) -> None:
    path = tmp_path / "empty.mp3"
    path.write_bytes(b"")

    problem = refused(extractor, path)

    assert problem.code is ProblemCode.EMPTY_FILE
    assert problem.message == "the file is empty (0 bytes)"


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (af.cover_png(), "a PNG image"),
        (b"PK\x03\x04" + b"\x00" * 200, "a ZIP archive"),
        (b"<!DOCTYPE html><html><body>Not found</body></html>", "an HTML page"),
        (b"%PDF-1.7\n" + b"\x00" * 100, "a PDF document"),
    ],
)
def test_things_named_mp3_that_are_not_audio(
    content: bytes, named: str, extractor: SandboxedExtractor, tmp_path: Path
) -> None:
    path = tmp_path / "song.mp3"
    path.write_bytes(content)

    problem = refused(extractor, path)

    assert problem.code is ProblemCode.NOT_AUDIO
    assert problem.message == f"this is {named}, not audio"


def test_random_bytes_are_not_audio(extractor: SandboxedExtractor, tmp_path: Path) -> None:
    path = tmp_path / "noise.flac"
    path.write_bytes(bytes(range(256)) * 40)

    assert refused(extractor, path).code is ProblemCode.NOT_AUDIO


@pytest.mark.parametrize(
    ("arguments", "suffix", "message"),
    [
        (["-c:a", "adpcm_ima_wav"], ".wav", "WAV containing IMA ADPCM (format tag 0x0011)"),
        (["-c:a", "mp2"], ".mp2", "MPEG layer II audio (MP2) is not supported"),
        (["-c:a", "pcm_s16be", "-f", "au"], ".au", "Sun/NeXT audio (AU) is not supported"),
        (["-c:a", "flac", "-f", "ogg"], ".oga", "FLAC in an Ogg container is not supported"),
    ],
)
def test_unsupported_audio_formats_are_named(
    arguments: list[str],
    suffix: str,
    message: str,
    source: Path,
    tmp_path: Path,
    extractor: SandboxedExtractor,
) -> None:
    path = tmp_path / f"song{suffix}"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-i", str(source), *arguments, str(path)],
        check=True,
        timeout=60,
    )

    problem = refused(extractor, path)

    assert problem.code is ProblemCode.UNSUPPORTED_FORMAT
    assert message in problem.message
    assert "MP3, FLAC, WAV, AIFF, M4A (AAC or ALAC), Ogg Vorbis and Opus" in problem.message


@pytest.mark.parametrize("kind", [".vbr.mp3", ".flac", ".ogg", ".opus", ".m4a", ".wav", ".aiff"])
def test_truncated_files(
    kind: str, source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = tmp_path / f"whole{kind}"
    if kind == ".wav":
        path.write_bytes(source.read_bytes())
    else:
        af.encode(source, path, kind)
    cut = tmp_path / f"cut{kind}"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 5])

    problem = refused(extractor, cut)

    assert problem.code is ProblemCode.TRUNCATED
    assert (
        "truncated" in problem.message
        or "incomplete" in problem.message
        or ("remain in the file" in problem.message)
    )


def test_a_wav_claiming_ten_hours(extractor: SandboxedExtractor, tmp_path: Path) -> None:
    path = tmp_path / "ten-hours.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(bytes(range(256)) * 94)  # 3 s
    raw = bytearray(path.read_bytes())
    data_at = raw.index(b"data")
    raw[data_at + 4 : data_at + 8] = struct.pack("<I", 10 * 3600 * 8000)
    path.write_bytes(bytes(raw))

    problem = refused(extractor, path)

    assert problem.code is ProblemCode.TRUNCATED
    assert problem.message.startswith(
        "the WAV header declares 10:00:00 of audio but the file holds 0:00:03"
    )


def test_a_streaming_wav_without_a_length_is_measured(
    source: Path, extractor: SandboxedExtractor, tmp_path: Path
) -> None:
    path = tmp_path / "piped.wav"
    raw = bytearray(source.read_bytes())
    data_at = raw.index(b"data")
    raw[data_at + 4 : data_at + 8] = b"\xff\xff\xff\xff"
    raw[4:8] = b"\xff\xff\xff\xff"
    path.write_bytes(bytes(raw))

    found = extractor.extract(path, fingerprint=False)

    assert found.technical.duration_s == pytest.approx(6.0, abs=0.01)
    assert [w.code for w in found.warnings] == ["no_length"]


def _id3v23(frames: bytes) -> bytes:
    size = len(frames)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x03\x00\x00" + syncsafe + frames


def test_an_id3_frame_claiming_two_gigabytes(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    audio = af.encode(source, tmp_path / "plain.mp3")
    frame = b"TXXX" + struct.pack(">I", 0x7FFFFFFF) + b"\x00\x00" + b"\x00label\x00x" * 10
    path = tmp_path / "claims.mp3"
    path.write_bytes(_id3v23(frame) + audio.read_bytes())

    problem = refused(extractor, path)

    assert problem.code is ProblemCode.DECLARED_SIZE
    assert problem.message.startswith("ID3 frame TXXX declares 2,147,483,647 bytes but only")


def test_a_compressed_id3_frame_bomb_is_refused_before_it_inflates(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    audio = af.encode(source, tmp_path / "plain.mp3")
    inflated = 200 * 1024 * 1024
    payload = struct.pack(">I", inflated) + zlib.compress(b"\x00" * inflated, 9)
    frame = b"TXXX" + struct.pack(">I", len(payload)) + b"\x00\x80" + payload  # v2.3 compressed
    path = tmp_path / "bomb.mp3"
    path.write_bytes(_id3v23(frame) + audio.read_bytes())

    problem = refused(extractor, path)

    assert problem.code is ProblemCode.DECLARED_SIZE
    assert "inflates past the 8 MB limit (it declares 209,715,200 bytes)" in problem.message


def test_a_lying_bomb_without_a_declared_size_is_caught_by_inflating_with_a_cap(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    audio = af.encode(source, tmp_path / "plain.mp3")
    payload = struct.pack(">I", 10) + zlib.compress(b"\x00" * 50 * 1024 * 1024, 9)
    frame = b"TXXX" + struct.pack(">I", len(payload)) + b"\x00\x80" + payload
    path = tmp_path / "liar.mp3"
    path.write_bytes(_id3v23(frame) + audio.read_bytes())

    assert "compression bomb" in refused(extractor, path).message


def test_memory_is_capped_even_if_a_bomb_slipped_past_the_checks(
    source: Path, tmp_path: Path
) -> None:
    """With the inflate cap lifted, the worker's address-space limit still stops the bomb, and
    the next file is read by a fresh worker."""
    audio = af.encode(source, tmp_path / "plain.mp3")
    inflated = 900 * 1024 * 1024
    payload = struct.pack(">I", inflated) + zlib.compress(b"\x00" * inflated, 1)
    frame = b"TXXX" + struct.pack(">I", len(payload)) + b"\x00\x80" + payload
    path = tmp_path / "bomb.mp3"
    path.write_bytes(_id3v23(frame) + audio.read_bytes())
    lifted = Limits(fingerprint=False, max_inflated_bytes=2**40)
    sandbox = SandboxedExtractor(lifted, workers=1, memory_mb=400)
    try:
        with pytest.raises(UnreadableAudio) as caught:
            sandbox.extract(path, fingerprint=False)
        after = sandbox.extract(audio, fingerprint=False)
    finally:
        sandbox.close()

    assert caught.value.code is ProblemCode.MEMORY_LIMIT
    assert caught.value.message == "reading the file needed more than 400 MB of memory: refused"
    assert after.technical.codec == "mp3"


def test_a_flac_block_claiming_more_than_the_file(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    audio = af.encode(source, tmp_path / "a.flac").read_bytes()
    block = bytes([0x02]) + (0xFFFFF0).to_bytes(3, "big") + b"appl" + b"\x00" * 100
    streaminfo_end = 4 + 4 + 34
    first = audio[4] & 0x7F  # clear "last block" on STREAMINFO so our block follows it
    patched = audio[:4] + bytes([first]) + audio[5:streaminfo_end] + block + audio[streaminfo_end:]
    path = tmp_path / "huge-block.flac"
    path.write_bytes(patched)

    problem = refused(extractor, path)

    assert problem.code is ProblemCode.TRUNCATED
    assert problem.message.startswith("the FLAC APPLICATION block declares 16,777,200 bytes")


def test_a_huge_flac_metadata_block_over_the_cap(source: Path, tmp_path: Path) -> None:
    path = af.encode(source, tmp_path / "a.flac")
    from mutagen.flac import FLAC, Padding

    audio = FLAC(str(path))
    audio.metadata_blocks.append(Padding(b"\x00" * (3 * 1024 * 1024)))
    audio.save(padding=lambda info: 3 * 1024 * 1024)
    sandbox = SandboxedExtractor(Limits(fingerprint=False, max_metadata_bytes=2 * 1024 * 1024))
    try:
        with pytest.raises(UnreadableAudio) as caught:
            sandbox.extract(path, fingerprint=False)
    finally:
        sandbox.close()

    assert caught.value.code is ProblemCode.DECLARED_SIZE
    assert caught.value.message == "the FLAC PADDING block is 3.0 MB, over the 2 MB limit"


def test_over_long_tag_values_are_cut_with_a_warning(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = af.encode(source, tmp_path / "long.flac")
    from mutagen.flac import FLAC

    audio = FLAC(str(path))
    audio["COMMENT"] = ["la " * 20_000]
    audio["TITLE"] = ["Fine"]
    audio.save()

    found = extractor.extract(path, fingerprint=False)

    assert found.tags.comment is not None
    assert len(found.tags.comment) <= 2000
    assert found.tags.title == "Fine"
    assert [w.message for w in found.warnings] == [
        "comment has 59,999 characters; kept the first 2,000"
    ]


def test_non_utf8_rtl_and_emoji_text(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = af.encode(source, tmp_path / "text.mp3")
    from mutagen.id3 import ID3, TALB, TIT2, TPE1

    tags = ID3()
    tags.add(TIT2(encoding=3, text="שלום עולם \u202eevil"))  # Hebrew, with a hidden override
    tags.add(TPE1(encoding=3, text="DJ 🎧 Ünïcode"))
    tags.add(TALB(encoding=0, text="Caf\xc3\xa9 del Mar"))  # UTF-8 bytes in a Latin-1 frame
    tags.save(str(path), v2_version=3)

    found = extractor.extract(path, fingerprint=False)

    assert found.tags.title == "שלום עולם evil"
    assert found.tags.artist == "DJ 🎧 Ünïcode"
    assert found.tags.album == "Café del Mar"
    assert {w.code for w in found.warnings} == {"bidi_controls", "mojibake"}


def test_invalid_utf8_in_vorbis_comments_is_flagged(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = af.encode(source, tmp_path / "latin.flac")
    raw = path.read_bytes()
    comment = b"reference libFLAC"
    tag = b"TITLE=Caf\xe9"
    block = struct.pack("<I", len(comment)) + comment + struct.pack("<I", 1)
    block += struct.pack("<I", len(tag)) + tag
    header = bytes([0x04]) + len(block).to_bytes(3, "big")
    streaminfo_end = 4 + 4 + 34
    first = raw[4] & 0x7F
    path.write_bytes(
        raw[:4] + bytes([first]) + raw[5:streaminfo_end] + header + block + raw[streaminfo_end:]
    )

    found = extractor.extract(path, fingerprint=False)

    assert found.tags.title == "Caf\ufffd"
    assert [w.code for w in found.warnings] == ["not_utf8"]


def test_a_reader_past_its_deadline_is_killed_and_replaced(source: Path, tmp_path: Path) -> None:
    path = af.encode(source, tmp_path / "a.flac")
    sandbox = SandboxedExtractor(Limits(fingerprint=False), workers=1, timeout_s=0.0001)
    try:
        with pytest.raises(UnreadableAudio) as caught:
            sandbox.extract(path, fingerprint=False)
        sandbox._timeout_s = 30.0
        after = sandbox.extract(path, fingerprint=False)
    finally:
        sandbox.close()

    assert caught.value.code is ProblemCode.TIMEOUT
    assert after.technical.codec == "flac"


def test_a_stuck_fingerprinter_costs_the_fingerprint_only(source: Path, tmp_path: Path) -> None:
    stuck = tmp_path / "fpcalc"
    stuck.write_text("#!/bin/sh\nsleep 30\n")
    stuck.chmod(0o755)
    limits = Limits(fpcalc=str(stuck), fingerprint_timeout_s=0.5)
    sandbox = SandboxedExtractor(limits, workers=1)
    try:
        found = sandbox.extract(af.encode(source, tmp_path / "a.flac"))
    finally:
        sandbox.close()

    assert found.fingerprint is None
    assert found.fingerprint_error == "fpcalc took longer than 0.5 s"
    assert found.technical.codec == "flac"
