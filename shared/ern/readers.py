"""Read ERN 4.3 and 3.8.2 NewReleaseMessages into catalog objects (a ReleaseBundle).

The bundle carries provisional ids: a ProprietaryId or DealReference that is one of our UUIDs is
kept (so export -> import -> export gives the same message), anything else gets a new id. The
import service then matches the bundle against the catalog (release by id or UPC, tracks by id
or ISRC, parties by name and identifiers, works by ISWC). Values that do not parse become
problems the caller reports; they never crash the read.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TypeVar
from uuid import UUID

from lxml import etree

from shared.domain.bundles import ReleaseBundle
from shared.domain.codes import (
    COMMERCIAL_MODEL_TYPES,
    PARENTAL_WARNING_TYPES,
    RELEASE_TYPES,
    USE_TYPES,
    WORLDWIDE,
)
from shared.domain.deals import Deal
from shared.domain.durations import parse_iso_duration
from shared.domain.identifiers import Dpid, Grid, Gtin, Identifier, IpiNameNumber, Isni, Isrc, Iswc
from shared.domain.parties import Party
from shared.domain.recordings import (
    CONTRIBUTOR_ROLES,
    MAX_PREVIEW_START_S,
    NO_LINGUISTIC_CONTENT,
    Contributor,
    SoundRecording,
)
from shared.domain.releases import CopyrightLine, Release
from shared.domain.works import MusicalWork, WorkWriter, WriterRole
from shared.ern.ern43 import WRITER_CONTRIBUTOR_ROLES
from shared.ern.ern382 import ROLES_43_TO_382
from shared.ern.safe_xml import location_of
from shared.errors import InvalidField

IdentifierT = TypeVar("IdentifierT", bound=Identifier)
_WRITER_ROLES = {role: writer for writer, role in WRITER_CONTRIBUTOR_ROLES.items()}
_ROLES_382_TO_43 = {v: k for k, v in ROLES_43_TO_382.items()}
_EXPLICIT = {"Explicit": True, "NotExplicit": False, "ExplicitContentEdited": False}


@dataclass
class ReadResult:
    """The bundle read from one message, and what could not be read (``location: problem``)."""

    bundle: ReleaseBundle | None
    problems: list[str] = field(default_factory=list)


@dataclass
class _Reader:
    """State of one read: the partner, the parties met so far, the problems."""

    partner_id: UUID
    problems: list[str] = field(default_factory=list)
    parties: dict[str, Party] = field(default_factory=dict)  # by lower-case name

    def text(self, element: etree._Element | None, path: str | None = None) -> str | None:
        node = element if path is None or element is None else element.find(path)
        if node is None or node.text is None or not node.text.strip():
            return None
        return " ".join(node.text.split())

    def identifier(
        self, kind: type[IdentifierT], element: etree._Element | None, path: str
    ) -> IdentifierT | None:
        node = None if element is None else element.find(path)
        if node is None or not (node.text or "").strip():
            return None
        try:
            return kind.parse(node.text or "")
        except InvalidField as exc:
            self.problems.append(f"{location_of(node)}: {exc.reason}")
            return None

    def value(self, convert: Callable[[str], object], element: etree._Element | None) -> object:
        text = self.text(element)
        if text is None or element is None:
            return None
        try:
            return convert(text)
        except (InvalidField, ValueError) as exc:
            reason = exc.reason if isinstance(exc, InvalidField) else str(exc)
            self.problems.append(f"{location_of(element)}: {reason}")
            return None

    def date(self, element: etree._Element | None) -> date | None:
        found = self.value(lambda t: date.fromisoformat(t[:10]), element)
        return found if isinstance(found, date) else None

    def duration(self, element: etree._Element | None) -> int | None:
        found = self.value(parse_iso_duration, element)
        return found if isinstance(found, int) else None

    def party(self, name: str, ids: etree._Element | None = None) -> Party:
        key = name.strip().lower()
        if key not in self.parties:
            self.parties[key] = Party(
                uuid.uuid4(),
                self.partner_id,
                name.strip(),
                isni=self.identifier(Isni, ids, "ISNI"),
                ipi_name_number=self.identifier(IpiNameNumber, ids, "IpiNameNumber"),
                dpid=self.identifier(Dpid, ids, "DPID"),
            )
        return self.parties[key]

    def line(self, element: etree._Element | None, tag: str) -> CopyrightLine | None:
        if element is None:
            return None
        text = self.text(element, f"{tag}Text")
        if text is None:
            return None
        year = self.value(int, element.find("Year"))
        try:
            return CopyrightLine(text, year if isinstance(year, int) else None)
        except InvalidField as exc:
            self.problems.append(f"{location_of(element)}: {exc.reason}")
            return CopyrightLine(text)


def own_id(text: str | None) -> UUID:
    """A ProprietaryId that is one of our UUIDs keeps it; anything else gets a new id."""
    try:
        return UUID(text or "")
    except ValueError:
        return uuid.uuid4()


def _choose(value: str | None, allowed: frozenset[str], default: str) -> str:
    return value if value in allowed else default


# ---------------------------------------------------------------- shared pieces


@dataclass
class _TrackFacts:
    """What a message says about one sound recording, before it becomes a SoundRecording."""

    reference: str
    id: UUID
    title: str
    version_title: str | None = None
    isrc: Isrc | None = None
    iswc: Iswc | None = None
    display_artist: str | None = None
    duration_ms: int | None = None
    explicit: bool | None = None
    language: str | None = None
    p_line: CopyrightLine | None = None
    genre: str | None = None
    sub_genre: str | None = None
    credits: list[tuple[Party, str]] = field(default_factory=list)
    writers: list[tuple[Party, WriterRole]] = field(default_factory=list)
    disc_number: int | None = None
    track_number: int | None = None
    preview_start_s: float | None = None
    vocals: str | None = None


def _performance(reader: _Reader, element: etree._Element) -> tuple[str | None, str | None]:
    """(language, vocals) of a SoundRecording: LanguageOfPerformance ``zxx`` (no linguistic
    content: ERN 4.3's way, as it deprecates IsInstrumental) or IsInstrumental (3.8.2, and 4.3
    messages that still send it) say instrumental; another language is the track's."""
    language = reader.text(element, "LanguageOfPerformance")
    flag = (reader.text(element, "IsInstrumental") or "").strip().lower()
    vocals = {"true": "instrumental", "1": "instrumental", "false": "vocal", "0": "vocal"}.get(flag)
    if language and language.strip().lower() == NO_LINGUISTIC_CONTENT:
        return None, "instrumental"
    return language, vocals


def _credit(reader: _Reader, facts: _TrackFacts, party: Party, role: str) -> None:
    writer_role = _WRITER_ROLES.get(role)
    if writer_role is not None and facts.iswc is not None:
        facts.writers.append((party, writer_role))
    elif role in CONTRIBUTOR_ROLES:
        facts.credits.append((party, role))
    else:
        reader.problems.append(
            f"{facts.reference}: contributor role {role!r} of {party.name} is "
            "not a DDEX role we keep; it was left out"
        )


def _assemble(
    reader: _Reader, release: Release, facts: list[_TrackFacts], deals: list[Deal]
) -> ReleaseBundle:
    works: list[MusicalWork] = []
    tracks: list[SoundRecording] = []
    for item in facts:
        work_id = None
        if item.iswc is not None:
            writers = tuple(
                WorkWriter(p.id, p.name, role, ipi_name_number=p.ipi_name_number)
                for p, role in item.writers
            )
            work = MusicalWork(
                uuid.uuid4(), reader.partner_id, item.title, item.iswc, writers=writers
            )
            works.append(work)
            work_id = work.id
        contributors = tuple(
            Contributor(p.id, p.name, role, sequence)
            for sequence, (p, role) in enumerate(item.credits, start=1)
        )
        tracks.append(
            SoundRecording(
                item.id,
                reader.partner_id,
                item.title,
                isrc=item.isrc,
                version_title=item.version_title,
                display_artist=item.display_artist,
                duration_ms=item.duration_ms,
                release_id=release.id,
                work_id=work_id,
                contributors=contributors,
                genre=item.genre,
                sub_genre=item.sub_genre,
                explicit=item.explicit,
                language=item.language,
                p_line=item.p_line,
                disc_number=item.disc_number,
                track_number=item.track_number,
                preview_start_s=item.preview_start_s,
                vocals=item.vocals,
            )
        )
    return ReleaseBundle(
        release, tuple(tracks), tuple(deals), tuple(reader.parties.values()), tuple(works)
    )


def _deal(
    reader: _Reader, terms: etree._Element, release_id: UUID, deal_id: UUID, uses: list[str]
) -> Deal | None:
    period = terms.find("ValidityPeriod")
    start = reader.date(None if period is None else period.find("StartDate"))
    if start is None:
        reader.problems.append(f"{location_of(terms)}: the deal has no StartDate; it was left out")
        return None
    territories = [t.text.strip() for t in terms.iterfind("TerritoryCode") if t.text]
    excluded = [t.text.strip() for t in terms.iterfind("ExcludedTerritoryCode") if t.text]
    models = [m.text.strip() for m in terms.iterfind("CommercialModelType") if m.text]
    try:
        return Deal(
            deal_id,
            reader.partner_id,
            release_id,
            frozenset(m for m in models if m in COMMERCIAL_MODEL_TYPES),
            frozenset(u for u in uses if u in USE_TYPES),
            start,
            reader.date(None if period is None else period.find("EndDate")),
            frozenset(territories or [WORLDWIDE]),
            frozenset(excluded),
        )
    except InvalidField as exc:
        reader.problems.append(f"{location_of(terms)}: {exc}; the deal was left out")
        return None


# ---------------------------------------------------------------- ERN 4.3


def read_ern43(root: etree._Element, partner_id: UUID) -> ReadResult:
    """The main release of a 4.3 message, its sound recordings, parties and deals."""
    reader = _Reader(partner_id)
    element = root.find("ReleaseList/Release")
    if element is None:
        return ReadResult(None, [f"{location_of(root)}: the message has no main Release"])
    party_names = {
        (p.findtext("PartyReference") or "").strip(): p for p in root.iterfind("PartyList/Party")
    }

    def party(reference: str | None) -> Party | None:
        node = party_names.get((reference or "").strip())
        name = reader.text(node, "PartyName/FullName") if node is not None else None
        return reader.party(name, node.find("PartyId")) if name and node is not None else None

    facts = [_track_43(reader, r, party) for r in root.iterfind("ResourceList/SoundRecording")]
    by_reference = {f.reference: f for f in facts}
    _number_tracks(element.find("ResourceGroup"), by_reference)
    for track_release in root.iterfind("ReleaseList/TrackRelease"):
        target = by_reference.get(reader.text(track_release, "ReleaseResourceReference") or "")
        if target is not None:
            target.genre = reader.text(track_release, "Genre/GenreText")
            target.sub_genre = reader.text(track_release, "Genre/SubGenre")
    release = _release_43(reader, element, party)
    if release is None:
        return ReadResult(None, reader.problems)
    main_reference = reader.text(element, "ReleaseReference") or "R0"
    deals = _deals_43(reader, root, main_reference, release.id)
    return ReadResult(_assemble(reader, release, facts, deals), reader.problems)


def _preview_start_43(element: etree._Element) -> float | None:
    """The first Preview clip's start (seconds), as this catalog writes it; None without one."""
    for clip in element.iterfind("SoundRecordingEdition/TechnicalDetails/ClipDetails"):
        if (clip.findtext("ClipType") or "").strip() != "Preview":
            continue
        start = (clip.findtext("Timing/StartPoint") or "").strip()
        try:
            seconds = round(float(start), 1)
        except ValueError:
            return None
        return seconds if 0 <= seconds < MAX_PREVIEW_START_S else None
    return None


def _track_43(
    reader: _Reader, element: etree._Element, party: Callable[[str | None], Party | None]
) -> _TrackFacts:
    ids = element.find("SoundRecordingEdition/ResourceId")
    language, vocals = _performance(reader, element)
    facts = _TrackFacts(
        reference=reader.text(element, "ResourceReference") or "",
        id=own_id(reader.text(ids, "ProprietaryId")),
        title=reader.text(element, "DisplayTitle/TitleText")
        or reader.text(element, "DisplayTitleText")
        or "(untitled)",
        version_title=reader.text(element, "DisplayTitle/SubTitle"),
        isrc=reader.identifier(Isrc, ids, "ISRC"),
        iswc=reader.identifier(Iswc, element, "WorkId/ISWC"),
        display_artist=reader.text(element, "DisplayArtistName"),
        duration_ms=reader.duration(element.find("Duration")),
        explicit=_EXPLICIT.get(reader.text(element, "ParentalWarningType") or ""),
        language=language,
        vocals=vocals,
        p_line=reader.line(element.find("SoundRecordingEdition/PLine"), "PLine"),
        preview_start_s=_preview_start_43(element),
    )
    artists = sorted(
        element.findall("DisplayArtist"), key=lambda a: int(a.get("SequenceNumber") or 0)
    )
    for artist in artists:
        found = party(artist.findtext("ArtistPartyReference"))
        if found is not None:
            _credit(reader, facts, found, reader.text(artist, "DisplayArtistRole") or "MainArtist")
    for contributor in element.findall("Contributor"):
        found = party(contributor.findtext("ContributorPartyReference"))
        roles = [r.text.strip() for r in contributor.findall("Role") if r.text and r.text.strip()]
        if found is not None and not roles:
            reader.problems.append(
                f"{location_of(contributor)}: contributor {found.name} has no Role; left out"
            )
        for role in roles:
            if found is not None:
                _credit(reader, facts, found, role)
    return facts


def _number_tracks(group: etree._Element | None, tracks: dict[str, _TrackFacts]) -> None:
    """Disc numbers from sub-groups, track numbers from the content items' sequence numbers."""
    if group is None:
        return
    subgroups = group.findall("ResourceGroup")
    discs = [(int(g.findtext("SequenceNumber") or n), g) for n, g in enumerate(subgroups, 1)]
    for disc, container in discs or [(1, group)]:
        for position, item in enumerate(container.findall("ResourceGroupContentItem"), start=1):
            facts = tracks.get((item.findtext("ReleaseResourceReference") or "").strip())
            if facts is not None:
                facts.disc_number = disc
                sequence = (item.findtext("SequenceNumber") or "").strip()
                facts.track_number = int(sequence) if sequence.isdigit() else position


def _release_43(
    reader: _Reader, element: etree._Element, party: Callable[[str | None], Party | None]
) -> Release | None:
    ids = element.find("ReleaseId")
    label = party(element.findtext("ReleaseLabelReference"))
    try:
        return Release(
            id=own_id(reader.text(ids, "ProprietaryId")),
            partner_id=reader.partner_id,
            title=reader.text(element, "DisplayTitle/TitleText")
            or reader.text(element, "DisplayTitleText")
            or "(untitled)",
            release_type=_choose(reader.text(element, "ReleaseType"), RELEASE_TYPES, "Album"),
            version_title=reader.text(element, "DisplayTitle/SubTitle"),
            upc=reader.identifier(Gtin, ids, "ICPN"),
            grid=reader.identifier(Grid, ids, "GRid"),
            catalog_number=reader.text(ids, "CatalogNumber"),
            display_artist=reader.text(element, "DisplayArtistName"),
            label_name=label.name if label else None,
            release_date=reader.date(element.find("ReleaseDate")),
            original_release_date=reader.date(element.find("OriginalReleaseDate")),
            p_line=reader.line(element.find("PLine"), "PLine"),
            c_line=reader.line(element.find("CLine"), "CLine"),
            genre=reader.text(element, "Genre/GenreText"),
            sub_genre=reader.text(element, "Genre/SubGenre"),
            parental_advisory=_choose(
                reader.text(element, "ParentalWarningType"),
                PARENTAL_WARNING_TYPES,
                "NoAdviceAvailable",
            ),
        )
    except InvalidField as exc:
        reader.problems.append(f"{location_of(element)}: {exc}")
        return None


def _deals_43(
    reader: _Reader, root: etree._Element, main_reference: str, release_id: UUID
) -> list[Deal]:
    deals: list[Deal] = []
    preorders: list[Deal] = []
    for release_deal in root.iterfind("DealList/ReleaseDeal"):
        references = {(r.text or "").strip() for r in release_deal.findall("DealReleaseReference")}
        if main_reference not in references:
            continue  # track-release deals repeat the release's
        for deal in release_deal.findall("Deal"):
            terms = deal.find("DealTerms")
            if terms is None:
                continue
            uses = [u.text.strip() for u in terms.iterfind("UseType") if u.text]
            found = _deal(reader, terms, release_id, own_id(deal.findtext("DealReference")), uses)
            if found is not None:
                is_preorder = (terms.findtext("IsPreOrderDeal") or "").strip() == "true"
                (preorders if is_preorder else deals).append(found)
    return [_with_preorder(deal, preorders) for deal in deals]


def _with_preorder(deal: Deal, preorders: list[Deal]) -> Deal:
    """A sale deal with the pre-order date of the IsPreOrderDeal that ends the day before it
    starts in the same territories (how ern43.py writes one); other pre-orders are not kept."""
    for preorder in preorders:
        same_reach = (preorder.territories, preorder.excluded_territories) == (
            deal.territories,
            deal.excluded_territories,
        )
        if same_reach and preorder.end_date == deal.start_date - timedelta(days=1):
            try:
                return replace(deal, preorder_start_date=preorder.start_date)
            except InvalidField:
                return deal  # not a sale deal: the pre-order cannot belong to it
    return deal


# ---------------------------------------------------------------- ERN 3.8.2


def read_ern382(root: etree._Element, partner_id: UUID) -> ReadResult:
    """The main release of a 3.8.2 message, its sound recordings and deals."""
    reader = _Reader(partner_id)
    mains = [r for r in root.iterfind("ReleaseList/Release") if r.get("IsMainRelease") == "true"]
    element = mains[0] if mains else root.find("ReleaseList/Release")
    if element is None:
        return ReadResult(None, [f"{location_of(root)}: the message has no Release"])
    facts = [_track_382(reader, r) for r in root.iterfind("ResourceList/SoundRecording")]
    details = element.find("ReleaseDetailsByTerritory")
    by_reference = {f.reference: f for f in facts}
    group = details.find("ResourceGroup") if details is not None else None
    _number_tracks(group, by_reference)
    release = _release_382(reader, element, details)
    if release is None:
        return ReadResult(None, reader.problems)
    deals = _deals_382(reader, root, reader.text(element, "ReleaseReference") or "R0", release.id)
    return ReadResult(_assemble(reader, release, facts, deals), reader.problems)


def _track_382(reader: _Reader, element: etree._Element) -> _TrackFacts:
    ids = element.find("SoundRecordingId")
    details = element.find("SoundRecordingDetailsByTerritory")
    language, vocals = _performance(reader, element)
    facts = _TrackFacts(
        reference=reader.text(element, "ResourceReference") or "",
        id=own_id(reader.text(ids, "ProprietaryId")),
        title=reader.text(element, "ReferenceTitle/TitleText") or "(untitled)",
        version_title=reader.text(element, "ReferenceTitle/SubTitle"),
        isrc=reader.identifier(Isrc, ids, "ISRC"),
        iswc=reader.identifier(Iswc, element, "IndirectSoundRecordingId/ISWC"),
        display_artist=reader.text(details, "DisplayArtistName"),
        duration_ms=reader.duration(element.find("Duration")),
        explicit=_EXPLICIT.get(reader.text(details, "ParentalWarningType") or ""),
        language=language,
        vocals=vocals,
        p_line=reader.line(None if details is None else details.find("PLine"), "PLine"),
        genre=reader.text(details, "Genre/GenreText"),
        sub_genre=reader.text(details, "Genre/SubGenre"),
    )
    if details is None:
        return facts
    for artist in details.findall("DisplayArtist"):
        name = reader.text(artist, "PartyName/FullName")
        if name:
            _credit(
                reader, facts, reader.party(name), reader.text(artist, "ArtistRole") or "MainArtist"
            )
    for contributor in details.findall("ResourceContributor"):
        name = reader.text(contributor, "PartyName/FullName")
        role_element = contributor.find("ResourceContributorRole")
        role = reader.text(role_element) or ""
        if role == "UserDefined" and role_element is not None:
            role = role_element.get("UserDefinedValue", "")
        if name and role:
            _credit(reader, facts, reader.party(name), _ROLES_382_TO_43.get(role, role))
    for indirect in details.findall("IndirectResourceContributor"):
        name = reader.text(indirect, "PartyName/FullName")
        writer_role = reader.text(indirect, "IndirectResourceContributorRole")
        if name and writer_role:
            _credit(reader, facts, reader.party(name), writer_role)
    return facts


def _release_382(
    reader: _Reader, element: etree._Element, details: etree._Element | None
) -> Release | None:
    ids = element.find("ReleaseId")
    label = reader.text(details, "LabelName")
    if label:
        reader.party(label)
    try:
        return Release(
            id=own_id(reader.text(ids, "ProprietaryId")),
            partner_id=reader.partner_id,
            title=reader.text(element, "ReferenceTitle/TitleText") or "(untitled)",
            release_type=_choose(reader.text(element, "ReleaseType"), RELEASE_TYPES, "Album"),
            version_title=reader.text(element, "ReferenceTitle/SubTitle"),
            upc=reader.identifier(Gtin, ids, "ICPN"),
            grid=reader.identifier(Grid, ids, "GRid"),
            catalog_number=reader.text(ids, "CatalogNumber"),
            display_artist=reader.text(details, "DisplayArtistName"),
            label_name=label,
            release_date=reader.date(None if details is None else details.find("ReleaseDate")),
            original_release_date=reader.date(
                None if details is None else details.find("OriginalReleaseDate")
            ),
            p_line=reader.line(element.find("PLine"), "PLine"),
            c_line=reader.line(element.find("CLine"), "CLine"),
            genre=reader.text(details, "Genre/GenreText"),
            sub_genre=reader.text(details, "Genre/SubGenre"),
            parental_advisory=_choose(
                reader.text(details, "ParentalWarningType"),
                PARENTAL_WARNING_TYPES,
                "NoAdviceAvailable",
            ),
        )
    except InvalidField as exc:
        reader.problems.append(f"{location_of(element)}: {exc}")
        return None


def _deals_382(
    reader: _Reader, root: etree._Element, main_reference: str, release_id: UUID
) -> list[Deal]:
    deals: list[Deal] = []
    for release_deal in root.iterfind("DealList/ReleaseDeal"):
        references = {(r.text or "").strip() for r in release_deal.findall("DealReleaseReference")}
        if main_reference not in references:
            continue
        for terms in release_deal.iterfind("Deal/DealTerms"):
            if (terms.findtext("TakeDown") or "").strip() == "true":
                continue  # a takedown ends availability; it is not a deal to keep
            uses = [u.text.strip() for u in terms.iterfind("Usage/UseType") if u.text]
            found = _deal(reader, terms, release_id, uuid.uuid4(), uses)
            if found is not None:
                deals.append(found)
    return deals
