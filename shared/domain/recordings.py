"""Sound recordings (DDEX SoundRecording, what users call a track) and their contributors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from shared.domain.codes import DISPLAY_ARTIST_ROLES, RESOURCE_CONTRIBUTOR_ROLES
from shared.domain.identifiers import Isrc
from shared.domain.music import MusicalKey
from shared.domain.provenance import Provenance, Source
from shared.domain.releases import CopyrightLine
from shared.errors import InvalidField

CONTRIBUTOR_ROLES = DISPLAY_ARTIST_ROLES | RESOURCE_CONTRIBUTOR_ROLES
# What people type -> the DDEX word (DDEX has no plain "Producer": it is StudioProducer).
_ROLE_ALIASES = {
    "producer": "StudioProducer",
    "artist": "MainArtist",
    "main": "MainArtist",
    "primary": "MainArtist",
    "featuring": "FeaturedArtist",
    "feat": "FeaturedArtist",
    "featured": "FeaturedArtist",
    "mixing engineer": "MixingEngineer",
    "mastering engineer": "MasteringEngineer",
    "vocals": "LeadVocalist",
}
_ROLES_BY_LOWER = {role.lower(): role for role in CONTRIBUTOR_ROLES}


def normalise_contributor_role(text: str) -> str:
    """The DDEX role for what a user or file wrote ("producer" -> "StudioProducer")."""
    key = " ".join(text.strip().lower().split())
    return _ROLE_ALIASES.get(key) or _ROLES_BY_LOWER.get(key.replace(" ", "")) or text.strip()


@dataclass(frozen=True, slots=True)
class Contributor:
    """A party credited on a recording, in a DDEX role (MainArtist, Producer, Mixer...)."""

    party_id: UUID
    name: str
    role: str
    sequence: int = 1
    share: float | None = None  # a split percentage where the contract gives one

    def __post_init__(self) -> None:
        if self.role not in CONTRIBUTOR_ROLES:
            raise InvalidField("role", f"{self.role!r} is not a DDEX contributor or artist role")
        if self.share is not None and not 0 <= self.share <= 100:
            raise InvalidField("share", f"{self.share} is not a percentage between 0 and 100")


@dataclass(frozen=True, slots=True)
class MasterSplit:
    """A rights holder's percentage of the master (the recording), kept apart from the song's."""

    party_id: UUID
    name: str
    share: Decimal

    def __post_init__(self) -> None:
        if not Decimal(0) < self.share <= Decimal(100):
            raise InvalidField("share", f"{self.share} is not a percentage above 0, at most 100")


def require_whole_master_splits(track: SoundRecording) -> None:
    """A person's save: the master splits total exactly 100.00%, or there are none yet."""
    total = sum((split.share for split in track.master_splits), Decimal(0))
    if track.master_splits and total != Decimal(100):
        raise InvalidField(
            "master_splits",
            f"the master splits total {total:.2f}%; they must total exactly 100.00%",
        )
    holders = [split.party_id for split in track.master_splits]
    if len(holders) != len(set(holders)):
        raise InvalidField("master_splits", "a rights holder is listed twice; give one share each")


VOCALS = ("vocal", "instrumental")
# ERN 4.3 deprecates SoundRecording/IsInstrumental and recommends against it; a recording without
# words is said with LanguageOfPerformance "zxx" (BCP 47 / ISO 639-2: no linguistic content)
NO_LINGUISTIC_CONTENT = "zxx"
# an AI reading under this (the default "low AI confidence" mark) stays out of deliveries until a
# person accepts it
DELIVERABLE_AI_CONFIDENCE = 0.80
VOCAL_GENDERS = ("female", "male", "mixed")
ERA_HINTS = ("1960s", "1970s", "1980s", "1990s", "2000s")  # musicnn's decade tags
PREVIEW_LENGTH_S = 30.0  # the suggested preview clip's length (preview_start_s is its start)
MAX_PREVIEW_START_S = 86400.0


@dataclass(frozen=True, slots=True)
class SoundRecording:
    """DDEX SoundRecording: one recorded performance, identified by its ISRC."""

    id: UUID
    partner_id: UUID
    title: str
    isrc: Isrc | None = None
    version_title: str | None = None  # "Radio Edit", "Live", "2011 Remaster"
    display_artist: str | None = None
    duration_ms: int | None = None
    release_id: UUID | None = None
    work_id: UUID | None = None
    asset_id: UUID | None = None
    contributors: tuple[Contributor, ...] = ()
    genre: str | None = None
    sub_genre: str | None = None
    moods: tuple[str, ...] = ()
    bpm: float | None = None
    key: MusicalKey | None = None
    explicit: bool | None = None
    language: str | None = None  # ISO 639 code of the lyrics
    p_line: CopyrightLine | None = None
    disc_number: int | None = None
    track_number: int | None = None
    status: str = "draft"
    provenance: dict[str, Provenance] = field(default_factory=dict, compare=False)
    vocals: str | None = None  # VOCALS: sung or instrumental
    vocal_gender: str | None = None  # VOCAL_GENDERS: who sings (vocal tracks)
    preview_start_s: float | None = None  # where a PREVIEW_LENGTH_S preview clip starts
    master_splits: tuple[MasterSplit, ...] = ()  # who owns the recording (not the song: the work)
    era_hint: str | None = None  # ERA_HINTS: the decade it sounds like (AI only; not a date)

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise InvalidField("title", "a track needs a title")
        if self.vocals is not None and self.vocals not in VOCALS:
            raise InvalidField("vocals", f"{self.vocals!r} is not one of {', '.join(VOCALS)}")
        if self.vocal_gender is not None and self.vocal_gender not in VOCAL_GENDERS:
            raise InvalidField(
                "vocal_gender", f"{self.vocal_gender!r} is not one of {', '.join(VOCAL_GENDERS)}"
            )
        if self.era_hint is not None and self.era_hint not in ERA_HINTS:
            raise InvalidField(
                "era_hint", f"{self.era_hint!r} is not one of {', '.join(ERA_HINTS)}"
            )
        if self.preview_start_s is not None and not (
            0.0 <= self.preview_start_s < MAX_PREVIEW_START_S
        ):
            raise InvalidField("preview_start_s", "must be a number of seconds from 0")
        if self.duration_ms is not None and self.duration_ms < 0:
            raise InvalidField("duration_ms", "cannot be negative")
        for name in ("disc_number", "track_number"):
            number = getattr(self, name)
            if number is not None and number < 1:
                raise InvalidField(name, f"{number} is not a position (they start at 1)")

    @property
    def parental_warning(self) -> str:
        """The DDEX ParentalWarningType for ``explicit``."""
        if self.explicit is None:
            return "NoAdviceAvailable"
        return "Explicit" if self.explicit else "NotExplicit"


Track = SoundRecording  # the word users say


@dataclass(frozen=True, slots=True)
class TrackListFacts:
    """What the track grid shows beside a track's own fields: its release's title, when the
    track last changed."""

    release_title: str | None
    updated_at: datetime


def deliverable_vocals(track: SoundRecording) -> str | None:
    """The track's ``vocals`` when a delivery may state it: set by a person, an import or a
    tag, or by the AI at DELIVERABLE_AI_CONFIDENCE or more; else None."""
    source = track.provenance.get("vocals")
    if (
        source is not None
        and source.source is Source.AI
        and (source.confidence or 0.0) < DELIVERABLE_AI_CONFIDENCE
    ):
        return None
    return track.vocals


def language_of_performance(track: SoundRecording) -> str | None:
    """What an ERN 4.3 message says the performance's language is: the track's language, else
    ``zxx`` for a deliverable instrumental, else nothing."""
    if track.language:
        return track.language
    return NO_LINGUISTIC_CONTENT if deliverable_vocals(track) == "instrumental" else None
