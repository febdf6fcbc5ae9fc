"""The editable fields of each catalog kind: JSON value -> domain value and back.

One table serves create, PATCH, bulk edit, undo and accepting AI estimates, so a field is read
and checked the same way wherever a change comes from. Shapes (types, lengths) are checked at the
edge by pydantic; here the meaning is (identifiers, keys, tempo, references to other objects).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol
from uuid import UUID

from shared.domain.column_edits import TextRule
from shared.domain.deals import Deal
from shared.domain.identifiers import (
    Dpid,
    Grid,
    Gtin,
    Identifier,
    IpiBaseNumber,
    IpiNameNumber,
    Isni,
    Isrc,
    Iswc,
)
from shared.domain.music import MusicalKey, parse_bpm
from shared.domain.parties import Party, PartyKind
from shared.domain.recordings import (
    MAX_PREVIEW_START_S,
    VOCAL_GENDERS,
    VOCALS,
    Contributor,
    MasterSplit,
    SoundRecording,
    normalise_contributor_role,
    require_whole_master_splits,
)
from shared.domain.releases import ArtistCredit, CopyrightLine, Release
from shared.domain.societies import Societies
from shared.domain.territories import check_territories, normalise_territory
from shared.domain.works import (
    MusicalWork,
    PublisherRole,
    Shares,
    WorkPublisher,
    WorkWriter,
    WriterRole,
    require_whole_splits,
)
from shared.errors import InvalidField


class Lookup(Protocol):
    """What parsing a reference needs from the partner's catalog."""

    def party(self, party_id: UUID, field: str) -> Party: ...
    def require(self, kind: str, obj_id: UUID, field: str) -> None: ...


Parse = Callable[[Any, Lookup, str], Any]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One editable field: its API name, the domain attribute, and its JSON codec."""

    name: str
    attr: str
    parse: Parse
    dump: Callable[[Any], Any]
    text: bool = False  # find-and-replace applies


def _plain(value: Any) -> Any:
    return value


@dataclass(frozen=True, slots=True)
class _Text:
    """A text field's parse; ``rule`` tells a set-based bulk edit what it checks."""

    rule: TextRule

    def __call__(self, value: Any, lookup: Lookup, field: str) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.rule.required:
                raise InvalidField(field, "is required and cannot be empty")
            return None
        if not isinstance(value, str):
            raise InvalidField(field, f"must be text, not {type(value).__name__}")
        if len(value) > self.rule.max_length:
            raise InvalidField(
                field, f"has {len(value)} characters, at most {self.rule.max_length} allowed"
            )
        return value.strip()


def _text(max_length: int, *, required: bool = False) -> Parse:
    return _Text(TextRule(max_length, required))


def text_rule(spec: FieldSpec) -> TextRule | None:
    """What a text field accepts (None for other fields)."""
    return spec.parse.rule if isinstance(spec.parse, _Text) else None


def is_plain(spec: FieldSpec) -> bool:
    """True when the field is its own column, stored and audited as its JSON value."""
    return spec.dump is _plain and spec.attr == spec.name


def _identifier(kind: type[Identifier]) -> Parse:
    def parse(value: Any, lookup: Lookup, field: str) -> Identifier | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise InvalidField(field, "must be text")
        return kind.parse(value, field=field)

    return parse


def _integer(low: int, high: int) -> Parse:
    def parse(value: Any, lookup: Lookup, field: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidField(field, "must be a whole number")
        if not low <= value <= high:
            raise InvalidField(field, f"{value} is outside {low}..{high}")
        return value

    return parse


def _bpm(value: Any, lookup: Lookup, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidField(field, "must be a number of beats per minute")
    return parse_bpm(value, field=field)


def _seconds(value: Any, lookup: Lookup, field: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidField(field, "must be a number of seconds")
    if not 0 <= value < MAX_PREVIEW_START_S:
        raise InvalidField(field, f"{value} is not a number of seconds from 0")
    return round(float(value), 1)


def _key(value: Any, lookup: Lookup, field: str) -> MusicalKey | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidField(field, "must be text like 'A minor'")
    return MusicalKey.parse(value, field=field)


def _one_of(choices: tuple[str, ...]) -> Parse:
    def parse(value: Any, lookup: Lookup, field: str) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str) or value.strip().lower() not in choices:
            raise InvalidField(field, f"{value!r} is not one of {', '.join(choices)}")
        return value.strip().lower()

    return parse


def _suggestion_only(value: Any, lookup: Lookup, field: str) -> None:
    """An AI suggestion shown beside the catalog's facts: no one sets it (a date is the
    release's release_date)."""
    raise InvalidField(
        field,
        "is an AI suggestion from the audio and cannot be set; set the release's release_date",
    )


def _boolean(value: Any, lookup: Lookup, field: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise InvalidField(field, "must be true, false or null")
    return value


def _date(value: Any, lookup: Lookup, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidField(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _required_date(value: Any, lookup: Lookup, field: str) -> date:
    parsed = _date(value, lookup, field)
    if parsed is None:
        raise InvalidField(field, "is required")
    return parsed


def _words(max_items: int, *, as_set: bool = False) -> Parse:
    def parse(value: Any, lookup: Lookup, field: str) -> Any:
        items = [] if value is None else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise InvalidField(field, "must be a list of texts")
        if len(items) > max_items:
            raise InvalidField(field, f"has {len(items)} items, at most {max_items}")
        cleaned = [item.strip() for item in items if item.strip()]
        return frozenset(cleaned) if as_set else tuple(dict.fromkeys(cleaned))

    return parse


def _territories(value: Any, lookup: Lookup, field: str) -> frozenset[str]:
    codes = _words(300)(value, lookup, field)
    normalised = frozenset(normalise_territory(code) for code in codes)
    check_territories(normalised, field=field)
    return normalised


def _choice(allowed: type[PartyKind]) -> Parse:
    def parse(value: Any, lookup: Lookup, field: str) -> PartyKind:
        try:
            return allowed(value)
        except ValueError:
            raise InvalidField(
                field, f"{value!r} is not one of {[k.value for k in allowed]}"
            ) from None

    return parse


def _line(value: Any, lookup: Lookup, field: str) -> CopyrightLine | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        raise InvalidField(field, 'must be {"text": "...", "year": 2024}')
    year = value.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise InvalidField(f"{field}.year", "must be a whole number")
    try:
        return CopyrightLine(value["text"].strip()[:500], year)
    except InvalidField as exc:
        raise InvalidField(f"{field}.{exc.field}", exc.reason) from None


def _dump_line(line: CopyrightLine | None) -> Any:
    return None if line is None else {"text": line.text, "year": line.year}


def _reference(kind: str) -> Parse:
    def parse(value: Any, lookup: Lookup, field: str) -> UUID | None:
        if value is None:
            return None
        try:
            obj_id = UUID(str(value))
        except ValueError:
            raise InvalidField(field, f"{value!r} is not an id") from None
        lookup.require(kind, obj_id, field)
        return obj_id

    return parse


def _uuid_of(item: dict[str, Any], field: str) -> UUID:
    try:
        return UUID(str(item.get("party_id")))
    except ValueError:
        raise InvalidField(f"{field}.party_id", "is not an id") from None


def _list_of_objects(value: Any, field: str, limit: int) -> list[dict[str, Any]]:
    items = [] if value is None else value
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InvalidField(field, "must be a list of objects")
    if len(items) > limit:
        raise InvalidField(field, f"has {len(items)} entries, at most {limit}")
    return items


def _share(value: Any, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidField(field, "must be a percentage")
    return float(value)


def _contributors(value: Any, lookup: Lookup, field: str) -> tuple[Contributor, ...]:
    credits = []
    for index, item in enumerate(_list_of_objects(value, field, 200)):
        where = f"{field}[{index}]"
        party = lookup.party(_uuid_of(item, where), f"{where}.party_id")
        role = normalise_contributor_role(str(item.get("role") or ""))
        sequence = item.get("sequence", index + 1)
        try:
            credits.append(
                Contributor(
                    party.id,
                    party.name,
                    role,
                    sequence if isinstance(sequence, int) else index + 1,
                    _share(item.get("share"), f"{where}.share"),
                )
            )
        except InvalidField as exc:
            raise InvalidField(f"{where}.{exc.field}", exc.reason) from None
    return tuple(credits)


def _dump_contributors(credits: tuple[Contributor, ...]) -> list[dict[str, Any]]:
    return [
        {
            "party_id": str(c.party_id),
            "name": c.name,
            "role": c.role,
            "sequence": c.sequence,
            "share": c.share,
        }
        for c in credits
    ]


def _artists(value: Any, lookup: Lookup, field: str) -> tuple[ArtistCredit, ...]:
    credits = []
    for index, item in enumerate(_list_of_objects(value, field, 100)):
        where = f"{field}[{index}]"
        party = lookup.party(_uuid_of(item, where), f"{where}.party_id")
        role = normalise_contributor_role(str(item.get("role") or "MainArtist"))
        try:
            credits.append(ArtistCredit(party.id, party.name, role, index + 1))
        except InvalidField as exc:
            raise InvalidField(f"{where}.{exc.field}", exc.reason) from None
    if len({(c.party_id, c.role) for c in credits}) != len(credits):
        raise InvalidField(field, "an artist is credited twice in the same role")
    return tuple(credits)


def _dump_artists(credits: tuple[ArtistCredit, ...]) -> list[dict[str, Any]]:
    return [
        {"party_id": str(c.party_id), "name": c.name, "role": c.role, "sequence": c.sequence}
        for c in credits
    ]


def _master_splits(value: Any, lookup: Lookup, field: str) -> tuple[MasterSplit, ...]:
    splits = []
    for index, item in enumerate(_list_of_objects(value, field, 100)):
        where = f"{field}[{index}]"
        party = lookup.party(_uuid_of(item, where), f"{where}.party_id")
        share = _share(item.get("share"), f"{where}.share")
        if share is None:
            raise InvalidField(f"{where}.share", "is required (a percentage)")
        try:
            splits.append(MasterSplit(party.id, party.name, Decimal(str(share))))
        except InvalidField as exc:
            raise InvalidField(f"{where}.{exc.field}", exc.reason) from None
    return tuple(splits)


def _dump_master_splits(splits: tuple[MasterSplit, ...]) -> list[dict[str, Any]]:
    return [{"party_id": str(s.party_id), "name": s.name, "share": float(s.share)} for s in splits]


def _shares(item: dict[str, Any], where: str) -> Shares:
    try:
        return Shares(
            *(Decimal(str(item.get(f"{right}_share") or 0)) for right in ("pr", "mr", "sr"))
        )
    except InvalidOperation:
        raise InvalidField(f"{where}", "shares must be numbers") from None
    except InvalidField as exc:
        raise InvalidField(f"{where}.{exc.field}", exc.reason) from None


def _societies(item: dict[str, Any], where: str) -> Societies:
    """CWR society affiliations per right: CISAC codes or short names ("052", "PRS")."""
    values = [item.get(f"{right}_society") for right in ("pr", "mr", "sr")]
    return Societies.parse(*(str(v) if v is not None else None for v in values), field=where)


def _writers(value: Any, lookup: Lookup, field: str) -> tuple[WorkWriter, ...]:
    writers = []
    for index, item in enumerate(_list_of_objects(value, field, 100)):
        where = f"{field}[{index}]"
        party = lookup.party(_uuid_of(item, where), f"{where}.party_id")
        try:
            role = WriterRole(item.get("role", "CA"))
        except ValueError:
            raise InvalidField(
                f"{where}.role", f"{item.get('role')!r} is not a CWR writer role"
            ) from None
        controlled = bool(item.get("controlled", True))
        shares = _shares(item, where)
        writers.append(
            WorkWriter(
                party.id, party.name, role, shares, party.ipi_name_number, controlled,
                _publisher_of(item, lookup, where), _societies(item, where),
            )
        )  # fmt: skip
    return tuple(writers)


def _publisher_of(item: dict[str, Any], lookup: Lookup, where: str) -> UUID | None:
    """The party who publishes this writer's share (CWR PWR): one of the partner's parties."""
    if item.get("publisher_party_id") in (None, ""):
        return None
    field = f"{where}.publisher_party_id"
    try:
        party_id = UUID(str(item["publisher_party_id"]))
    except ValueError:
        raise InvalidField(field, "is not an id") from None
    return lookup.party(party_id, field).id


def _publishers(value: Any, lookup: Lookup, field: str) -> tuple[WorkPublisher, ...]:
    publishers = []
    for index, item in enumerate(_list_of_objects(value, field, 100)):
        where = f"{field}[{index}]"
        party = lookup.party(_uuid_of(item, where), f"{where}.party_id")
        try:
            role = PublisherRole(item.get("role", "E"))
        except ValueError:
            raise InvalidField(
                f"{where}.role", f"{item.get('role')!r} is not a CWR publisher role"
            ) from None
        controlled = bool(item.get("controlled", True))
        shares = _shares(item, where)
        publishers.append(
            WorkPublisher(
                party.id, party.name, role, shares, party.ipi_name_number, controlled,
                societies=_societies(item, where),
            )
        )  # fmt: skip
    return tuple(publishers)


def _dump_people(people: tuple[WorkWriter | WorkPublisher, ...]) -> list[dict[str, Any]]:
    return [
        {
            "party_id": str(p.party_id),
            "name": p.name,
            "role": str(p.role),
            "pr_share": float(p.shares.pr),
            "mr_share": float(p.shares.mr),
            "sr_share": float(p.shares.sr),
            "controlled": p.controlled,
            "ipi_name_number": str(p.ipi_name_number) if p.ipi_name_number else None,
            "pr_society": p.societies.pr,
            "mr_society": p.societies.mr,
            "sr_society": p.societies.sr,
            **_publisher_link(p),
        }
        for p in people
    ]


def _publisher_link(person: WorkWriter | WorkPublisher) -> dict[str, Any]:
    if not isinstance(person, WorkWriter):
        return {}
    link = person.publisher_party_id
    return {"publisher_party_id": str(link) if link else None}


def _track_set(value: Any, lookup: Lookup, field: str) -> frozenset[UUID]:
    items = [] if value is None else value
    if not isinstance(items, list) or len(items) > 500:
        raise InvalidField(field, "must be a list of at most 500 track ids")
    return frozenset(
        _reference("track")(item, lookup, f"{field}[{i}]") for i, item in enumerate(items)
    )


def _sorted_ids(value: Any) -> Any:
    return sorted(str(track_id) for track_id in value)


def _str_or_none(value: Any) -> Any:
    return None if value is None else str(value)


def _sorted(value: Any) -> Any:
    return sorted(value)


def _listed(value: Any) -> Any:
    return list(value)


def _iso(value: date | None) -> Any:
    return None if value is None else value.isoformat()


def _spec(
    name: str,
    parse: Parse,
    dump: Callable[[Any], Any] = _plain,
    *,
    attr: str | None = None,
    text: bool = False,
) -> FieldSpec:
    return FieldSpec(name, attr or name, parse, dump, text)


TRACK_FIELDS = {
    s.name: s
    for s in (
        _spec("title", _text(500, required=True), text=True),
        _spec("version_title", _text(500), text=True),
        _spec("display_artist", _text(1000), text=True),
        _spec("isrc", _identifier(Isrc), _str_or_none),
        _spec("duration_ms", _integer(0, 86_400_000)),
        _spec("genre", _text(100), text=True),
        _spec("sub_genre", _text(100), text=True),
        _spec("moods", _words(20), _listed),
        _spec("bpm", _bpm),
        _spec("key", _key, _str_or_none),
        _spec("vocals", _one_of(VOCALS)),
        _spec("vocal_gender", _one_of(VOCAL_GENDERS)),
        _spec("preview_start_s", _seconds),
        _spec("era_hint", _suggestion_only),
        _spec("explicit", _boolean),
        _spec("language", _text(35)),
        _spec("p_line", _line, _dump_line),
        _spec("disc_number", _integer(1, 999)),
        _spec("track_number", _integer(1, 9999)),
        _spec("status", _text(40, required=True)),
        _spec("release_id", _reference("release"), _str_or_none),
        _spec("work_id", _reference("work"), _str_or_none),
        _spec("contributors", _contributors, _dump_contributors),
        _spec("master_splits", _master_splits, _dump_master_splits),
    )
}

RELEASE_FIELDS = {
    s.name: s
    for s in (
        _spec("title", _text(500, required=True), text=True),
        _spec("version_title", _text(500), text=True),
        _spec("release_type", _text(60, required=True)),
        _spec("upc", _identifier(Gtin), _str_or_none),
        _spec("grid", _identifier(Grid), _str_or_none),
        _spec("catalog_number", _text(100)),
        _spec("display_artist", _text(1000), text=True),
        _spec("label_name", _text(500), text=True),
        _spec("release_date", _date, _iso),
        _spec("original_release_date", _date, _iso),
        _spec("p_line", _line, _dump_line),
        _spec("c_line", _line, _dump_line),
        _spec("genre", _text(100), text=True),
        _spec("sub_genre", _text(100), text=True),
        _spec("parental_advisory", _text(40, required=True)),
        _spec("territories", _territories, _sorted),
        _spec("status", _text(40, required=True)),
        _spec("artists", _artists, _dump_artists),
    )
}

WORK_FIELDS = {
    s.name: s
    for s in (
        _spec("title", _text(500, required=True), text=True),
        _spec("iswc", _identifier(Iswc), _str_or_none),
        _spec("alternate_titles", _words(50), _listed),
        _spec("language", _text(35)),
        _spec("registration_status", _text(40, required=True)),
        _spec("writers", _writers, _dump_people),
        _spec("publishers", _publishers, _dump_people),
    )
}

PARTY_FIELDS = {
    s.name: s
    for s in (
        _spec("name", _text(500, required=True), text=True),
        _spec("kind", _choice(PartyKind), _str_or_none),
        _spec("isni", _identifier(Isni), _str_or_none),
        _spec("ipi_name_number", _identifier(IpiNameNumber), _str_or_none),
        _spec("ipi_base_number", _identifier(IpiBaseNumber), _str_or_none),
        _spec("dpid", _identifier(Dpid), _str_or_none),
    )
}

DEAL_FIELDS = {
    s.name: s
    for s in (
        _spec("release_id", _reference("release"), _str_or_none),
        _spec("territories", _territories, _sorted),
        _spec("excluded_territories", _territories, _sorted),
        _spec("commercial_models", _words(50, as_set=True), _sorted),
        _spec("use_types", _words(50, as_set=True), _sorted),
        _spec("start_date", _required_date, _iso),
        _spec("end_date", _date, _iso),
        _spec("preorder_start_date", _date, _iso),
        _spec("instant_grat_track_ids", _track_set, _sorted_ids),
    )
}


@dataclass(frozen=True, slots=True)
class Kind:
    """A catalog kind: its domain class, repository name and fields."""

    name: str
    repository: str  # attribute of the unit of work
    domain: type
    fields: dict[str, FieldSpec]
    required: tuple[str, ...]
    # a rule over the whole object, run when a person's change touches one of these fields
    whole_rule: Callable[[Any], None] | None = None
    whole_rule_fields: frozenset[str] = frozenset()


KINDS: dict[str, Kind] = {
    "track": Kind(
        "track",
        "tracks",
        SoundRecording,
        TRACK_FIELDS,
        ("title",),
        require_whole_master_splits,
        frozenset({"master_splits"}),
    ),
    "release": Kind("release", "releases", Release, RELEASE_FIELDS, ("title",)),
    "work": Kind(
        "work",
        "works",
        MusicalWork,
        WORK_FIELDS,
        ("title",),
        require_whole_splits,
        frozenset({"writers", "publishers"}),
    ),
    "party": Kind("party", "parties", Party, PARTY_FIELDS, ("name",)),
    "deal": Kind(
        "deal",
        "deals",
        Deal,
        DEAL_FIELDS,
        ("release_id", "commercial_models", "use_types", "start_date"),
    ),
}


def check_whole(kind: Kind, obj: Any, changed: Any) -> None:
    """Run the kind's whole-object rule when ``changed`` names one of its fields."""
    if kind.whole_rule is not None and kind.whole_rule_fields & set(changed):
        kind.whole_rule(obj)


def dump_field(kind: Kind, name: str, obj: Any) -> Any:
    """The JSON value of one field of ``obj``."""
    spec = kind.fields[name]
    return spec.dump(getattr(obj, spec.attr))
