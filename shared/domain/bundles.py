"""A release with everything a delivery needs: tracks, deals, parties, works and audio assets."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.domain.assets import Asset
from shared.domain.deals import Deal
from shared.domain.parties import Party
from shared.domain.recordings import SoundRecording
from shared.domain.releases import Release
from shared.domain.works import MusicalWork


@dataclass(frozen=True, slots=True)
class ReleaseBundle:
    """What one DDEX message (or one delivery check) is about."""

    release: Release
    tracks: tuple[SoundRecording, ...]
    deals: tuple[Deal, ...] = ()
    parties: tuple[Party, ...] = ()  # contributors' parties, for their identifiers
    works: tuple[MusicalWork, ...] = ()  # the works recorded, for ISWCs and writers
    assets: tuple[Asset, ...] = ()  # the tracks' audio, for technical facts

    def ordered_tracks(self) -> list[SoundRecording]:
        """Tracks in disc and track order (unnumbered ones last, by title)."""
        return sorted(
            self.tracks,
            key=lambda t: (t.disc_number or 1, t.track_number or 10**6, t.title, str(t.id)),
        )

    def party(self, party_id: UUID) -> Party | None:
        """A party of the bundle by id."""
        return next((p for p in self.parties if p.id == party_id), None)

    def party_named(self, name: str) -> Party | None:
        """A party of the bundle by name (case-insensitive)."""
        wanted = name.strip().lower()
        return next((p for p in self.parties if p.name.strip().lower() == wanted), None)

    def work(self, work_id: UUID | None) -> MusicalWork | None:
        """A work of the bundle by id."""
        return next((w for w in self.works if w.id == work_id), None) if work_id else None

    def asset(self, asset_id: UUID | None) -> Asset | None:
        """An asset of the bundle by id."""
        return next((a for a in self.assets if a.id == asset_id), None) if asset_id else None
