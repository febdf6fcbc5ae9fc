"""Building a release's tracklist: create a release from tracks, add and remove a track, set
every track's disc and number at once (which is also how a tracklist is reordered).

A track sits on at most one release (its ``release_id``). Each operation is one transaction and
one undoable change set of track edits, made through the catalog service so provenance (a
person's), audit and undo work as for any PATCH. A track taken from another release leaves that
release's disc renumbered without a gap, in the same change set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from shared.domain.audit import Actor
from shared.domain.recordings import SoundRecording
from shared.domain.releases import Release
from shared.domain.tracklists import (
    TrackPosition,
    appended,
    checked_positions,
    numbered_in_order,
    without,
)
from shared.errors import InvalidField
from shared.services.catalog import CatalogService
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Tracklist:
    """A release's tracks in disc and track order, and the change that made it (if one did)."""

    release: Release
    tracks: list[SoundRecording]
    change_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class ReleaseBuilt:
    """A release created from tracks: the release's own change and its tracklist's."""

    release_change_id: UUID
    tracklist: Tracklist


class TracklistService:
    """Tracklist reads and edits for the REST API."""

    def __init__(self, uow: Callable[[], UnitOfWork], catalog: CatalogService) -> None:
        self._uow = uow
        self._catalog = catalog

    def tracklist(self, partner_id: UUID, release_id: UUID) -> Tracklist:
        """The release's tracks in order; NotFound for a release not the partner's."""
        with self._uow() as uow:
            release = uow.releases.get(partner_id, release_id)
            return Tracklist(release, uow.tracks.of_release(partner_id, release_id))

    def create_release(
        self,
        partner_id: UUID,
        values: dict[str, Any],
        track_ids: Sequence[UUID],
        *,
        actor: Actor,
        now: datetime,
    ) -> ReleaseBuilt:
        """A new release holding ``track_ids`` in that order on disc 1 (all or nothing)."""
        positions = numbered_in_order(track_ids)
        with self._uow() as uow:
            self._tracks_of(uow, partner_id, track_ids, "track_ids")
            created = self._catalog.create_within(
                uow, "release", partner_id, values, actor=actor, now=now
            )
            release = created.objects[0]
            change_id = self._place(uow, partner_id, release.id, positions, actor, now)
            built = Tracklist(release, uow.tracks.of_release(partner_id, release.id), change_id)
        return ReleaseBuilt(created.change_id, built)

    def add_track(
        self,
        partner_id: UUID,
        release_id: UUID,
        track_id: UUID,
        *,
        disc_number: int,
        track_number: int | None,
        actor: Actor,
        now: datetime,
    ) -> Tracklist:
        """Put a track on the release (from another release, if it was on one)."""
        with self._uow() as uow:
            uow.releases.get(partner_id, release_id)
            (track,) = self._tracks_of(uow, partner_id, [track_id], "track_id")
            if track.release_id == release_id:
                raise InvalidField("track_id", f"track {track_id} is already on this release")
            current = positions_of(uow.tracks.of_release(partner_id, release_id))
            wanted = appended(current, track_id, disc_number=disc_number, track_number=track_number)
            change_id = self._place(uow, partner_id, release_id, wanted, actor, now)
            return self._read(uow, partner_id, release_id, change_id)

    def remove_track(
        self, partner_id: UUID, release_id: UUID, track_id: UUID, *, actor: Actor, now: datetime
    ) -> Tracklist:
        """Take a track off the release; the tracks after it on its disc move up one."""
        with self._uow() as uow:
            uow.releases.get(partner_id, release_id)
            on_release = uow.tracks.of_release(partner_id, release_id)
            wanted = without(positions_of(on_release), track_id)
            values = _moved(on_release, wanted, release_id)
            values[track_id] = {"release_id": None, "disc_number": None, "track_number": None}
            change_id = self._write(uow, partner_id, values, actor, now)
            return self._read(uow, partner_id, release_id, change_id)

    def set_positions(
        self,
        partner_id: UUID,
        release_id: UUID,
        positions: Sequence[TrackPosition],
        *,
        actor: Actor,
        now: datetime,
    ) -> Tracklist:
        """Give every track of the release its disc and number (a reorder is one of these)."""
        with self._uow() as uow:
            uow.releases.get(partner_id, release_id)
            on_release = uow.tracks.of_release(partner_id, release_id)
            wanted = checked_positions(positions, {t.id for t in on_release})
            values = _moved(on_release, wanted, release_id)
            change_id = self._write(uow, partner_id, values, actor, now) if values else None
            return self._read(uow, partner_id, release_id, change_id)

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _tracks_of(
        uow: UnitOfWork, partner_id: UUID, track_ids: Sequence[UUID], field: str
    ) -> list[SoundRecording]:
        found = {t.id: t for t in uow.tracks.find_many(partner_id, list(track_ids))}
        for index, track_id in enumerate(track_ids):
            if track_id not in found:
                where = f"{field}[{index}]" if field.endswith("s") else field
                raise InvalidField(where, f"track {track_id} not found")
        return [found[track_id] for track_id in track_ids]

    def _place(
        self,
        uow: UnitOfWork,
        partner_id: UUID,
        release_id: UUID,
        wanted: Sequence[TrackPosition],
        actor: Actor,
        now: datetime,
    ) -> UUID:
        """Write ``wanted`` for the release, closing the gaps left on the tracks' old releases."""
        incoming = uow.tracks.find_many(partner_id, [p.track_id for p in wanted])
        values = _moved(incoming, wanted, release_id)
        for old_release in {t.release_id for t in incoming} - {None, release_id}:
            assert old_release is not None
            left = uow.tracks.of_release(partner_id, old_release)
            after = positions_of(left)
            for track in incoming:
                if track.release_id == old_release:
                    after = without(after, track.id)
            values |= _moved(left, after, old_release)
        return self._write(uow, partner_id, values, actor, now)

    def _write(
        self,
        uow: UnitOfWork,
        partner_id: UUID,
        values: dict[UUID, dict[str, Any]],
        actor: Actor,
        now: datetime,
    ) -> UUID:
        changed = self._catalog.update_within(
            uow, "track", partner_id, values, action="tracklist", actor=actor, now=now,
            detail="tracklist",
        )  # fmt: skip
        return changed.change_id

    @staticmethod
    def _read(
        uow: UnitOfWork, partner_id: UUID, release_id: UUID, change_id: UUID | None
    ) -> Tracklist:
        release = uow.releases.get(partner_id, release_id)
        return Tracklist(release, uow.tracks.of_release(partner_id, release_id), change_id)


def positions_of(tracks: Sequence[SoundRecording]) -> list[TrackPosition]:
    """Where tracks sit now (in disc and track order); a track without numbers goes on disc 1
    (or its disc) after the last numbered one."""
    last: dict[int, int] = {}
    positions = []
    for track in sorted(tracks, key=lambda t: (t.disc_number or 1, t.track_number or 10**6)):
        disc = track.disc_number or 1
        number = track.track_number or last.get(disc, 0) + 1
        last[disc] = max(last.get(disc, 0), number)
        positions.append(TrackPosition(track.id, disc, number))
    return positions


def _moved(
    tracks: Sequence[SoundRecording], wanted: Sequence[TrackPosition], release_id: UUID
) -> dict[UUID, dict[str, Any]]:
    """The edits that put ``tracks`` where ``wanted`` says (only tracks whose stored place
    differs: another release, or a disc or number changed or never set)."""
    stored = {t.id: (t.release_id, t.disc_number, t.track_number) for t in tracks}
    return {
        p.track_id: {
            "release_id": str(release_id),
            "disc_number": p.disc_number,
            "track_number": p.track_number,
        }
        for p in wanted
        if stored.get(p.track_id) != (release_id, p.disc_number, p.track_number)
    }
