"""Delivery checks beyond the schemas: the reasons stores reject releases.

Style rules in the spirit of the big stores' published metadata guides (featured artists belong
in the artist field, no ALL CAPS or stray emoji, consistent title casing, versions such as
"Remix" or "Live" in the version field, an explicit flag that agrees across tracks and release,
complete track numbering), artwork specs (present, square, at least 3000x3000 px, RGB, JPEG or
PNG) and audio specs (lossless, at least 16-bit / 44.1 kHz). Every finding has a severity and a
fix hint, and names the catalog field it is about.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from shared.domain.bundles import ReleaseBundle
from shared.domain.findings import Finding, Layer, Severity, Target
from shared.domain.recordings import SoundRecording

MIN_ARTWORK_PX = 3000
MIN_SAMPLE_RATE = 44_100
MIN_BIT_DEPTH = 16
_FEATURING_STRICT = re.compile(r"\b(feat\.?|ft\.|featuring)\s+([^\)\]\-]+)", re.I)
_WITH_IN_BRACKETS = re.compile(r"[\(\[]\s*with\s+([^\)\]]+)[\)\]]", re.I)
_VERSION_WORDS = (
    r"remix|mix|live|remaster(?:ed)?|radio edit|edit|acoustic|instrumental|demo|extended"
    r"|version|unplugged|a cappella|acapella|karaoke|clean|explicit"
)
_VERSION_IN_TITLE = re.compile(
    rf"(?:[\(\[]([^\)\]]*\b(?:{_VERSION_WORDS})\b[^\)\]]*)[\)\]]|\s-\s+(.*\b(?:{_VERSION_WORDS})\b.*))\s*$",
    re.I,
)
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff\ufe0f\u200d\u2b50\u2b55]"
)
_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "for",
    "in",
    "nor",
    "of",
    "on",
    "or",
    "the",
    "to",
    "vs",
    "vs.",
    "via",
    "de",
    "la",
    "le",
    "el",
    "y",
    "en",
    "x",
}


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """What the artwork file really is (read from its header)."""

    format: str  # JPEG, PNG, TIFF...
    width: int
    height: int
    mode: str  # RGB, RGBA, CMYK, L (grayscale), P (palette)...


def _finding(
    severity: Severity, location: str, message: str, rule: str, hint: str, target: Target
) -> Finding:
    return Finding(Layer.DELIVERY, severity, location, message, rule, hint, target)


def _where(track: SoundRecording, position: int) -> str:
    return f"track {track.track_number or position} ({track.title!r})"


def check_delivery(bundle: ReleaseBundle, artwork: ImageFacts | None = None) -> list[Finding]:
    """Every style, artwork and audio finding for a release."""
    findings = list(_release_style(bundle))
    findings.extend(_track_style(bundle))
    findings.extend(_casing(bundle))
    findings.extend(_explicit(bundle))
    findings.extend(_numbering(bundle))
    findings.extend(_artwork(bundle, artwork))
    findings.extend(_audio(bundle))
    return findings


# ---------------------------------------------------------------- titles


def title_findings(title: str, where: str, target_id: str, entity: str) -> Iterator[Finding]:
    """Featured artists, ALL CAPS, emoji, versions and stray spaces in one title."""
    field = Target(entity, target_id, "title")
    featured = _FEATURING_STRICT.search(title) or _WITH_IN_BRACKETS.search(title)
    if featured:
        name = featured.group(featured.lastindex or 1).strip(" )]")
        yield _finding(
            Severity.BLOCKING,
            f"{where}, title",
            f"the title names a featured artist ({featured.group(0).strip()!r})",
            "style.featured-in-title",
            f"remove it from the title and credit {name!r} as FeaturedArtist",
            field,
        )
    letters = [c for c in title if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and " " in title.strip():
        yield _finding(
            Severity.WARNING,
            f"{where}, title",
            f"the title {title!r} is in ALL CAPS",
            "style.all-caps",
            "use title case unless the artist's official styling is all capitals",
            field,
        )
    if _EMOJI.search(title):
        yield _finding(
            Severity.BLOCKING,
            f"{where}, title",
            f"the title {title!r} contains emoji",
            "style.emoji",
            "remove the emoji: stores refuse them in titles",
            field,
        )
    version = _VERSION_IN_TITLE.search(title)
    if version and not featured:
        words = (version.group(1) or version.group(2) or "").strip()
        yield _finding(
            Severity.WARNING,
            f"{where}, title",
            f"the title carries the version {words!r}",
            "style.version-in-title",
            f"move {words!r} to the version field and keep the title plain",
            field,
        )
    if title != title.strip() or "  " in title:
        yield _finding(
            Severity.WARNING,
            f"{where}, title",
            "the title has leading, trailing or double spaces",
            "style.spaces",
            "remove the extra spaces",
            field,
        )


def _release_style(bundle: ReleaseBundle) -> Iterator[Finding]:
    release = bundle.release
    yield from title_findings(release.title, "release", str(release.id), "release")
    if not (release.display_artist or "").strip():
        yield _finding(
            Severity.BLOCKING,
            "release, display artist",
            "the release has no display artist",
            "style.artist-missing",
            "set the main artist",
            Target("release", str(release.id), "display_artist"),
        )


def _track_style(bundle: ReleaseBundle) -> Iterator[Finding]:
    for position, track in enumerate(bundle.ordered_tracks(), start=1):
        yield from title_findings(track.title, _where(track, position), str(track.id), "track")


def casing_style(title: str) -> str | None:
    """'title' (Every Major Word Capitalised), 'sentence', or None when it cannot tell."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’]*", title) if w.lower() not in _SMALL_WORDS]
    if len(words) < 2 or all(w.isupper() for w in words):
        return None
    capitalised = sum(1 for w in words if w[0].isupper())
    if capitalised == len(words):
        return "title"
    if capitalised <= 1 and words[0][0].isupper():
        return "sentence"
    return None


def _casing(bundle: ReleaseBundle) -> Iterator[Finding]:
    tracks = bundle.ordered_tracks()
    styles = {t.id: casing_style(t.title) for t in tracks}
    counts = Counter(s for s in styles.values() if s)
    if len(counts) < 2:
        return
    majority = counts.most_common(1)[0][0]
    for position, track in enumerate(tracks, start=1):
        style = styles[track.id]
        if style and style != majority:
            yield _finding(
                Severity.WARNING,
                f"{_where(track, position)}, title",
                f"the title is in {style} case while most of the release is in {majority} case",
                "style.casing",
                f"write it in {majority} case like the other tracks",
                Target("track", str(track.id), "title"),
            )


# ---------------------------------------------------------------- explicit flag and numbering


def _explicit(bundle: ReleaseBundle) -> Iterator[Finding]:
    release = bundle.release
    tracks = bundle.ordered_tracks()
    explicit = [t for t in tracks if t.explicit]
    target = Target("release", str(release.id), "parental_advisory")
    if explicit and release.parental_advisory != "Explicit":
        yield _finding(
            Severity.BLOCKING,
            "release, parental advisory",
            f"{len(explicit)} track(s) are explicit but the release is marked "
            f"{release.parental_advisory}",
            "style.explicit",
            "mark the release Explicit (a release is explicit if any track is)",
            target,
        )
    if release.parental_advisory == "Explicit" and tracks and not explicit:
        yield _finding(
            Severity.WARNING,
            "release, parental advisory",
            "the release is marked Explicit but no track is",
            "style.explicit",
            "flag the explicit tracks, or mark the release NotExplicit",
            target,
        )
    for position, track in enumerate(tracks, start=1):
        if track.explicit is None:
            yield _finding(
                Severity.WARNING,
                f"{_where(track, position)}, explicit",
                "the explicit flag is not set",
                "style.explicit-unknown",
                "set explicit to yes or no: stores default unknown to explicit in some territories",
                Target("track", str(track.id), "explicit"),
            )


def _numbering(bundle: ReleaseBundle) -> Iterator[Finding]:
    discs: dict[int, list[SoundRecording]] = defaultdict(list)
    for track in bundle.tracks:
        if track.track_number is None:
            yield _finding(
                Severity.BLOCKING,
                f"track {track.title!r}, track number",
                "the track has no track number",
                "style.numbering",
                "number every track of the release",
                Target("track", str(track.id), "track_number"),
            )
            continue
        discs[track.disc_number or 1].append(track)
    for disc, tracks in sorted(discs.items()):
        numbers = Counter(t.track_number for t in tracks)
        for number, count in sorted(numbers.items(), key=lambda item: item[0] or 0):
            if count > 1:
                twins = [t for t in tracks if t.track_number == number]
                yield _finding(
                    Severity.BLOCKING,
                    f"disc {disc}, track {number}",
                    f"{count} tracks are numbered {number} on disc {disc}",
                    "style.numbering",
                    "give each track its own number",
                    Target("track", str(twins[1].id), "track_number"),
                )
        highest = max(n or 0 for n in numbers)
        missing = [n for n in range(1, highest + 1) if n not in numbers]
        if missing:
            yield _finding(
                Severity.BLOCKING,
                f"disc {disc}, track numbers",
                f"disc {disc} has no track {', '.join(map(str, missing))} "
                f"(numbers run to {highest})",
                "style.numbering",
                "renumber the tracks 1 to n without gaps",
                Target("release", str(bundle.release.id), "tracks"),
            )


# ---------------------------------------------------------------- artwork and audio


def _artwork(bundle: ReleaseBundle, facts: ImageFacts | None) -> Iterator[Finding]:
    release = bundle.release
    target = Target("release", str(release.id), "artwork")
    artwork = release.artwork
    if artwork is None:
        yield _finding(
            Severity.BLOCKING,
            "release, artwork",
            "the release has no cover artwork",
            "artwork.missing",
            "upload a square JPEG or PNG of at least 3000x3000 px",
            target,
        )
        return
    image_format = (
        facts.format
        if facts
        else {"image/jpeg": "JPEG", "image/png": "PNG"}.get(artwork.mime_type, artwork.mime_type)
    )
    width, height = (facts.width, facts.height) if facts else (artwork.width, artwork.height)
    if image_format not in ("JPEG", "PNG"):
        yield _finding(
            Severity.BLOCKING,
            "release, artwork",
            f"the artwork is {image_format}, not JPEG or PNG",
            "artwork.format",
            "export it as JPEG or PNG",
            target,
        )
    if width != height:
        yield _finding(
            Severity.BLOCKING,
            "release, artwork",
            f"the artwork is {width}x{height} px, not square",
            "artwork.square",
            "crop it to a square",
            target,
        )
    if min(width, height) < MIN_ARTWORK_PX:
        yield _finding(
            Severity.BLOCKING,
            "release, artwork",
            f"the artwork is {width}x{height} px;"
            f" stores need at least {MIN_ARTWORK_PX}x{MIN_ARTWORK_PX}",
            "artwork.size",
            "supply the original at full resolution (do not upscale)",
            target,
        )
    if facts is not None and facts.mode not in ("RGB", "RGBA"):
        yield _finding(
            Severity.BLOCKING,
            "release, artwork",
            f"the artwork's colour mode is {facts.mode}, not RGB",
            "artwork.rgb",
            "convert it to RGB (sRGB)",
            target,
        )
    elif facts is not None and facts.mode == "RGBA":
        yield _finding(
            Severity.WARNING,
            "release, artwork",
            "the artwork has transparency",
            "artwork.rgb",
            "flatten it onto an opaque background",
            target,
        )


def _audio(bundle: ReleaseBundle) -> Iterator[Finding]:
    for position, track in enumerate(bundle.ordered_tracks(), start=1):
        where = f"{_where(track, position)}, audio"
        target = Target("track", str(track.id), "audio")
        asset = bundle.asset(track.asset_id)
        if asset is None:
            yield _finding(
                Severity.BLOCKING,
                where,
                "the track has no audio file",
                "audio.missing",
                "upload the master audio",
                target,
            )
            continue
        facts = asset.technical
        if facts is None:
            yield _finding(
                Severity.WARNING,
                where,
                "the audio's format is not known yet",
                "audio.unknown",
                "wait for ingestion to read the file",
                target,
            )
            continue
        if facts.lossless is False:
            yield _finding(
                Severity.BLOCKING,
                where,
                f"the audio is lossy ({facts.codec})",
                "audio.lossless",
                "deliver the lossless master (FLAC or WAV)",
                target,
            )
        if facts.bit_depth is not None and facts.bit_depth < MIN_BIT_DEPTH:
            yield _finding(
                Severity.BLOCKING,
                where,
                f"the audio is {facts.bit_depth}-bit; stores need at least {MIN_BIT_DEPTH}-bit",
                "audio.bit-depth",
                "deliver at least 16-bit audio",
                target,
            )
        if facts.sample_rate is not None and facts.sample_rate < MIN_SAMPLE_RATE:
            yield _finding(
                Severity.BLOCKING,
                where,
                f"the audio is sampled at {facts.sample_rate} Hz; stores need at least 44100 Hz",
                "audio.sample-rate",
                "deliver at least 44.1 kHz audio",
                target,
            )
