"""The flat track row of bulk imports and exports: its fields, how each is parsed and named.

One row is one sound recording with its release's columns repeated. Column headers are matched
to fields by normalised name (case, spaces and punctuation ignored) against each field's
synonyms, which include the headers of every export preset, so every export imports back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from shared.domain.codes import PARENTAL_WARNING_TYPES, RELEASE_TYPES
from shared.domain.durations import parse_duration
from shared.domain.identifiers import ISRC_PREFIXES, Gtin, Isrc, Iswc
from shared.domain.music import MusicalKey, parse_bpm
from shared.domain.recordings import MAX_PREVIEW_START_S, VOCAL_GENDERS, VOCALS
from shared.errors import InvalidField

Cell = str | int | float | bool | None
Parser = Callable[[str, str], object]


def _text(limit: int) -> Parser:
    def parse(value: str, field: str) -> str:
        if len(value) > limit:
            raise InvalidField(field, f"has {len(value)} characters; at most {limit}")
        return value

    return parse


def _uuid(value: str, field: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise InvalidField(field, f"{value!r} is not an id (a UUID)") from None


def _int(low: int, high: int) -> Parser:
    def parse(value: str, field: str) -> int:
        try:
            number = int(float(value)) if re.fullmatch(r"\d+(\.0+)?", value) else int(value)
        except ValueError:
            raise InvalidField(field, f"{value!r} is not a whole number") from None
        if not low <= number <= high:
            raise InvalidField(field, f"{number} is outside {low}-{high}")
        return number

    return parse


_TRUE = {"yes", "y", "true", "1", "explicit", "e", "x"}
_FALSE = {"no", "n", "false", "0", "clean", "notexplicit", "not explicit", "c"}


def _bool(value: str, field: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InvalidField(field, f"{value!r} is not yes or no")


def _date(value: str, field: str) -> date:
    text = value.strip()
    for pattern, order in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
        (r"(\d{4})/(\d{1,2})/(\d{1,2})", "ymd"),
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"),
    ):
        match = re.fullmatch(pattern, text[:10] if order == "ymd" else text)
        if match:
            parts = [int(p) for p in match.groups()]
            year, month, day = parts if order == "ymd" else (parts[2], parts[1], parts[0])
            try:
                return date(year, month, day)
            except ValueError:
                raise InvalidField(field, f"{value!r} is not a real date") from None
    raise InvalidField(field, f"{value!r} is not a date (write it as YYYY-MM-DD)")


def _duration(value: str, field: str) -> int:
    milliseconds = parse_duration(value, field=field)
    if milliseconds <= 0:
        raise InvalidField(field, f"{value!r} is not a positive duration")
    return milliseconds


_LINE = re.compile(r"^\s*(?:[℗©]|\([PpCc]\)|[PpCc](?=\s+\d{4}\b))?\s*(?:(\d{4})\b)?\s*(.*)$")


def parse_line(value: str, field: str) -> tuple[int | None, str]:
    """'℗ 2026 Example Records' -> (2026, 'Example Records')."""
    match = _LINE.match(value)
    year = int(match.group(1)) if match and match.group(1) else None
    text = (match.group(2) if match else value).strip()
    if not text:
        raise InvalidField(field, f"{value!r} has a year but no owner")
    if year is not None and not 1877 <= year <= 2200:
        raise InvalidField(field, f"{year} is not a plausible copyright year")
    return year, text


def _choice(allowed: frozenset[str], aliases: dict[str, str] | None = None) -> Parser:
    lowered = {a.lower(): a for a in allowed} | {k.lower(): v for k, v in (aliases or {}).items()}

    def parse(value: str, field: str) -> str:
        found = lowered.get(value.strip().lower().replace(" ", ""))
        if found is None:
            raise InvalidField(
                field, f"{value!r} is not one of the DDEX values (e.g. {sorted(allowed)[:4]})"
            )
        return found

    return parse


_COMPACT_ISRC = re.compile(r"[A-Z]{2}[A-Z0-9]{3}[0-9]{7}")


def _identifier(kind: type[Isrc] | type[Iswc] | type[Gtin]) -> Parser:
    def parse(value: str, field: str) -> str:
        if kind is Isrc and _COMPACT_ISRC.fullmatch(value) and value[:2] in ISRC_PREFIXES:
            return value  # already compact and valid (ISRCs carry no check digit): the common case
        return kind.parse(value, field=field).value

    return parse


def _key(value: str, field: str) -> str:
    return str(MusicalKey.parse(value, field=field))


def _bpm(value: str, field: str) -> float:
    return parse_bpm(value, field=field)


def _seconds(value: str, field: str) -> float:
    try:
        seconds = float(value.strip())
    except ValueError:
        raise InvalidField(field, f"{value!r} is not a number of seconds") from None
    if not 0 <= seconds < MAX_PREVIEW_START_S:
        raise InvalidField(field, f"{value!r} is not a number of seconds from 0")
    return round(seconds, 1)


def _one_of(allowed: tuple[str, ...]) -> Parser:
    def parse(value: str, field: str) -> str:
        found = value.strip().lower()
        if found not in allowed:
            raise InvalidField(field, f"{value!r} is not one of {', '.join(allowed)}")
        return found

    return parse


@dataclass(frozen=True, slots=True)
class RowField:
    """One field of the flat track row."""

    name: str
    parse: Parser
    synonyms: tuple[str, ...] = ()
    level: str = "track"  # or "release"


FIELDS: tuple[RowField, ...] = (
    RowField("track_id", _uuid, ("trackid", "customid", "catalogtrackid")),
    RowField("isrc", _identifier(Isrc), ("isrccode", "trackisrc")),
    RowField(
        "title", _text(500), ("tracktitle", "trackname", "songtitle", "songname", "name", "track")
    ),
    RowField(
        "version_title",
        _text(200),
        ("version", "versiontitle", "mixversion", "subtitle", "trackversion"),
    ),
    RowField(
        "display_artist",
        _text(500),
        (
            "artist",
            "trackartist",
            "artistname",
            "displayartist",
            "primaryartist",
            "artists",
            "mainartist",
            "trackartists",
        ),
    ),
    RowField(
        "duration",
        _duration,
        ("length", "time", "tracklength", "trackduration", "durationseconds", "runtime"),
    ),
    RowField("genre", _text(100), ("trackgenre", "primarygenre")),
    RowField("sub_genre", _text(100), ("subgenre", "secondarygenre", "tracksubgenre")),
    RowField(
        "explicit",
        _bool,
        ("explicitlyrics", "isexplicit", "advisory", "explicitcontent", "trackexplicit"),
    ),
    RowField(
        "language",
        _text(35),
        ("lyricslanguage", "languageoflyrics", "audiolanguage", "languageofperformance"),
    ),
    RowField(
        "track_number",
        _int(1, 9999),
        ("tracknumber", "trackno", "tracknum", "trackposition", "position", "number", "no"),
    ),
    RowField(
        "disc_number",
        _int(1, 999),
        ("discnumber", "disc", "discno", "volume", "volumenumber", "cd"),
    ),
    RowField(
        "p_line",
        parse_line,
        (
            "pline",
            "℗line",
            "pcopyright",
            "soundrecordingcopyright",
            "trackpline",
            "copyrightp",
            "phonographiccopyright",
        ),
    ),
    RowField("iswc", _identifier(Iswc), ("iswccode", "workiswc")),
    RowField("bpm", _bpm, ("tempo", "beatsperminute")),
    RowField("key", _key, ("musicalkey", "trackkey")),
    RowField("vocals", _one_of(VOCALS), ("vocal", "voice", "vocalsorinstrumental")),
    RowField(
        "vocal_gender", _one_of(VOCAL_GENDERS), ("vocalgender", "voicegender", "singergender")
    ),
    RowField("preview_start_s", _seconds, ("previewstart", "clipstart", "previewstartseconds")),
    RowField("release_id", _uuid, ("releaseid", "albumid", "productid"), "release"),
    RowField(
        "upc",
        _identifier(Gtin),
        (
            "ean",
            "barcode",
            "gtin",
            "icpn",
            "upcean",
            "productupc",
            "albumupc",
            "releaseupc",
            "upcean13",
        ),
        "release",
    ),
    RowField(
        "release_title",
        _text(500),
        (
            "releasetitle",
            "album",
            "albumtitle",
            "albumname",
            "producttitle",
            "release",
            "releasename",
        ),
        "release",
    ),
    RowField("release_version", _text(200), ("releaseversion", "albumversion"), "release"),
    RowField(
        "release_artist",
        _text(500),
        ("releaseartist", "albumartist", "productartist", "releaseartists"),
        "release",
    ),
    RowField("label", _text(200), ("labelname", "recordlabel", "imprint"), "release"),
    RowField(
        "release_date",
        _date,
        ("releasedate", "digitalreleasedate", "streetdate", "salesstartdate", "date"),
        "release",
    ),
    RowField(
        "original_release_date",
        _date,
        ("originalreleasedate", "originaldate", "physicalreleasedate"),
        "release",
    ),
    RowField(
        "release_type",
        _choice(RELEASE_TYPES, {"lp": "Album", "ep": "EP"}),
        ("releasetype", "producttype", "albumtype", "format"),
        "release",
    ),
    RowField(
        "catalog_number",
        _text(50),
        ("catalognumber", "catalogno", "catno", "catalog", "labelcatalognumber"),
        "release",
    ),
    RowField(
        "c_line",
        parse_line,
        ("cline", "©line", "ccopyright", "copyright", "copyrightc", "releasecline"),
        "release",
    ),
    RowField("release_genre", _text(100), ("releasegenre", "albumgenre"), "release"),
    RowField(
        "parental_advisory",
        _choice(
            PARENTAL_WARNING_TYPES, {"yes": "Explicit", "no": "NotExplicit", "clean": "NotExplicit"}
        ),
        ("releaseparentaladvisory", "albumexplicit", "releaseexplicit", "parentaladvisory"),
        "release",
    ),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
BY_NAME = {f.name: f for f in FIELDS}


def normalise_header(header: str) -> str:
    """'Track Title ' -> 'tracktitle' (case, spaces and punctuation do not matter)."""
    return re.sub(r"[^0-9a-z℗©#]", "", header.strip().lower().replace("#", "number"))
