"""What a DDEX ERN 4.3 import keeps, and a report of everything else in the message.

The catalog holds a release with its sound recordings, parties, works and the main release's
deals (``KEPT_43`` lists every element and attribute the reader maps). Anything else in a message
(video and text resources, images sent with the message, technical details, price codes,
distribution channels, pre-order flags, related releases, additional and localised titles,
deals of track releases, the sender's ProprietaryIds) is named, path by path with how often and
where it first appears, so an import never reports success while dropping data silently. The
MessageHeader is the delivery's envelope, not catalog data: an export writes its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from lxml import etree

from shared.ern.safe_xml import local_name

_RELEASE = "ReleaseList/Release"
_RECORDING = "ResourceList/SoundRecording"
_GROUP_ITEMS = ("ResourceGroupContentItem/SequenceNumber",
                "ResourceGroupContentItem/ReleaseResourceReference")  # fmt: skip
_ARTISTS = ("DisplayArtistName", "DisplayArtist/ArtistPartyReference",
            "DisplayArtist/DisplayArtistRole", "DisplayArtist@SequenceNumber")  # fmt: skip
KEPT_43: frozenset[str] = frozenset(
    {
        "PartyList/Party/PartyReference",
        "PartyList/Party/PartyName/FullName",
        "PartyList/Party/PartyId/ISNI",
        "PartyList/Party/PartyId/DPID",
        "PartyList/Party/PartyId/IpiNameNumber",
        *(f"{_RECORDING}/{p}" for p in (
            "ResourceReference", "Type", "SoundRecordingEdition/ResourceId/ISRC",
            "SoundRecordingEdition/ResourceId/ProprietaryId",
            "SoundRecordingEdition/ResourceId/ProprietaryId@Namespace",
            "SoundRecordingEdition/PLine/Year", "SoundRecordingEdition/PLine/PLineText",
            "WorkId/ISWC", "DisplayTitleText", "DisplayTitle/TitleText", "DisplayTitle/SubTitle",
            *_ARTISTS, "Contributor/ContributorPartyReference", "Contributor/Role",
            "Contributor@SequenceNumber", "Duration", "ParentalWarningType",
            "LanguageOfPerformance",
            "SoundRecordingEdition/TechnicalDetails/TechnicalResourceDetailsReference",
            "SoundRecordingEdition/TechnicalDetails/ClipDetails/TechnicalResourceDetailsReference",
            "SoundRecordingEdition/TechnicalDetails/ClipDetails/ClipType",
            "SoundRecordingEdition/TechnicalDetails/ClipDetails/Timing/StartPoint",
        )),
        *(f"{_RELEASE}/{p}" for p in (
            "ReleaseReference", "ReleaseType", "ReleaseId/GRid", "ReleaseId/ICPN",
            "ReleaseId/CatalogNumber", "ReleaseId/CatalogNumber@Namespace",
            "ReleaseId/ProprietaryId", "ReleaseId/ProprietaryId@Namespace", "DisplayTitleText",
            "DisplayTitle/TitleText", "DisplayTitle/SubTitle", *_ARTISTS, "ReleaseLabelReference",
            "PLine/Year", "PLine/PLineText", "CLine/Year", "CLine/CLineText", "Duration",
            "Genre/GenreText", "Genre/SubGenre", "ReleaseDate", "OriginalReleaseDate",
            "ParentalWarningType", "ResourceGroup/SequenceNumber",
            "ResourceGroup/ResourceGroup/SequenceNumber",
            "ResourceGroup/ResourceGroup@ResourceGroupType",
            *(f"ResourceGroup/{i}" for i in _GROUP_ITEMS),
            *(f"ResourceGroup/ResourceGroup/{i}" for i in _GROUP_ITEMS),
        )),
        "ReleaseList/TrackRelease/ReleaseReference",
        "ReleaseList/TrackRelease/ReleaseResourceReference",
        "ReleaseList/TrackRelease/ReleaseLabelReference",
        "ReleaseList/TrackRelease/Genre/GenreText",
        "ReleaseList/TrackRelease/Genre/SubGenre",
        "DealList/ReleaseDeal/DealReleaseReference",
        "DealList/ReleaseDeal/Deal/DealReference",
        *(f"DealList/ReleaseDeal/Deal/DealTerms/{p}" for p in (
            "TerritoryCode", "ExcludedTerritoryCode", "ValidityPeriod/StartDate",
            "ValidityPeriod/EndDate", "CommercialModelType", "UseType",
        )),
    }
)  # fmt: skip
# values only our own messages carry: a ProprietaryId or DealReference that is one of our ids
_OWN_IDS = re.compile(r".*/(ProprietaryId|DealReference)$")
_Note = Callable[[str, int | None, str], None]


@dataclass(frozen=True, slots=True)
class NotKept:
    """One kind of element or attribute the import could not keep."""

    path: str  # "ResourceList/Video/DisplayTitleText", "DealList/ReleaseDeal (R1, R2)"
    count: int
    line: int | None
    example: str

    def render(self) -> str:
        """``ResourceList/Video/... (2 times, first at line 40: 'La Premiere Fois')``."""
        times = "once" if self.count == 1 else f"{self.count} times"
        where = f", first at line {self.line}" if self.line else ""
        example = f": {self.example!r}" if self.example else ""
        return f"{self.path} ({times}{where}){example}"


def generic_path(element: etree._Element, attribute: str | None = None) -> str:
    """``ResourceList/SoundRecording/DisplayTitle@LanguageAndScriptCode`` (no root, no index)."""
    names = [local_name(a) for a in reversed(list(element.iterancestors()))][1:]
    path = "/".join([*names, local_name(element)])
    return f"{path}@{attribute}" if attribute else path


def not_kept_43(root: etree._Element) -> list[NotKept]:
    """Every element and attribute of an ERN 4.3 message the catalog cannot keep."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int | None, str]] = {}

    def note(path: str, line: int | None, example: str) -> None:
        counts[path] += 1
        first.setdefault(path, (line, example))

    for element in root.iter():
        if not isinstance(element.tag, str) or element is root:
            continue
        path = generic_path(element)
        if path.startswith("MessageHeader"):
            continue
        text = " ".join((element.text or "").split())
        if len(element) == 0 and path not in KEPT_43:
            note(path, element.sourceline, text)
        elif len(element) == 0 and _OWN_IDS.match(path) and not _is_uuid(text):
            note(f"{path} (the sender's own id)", element.sourceline, text)
        for attribute, value in element.attrib.items():
            if "}" in attribute:
                continue
            if f"{path}@{attribute}" not in KEPT_43:
                note(f"{path}@{attribute}", element.sourceline, value)
    _conditional_43(root, note)
    return [NotKept(p, n, *first[p]) for p, n in counts.items()]


def _conditional_43(root: etree._Element, note: _Note) -> None:
    """Values at kept paths that are kept only once: deals of other releases, a second label,
    a second title or artist name, a DisplayTitleText that is not title (version)."""
    _parties_43(root, note)
    _groups_43(root, note)
    main = (root.findtext(f"{_RELEASE}/ReleaseReference") or "R0").strip()
    for deal in root.iterfind("DealList/ReleaseDeal"):
        refs = [(r.text or "").strip() for r in deal.findall("DealReleaseReference")]
        if main not in refs:
            for terms in deal.iterfind("Deal/DealTerms"):
                note("DealList/ReleaseDeal (deals of track releases)", terms.sourceline,
                     ", ".join(refs[:3]) + (" ..." if len(refs) > 3 else ""))  # fmt: skip
    for owner in (*root.iterfind(_RELEASE), *root.iterfind(_RECORDING),
                  *root.iterfind("ReleaseList/TrackRelease")):  # fmt: skip
        base = generic_path(owner)
        for tag in ("ReleaseLabelReference", "DisplayTitle", "DisplayArtistName"):
            for extra in owner.findall(tag)[1:]:
                note(f"{base}/{tag} (only the first is kept)", extra.sourceline,
                     " ".join(" ".join(extra.itertext()).split()))  # fmt: skip
        display = owner.findtext("DisplayTitleText")
        title = owner.findtext("DisplayTitle/TitleText")
        subtitle = owner.findtext("DisplayTitle/SubTitle")
        expected = f"{title} ({subtitle})" if subtitle else title
        element = owner.find("DisplayTitleText")
        differs = display and " ".join(display.split()) != " ".join((expected or "").split())
        if element is not None and title and differs:
            note(f"{base}/DisplayTitleText (differs from the title and version)",
                 element.sourceline, display or "")  # fmt: skip


def _text(element: etree._Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _parties_43(root: etree._Element, note: _Note) -> None:
    """A party only a dropped element refers to (an administrating record company, a second
    label, a video's artist) is not kept either."""
    owners = [*root.iterfind(_RELEASE), *root.iterfind(_RECORDING)]
    kept = {_text(e) for o in owners for e in o.iterfind("DisplayArtist/ArtistPartyReference")}
    kept |= {_text(e) for e in root.iterfind(f"{_RECORDING}/Contributor/ContributorPartyReference")}
    kept |= {_text(o.find("ReleaseLabelReference")) for o in root.iterfind(_RELEASE)}
    for party in root.iterfind("PartyList/Party"):
        if _text(party.find("PartyReference")) not in kept:
            name = " ".join(" ".join(party.findtext("PartyName/FullName") or "").split())
            note("PartyList/Party (referred to only by what is not kept)", party.sourceline, name)


def _groups_43(root: etree._Element, note: _Note) -> None:
    """The catalog keeps discs of sound recordings and their track numbers; other groupings
    and items of resources it does not keep are named."""
    recordings = {_text(e) for e in root.iterfind(f"{_RECORDING}/ResourceReference")}
    for group in root.iterfind(f"{_RELEASE}/ResourceGroup//ResourceGroup"):
        items = [_text(i) for i in group.iterfind(".//ReleaseResourceReference")]
        if group.get("ResourceGroupType", "Component") != "Component" or not (
            set(items) & recordings
        ):
            what = "a grouping the catalog does not keep: it keeps discs of sound recordings"
            note(
                f"{generic_path(group)} ({what})",
                group.sourceline,
                group.get("ResourceGroupType", ""),
            )
    for item in root.iterfind(f"{_RELEASE}/ResourceGroup//ResourceGroupContentItem"):
        if _text(item.find("ReleaseResourceReference")) not in recordings:
            note(f"{generic_path(item)} (an item of a resource that is not kept)",
                 item.sourceline, _text(item.find("ReleaseResourceReference")))  # fmt: skip


def _is_uuid(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True
