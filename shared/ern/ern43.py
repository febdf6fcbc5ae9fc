"""ERN 4.3 NewReleaseMessage writer (Audio release profile).

Layout follows release-notification.xsd 4.3 (element order matters) and the Audio profile: one
main Release (R0) with a ResourceGroup per disc, one TrackRelease per sound recording (R1..Rn),
a front cover Image linked from the top group, parties in a PartyList referenced by P1..Pn, and
the same deals for the release and its track releases. Output is deterministic for the same
catalog data, so export -> import -> export gives the same message.

Updates are complete re-sends (ERN 4 has no UpdateIndicator); a takedown is the same message with
every deal ending on the takedown day (ERN 4 has no TakeDown flag either).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from lxml import etree

from shared.domain.bundles import ReleaseBundle
from shared.domain.codes import WORLDWIDE
from shared.domain.deals import SALE_MODEL, Deal
from shared.domain.durations import format_iso_duration
from shared.domain.findings import Target
from shared.domain.parties import Party
from shared.domain.recordings import (
    PREVIEW_LENGTH_S,
    Contributor,
    SoundRecording,
    language_of_performance,
)
from shared.domain.releases import ArtistCredit, CopyrightLine
from shared.domain.works import WriterRole
from shared.ern.model import (
    BuiltMessage,
    Envelope,
    Flow,
    PackagedFile,
    message_id,
    thread_id,
)

NAMESPACE = "http://ddex.net/xml/ern/43"
_ROOT = f"{{{NAMESPACE}}}NewReleaseMessage"
DISPLAY_ROLES = ("MainArtist", "FeaturedArtist")
# CWR writer designation -> DDEX ContributorRole of the work's creators on the recording
WRITER_CONTRIBUTOR_ROLES = {
    WriterRole.COMPOSER: "Composer",
    WriterRole.AUTHOR: "Lyricist",
    WriterRole.COMPOSER_AUTHOR: "ComposerLyricist",
    WriterRole.ARRANGER: "Arranger",
    WriterRole.ADAPTOR: "Adapter",
    WriterRole.TRANSLATOR: "Translator",
}


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


@dataclass
class _Parties:
    """The PartyList being built: one reference per party, in order of first use."""

    bundle: ReleaseBundle
    entries: list[tuple[str, str, Party | None]] = field(default_factory=list)
    _by_key: dict[str, str] = field(default_factory=dict)

    def ref(self, name: str, party: Party | None = None) -> str:
        party = party or self.bundle.party_named(name)
        key = str(party.id) if party else f"name:{name.strip().lower()}"
        if key not in self._by_key:
            reference = f"P{len(self.entries) + 1}"
            self._by_key[key] = reference
            self.entries.append((reference, party.name if party else name.strip(), party))
        return self._by_key[key]

    def write(self, parent: etree._Element) -> None:
        party_list = _sub(parent, "PartyList")
        for reference, name, party in self.entries:
            element = _sub(party_list, "Party")
            _sub(element, "PartyReference", reference)
            _sub(_sub(element, "PartyName"), "FullName", name)
            if party and (party.isni or party.dpid or party.ipi_name_number):
                ids = _sub(element, "PartyId")
                if party.isni:
                    _sub(ids, "ISNI", str(party.isni))
                if party.dpid:
                    _sub(ids, "DPID", str(party.dpid))
                if party.ipi_name_number:
                    _sub(ids, "IpiNameNumber", str(party.ipi_name_number))


class Ern43Writer:
    """Writes ERN 4.3."""

    version = "4.3"

    def build(self, bundle: ReleaseBundle, envelope: Envelope) -> BuiltMessage:
        """The NewReleaseMessage for ``bundle``."""
        writing = _Message(bundle, envelope)
        xml = etree.tostring(
            writing.root(), xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
        return BuiltMessage(self.version, xml, writing.message_id, writing.references)


class _Message:
    """One message being written; the references map each DDEX reference to its catalog object."""

    def __init__(self, bundle: ReleaseBundle, envelope: Envelope) -> None:
        self.bundle = bundle
        self.envelope = envelope
        self.parties = _Parties(bundle)
        self.tracks = bundle.ordered_tracks()
        self.message_id = message_id(bundle, envelope)
        self.references: dict[str, Target] = {"R0": Target("release", str(bundle.release.id))}
        self.namespace = envelope.sender.dpid

    def root(self) -> etree._Element:
        root = etree.Element(_ROOT, nsmap={"ern": NAMESPACE})
        root.set("ReleaseProfileVersionId", "Audio")
        root.set("LanguageAndScriptCode", self.envelope.language)
        root.set("AvsVersionId", "3")
        self._header(root)
        resources = etree.Element("ResourceList")
        self._resources(resources)
        releases = etree.Element("ReleaseList")
        self._releases(releases)
        self.parties.write(root)  # parties are known only once resources and releases are built
        root.append(resources)
        root.append(releases)
        if self.bundle.deals:
            self._deals(_sub(root, "DealList"))
        for reference, _, party in self.parties.entries:
            self.references[reference] = Target("party", str(party.id) if party else None)
        return root

    # ------------------------------------------------------------ header

    def _header(self, root: etree._Element) -> None:
        header = _sub(root, "MessageHeader")
        _sub(header, "MessageThreadId", thread_id(self.bundle))
        _sub(header, "MessageId", self.message_id)
        for tag, party in (
            ("MessageSender", self.envelope.sender),
            ("MessageRecipient", self.envelope.recipient),
        ):
            element = _sub(header, tag)
            _sub(element, "PartyId", party.dpid)
            _sub(_sub(element, "PartyName"), "FullName", party.name)
        _sub(
            header, "MessageCreatedDateTime", self.envelope.created_at.isoformat(timespec="seconds")
        )
        _sub(header, "MessageControlType", "TestMessage" if self.envelope.test else "LiveMessage")

    # ------------------------------------------------------------ resources

    def _resources(self, parent: etree._Element) -> None:
        for index, track in enumerate(self.tracks, start=1):
            self._sound_recording(parent, f"A{index}", track)
            self.references[f"A{index}"] = Target("track", str(track.id))
        artwork = self.bundle.release.artwork
        if artwork is not None:
            image = _sub(parent, "Image")
            reference = f"A{len(self.tracks) + 1}"
            self.references[reference] = Target("release", str(self.bundle.release.id), "artwork")
            _sub(image, "ResourceReference", reference)
            _sub(image, "Type", "FrontCoverImage")
            ids = _sub(image, "ResourceId")
            _sub(ids, "ProprietaryId", artwork.object_name, Namespace=self.namespace)
            details = _sub(image, "TechnicalDetails")
            _sub(details, "TechnicalResourceDetailsReference", f"T{len(self.tracks) + 1}")
            codec = {"image/jpeg": "JPEG", "image/png": "PNG"}.get(artwork.mime_type)
            if codec:
                _sub(details, "ImageCodecType", codec)
            _sub(details, "ImageHeight", str(artwork.height))
            _sub(details, "ImageWidth", str(artwork.width))
            packaged = self.envelope.file_for("artwork")
            if packaged is None:
                _sub(_sub(details, "File"), "URI", artwork.object_name)
            else:
                _file(details, packaged)

    def _sound_recording(self, parent: etree._Element, ref: str, track: SoundRecording) -> None:
        element = _sub(parent, "SoundRecording")
        _sub(element, "ResourceReference", ref)
        _sub(element, "Type", "MusicalWorkSoundRecording")
        edition = _sub(element, "SoundRecordingEdition")
        ids = _sub(edition, "ResourceId")
        if track.isrc:
            _sub(ids, "ISRC", str(track.isrc))
        _sub(ids, "ProprietaryId", str(track.id), Namespace=self.namespace)
        if track.p_line or self.bundle.release.p_line:
            _line(edition, "PLine", track.p_line or self.bundle.release.p_line)
        packaged = self.envelope.file_for(f"track:{track.id}")
        if packaged is not None or track.preview_start_s is not None:
            # one TechnicalDetails per edition: the delivery file, when one is packaged, goes
            # before the clip (the XSD's order)
            reference = f"T{ref.removeprefix('A')}"
            details = _sub(edition, "TechnicalDetails")
            _sub(details, "TechnicalResourceDetailsReference", reference)
            if packaged is not None:
                delivery = _sub(details, "DeliveryFile")
                _sub(delivery, "Type", "AudioFile")
                _file(delivery, packaged)
            if track.preview_start_s is not None:
                _preview_clip(details, reference, track)
        work = self.bundle.work(track.work_id)
        if work and work.iswc:
            _sub(_sub(element, "WorkId"), "ISWC", str(work.iswc))
        _titles(element, track.title, track.version_title)
        self._display_artists(element, track.display_artist, track)
        self._contributors(element, track)
        _sub(element, "Duration", format_iso_duration(track.duration_ms or 0))
        _sub(element, "ParentalWarningType", track.parental_warning)
        language = language_of_performance(track)
        if language:
            _sub(element, "LanguageOfPerformance", language)

    def _display_artists(
        self, parent: etree._Element, display_name: str | None, track: SoundRecording | None
    ) -> None:
        # a track credits its contributors in display roles; the release its own artist credits
        credited: Sequence[Contributor | ArtistCredit] = (
            [c for c in track.contributors if c.role in DISPLAY_ROLES]
            if track
            else self.bundle.release.artists
        )
        name = display_name or self.bundle.release.display_artist or _credited_name(credited)
        if name:
            _sub(parent, "DisplayArtistName", name)
        if credited:
            for sequence, contributor in enumerate(credited, start=1):
                reference = self.parties.ref(
                    contributor.name, self.bundle.party(contributor.party_id)
                )
                _display_artist(parent, reference, contributor.role, sequence)
        elif name:
            _display_artist(parent, self.parties.ref(name), "MainArtist", 1)

    def _contributors(self, parent: etree._Element, track: SoundRecording) -> None:
        sequence = 0
        for contributor in track.contributors:
            if contributor.role in DISPLAY_ROLES:
                continue
            sequence += 1
            party = self.bundle.party(contributor.party_id)
            element = _sub(parent, "Contributor", SequenceNumber=str(sequence))
            _sub(element, "ContributorPartyReference", self.parties.ref(contributor.name, party))
            _sub(element, "Role", contributor.role)
        work = self.bundle.work(track.work_id)
        for writer in work.writers if work else ():
            role = WRITER_CONTRIBUTOR_ROLES.get(writer.role)
            if role is None:
                continue
            sequence += 1
            party = self.bundle.party(writer.party_id)
            element = _sub(parent, "Contributor", SequenceNumber=str(sequence))
            _sub(element, "ContributorPartyReference", self.parties.ref(writer.name, party))
            _sub(element, "Role", role)

    # ------------------------------------------------------------ releases

    def _releases(self, parent: etree._Element) -> None:
        release = self.bundle.release
        element = _sub(parent, "Release")
        _sub(element, "ReleaseReference", "R0")
        _sub(element, "ReleaseType", release.release_type)
        ids = _sub(element, "ReleaseId")
        if release.grid:
            _sub(ids, "GRid", str(release.grid))
        if release.upc:
            _sub(ids, "ICPN", str(release.upc))
        if release.catalog_number:
            _sub(ids, "CatalogNumber", release.catalog_number, Namespace=self.namespace)
        _sub(ids, "ProprietaryId", str(release.id), Namespace=self.namespace)
        _titles(element, release.title, release.version_title)
        self._display_artists(element, release.display_artist, None)
        label = self._label_reference()
        if label:
            _sub(element, "ReleaseLabelReference", label)
        if release.p_line:
            _line(element, "PLine", release.p_line)
        if release.c_line:
            _line(element, "CLine", release.c_line)
        durations = [t.duration_ms for t in self.tracks]
        if durations and all(d is not None for d in durations):
            _sub(element, "Duration", format_iso_duration(sum(d or 0 for d in durations)))
        _genre(element, release.genre, release.sub_genre)
        if release.release_date:
            _sub(element, "ReleaseDate", release.release_date.isoformat())
        if release.original_release_date:
            _sub(element, "OriginalReleaseDate", release.original_release_date.isoformat())
        _sub(element, "ParentalWarningType", release.parental_advisory)
        self._resource_group(element)
        for index, track in enumerate(self.tracks, start=1):
            self._track_release(parent, index, track, label)

    def _label_reference(self) -> str | None:
        label = self.bundle.release.label_name
        return self.parties.ref(label) if label else None

    def _resource_group(self, parent: etree._Element) -> None:
        group = _sub(parent, "ResourceGroup")
        discs = sorted({t.disc_number or 1 for t in self.tracks})
        if len(discs) <= 1:
            _sub(group, "SequenceNumber", "1")
            self._group_items(group, 1)
        else:
            for disc in discs:
                sub = _sub(group, "ResourceGroup", ResourceGroupType="Component")
                _sub(sub, "SequenceNumber", str(disc))
                self._group_items(sub, disc)
        if self.bundle.release.artwork is not None:
            _sub(group, "LinkedReleaseResourceReference", f"A{len(self.tracks) + 1}")

    def _group_items(self, group: etree._Element, disc: int) -> None:
        for index, track in enumerate(self.tracks, start=1):
            if (track.disc_number or 1) != disc:
                continue
            item = _sub(group, "ResourceGroupContentItem")
            _sub(item, "SequenceNumber", str(track.track_number or index))
            _sub(item, "ReleaseResourceReference", f"A{index}")

    def _track_release(
        self, parent: etree._Element, index: int, track: SoundRecording, label: str | None
    ) -> None:
        element = _sub(parent, "TrackRelease")
        _sub(element, "ReleaseReference", f"R{index}")
        self.references[f"R{index}"] = Target("track", str(track.id))
        key = str(track.isrc) if track.isrc else track.id.hex
        _sub(
            _sub(element, "ReleaseId"),
            "ProprietaryId",
            f"{thread_id(self.bundle)}_{key}",
            Namespace=self.namespace,
        )
        _sub(element, "ReleaseResourceReference", f"A{index}")
        if label:
            _sub(element, "ReleaseLabelReference", label)
        _genre(
            element,
            track.genre or self.bundle.release.genre,
            track.sub_genre if track.genre else self.bundle.release.sub_genre,
        )

    # ------------------------------------------------------------ deals

    def _deals(self, parent: etree._Element) -> None:
        deals = sorted(self.bundle.deals, key=_deal_order)
        release_deal = _sub(parent, "ReleaseDeal")
        _sub(release_deal, "DealReleaseReference", "R0")
        for deal in deals:
            self._deal(release_deal, deal)
            if deal.preorder_start_date and self.envelope.flow is not Flow.TAKEDOWN:
                self._preorder_deal(release_deal, deal)
        if self.tracks:
            track_deal = _sub(parent, "ReleaseDeal")
            for index in range(1, len(self.tracks) + 1):
                _sub(track_deal, "DealReleaseReference", f"R{index}")
            for deal in deals:
                self._deal(track_deal, deal)

    def _deal(self, parent: etree._Element, deal: Deal) -> None:
        element = _sub(parent, "Deal")
        _sub(element, "DealReference", str(deal.id))
        terms = _sub(element, "DealTerms")
        _territories(terms, deal)
        start, end = _validity(deal, self.envelope)
        period = _sub(terms, "ValidityPeriod")
        _sub(period, "StartDate", start.isoformat())
        if end is not None:
            _sub(period, "EndDate", end.isoformat())
        for model in sorted(deal.commercial_models):
            _sub(terms, "CommercialModelType", model)
        for use in sorted(deal.use_types):
            _sub(terms, "UseType", use)

    def _preorder_deal(self, parent: etree._Element, deal: Deal) -> None:
        """DDEX ERN 4.3: a pre-order is a Deal of its own flagged IsPreOrderDeal, running from the
        pre-order date to the day before the release is available (the main deal's start);
        InstantGratificationResourceList names the tracks a buyer gets at once."""
        opens, closes = deal.preorder_start_date, deal.preorder_end_date
        if opens is None or closes is None:
            return
        element = _sub(parent, "Deal")
        _sub(element, "DealReference", f"{deal.id}-preorder")
        terms = _sub(element, "DealTerms")
        _territories(terms, deal)
        period = _sub(terms, "ValidityPeriod")
        _sub(period, "StartDate", opens.isoformat())
        _sub(period, "EndDate", closes.isoformat())
        _sub(terms, "CommercialModelType", SALE_MODEL)
        for use in sorted(deal.use_types):
            _sub(terms, "UseType", use)
        _sub(terms, "IsPreOrderDeal", "true")
        instant = [
            f"A{index}"
            for index, track in enumerate(self.tracks, start=1)
            if track.id in deal.instant_grat_track_ids
        ]
        if instant:
            resources = _sub(terms, "InstantGratificationResourceList")
            for reference in instant:
                _sub(resources, "DealResourceReference", reference)


def _territories(terms: etree._Element, deal: Deal) -> None:
    if deal.excluded_territories and WORLDWIDE in deal.territories:
        for code in sorted(deal.excluded_territories):
            _sub(terms, "ExcludedTerritoryCode", code)
    else:
        for code in sorted(deal.territories):
            _sub(terms, "TerritoryCode", code)


def _validity(deal: Deal, envelope: Envelope) -> tuple[date, date | None]:
    """The deal's dates; a takedown ends every deal on the takedown day."""
    if envelope.flow is not Flow.TAKEDOWN or envelope.takedown_on is None:
        return deal.start_date, deal.end_date
    end = envelope.takedown_on
    if deal.end_date is not None and deal.end_date < end:
        end = deal.end_date
    return min(deal.start_date, end), end


def _deal_order(deal: Deal) -> tuple[str, ...]:
    return (
        deal.start_date.isoformat(),
        ",".join(sorted(deal.commercial_models)),
        ",".join(sorted(deal.use_types)),
        ",".join(sorted(deal.territories)),
        str(deal.id),
    )


def _file(parent: etree._Element, packaged: PackagedFile) -> None:
    """ERN 4.3 File: URI, HashSum (MD5, hex) and FileSize (in kilobytes, exact: bytes / 1024)."""
    element = _sub(parent, "File")
    _sub(element, "URI", packaged.uri)
    hash_sum = _sub(element, "HashSum")
    _sub(hash_sum, "Algorithm", "MD5")
    _sub(hash_sum, "DataType", "HexBinary")
    _sub(hash_sum, "HashSumValue", packaged.md5)
    _sub(element, "FileSize", format_kilobytes(packaged.size_bytes))


def format_kilobytes(size_bytes: int) -> str:
    """Bytes as ERN's FileSize, kilobytes (1024 bytes) as an exact decimal: 1536 -> "1.5"."""
    kilobytes = Decimal(size_bytes) / Decimal(1024)
    text = format(kilobytes, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _credited_name(credited: Sequence[Contributor | ArtistCredit]) -> str | None:
    """ "A & B feat. C" from credits, when no display artist text was typed."""
    main = " & ".join(c.name for c in credited if c.role != "FeaturedArtist")
    featured = " & ".join(c.name for c in credited if c.role == "FeaturedArtist")
    return " feat. ".join(part for part in (main, featured) if part) or None


def _display_artist(parent: etree._Element, reference: str, role: str, sequence: int) -> None:
    element = _sub(parent, "DisplayArtist", SequenceNumber=str(sequence))
    _sub(element, "ArtistPartyReference", reference)
    _sub(element, "DisplayArtistRole", role)


def _titles(parent: etree._Element, title: str, version: str | None) -> None:
    _sub(parent, "DisplayTitleText", f"{title} ({version})" if version else title)
    display = _sub(parent, "DisplayTitle")
    _sub(display, "TitleText", title)
    if version:
        _sub(display, "SubTitle", version, SubTitleType="Version")


def _line(parent: etree._Element, tag: str, line: CopyrightLine | None) -> None:
    if line is None:
        return
    element = _sub(parent, tag)
    if line.year:
        _sub(element, "Year", str(line.year))
    _sub(element, f"{tag}Text", line.text)


def _genre(parent: etree._Element, genre: str | None, sub_genre: str | None) -> None:
    if not genre:
        return
    element = _sub(parent, "Genre")
    _sub(element, "GenreText", genre)
    if sub_genre:
        _sub(element, "SubGenre", sub_genre)


def _preview_clip(details: etree._Element, reference: str, track: SoundRecording) -> None:
    """The suggested preview as SoundRecordingEdition/TechnicalDetails/ClipDetails (ERN 4.3 puts
    technical details on the edition; ``details`` is that element, ``reference`` its
    TechnicalResourceDetailsReference): ClipType Preview, its start and length, Instructive (how
    the recipient should cut it; no clip file is delivered)."""
    start_s = track.preview_start_s or 0.0
    length_s = PREVIEW_LENGTH_S
    if track.duration_ms:
        length_s = max(0.0, min(length_s, track.duration_ms / 1000 - start_s))
    clip = _sub(details, "ClipDetails")
    _sub(clip, "TechnicalResourceDetailsReference", f"{reference}C")
    _sub(clip, "ClipType", "Preview")
    timing = _sub(clip, "Timing")
    _sub(timing, "StartPoint", f"{start_s:.1f}")
    _sub(timing, "DurationUsed", f"PT{round(length_s, 1):g}S")
    _sub(clip, "ExpressionType", "Instructive")
