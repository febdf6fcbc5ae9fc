"""Delivery checks: the reasons stores reject releases, each with a severity and a fix hint."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image

from shared.domain.assets import TechnicalFacts
from shared.domain.delivery_checks import ImageFacts, casing_style, check_delivery
from shared.domain.findings import Severity
from shared.services.validation import image_facts
from tests.support.catalog import album_bundle

GOOD_ART = ImageFacts("JPEG", 3000, 3000, "RGB")


def _with_titles(*titles: str):  # type: ignore[no-untyped-def]
    bundle = album_bundle()
    tracks = tuple(replace(t, title=title) for t, title in zip(bundle.tracks, titles, strict=True))
    return replace(bundle, tracks=tracks)


def _rules(bundle, art: ImageFacts | None = GOOD_ART) -> dict[str, list]:  # type: ignore[no-untyped-def]
    found: dict[str, list] = {}  # type: ignore[type-arg]
    for finding in check_delivery(bundle, art):
        found.setdefault(finding.rule, []).append(finding)
    return found


def test_a_clean_release_has_no_findings() -> None:
    assert check_delivery(album_bundle(), GOOD_ART) == []


def test_a_featured_artist_in_the_title_is_blocking_with_a_hint() -> None:
    finding = _rules(_with_titles("Summer (feat. Guest Star)", "Second Song", "Third Song"))[
        "style.featured-in-title"
    ][0]

    assert finding.severity is Severity.BLOCKING
    assert finding.hint == "remove it from the title and credit 'Guest Star' as FeaturedArtist"
    assert finding.target is not None
    assert finding.target.field == "title"


@pytest.mark.parametrize(
    ("title", "rule", "severity"),
    [
        ("LOUD AND PROUD", "style.all-caps", Severity.WARNING),
        ("Party Time 🎉", "style.emoji", Severity.BLOCKING),
        ("Second Song (Acoustic Remix)", "style.version-in-title", Severity.WARNING),
        ("Second Song - Live at Wembley", "style.version-in-title", Severity.WARNING),
        ("Second  Song ", "style.spaces", Severity.WARNING),
    ],
)
def test_title_style_rules(title: str, rule: str, severity: Severity) -> None:
    found = _rules(_with_titles("First Song", title, "Third Song"))

    assert found[rule][0].severity is severity
    assert found[rule][0].hint


def test_mixed_title_casing_flags_the_odd_one_out() -> None:
    found = _rules(_with_titles("First Song Here", "Second song here", "Third Song Here"))

    assert [f.location for f in found["style.casing"]] == ["track 2 ('Second song here'), title"]
    assert casing_style("The Sound of Silence") == "title"


def test_an_explicit_track_on_a_clean_release_is_blocking() -> None:
    bundle = album_bundle()
    tracks = (replace(bundle.tracks[0], explicit=True), *bundle.tracks[1:])

    finding = _rules(replace(bundle, tracks=tracks))["style.explicit"][0]

    assert finding.severity is Severity.BLOCKING
    assert "1 track(s) are explicit but the release is marked NotExplicit" == finding.message


def test_gaps_and_repeats_in_track_numbers_are_blocking() -> None:
    bundle = album_bundle()
    tracks = (
        bundle.tracks[0],
        replace(bundle.tracks[1], track_number=1),
        replace(bundle.tracks[2], track_number=4),
    )

    messages = [f.message for f in _rules(replace(bundle, tracks=tracks))["style.numbering"]]

    assert "2 tracks are numbered 1 on disc 1" in messages
    assert "disc 1 has no track 2, 3 (numbers run to 4)" in messages


@pytest.mark.parametrize(
    ("art", "rule"),
    [
        (ImageFacts("JPEG", 3000, 2999, "RGB"), "artwork.square"),
        (ImageFacts("PNG", 1400, 1400, "RGB"), "artwork.size"),
        (ImageFacts("JPEG", 3000, 3000, "CMYK"), "artwork.rgb"),
        (ImageFacts("TIFF", 3000, 3000, "RGB"), "artwork.format"),
    ],
)
def test_artwork_specs(art: ImageFacts, rule: str) -> None:
    found = _rules(album_bundle(), art)

    assert found[rule][0].severity is Severity.BLOCKING


def test_missing_artwork_is_blocking() -> None:
    assert "artwork.missing" in _rules(album_bundle(with_artwork=False), None)


@pytest.mark.parametrize(
    ("facts", "rule"),
    [
        (
            TechnicalFacts("mp3", "mp3", 200.0, 44100, None, 2, 320_000, False, False),
            "audio.lossless",
        ),
        (
            TechnicalFacts("flac", "flac", 200.0, 22050, 16, 2, None, False, True),
            "audio.sample-rate",
        ),
        (TechnicalFacts("wav", "pcm_u8", 200.0, 44100, 8, 2, None, False, True), "audio.bit-depth"),
    ],
)
def test_audio_specs_for_delivery(facts: TechnicalFacts, rule: str) -> None:
    bundle = album_bundle()
    assets = (replace(bundle.assets[0], technical=facts), *bundle.assets[1:])

    assert rule in _rules(replace(bundle, assets=assets))


def test_image_facts_are_read_from_the_real_header() -> None:
    buffer = io.BytesIO()
    Image.new("CMYK", (640, 480)).save(buffer, format="JPEG")
    buffer.seek(0)

    assert image_facts(buffer) == ImageFacts("JPEG", 640, 480, "CMYK")
    assert image_facts(io.BytesIO(b"not an image")) is None
