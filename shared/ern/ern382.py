"""ERN 3.8.2 NewReleaseMessage writer, for recipients that have not moved to 4.3 yet.

3.8.2 names parties inline (no PartyList), keeps territorial data in ...DetailsByTerritory
blocks, marks updates with UpdateIndicator and takedowns with a TakeDown deal.
"""

from __future__ import annotations

from lxml import etree

from shared.domain.bundles import ReleaseBundle
from shared.domain.codes import WORLDWIDE
from shared.domain.deals import Deal
from shared.domain.durations import format_iso_duration
from shared.domain.findings import Target
from shared.domain.recordings import SoundRecording, deliverable_vocals
from shared.domain.releases import CopyrightLine
from shared.ern.ern43 import DISPLAY_ROLES, WRITER_CONTRIBUTOR_ROLES, _deal_order, _sub
from shared.ern.model import (
    BuiltMessage,
    Envelope,
    Flow,
    PackagedFile,
    message_id,
    thread_id,
)

NAMESPACE = "http://ddex.net/xml/ern/382"
_ROOT = f"{{{NAMESPACE}}}NewReleaseMessage"
# ERN 3.8.2's ResourceContributorRole list (avs_20161006.xsd); other 4.3 roles go as UserDefined
ROLES_382 = frozenset(
    {
        "Actor",
        "Architect",
        "Artist",
        "AssociatedPerformer",
        "Band",
        "BookPublisher",
        "Cartoonist",
        "Choir",
        "Choreographer",
        "ComputerGraphicCreator",
        "Conductor",
        "Contributor",
        "CostumeDesigner",
        "Designer",
        "Dubber",
        "Encoder",
        "Ensemble",
        "FeaturedArtist",
        "FilmDirector",
        "FilmDistributor",
        "FilmEditor",
        "FilmProducer",
        "FilmSoundEngineer",
        "GraphicArtist",
        "GraphicDesigner",
        "Journalist",
        "MainArtist",
        "Member",
        "MusicDirector",
        "Narrator",
        "NewspaperPublisher",
        "Orchestra",
        "Painter",
        "PeriodicalPublisher",
        "Photographer",
        "PhotographyDirector",
        "PlaybackSinger",
        "PrimaryMusician",
        "Producer",
        "Programmer",
        "RightsControllerOnProduct",
        "ScreenplayAuthor",
        "SetDesigner",
        "Soloist",
        "StageDirector",
        "StudioPersonnel",
        "SubtitlesEditor",
        "SubtitlesTranslator",
        "Unknown",
        "VoiceActor",
    }
)
ROLES_43_TO_382 = {"StudioProducer": "Producer"}
_UPDATE_INDICATOR = {
    Flow.NEW: "OriginalMessage",
    Flow.UPDATE: "UpdateMessage",
    Flow.TAKEDOWN: "UpdateMessage",
}


class Ern382Writer:
    """Writes ERN 3.8.2."""

    version = "3.8.2"

    def build(self, bundle: ReleaseBundle, envelope: Envelope) -> BuiltMessage:
        """The NewReleaseMessage for ``bundle``."""
        writing = _Message382(bundle, envelope)
        xml = etree.tostring(
            writing.root(), xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
        return BuiltMessage(self.version, xml, writing.message_id, writing.references)


class _Message382:
    def __init__(self, bundle: ReleaseBundle, envelope: Envelope) -> None:
        self.bundle = bundle
        self.envelope = envelope
        self.tracks = bundle.ordered_tracks()
        self.message_id = message_id(bundle, envelope)
        self.references: dict[str, Target] = {"R0": Target("release", str(bundle.release.id))}

    def root(self) -> etree._Element:
        root = etree.Element(_ROOT, nsmap={"ern": NAMESPACE})
        root.set("MessageSchemaVersionId", "ern/382")
        root.set("LanguageAndScriptCode", self.envelope.language)
        self._header(root)
        _sub(root, "UpdateIndicator", _UPDATE_INDICATOR[self.envelope.flow])
        self._resources(_sub(root, "ResourceList"))
        self._release(_sub(root, "ReleaseList"))
        if self.bundle.deals:
            self._deals(_sub(root, "DealList"))
        return root

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

    def _resources(self, parent: etree._Element) -> None:
        for index, track in enumerate(self.tracks, start=1):
            self.references[f"A{index}"] = Target("track", str(track.id))
            self._sound_recording(parent, f"A{index}", track)
        artwork = self.bundle.release.artwork
        if artwork is not None:
            image = _sub(parent, "Image")
            _sub(image, "ImageType", "FrontCoverImage")
            _sub(
                _sub(image, "ImageId"),
                "ProprietaryId",
                artwork.object_name,
                Namespace=self.envelope.sender.dpid,
            )
            _sub(image, "ResourceReference", f"A{len(self.tracks) + 1}")
            details = _sub(image, "ImageDetailsByTerritory")
            _sub(details, "TerritoryCode", WORLDWIDE)
            packaged = self.envelope.file_for("artwork")
            if packaged is not None:
                technical = _sub(details, "TechnicalImageDetails")
                _sub(technical, "TechnicalResourceDetailsReference", f"T{len(self.tracks) + 1}")
                _file(technical, packaged)

    def _sound_recording(self, parent: etree._Element, ref: str, track: SoundRecording) -> None:
        element = _sub(parent, "SoundRecording")
        _sub(element, "SoundRecordingType", "MusicalWorkSoundRecording")
        ids = _sub(element, "SoundRecordingId")
        if track.isrc:
            _sub(ids, "ISRC", str(track.isrc))
        _sub(ids, "ProprietaryId", str(track.id), Namespace=self.envelope.sender.dpid)
        work = self.bundle.work(track.work_id)
        if work and work.iswc:
            _sub(_sub(element, "IndirectSoundRecordingId"), "ISWC", str(work.iswc))
        _sub(element, "ResourceReference", ref)
        _title(element, "ReferenceTitle", track.title, track.version_title)
        vocals = deliverable_vocals(track)  # 3.8.2's IsInstrumental is not deprecated (4.3's is)
        if vocals:
            _sub(element, "IsInstrumental", "true" if vocals == "instrumental" else "false")
        if track.language:
            _sub(element, "LanguageOfPerformance", track.language)
        _sub(element, "Duration", format_iso_duration(track.duration_ms or 0))
        details = _sub(element, "SoundRecordingDetailsByTerritory")
        _sub(details, "TerritoryCode", WORLDWIDE)
        _title(details, "Title", track.title, track.version_title, TitleType="DisplayTitle")
        self._artists(details, track)
        self._contributors(details, track)
        name = track.display_artist or self.bundle.release.display_artist
        if name:
            _sub(details, "DisplayArtistName", name)
        if self.bundle.release.label_name:
            _sub(details, "LabelName", self.bundle.release.label_name)
        _line(details, "PLine", track.p_line or self.bundle.release.p_line)
        _genre(
            details,
            track.genre or self.bundle.release.genre,
            track.sub_genre if track.genre else self.bundle.release.sub_genre,
        )
        _sub(details, "ParentalWarningType", track.parental_warning)
        packaged = self.envelope.file_for(f"track:{track.id}")
        if packaged is not None:
            technical = _sub(details, "TechnicalSoundRecordingDetails")
            _sub(technical, "TechnicalResourceDetailsReference", f"T{ref.removeprefix('A')}")
            _file(technical, packaged)

    def _artists(self, parent: etree._Element, track: SoundRecording | None) -> None:
        credited = [c for c in (track.contributors if track else ()) if c.role in DISPLAY_ROLES]
        names = [(c.name, c.role) for c in credited]
        if not names:
            name = (track.display_artist if track else None) or self.bundle.release.display_artist
            names = [(name, "MainArtist")] if name else []
        for sequence, (name, role) in enumerate(names, start=1):
            artist = _sub(parent, "DisplayArtist", SequenceNumber=str(sequence))
            _sub(_sub(artist, "PartyName"), "FullName", name)
            _sub(artist, "ArtistRole", role)

    def _contributors(self, parent: etree._Element, track: SoundRecording) -> None:
        credits = [(c.name, c.role) for c in track.contributors if c.role not in DISPLAY_ROLES]
        for sequence, (name, role) in enumerate(credits, start=1):
            contributor = _sub(parent, "ResourceContributor", SequenceNumber=str(sequence))
            _sub(_sub(contributor, "PartyName"), "FullName", name)
            role = ROLES_43_TO_382.get(role, role)
            if role in ROLES_382:
                _sub(contributor, "ResourceContributorRole", role)
            else:
                _sub(
                    contributor,
                    "ResourceContributorRole",
                    "UserDefined",
                    UserDefinedValue=role,
                    Namespace=self.envelope.sender.dpid,
                )
        work = self.bundle.work(track.work_id)
        writers = [
            (w.name, WRITER_CONTRIBUTOR_ROLES.get(w.role)) for w in (work.writers if work else ())
        ]
        for sequence, (name, writer_role) in enumerate(writers, start=1):
            if writer_role is None:
                continue
            indirect = _sub(parent, "IndirectResourceContributor", SequenceNumber=str(sequence))
            _sub(_sub(indirect, "PartyName"), "FullName", name)
            _sub(indirect, "IndirectResourceContributorRole", writer_role)

    def _release(self, parent: etree._Element) -> None:
        release = self.bundle.release
        element = _sub(parent, "Release", IsMainRelease="true")
        ids = _sub(element, "ReleaseId")
        if release.grid:
            _sub(ids, "GRid", str(release.grid))
        if release.upc:
            _sub(
                ids,
                "ICPN",
                str(release.upc),
                IsEan="false" if len(str(release.upc)) == 12 else "true",
            )
        if release.catalog_number:
            _sub(ids, "CatalogNumber", release.catalog_number, Namespace=self.envelope.sender.dpid)
        _sub(ids, "ProprietaryId", str(release.id), Namespace=self.envelope.sender.dpid)
        _sub(element, "ReleaseReference", "R0")
        _title(element, "ReferenceTitle", release.title, release.version_title)
        references = _sub(element, "ReleaseResourceReferenceList")
        for index in range(1, len(self.tracks) + 1):
            _sub(
                references,
                "ReleaseResourceReference",
                f"A{index}",
                ReleaseResourceType="PrimaryResource",
            )
        if release.artwork is not None:
            _sub(
                references,
                "ReleaseResourceReference",
                f"A{len(self.tracks) + 1}",
                ReleaseResourceType="SecondaryResource",
            )
        _sub(element, "ReleaseType", release.release_type)
        self._release_details(element)
        durations = [t.duration_ms for t in self.tracks]
        if durations and all(d is not None for d in durations):
            _sub(element, "Duration", format_iso_duration(sum(d or 0 for d in durations)))
        _line(element, "PLine", release.p_line)
        _line(element, "CLine", release.c_line)

    def _release_details(self, parent: etree._Element) -> None:
        release = self.bundle.release
        details = _sub(parent, "ReleaseDetailsByTerritory")
        _sub(details, "TerritoryCode", WORLDWIDE)
        if release.display_artist:
            _sub(details, "DisplayArtistName", release.display_artist)
        if release.label_name:
            _sub(details, "LabelName", release.label_name)
        _title(details, "Title", release.title, release.version_title, TitleType="DisplayTitle")
        self._artists(details, None)
        _sub(details, "ParentalWarningType", release.parental_advisory)
        group = _sub(details, "ResourceGroup")
        for index, track in enumerate(self.tracks, start=1):
            item = _sub(group, "ResourceGroupContentItem")
            _sub(item, "SequenceNumber", str(track.track_number or index))
            _sub(item, "ResourceType", "SoundRecording")
            _sub(
                item, "ReleaseResourceReference", f"A{index}", ReleaseResourceType="PrimaryResource"
            )
        _genre(details, release.genre, release.sub_genre)
        if release.release_date:
            _sub(details, "ReleaseDate", release.release_date.isoformat())
        if release.original_release_date:
            _sub(details, "OriginalReleaseDate", release.original_release_date.isoformat())

    def _deals(self, parent: etree._Element) -> None:
        release_deal = _sub(parent, "ReleaseDeal")
        _sub(release_deal, "DealReleaseReference", "R0")
        for deal in sorted(self.bundle.deals, key=_deal_order):
            self._deal(release_deal, deal)

    def _deal(self, parent: etree._Element, deal: Deal) -> None:
        terms = _sub(_sub(parent, "Deal"), "DealTerms")
        takedown = self.envelope.flow is Flow.TAKEDOWN
        if not takedown:
            for model in sorted(deal.commercial_models):
                _sub(terms, "CommercialModelType", model)
            usage = _sub(terms, "Usage")
            for use in sorted(deal.use_types):
                _sub(usage, "UseType", use)
        else:
            _sub(terms, "TakeDown", "true")
        if deal.excluded_territories and WORLDWIDE in deal.territories:
            for code in sorted(deal.excluded_territories):
                _sub(terms, "ExcludedTerritoryCode", code)
        else:
            for code in sorted(deal.territories):
                _sub(terms, "TerritoryCode", code)
        period = _sub(terms, "ValidityPeriod")
        if takedown and self.envelope.takedown_on is not None:
            _sub(period, "StartDate", self.envelope.takedown_on.isoformat())
            return
        _sub(period, "StartDate", deal.start_date.isoformat())
        if deal.end_date is not None:
            _sub(period, "EndDate", deal.end_date.isoformat())


def _title(parent: etree._Element, tag: str, title: str, version: str | None, **attrs: str) -> None:
    element = _sub(parent, tag, **attrs)
    _sub(element, "TitleText", title)
    if version:
        _sub(element, "SubTitle", version, SubTitleType="Version")


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


def _file(parent: etree._Element, packaged: PackagedFile) -> None:
    """ERN 3.8.2 File: FileName and FilePath (the folder relative to the message, with its
    trailing slash) and HashSum (MD5, hex); 3.8.2 has no FileSize, unlike 4.3."""
    folder, _, name = packaged.uri.rpartition("/")
    element = _sub(parent, "File")
    _sub(element, "FileName", name)
    if folder:
        _sub(element, "FilePath", f"{folder}/")
    hash_sum = _sub(element, "HashSum")
    _sub(hash_sum, "HashSum", packaged.md5)
    _sub(hash_sum, "HashSumAlgorithmType", "MD5")
    _sub(hash_sum, "HashSumDataType", "HexBinary")
