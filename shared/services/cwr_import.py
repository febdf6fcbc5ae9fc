"""Write the works of a CWR registration file (NWR/REV, 3.x WRK) into the catalog.

Parties match by IPI name number, else by name (as DDEX imports match them); a work matches by
ISWC, else by the submitter work number of one of our own submissions (or our id prefix), else it
is new. A matched work takes the file's title, writers, publishers, shares, societies and
alternate titles: a registration (REV above all) carries the work's complete data. REC records
link the work to the catalog's track with that ISRC when the track has no work yet. Everything the
catalog could not keep is in ``RegistrationRead.not_kept`` for the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

from shared.cwr.registrations import NotKept, RegisteredWork, RegistrationRead
from shared.domain.parties import Party
from shared.domain.provenance import Provenance, Source
from shared.unit_of_work import UnitOfWork


@dataclass
class RegistrationCounts:
    """What one registration file did."""

    works_created: int = 0
    works_updated: int = 0
    parties_created: int = 0
    tracks_linked: int = 0
    not_kept: list[NotKept] = field(default_factory=list)

    def as_counts(self) -> dict[str, int]:
        """The counts of a status document."""
        return {
            "works_created": self.works_created,
            "works_updated": self.works_updated,
            "parties_created": self.parties_created,
            "tracks_linked": self.tracks_linked,
            "not_kept": len(self.not_kept),
        }


class RegistrationImporter:
    """Upserts registered works inside an open unit of work."""

    def __init__(
        self, uow: UnitOfWork, partner_id: UUID, *, now: datetime, actor_id: str, detail: str
    ) -> None:
        self._uow = uow
        self._reads = uow.delivery_reads
        self._partner = partner_id
        self._now = now
        self._stamp = Provenance(Source.IMPORT, now, actor_id, detail=detail)
        self.counts = RegistrationCounts()

    def save(self, read: RegistrationRead) -> RegistrationCounts:
        """Write every work of ``read``."""
        self.counts.not_kept.extend(read.not_kept)
        for registered in read.works:
            self._work(registered)
        return self.counts

    def _work(self, registered: RegisteredWork) -> None:
        ids = {old: self._party(party) for old, party in registered.parties.items()}
        incoming = registered.work
        work = replace(
            incoming,
            writers=tuple(
                replace(
                    w,
                    party_id=ids[w.party_id],
                    publisher_party_id=ids.get(w.publisher_party_id)
                    if w.publisher_party_id
                    else None,
                )
                for w in incoming.writers
            ),
            publishers=tuple(replace(p, party_id=ids[p.party_id]) for p in incoming.publishers),
        )
        stamps = {name: self._stamp for name in ("title", "iswc", "writers", "publishers")}
        existing_id = self._existing(registered)
        if existing_id is not None:
            current = self._uow.works.get(self._partner, existing_id)
            updated = replace(
                work,
                id=current.id,
                iswc=work.iswc or current.iswc,
                language=work.language or current.language,
                registration_status=current.registration_status,
                provenance={**current.provenance, **stamps},
            )
            self._uow.works.save(updated, now=self._now)
            self._uow.works.replace_interested_parties(updated)
            self.counts.works_updated += 1
            work_id = current.id
        else:
            taken = self._reads.id_taken("work", self._partner, work.id)
            assert not taken  # a fresh uuid4
            self._uow.works.add(replace(work, provenance=stamps), now=self._now)
            self.counts.works_created += 1
            work_id = work.id
        self._link_tracks(registered, work_id)

    def _existing(self, registered: RegisteredWork) -> UUID | None:
        work = registered.work
        if work.iswc is not None:
            found = self._uow.works.find_by_iswc(self._partner, work.iswc)
            if found:
                return found[0].id
        number = registered.submitter_work_number
        if not number:
            return None
        work_id = self._uow.registrations.find_work(self._partner, number)
        if work_id is None or self._uow.works.find(self._partner, work_id) is None:
            return None
        return work_id

    def _party(self, party: Party) -> UUID:
        existing = self._reads.matching_party(self._partner, party)
        if existing is not None:
            merged = replace(
                existing,
                ipi_name_number=existing.ipi_name_number or party.ipi_name_number,
                ipi_base_number=existing.ipi_base_number or party.ipi_base_number,
            )
            if merged != existing:
                self._uow.parties.save(merged, now=self._now)
            return existing.id
        self._uow.parties.add(replace(party, provenance={"name": self._stamp}), now=self._now)
        self.counts.parties_created += 1
        return party.id

    def _link_tracks(self, registered: RegisteredWork, work_id: UUID) -> None:
        for line, isrc in registered.isrcs:
            tracks = self._uow.tracks.find_by_isrc(self._partner, isrc)
            if not tracks:
                self.counts.not_kept.append(
                    NotKept(line, "REC", f"no track has ISRC {isrc}; not linked")
                )
            for track in tracks:
                if track.work_id not in (None, work_id):
                    self.counts.not_kept.append(
                        NotKept(
                            line,
                            "REC",
                            f"track {isrc} already belongs to another work; not linked",
                        )
                    )
                    continue
                if track.work_id is None:
                    linked = replace(
                        track,
                        work_id=work_id,
                        provenance={**track.provenance, "work_id": self._stamp},
                    )
                    self._uow.tracks.save(linked, now=self._now)
                    self.counts.tracks_linked += 1
