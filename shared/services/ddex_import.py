"""Write a release read from a DDEX message into the catalog, matching what is already there.

Parties match by ISNI, IPI or DPID, else by name; the release by id, else UPC; tracks by id,
else ISRC; works by ISWC. Matched objects keep their ids and get the message's values; new ones
keep the message's ids when free. Every value carries ``import`` provenance. A value a person set
on a matched release or track stays (as in a CSV import) unless the import is told to
overwrite: each one the message would have changed is noted for the report. The caller's unit
of work makes one release all-or-nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from shared.domain.audit import Actor, AuditEvent, RetentionClass
from shared.domain.bundles import ReleaseBundle
from shared.domain.deals import Deal
from shared.domain.parties import Party
from shared.domain.provenance import Provenance, Source
from shared.domain.recordings import SoundRecording
from shared.domain.releases import CopyrightLine, Release
from shared.domain.works import MusicalWork
from shared.unit_of_work import UnitOfWork

_RELEASE_FIELDS = (
    "title",
    "release_type",
    "version_title",
    "upc",
    "grid",
    "catalog_number",
    "display_artist",
    "label_name",
    "release_date",
    "original_release_date",
    "p_line",
    "c_line",
    "genre",
    "sub_genre",
    "parental_advisory",
)
_TRACK_FIELDS = (
    "title",
    "isrc",
    "version_title",
    "display_artist",
    "duration_ms",
    "genre",
    "sub_genre",
    "explicit",
    "language",
    "p_line",
    "disc_number",
    "track_number",
    "contributors",
    "work_id",
    "release_id",
    "preview_start_s",
    "vocals",
)


@dataclass
class SaveCounts:
    """What one release import did."""

    releases_created: int = 0
    releases_updated: int = 0
    tracks_created: int = 0
    tracks_updated: int = 0
    works_created: int = 0
    parties_created: int = 0
    deals: int = 0
    release_ids: list[str] = field(default_factory=list)
    not_kept: list[tuple[str, str]] = field(default_factory=list)  # (where, why): for the report

    def add(self, other: SaveCounts) -> None:
        """Sum another release's counts into these."""
        for name in (
            "releases_created",
            "releases_updated",
            "tracks_created",
            "tracks_updated",
            "works_created",
            "parties_created",
            "deals",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.release_ids.extend(other.release_ids)
        self.not_kept.extend(other.not_kept)


_V = TypeVar("_V")


def _provenance(names: tuple[str, ...], obj: object, stamp: Provenance) -> dict[str, Provenance]:
    return {name: stamp for name in names if getattr(obj, name) not in (None, (), "")}


_LINKS = frozenset({"release_id", "work_id"})
"""Where the message places a track, not a value of it: never kept back for a person."""


def _shown(value: object) -> str:
    if isinstance(value, CopyrightLine):
        return f"({value.year}) {value.text}" if value.year else value.text
    if isinstance(value, tuple):
        return f"{len(value)} entr{'y' if len(value) == 1 else 'ies'}"
    return str(value)


def _first_set(incoming: _V | None, existing: _V | None) -> _V | None:
    """A message's value replaces the catalog's; a message without one leaves it."""
    return incoming if incoming is not None else existing


class BundleImporter:
    """Upserts one ReleaseBundle inside an open unit of work."""

    def __init__(
        self,
        uow: UnitOfWork,
        partner_id: UUID,
        *,
        now: datetime,
        actor: Actor,
        detail: str,
        keep_person_values: bool = True,
    ) -> None:
        self._uow = uow
        self._keep_person_values = keep_person_values
        self._reads = uow.delivery_reads
        self._partner = partner_id
        self._now = now
        self._actor = actor
        self._stamp = Provenance(Source.IMPORT, now, actor.id, detail=detail)
        self._party_ids: dict[UUID, UUID] = {}
        self.counts = SaveCounts()

    def save(self, bundle: ReleaseBundle) -> SaveCounts:
        """Write the bundle; the counts of what was created and updated."""
        for party in bundle.parties:
            self._party_ids[party.id] = self._party(party)
        release_id = self._release(bundle)
        work_ids = {work.id: self._work(work) for work in bundle.works}
        for track in bundle.tracks:
            self._track(track, release_id, work_ids)
        self._deals(bundle, release_id)
        self._uow.audit.append(
            [
                AuditEvent(
                    uuid.uuid4(),
                    self._now,
                    "ddex.import",
                    self._actor,
                    RetentionClass.DDEX,
                    self._partner,
                    "release",
                    release_id,
                    detail={"source": self._stamp.detail, "tracks": len(bundle.tracks)},
                )
            ]
        )
        self.counts.release_ids.append(str(release_id))
        return self.counts

    def _person_values(
        self,
        where: str,
        existing: Release | SoundRecording,
        incoming: Release | SoundRecording,
        names: tuple[str, ...],
    ) -> dict[str, Any]:
        """The stored values a person set, kept over the message's (none when told to
        overwrite); each the message would have changed is noted for the report."""
        if not self._keep_person_values:
            return {}
        kept: dict[str, Any] = {}
        for name in names:
            source = existing.provenance.get(name)
            if name in _LINKS or source is None or source.source is not Source.HUMAN:
                continue
            stored, offered = getattr(existing, name), getattr(incoming, name)
            kept[name] = stored
            if offered not in (None, (), "") and offered != stored:
                self.counts.not_kept.append(
                    (
                        f"{where} {name}",
                        f"a person set {_shown(stored) if stored is not None else 'nothing'}; "
                        f"the message's {_shown(offered)} was kept out "
                        "(choose overwrite to apply it)",
                    )
                )
        return kept

    def _party(self, party: Party) -> UUID:
        existing = self._reads.matching_party(self._partner, party)
        if existing is not None:
            merged = replace(
                existing,
                isni=existing.isni or party.isni,
                ipi_name_number=existing.ipi_name_number or party.ipi_name_number,
                dpid=existing.dpid or party.dpid,
            )
            if merged != existing:
                self._uow.parties.save(merged, now=self._now)
            return existing.id
        new_id = (
            party.id if not self._reads.id_taken("party", self._partner, party.id) else uuid.uuid4()
        )
        created = replace(
            party, id=new_id, partner_id=self._partner, provenance={"name": self._stamp}
        )
        self._uow.parties.add(created, now=self._now)
        self.counts.parties_created += 1
        return new_id

    def _release(self, bundle: ReleaseBundle) -> UUID:
        incoming = bundle.release
        existing = self._uow.releases.find(self._partner, incoming.id)
        if existing is None and incoming.upc is not None:
            found = self._uow.releases.find_by_upc(self._partner, incoming.upc)
            existing = found[0] if found else None
        if existing is not None:
            where = f"release {existing.upc or existing.id}"
            kept = self._person_values(where, existing, incoming, _RELEASE_FIELDS)
            stamps = _provenance(_RELEASE_FIELDS, incoming, self._stamp)
            updated = replace(
                incoming,
                id=existing.id,
                partner_id=self._partner,
                artwork=existing.artwork,
                status=existing.status,
                territories=existing.territories,
                provenance={
                    **existing.provenance,
                    **{name: stamp for name, stamp in stamps.items() if name not in kept},
                },
            )
            self._uow.releases.save(replace(updated, **kept), now=self._now)
            self.counts.releases_updated += 1
            return existing.id
        new_id = (
            incoming.id
            if not self._reads.id_taken("release", self._partner, incoming.id)
            else uuid.uuid4()
        )
        self._uow.releases.add(
            replace(
                incoming,
                id=new_id,
                partner_id=self._partner,
                provenance=_provenance(_RELEASE_FIELDS, incoming, self._stamp),
            ),
            now=self._now,
        )
        self.counts.releases_created += 1
        return new_id

    def _work(self, work: MusicalWork) -> UUID:
        if work.iswc is not None:
            found = self._uow.works.find_by_iswc(self._partner, work.iswc)
            if found:
                return found[0].id
        new_id = (
            work.id if not self._reads.id_taken("work", self._partner, work.id) else uuid.uuid4()
        )
        writers = tuple(
            replace(w, party_id=self._party_ids.get(w.party_id, w.party_id)) for w in work.writers
        )
        self._uow.works.add(
            replace(
                work,
                id=new_id,
                partner_id=self._partner,
                writers=writers,
                provenance={"title": self._stamp, "iswc": self._stamp},
            ),
            now=self._now,
        )
        self.counts.works_created += 1
        return new_id

    def _track(self, track: SoundRecording, release_id: UUID, work_ids: dict[UUID, UUID]) -> None:
        contributors = tuple(
            replace(c, party_id=self._party_ids.get(c.party_id, c.party_id))
            for c in track.contributors
        )
        incoming = replace(
            track,
            partner_id=self._partner,
            release_id=release_id,
            contributors=contributors,
            work_id=work_ids.get(track.work_id) if track.work_id else None,
        )
        existing = self._uow.tracks.find(self._partner, track.id)
        if existing is None and track.isrc is not None:
            found = self._uow.tracks.find_by_isrc(self._partner, track.isrc)
            existing = found[0] if found else None
        stamps = _provenance(_TRACK_FIELDS, incoming, self._stamp)
        if existing is not None:
            where = f"track {existing.isrc or existing.id}"
            kept = self._person_values(where, existing, incoming, _TRACK_FIELDS)
            stamps = {name: stamp for name, stamp in stamps.items() if name not in kept}
            updated = replace(
                incoming,
                id=existing.id,
                asset_id=existing.asset_id,
                bpm=existing.bpm,
                key=existing.key,
                moods=existing.moods,
                # a message that says instrumental or not wins (LanguageOfPerformance zxx,
                # IsInstrumental); ERN has no vocal gender: the catalog's stays
                vocals=_first_set(incoming.vocals, existing.vocals),
                vocal_gender=existing.vocal_gender,
                preview_start_s=_first_set(incoming.preview_start_s, existing.preview_start_s),
                status=existing.status,
                work_id=incoming.work_id or existing.work_id,
                provenance={**existing.provenance, **stamps},
            )
            updated = replace(updated, **kept)
            self._uow.tracks.save(updated, now=self._now)
            if "contributors" not in kept:
                self._uow.tracks.replace_contributors(updated, now=self._now)
            self.counts.tracks_updated += 1
            return
        new_id = (
            track.id if not self._reads.id_taken("track", self._partner, track.id) else uuid.uuid4()
        )
        self._uow.tracks.add(replace(incoming, id=new_id, provenance=stamps), now=self._now)
        self.counts.tracks_created += 1

    def _deals(self, bundle: ReleaseBundle, release_id: UUID) -> None:
        """The message's deals replace the release's deals; a deal with the same DealReference,
        or the same terms (3.8.2 has no DealReference), is kept as it is."""
        current = {d.id: d for d in self._uow.deals.of_release(self._partner, release_id)}
        for deal in bundle.deals:
            placed = replace(
                deal,
                partner_id=self._partner,
                release_id=release_id,
                provenance={"deal": self._stamp},
            )
            same_terms = next((d for d in current.values() if _terms(d) == _terms(deal)), None)
            if deal.id in current:
                self._uow.deals.save(placed, now=self._now)
                current.pop(deal.id)
            elif same_terms is not None:
                current.pop(same_terms.id)
            else:
                taken = self._reads.id_taken("deal", self._partner, deal.id)
                self._uow.deals.add(
                    replace(placed, id=uuid.uuid4()) if taken else placed, now=self._now
                )
            self.counts.deals += 1
        for stale in current:
            self._uow.deals.soft_delete(self._partner, stale, now=self._now)


def _terms(deal: Deal) -> tuple[object, ...]:
    return (
        deal.commercial_models,
        deal.use_types,
        deal.territories,
        deal.excluded_territories,
        deal.start_date,
        deal.end_date,
    )
