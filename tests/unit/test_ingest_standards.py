"""Ingest and identifiers: one bad tag value never rejects a file (a warning names the tag),
formats are named by their signatures, and a FLAC block with a wrong length is blamed on itself."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from mutagen.flac import FLAC

from shared.domain.media import ProblemCode, UnreadableAudio
from shared.media.sandbox import SandboxedExtractor
from tests import audio_factory as af


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return af.write_wav(tmp_path_factory.mktemp("src") / "source.wav", 4.0, seed=5)


def _flac(source: Path, tmp_path: Path, tags: dict[str, list[str]]) -> Path:
    path = af.encode(source, tmp_path / "tagged.flac")
    audio = FLAC(str(path))
    for key, values in tags.items():
        audio[key] = values
    audio.save()
    return path


@pytest.mark.parametrize(
    ("tags", "code", "named"),
    [
        ({"BARCODE": ["400638133393\u00b9"]}, "bad_barcode", "FLAC BARCODE: '400638133393¹'"),
        ({"ISRC": ["ＵＳＲＣ17607839"]}, "bad_isrc", "FLAC ISRC: 'ＵＳＲＣ17607839'"),
        ({"ISWC": ["T-034.524.680-\u0661"]}, "bad_iswc", "FLAC ISWC: 'T-034.524.680-١'"),
        ({"BPM": ["\u00b9\u00b2\u2070"]}, "bad_bpm", "FLAC BPM: '¹²⁰'"),
        ({"INITIALKEY": ["\u0661A"]}, "bad_key", "FLAC INITIALKEY: '١A'"),
    ],
)
def test_one_bad_tag_value_is_a_warning_naming_the_tag_and_the_file_is_ingested(
    tags: dict[str, list[str]],
    code: str,
    named: str,
    source: Path,
    tmp_path: Path,
    extractor: SandboxedExtractor,
) -> None:
    path = _flac(source, tmp_path, {"TITLE": ["Still Here"], **tags})

    found = extractor.extract(path, fingerprint=False)

    assert found.tags.title == "Still Here"
    warnings = [w for w in found.warnings if w.code == code]
    assert len(warnings) == 1
    assert warnings[0].message.startswith(named)


def test_a_good_barcode_beside_a_bad_isrc_is_kept(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = _flac(source, tmp_path, {"BARCODE": ["4006381333931"], "ISRC": ["US-RC1-76-0783¹"]})

    found = extractor.extract(path, fingerprint=False)

    assert found.tags.barcode == "4006381333931"
    assert found.tags.isrc is None
    assert "isrc" not in found.tags.sources


@pytest.mark.parametrize(
    ("head", "named"),
    [
        # a WavPack block header whose bytes after "wvpk" hold an MPEG-like frame sync
        (b"wvpk" + struct.pack("<I", 4096) + b"\x10\x04\x00\x00" + b"\xff\xfb\x90\x64" * 64,
         "WavPack is not supported"),
        (b"OFR " + struct.pack("<I", 15) + b"\xff\xfb\x90\x64" * 64, "OptimFROG is not supported"),
    ],
)  # fmt: skip
def test_wavpack_and_optimfrog_are_named_before_any_mpeg_frame_sync(
    head: bytes, named: str, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = tmp_path / "song.mp3"
    path.write_bytes(head + bytes(range(256)) * 64)

    with pytest.raises(UnreadableAudio) as caught:
        extractor.extract(path, fingerprint=False)

    assert caught.value.code is ProblemCode.UNSUPPORTED_FORMAT
    assert caught.value.message.startswith(named)


def _picture_block_offset(data: bytes) -> tuple[int, int]:
    """Where the PICTURE block's header is, and its declared length."""
    position = 4
    while True:
        kind, length = data[position] & 0x7F, int.from_bytes(data[position + 1 : position + 4])
        if kind == 6:
            return position, length
        position += 4 + length


@pytest.mark.parametrize("delta", [-7, 9])
def test_a_flac_picture_block_with_a_wrong_length_is_blamed_on_the_picture(
    delta: int, source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = af.tag_flac(af.encode(source, tmp_path / "cover.flac"), af.PICARD_TAGS,
                       cover=af.cover_png())  # fmt: skip
    data = bytearray(path.read_bytes())
    at, length = _picture_block_offset(bytes(data))
    data[at + 1 : at + 4] = (length + delta).to_bytes(3, "big")
    path.write_bytes(bytes(data))

    with pytest.raises(UnreadableAudio) as caught:
        extractor.extract(path, fingerprint=False)

    assert caught.value.code is ProblemCode.CORRUPT
    assert caught.value.message.startswith(f"the FLAC PICTURE block declares {length + delta:,}")
    assert "STREAMINFO" not in caught.value.message
