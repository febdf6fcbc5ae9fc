"""Every supported format, tagged the way Picard and iTunes tag it, reads back into one schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.domain.media import Extraction
from shared.media.limits import Limits
from shared.media.sandbox import SandboxedExtractor
from tests import audio_factory as af

EXPECTED = {
    "title": "Night Drive",
    "artist": "Ada Lovelace feat. Grace Hopper",
    "artists": ["Ada Lovelace", "Grace Hopper"],
    "album": "Analytical Engines",
    "albumartist": "Ada Lovelace",
    "tracknumber": 3,
    "tracktotal": 12,
    "discnumber": 1,
    "disctotal": 2,
    "date": "2021-06-04",
    "genre": "Synthpop",
    "composer": "Charles Babbage",
    "label": "Difference Records",
    "copyright": "℗ 2021 Difference Records",
    "isrc": "GBAYE2100123",
    "barcode": "5012345678900",
    "iswc": "T0345246801",
    "bpm": 124.0,
    "key": "A minor",
    "comment": "Mastered for streaming",
}


@pytest.fixture(scope="module")
def extractor() -> Iterator[SandboxedExtractor]:
    sandbox = SandboxedExtractor(Limits(), workers=1)
    yield sandbox
    sandbox.close()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return af.write_wav(tmp_path_factory.mktemp("src") / "source.wav", 8.0, seed=7)


def _made(kind: str, source: Path, folder: Path) -> Path:
    cover = af.cover_png()
    target = folder / f"song{kind}"
    if kind == ".wav":
        target.write_bytes(source.read_bytes())
        return af.tag_wav_id3(target, af.PICARD_TAGS)
    af.encode(source, target, kind)
    if kind.endswith(".mp3"):
        return af.tag_id3(target, af.PICARD_TAGS, version=3 if kind == ".mp3" else 4, cover=cover)
    if kind.endswith(".flac"):
        return af.tag_flac(target, af.PICARD_TAGS, cover=cover)
    if kind in (".ogg", ".opus"):
        return af.tag_ogg(target, af.PICARD_TAGS, cover=cover)
    if kind.endswith(".m4a"):
        return af.tag_itunes(target, af.PICARD_TAGS, cover=cover)
    return af.tag_aiff(target, af.PICARD_TAGS, cover=cover)


FORMATS = [
    # (made as, format, container, codec, bit depth, vbr)
    (".mp3", "mp3", "mp3", "mp3", None, False),
    (".vbr.mp3", "mp3", "mp3", "mp3", None, True),
    (".flac", "flac", "flac", "flac", 16, True),
    (".24.flac", "flac", "flac", "flac", 24, True),
    (".wav", "wav", "wav", "pcm_s16le", 16, False),
    (".aiff", "aiff", "aiff", "pcm_s16be", 16, False),
    (".m4a", "m4a", "mp4", "aac", None, None),
    (".alac.m4a", "m4a", "mp4", "alac", 16, True),
    (".ogg", "ogg", "ogg", "vorbis", None, True),
    (".opus", "ogg", "ogg", "opus", None, True),
]


@pytest.mark.parametrize(("kind", "fmt", "container", "codec", "depth", "vbr"), FORMATS)
def test_each_format_gives_the_same_tags_and_its_own_facts(
    kind: str,
    fmt: str,
    container: str,
    codec: str,
    depth: int | None,
    vbr: bool | None,
    source: Path,
    tmp_path: Path,
    extractor: SandboxedExtractor,
) -> None:
    path = _made(kind, source, tmp_path)

    found = extractor.extract(path, want_cover=True, fingerprint=False)

    tags = found.tags.to_json()
    expected = dict(EXPECTED)
    if kind == ".wav":
        expected.pop("comment")  # the plain test WAV carries ID3 without a cover: still tags
    assert {k: tags[k] for k in expected} == expected
    assert (found.format, found.technical.container, found.technical.codec) == (
        fmt,
        container,
        codec,
    )
    assert found.technical.bit_depth == depth
    assert found.technical.vbr == vbr
    assert found.technical.duration_s == pytest.approx(8.0, abs=0.1)
    assert found.technical.sample_rate == (48000 if codec == "opus" else 44100)
    assert found.technical.channels == 2
    assert found.sha256
    assert len(found.sha256) == 64


@pytest.mark.parametrize("kind", [".mp3", ".flac", ".m4a", ".opus", ".aiff"])
def test_the_front_cover_is_found_with_its_pixel_size(
    kind: str, source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    found = extractor.extract(_made(kind, source, tmp_path), want_cover=True, fingerprint=False)

    assert found.tags.cover is not None
    assert (found.tags.cover.mime_type, found.tags.cover.width, found.tags.cover.height) == (
        "image/png",
        320,
        320,
    )
    assert found.cover_data == af.cover_png()


@pytest.mark.parametrize("label_key", ["LABEL", "ORGANIZATION", "PUBLISHER"])
def test_every_vorbis_name_for_the_label_means_the_label(
    label_key: str, source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = af.tag_flac(af.encode(source, tmp_path / "a.flac"), af.PICARD_TAGS, label_key=label_key)

    found = extractor.extract(path, fingerprint=False)

    assert found.tags.label == "Difference Records"
    assert found.tags.sources["label"] == f"FLAC {label_key}"


def test_the_label_wins_over_organization_when_both_are_there(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = af.tag_flac(af.encode(source, tmp_path / "a.flac"), af.PICARD_TAGS)
    from mutagen.flac import FLAC

    audio = FLAC(str(path))
    audio["ORGANIZATION"] = ["Some Distributor"]
    audio.save()

    assert extractor.extract(path, fingerprint=False).tags.label == "Difference Records"


def test_riff_info_tags_in_a_wav_are_read(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = tmp_path / "info.wav"
    path.write_bytes(source.read_bytes())
    info = {b"INAM": b"Caf\xe9 Society", b"IART": b"Bix", b"IPRD": b"Jazz Age", b"ICRD": b"1927"}
    af.add_riff_info(path, {**info, b"IGNR": b"Jazz", b"ICOP": b"(C) 1927 Okeh"})

    found = extractor.extract(path, fingerprint=False)

    assert (found.tags.title, found.tags.artist, found.tags.album) == (
        "Café Society",
        "Bix",
        "Jazz Age",
    )
    assert (found.tags.date, found.tags.genre) == ("1927", "Jazz")
    assert found.tags.sources["title"] == "RIFF INFO INAM"
    assert any(w.code == "not_utf8" for w in found.warnings)  # 0xE9 is Windows-1252, not UTF-8


def test_id3v1_only_mp3_is_read(
    source: Path, tmp_path: Path, extractor: SandboxedExtractor
) -> None:
    path = af.encode(source, tmp_path / "v1.mp3")
    tag = b"TAG" + b"Old Song".ljust(30, b"\0") + b"Old Band".ljust(30, b"\0")
    tag += b"Old Album".ljust(30, b"\0") + b"1999" + b"".ljust(28, b"\0") + b"\0\x05" + bytes([17])
    path.write_bytes(path.read_bytes() + tag)

    found = extractor.extract(path, fingerprint=False)

    assert (found.tags.title, found.tags.artist, found.tags.album) == (
        "Old Song",
        "Old Band",
        "Old Album",
    )
    assert (found.tags.date, found.tags.tracknumber, found.tags.genre) == ("1999", 5, "Rock")
    assert found.tags.sources["title"] == "ID3v1 TIT2"


def test_a_fingerprint_comes_from_fpcalc(source: Path, tmp_path: Path) -> None:
    sandbox = SandboxedExtractor(Limits(), workers=1)
    try:
        found = sandbox.extract(af.encode(source, tmp_path / "a.flac"))
    finally:
        sandbox.close()

    assert found.fingerprint is not None
    assert found.fingerprint.startswith("AQAA")
    assert found.fingerprint_error is None


def test_a_missing_fpcalc_is_recorded_not_raised(source: Path, tmp_path: Path) -> None:
    sandbox = SandboxedExtractor(Limits(fpcalc="fpcalc-not-installed"), workers=1)
    try:
        found: Extraction = sandbox.extract(af.encode(source, tmp_path / "a.flac"))
    finally:
        sandbox.close()

    assert found.fingerprint is None
    assert found.fingerprint_error is not None
    assert "libchromaprint-tools" in found.fingerprint_error
    assert found.tags.title is None
    assert found.technical.codec == "flac"
