"""DDEX release-profile business rules: what the schema cannot check.

Summarised from the DDEX Audio release-profile Schematron (rule numbers in brackets, see
../shared/standards/ddex/ERN-NOTES.md section 4): references resolve, identifiers carry valid
check digits, every sound recording has an ISRC, durations are real, display artists and genres
are present, there is at least one deal, and the dates make sense. Each finding names its line
and path, and the DDEX reference (A1, R0, P3) of the object it is about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from lxml import etree

from shared.domain.codes import WORLDWIDE
from shared.domain.durations import MAX_TRACK_MS, parse_iso_duration
from shared.domain.findings import Finding, Layer, Severity, Target
from shared.domain.identifiers import Dpid, Grid, Gtin, Identifier, IpiNameNumber, Isni, Isrc, Iswc
from shared.ern.safe_xml import local_name, location_of
from shared.errors import InvalidField

_REFERENCE_TAGS = ("ResourceReference", "ReleaseReference", "PartyReference")
_IDENTIFIERS: dict[str, type[Identifier]] = {
    "ISRC": Isrc,
    "ICPN": Gtin,
    "ISWC": Iswc,
    "ISNI": Isni,
    "GRid": Grid,
    "IpiNameNumber": IpiNameNumber,
    "DPID": Dpid,
}
_PRIMARY_TYPES = ("MusicalWorkSoundRecording", "NonMusicalWorkSoundRecording")


def owning_reference(element: etree._Element) -> str | None:
    """The DDEX reference (A1, R0, P2) of the resource, release or party holding ``element``."""
    node: etree._Element | None = element
    while node is not None:
        for tag in _REFERENCE_TAGS:
            found = node.find(tag)
            if found is not None and found.text:
                return str(found.text).strip()
        if local_name(node) == "ReleaseDeal":
            first = node.find("DealReleaseReference")
            return first.text.strip() if first is not None and first.text else None
        node = node.getparent()
    return None


def finding(
    element: etree._Element,
    message: str,
    rule: str,
    *,
    severity: Severity = Severity.BLOCKING,
    hint: str | None = None,
    field: str | None = None,
) -> Finding:
    """A business-rule finding at ``element``, pointing at its DDEX reference."""
    reference = owning_reference(element)
    target = Target("ddex", reference, field or local_name(element)) if reference else None
    return Finding(
        Layer.BUSINESS,
        severity,
        location_of(element),
        message,
        rule,
        hint,
        target,
        element.sourceline,
    )


def _first(root: etree._Element, path: str) -> etree._Element:
    """The element at ``path``, else ``root`` (lxml elements are falsy without children)."""
    found = root.find(path)
    return root if found is None else found


# ---------------------------------------------------------------- rules shared by both versions


def identifier_checks(root: etree._Element) -> Iterator[Finding]:
    """[1001-1011] Identifiers are well formed with valid check digits."""
    for element in root.iter(*_IDENTIFIERS):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        name = local_name(element)
        problem = _IDENTIFIERS[name].check(element.text or "")
        if problem and local_name(element.getparent()) in ("MessageSender", "MessageRecipient"):
            continue  # sender/recipient PartyId is checked by dpid_checks
        if problem:
            yield finding(
                element,
                f"{name} {problem}",
                f"ddex.identifier.{name.lower()}",
                hint=f"correct the {name} (check digits are computed, not chosen)",
            )


def dpid_checks(root: etree._Element) -> Iterator[Finding]:
    """MessageSender/MessageRecipient PartyIds are real DPIDs, not placeholders."""
    for element in root.iterfind("MessageHeader/*/PartyId"):
        problem = Dpid.check(element.text or "")
        if problem:
            yield finding(
                element,
                f"{local_name(element.getparent())} PartyId {problem}",
                "ddex.dpid",
                hint="set DDEX_SENDER_DPID / DDEX_RECIPIENT_DPID or pass "
                "the recipient's DPID from its onboarding documents",
            )


def duration_checks(root: etree._Element) -> Iterator[Finding]:
    """Durations are ISO 8601, above zero and below a day."""
    for element in root.iter("Duration"):
        text = (element.text or "").strip()
        try:
            milliseconds = parse_iso_duration(text)
        except InvalidField as exc:
            yield finding(element, exc.reason, "ddex.duration", field="duration")
            continue
        if milliseconds <= 0:
            yield finding(
                element,
                f"Duration {text} is zero",
                "ddex.duration",
                hint="give the recording's real length",
                field="duration",
            )
        elif milliseconds > MAX_TRACK_MS:
            yield finding(
                element, f"Duration {text} is longer than a day", "ddex.duration", field="duration"
            )


def territory_checks(root: etree._Element) -> Iterator[Finding]:
    """Deal territories: Worldwide is never combined with listed codes, no code twice."""
    for terms in root.iter("DealTerms"):
        codes = [(e.text or "").strip() for e in terms.iterfind("TerritoryCode")]
        if WORLDWIDE in codes and len(codes) > 1:
            yield finding(
                terms,
                "TerritoryCode lists Worldwide together with other territories",
                "ddex.territory",
                hint="use Worldwide alone, with ExcludedTerritoryCode for the exceptions",
            )
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            yield finding(
                terms,
                f"TerritoryCode {', '.join(duplicates)} is listed twice",
                "ddex.territory",
                severity=Severity.WARNING,
            )


def deal_date_checks(root: etree._Element, release_dates: Iterable[date]) -> Iterator[Finding]:
    """Deal periods end after they start; a deal starting before the release date is flagged."""
    earliest_release = min(release_dates, default=None)
    for period in root.iter("ValidityPeriod"):
        start, end = _date(period.find("StartDate")), _date(period.find("EndDate"))
        if start and end and end < start:
            yield finding(
                period,
                f"the deal ends ({end}) before it starts ({start})",
                "ddex.deal-dates",
                field="end_date",
            )
        # a pre-order deal (ERN 4.3 IsPreOrderDeal) runs before the release date on purpose
        parent = period.getparent()
        preorder = parent is not None and parent.findtext("IsPreOrderDeal") == "true"
        if start and earliest_release and start < earliest_release and not preorder:
            yield finding(
                period,
                f"the deal starts {start}, before the release date "
                f"{earliest_release}: stores may make the release available early",
                "ddex.deal-dates",
                severity=Severity.WARNING,
                hint="start the deal on the release date",
                field="start_date",
            )


def _date(element: etree._Element | None) -> date | None:
    if element is None or not element.text:
        return None
    try:
        return date.fromisoformat(element.text.strip()[:10])
    except ValueError:
        return None


def _release_dates(root: etree._Element, path: str) -> list[date]:
    return [d for d in (_date(e) for e in root.iterfind(path)) if d is not None]


# ---------------------------------------------------------------- ERN 4.3


def references_43(root: etree._Element) -> Iterator[Finding]:
    """[G.1-G.5] Every reference points at something declared, and everything declared is used.

    ERN 4.3 lets many elements refer to a party, resource or release (an administrating record
    company, a related resource in a DJ mix, a chapter's image...): any element named
    ``...Reference`` that is not itself a declaration counts as a use.
    """
    declared = {
        "party": {
            (e.text or "").strip(): e for e in root.iterfind("PartyList/Party/PartyReference")
        },
        "resource": {
            (e.text or "").strip(): e for e in root.iterfind("ResourceList/*/ResourceReference")
        },
        "release": {
            (e.text or "").strip(): e for e in root.iterfind("ReleaseList/*/ReleaseReference")
        },
    }
    uses = {
        "party": ("ArtistPartyReference", "ContributorPartyReference", "ReleaseLabelReference"),
        "resource": ("ReleaseResourceReference", "LinkedReleaseResourceReference"),
        "release": ("DealReleaseReference",),
    }
    declarations = {id(e) for found in declared.values() for e in found.values()}
    used = {
        (e.text or "").strip()
        for e in root.iter()
        if isinstance(e.tag, str) and local_name(e).endswith("Reference")
        and id(e) not in declarations
    }  # fmt: skip
    for kind, tags in uses.items():
        for element in root.iter(*tags):
            reference = (element.text or "").strip()
            if reference not in declared[kind]:
                yield finding(
                    element,
                    f"{local_name(element)} {reference!r} points at no {kind} "
                    "declared in the message",
                    "ddex.reference",
                )
    for kind in ("party", "resource"):  # a release is a product, not something referred to
        for reference, element in declared[kind].items():
            if reference not in used:
                yield finding(
                    element,
                    f"{kind} {reference!r} is declared but never used",
                    "ddex.reference-unused",
                    severity=Severity.WARNING,
                )


def release_structure_43(root: etree._Element) -> Iterator[Finding]:
    """[1000, 1045, 1047, 1050, 1052, 1053] One main release, track releases, one front cover."""
    releases = root.findall("ReleaseList/Release")
    if len(releases) != 1:
        yield finding(
            root,
            f"the message has {len(releases)} main Release elements; the Audio "
            "profile needs exactly one",
            "ddex-1000",
        )
    profile = root.get("ReleaseProfileVersionId")
    if profile not in ("Audio", "SimpleAudioSingle", None):
        yield finding(
            root,
            f"ReleaseProfileVersionId is {profile!r}; audio releases use Audio",
            "ddex-1050",
            severity=Severity.WARNING,
        )
    recordings = root.findall("ResourceList/SoundRecording")
    for recording in recordings:
        kind = recording.findtext("Type")
        if kind not in _PRIMARY_TYPES:
            yield finding(
                _first(recording, "Type"),
                f"SoundRecording Type is {kind!r}, expected MusicalWorkSoundRecording",
                "ddex-1052",
            )
    covers = [
        i for i in root.iterfind("ResourceList/Image") if i.findtext("Type") == "FrontCoverImage"
    ]
    if len(covers) != 1 and releases:
        yield finding(
            releases[0],
            f"the release has {len(covers)} front cover images; stores need exactly one",
            "ddex-1053",
            hint="attach square cover artwork (at least 3000x3000 px)",
            field="artwork",
        )
    yield from _track_releases(root, recordings)


def _track_releases(root: etree._Element, recordings: list[etree._Element]) -> Iterator[Finding]:
    if not root.findall("ReleaseList/TrackRelease"):
        return  # a SimpleAudioSingle carries no TrackRelease
    released = {
        (e.text or "").strip()
        for e in root.iterfind("ReleaseList/TrackRelease/ReleaseResourceReference")
    }
    for recording in recordings:
        reference = recording.findtext("ResourceReference", "").strip()
        if reference and reference not in released:  # none at all: the schema names that
            yield finding(
                recording,
                f"SoundRecording {reference} has no TrackRelease",
                "ddex-1045",
                severity=Severity.WARNING,
            )


def identification_43(root: etree._Element) -> Iterator[Finding]:
    """[1025, 1058] The release has a GRid, ICPN or ProprietaryId; recordings have an ISRC."""
    for release in root.iterfind("ReleaseList/Release"):
        ids = release.find("ReleaseId")
        if ids is None or not any(
            ids.find(t) is not None for t in ("GRid", "ICPN", "ProprietaryId")
        ):
            yield finding(
                release,
                "the release has no GRid, ICPN or ProprietaryId",
                "ddex-1025",
                hint="give the release its UPC/EAN",
                field="upc",
            )
        elif ids.find("ICPN") is None:
            yield finding(
                ids,
                "the release has no ICPN (UPC/EAN): most stores require one",
                "ddex-1025",
                severity=Severity.WARNING,
                field="upc",
            )
    for recording in root.iterfind("ResourceList/SoundRecording"):
        if not recording.findtext("SoundRecordingEdition/ResourceId/ISRC", "").strip():
            yield finding(
                recording,
                "the SoundRecording has no ISRC",
                "ddex-1058",
                hint="assign an ISRC (your national ISRC agency issues the prefix)",
                field="isrc",
            )


def presence_43(root: etree._Element) -> Iterator[Finding]:
    """Display artist, genre, label and a release date on the release; a deal for it."""
    for owner in root.iterfind("ReleaseList/Release"):
        yield from _present(owner, "DisplayArtistName", "display artist", "display_artist")
        yield from _present(owner, "Genre/GenreText", "genre", "genre")
        yield from _present(owner, "ReleaseLabelReference", "label", "label_name")
        if owner.find("ReleaseDate") is None and owner.find("OriginalReleaseDate") is None:
            # ERN 4 lets the deals' start dates stand for the release date: a warning only
            yield finding(
                owner,
                "the release has no ReleaseDate or OriginalReleaseDate",
                "ddex-1027",
                severity=Severity.WARNING,
                field="release_date",
                hint="give the release date; stores show it",
            )
        release_date = _date(owner.find("ReleaseDate"))
        original = _date(owner.find("OriginalReleaseDate"))
        if release_date and original and original > release_date:
            yield finding(
                owner,
                f"OriginalReleaseDate {original} is after ReleaseDate {release_date}",
                "ddex.release-dates",
                field="original_release_date",
            )
    for owner in root.iterfind("ResourceList/SoundRecording"):
        yield from _present(owner, "DisplayArtistName", "display artist", "display_artist")
        artists = owner.findall("DisplayArtist")
        if artists and not any(a.findtext("DisplayArtistRole") == "MainArtist" for a in artists):
            yield finding(
                owner, "no DisplayArtist has the role MainArtist", "ddex-1017", field="contributors"
            )
    for owner in root.iterfind("ReleaseList/TrackRelease"):
        yield from _present(owner, "Genre/GenreText", "genre", "genre")
    yield from _deal_presence(root, "DealList/ReleaseDeal/DealReleaseReference")


def _present(owner: etree._Element, path: str, what: str, field: str) -> Iterator[Finding]:
    if not owner.findtext(path, "").strip():
        yield finding(
            owner, f"the {local_name(owner)} has no {what} ({path})", "ddex.required", field=field
        )


def _deal_presence(root: etree._Element, path: str) -> Iterator[Finding]:
    main = root.findtext("ReleaseList/Release/ReleaseReference", "R0").strip()
    dealt = {(e.text or "").strip() for e in root.iterfind(path)}
    if main not in dealt:
        yield finding(
            _first(root, "ReleaseList/Release"),
            "the release has no deal: no store may sell or stream it",
            "ddex.deal",
            hint="add a deal (commercial model, use types, territories, start date)",
            field="deals",
        )


def sequences_43(root: etree._Element) -> Iterator[Finding]:
    """[1016, 1019-1023] Sequence numbers unique within their group."""
    for group in root.iter("ResourceGroup"):
        numbers = [i.findtext("SequenceNumber") for i in group.findall("ResourceGroupContentItem")]
        repeated = sorted({n for n in numbers if n and numbers.count(n) > 1}, key=int)
        if repeated:
            yield finding(
                group,
                f"track number {', '.join(repeated)} appears twice in the same disc",
                "ddex-1021",
                field="track_number",
            )
    for owner in root.iter("SoundRecording", "Release"):
        numbers = [a.get("SequenceNumber") for a in owner.findall("DisplayArtist")]
        if len(numbers) > 1 and None in numbers:
            yield finding(
                owner,
                "not every DisplayArtist has a SequenceNumber",
                "ddex-1016",
                severity=Severity.WARNING,
            )


def deal_dates_43(root: etree._Element) -> Iterator[Finding]:
    """Deal dates against the release date."""
    dates = _release_dates(root, "ReleaseList/Release/ReleaseDate")
    yield from deal_date_checks(root, dates)


RULES_43: tuple[Callable[[etree._Element], Iterable[Finding]], ...] = (
    references_43,
    release_structure_43,
    identification_43,
    presence_43,
    sequences_43,
    identifier_checks,
    dpid_checks,
    duration_checks,
    territory_checks,
    deal_dates_43,
)


# ---------------------------------------------------------------- ERN 3.8.2


def references_382(root: etree._Element) -> Iterator[Finding]:
    """Release resource references and deal release references resolve."""
    resources = {(e.text or "").strip() for e in root.iterfind("ResourceList/*/ResourceReference")}
    releases = {
        (e.text or "").strip() for e in root.iterfind("ReleaseList/Release/ReleaseReference")
    }
    for element in root.iter("ReleaseResourceReference"):
        if (element.text or "").strip() not in resources:
            yield finding(
                element,
                f"ReleaseResourceReference {element.text!r} points at no "
                "resource declared in the message",
                "ddex.reference",
            )
    for element in root.iter("DealReleaseReference"):
        if (element.text or "").strip() not in releases:
            yield finding(
                element,
                f"DealReleaseReference {element.text!r} points at no release",
                "ddex.reference",
            )


def presence_382(root: etree._Element) -> Iterator[Finding]:
    """A main release with display artist, genre and date; ISRCs; at least one deal."""
    mains = [r for r in root.iterfind("ReleaseList/Release") if r.get("IsMainRelease") == "true"]
    if len(mains) != 1:
        yield finding(
            root,
            f"the message has {len(mains)} releases with IsMainRelease=true; expected one",
            "ddex-1000",
        )
    for release in mains:
        details = release.find("ReleaseDetailsByTerritory")
        owner = details if details is not None else release
        yield from _present(owner, "DisplayArtistName", "display artist", "display_artist")
        yield from _present(owner, "Genre/GenreText", "genre", "genre")
        if owner.find("ReleaseDate") is None and owner.find("OriginalReleaseDate") is None:
            yield finding(
                owner,
                "the release has no ReleaseDate or OriginalReleaseDate",
                "ddex-1027",
                field="release_date",
            )
    for recording in root.iterfind("ResourceList/SoundRecording"):
        if not recording.findtext("SoundRecordingId/ISRC", "").strip():
            yield finding(recording, "the SoundRecording has no ISRC", "ddex-1058", field="isrc")
    yield from _deal_presence(root, "DealList/ReleaseDeal/DealReleaseReference")


def deal_dates_382(root: etree._Element) -> Iterator[Finding]:
    """Deal dates against the release date."""
    dates = _release_dates(root, "ReleaseList/Release/ReleaseDetailsByTerritory/ReleaseDate")
    yield from deal_date_checks(root, dates)


RULES_382: tuple[Callable[[etree._Element], Iterable[Finding]], ...] = (
    references_382,
    presence_382,
    identifier_checks,
    dpid_checks,
    duration_checks,
    territory_checks,
    deal_dates_382,
)


def check_business_rules(root: etree._Element, version: str) -> list[Finding]:
    """Every business-rule finding for a message of ``version``."""
    rules = RULES_43 if version == "4.3" else RULES_382
    return [found for rule in rules for found in rule(root)]
