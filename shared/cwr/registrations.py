"""Read registration transactions (NWR, REV; WRK in 3.x) into works, writers, publishers, shares
and alternate titles, and say what could not be kept.

Pure: parties come out provisional (new ids, with their IPI numbers), and the import service
matches them against the catalog. Every record or field the catalog has no place for becomes a
``NotKept`` naming the line, the record and the value; a value that does not parse (an IPI with a
bad check digit, an unknown society or role) is reported the same way and left out, never
guessed. Values the catalog derives again when it writes CWR (version type, recorded indicator,
world collection shares equal to ownership, ``N`` flags) are not reported.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TypeVar
from uuid import UUID

from shared.cwr.model import WORLD_TIS
from shared.cwr.reader import ParsedCwr, Record, Transaction
from shared.cwr.writer import decimal_share
from shared.domain.identifiers import Identifier, IpiBaseNumber, IpiNameNumber, Isrc, Iswc
from shared.domain.parties import Party, PartyKind
from shared.domain.societies import Societies, society_code
from shared.domain.works import (
    MusicalWork,
    PublisherRole,
    Shares,
    WorkPublisher,
    WorkWriter,
    WriterRole,
)
from shared.errors import InvalidField

IdentifierT = TypeVar("IdentifierT", bound=Identifier)
REGISTRATION_TYPES = ("NWR", "REV", "WRK")
# fields each record maps, or that say nothing the catalog would lose (prefix, fillers, flags
# the writer derives or writes as N)
_STRUCTURAL = {
    "record_type",
    "transaction_sequence",
    "record_sequence",
    "filler",
    "blank",
    "constant",
    "constant1",
    "constant2",
    "trailer",
    "sequence",
    "publisher_sequence",
}
_MAPPED = {
    "work": {
        "work_title",
        "language_code",
        "iswc",
        "submitter_work_number",
        "version_type",
        "recorded_indicator",
        "music_arrangement",
        "lyric_adaptation",
    },
    "publisher": {
        "ip_number",
        "publisher_name",
        "unknown_indicator",
        "publisher_type",
        "ipi_name_number",
        "ipi_base_number",
        "pr_society",
        "mr_society",
        "sr_society",
        "pr_share",
        "mr_share",
        "sr_share",
    },
    "writer": {
        "ip_number",
        "last_name",
        "first_name",
        "unknown_indicator",
        "designation",
        "ipi_name_number",
        "ipi_base_number",
        "pr_society",
        "mr_society",
        "sr_society",
        "pr_share",
        "mr_share",
        "sr_share",
    },
    "ALT": {"title", "title_type"},
    "PWR": {"publisher_ip_number", "publisher_name", "writer_ip_number"},
    "REC": {"isrc"},
}
_DEFAULTS = {"", "N", "U", "0", "POP", "UNS"}
_PUBLISHER_RECORDS = ("SPU", "OPU")
_WRITER_RECORDS = ("SWR", "OWR")
_TERRITORY_RECORDS = ("SPT", "OPT", "SWT", "OWT")


@dataclass(frozen=True, slots=True)
class NotKept:
    """Something in the file the import could not keep: where, what, and why."""

    line: int
    record: str
    what: str

    def render(self) -> str:
        """``line 12, SPT: ...``."""
        return f"line {self.line}, {self.record}: {self.what}"


@dataclass
class RegisteredWork:
    """One work as the file registers it, with its provisional parties."""

    work: MusicalWork
    parties: dict[UUID, Party]
    submitter_work_number: str
    isrcs: list[tuple[int, Isrc]] = field(default_factory=list)  # REC (line, ISRC) to link
    line: int = 0


@dataclass
class RegistrationRead:
    """Everything read from a file's registration transactions."""

    works: list[RegisteredWork] = field(default_factory=list)
    not_kept: list[NotKept] = field(default_factory=list)


def read_registrations(parsed: ParsedCwr, partner_id: UUID) -> RegistrationRead:
    """Works of every NWR/REV (or 3.x WRK) transaction of ``parsed``."""
    result = RegistrationRead()
    for transaction in parsed.transactions(*REGISTRATION_TYPES):
        reading = _Reading(partner_id, parsed.version, result.not_kept)
        found = reading.work(transaction)
        if found is not None:
            result.works.append(found)
    return result


class _Reading:
    """State while one transaction is read."""

    def __init__(self, partner_id: UUID, version: str, not_kept: list[NotKept]) -> None:
        self.partner_id = partner_id
        self.v3 = version.startswith("3.")
        self.not_kept = not_kept
        self.parties: dict[UUID, Party] = {}
        self.by_ip: dict[str, UUID] = {}

    def note(self, record: Record, what: str) -> None:
        self.not_kept.append(NotKept(record.line, record.type, what))

    def unmapped_fields(self, record: Record, kind: str) -> None:
        for name, value in record.fields.items():
            value = value.strip()
            if name in _STRUCTURAL or name in _MAPPED.get(kind, set()):
                continue
            if value in _DEFAULTS or (value.isdigit() and not value.strip("0")):
                continue
            self.note(record, f"{name.replace('_', ' ')} {value!r} is not kept")

    def work(self, transaction: Transaction) -> RegisteredWork | None:
        header = transaction.header
        title = header.get("work_title")
        if not title:
            self.note(header, "the work has no title; the transaction was not imported")
            return None
        self.unmapped_fields(header, "work")
        publishers = [
            p
            for r in transaction.of_type(*_PUBLISHER_RECORDS)
            if (p := self.publisher(r, transaction))
        ]
        writers = [
            w for r in transaction.of_type(*_WRITER_RECORDS) if (w := self.writer(r, transaction))
        ]
        writers = list(self.link_publishers(transaction, writers))
        titles = [t for r in transaction.of_type("ALT") if (t := self.alternate_title(r))]
        self.territories(transaction)
        isrcs = [(r.line, i) for r in transaction.of_type("REC") if (i := self.recording(r))]
        for record in transaction.details:
            if record.type not in (
                *_PUBLISHER_RECORDS,
                *_WRITER_RECORDS,
                *_TERRITORY_RECORDS,
                "ALT",
                "PWR",
                "REC",
            ):
                self.note(record, f"{_RECORD_NAMES.get(record.type, 'the record')} is not kept")
        language = header.get("language_code") or None
        work = MusicalWork(
            uuid.uuid4(),
            self.partner_id,
            title,
            self.identifier(Iswc, header, "iswc"),
            tuple(dict.fromkeys(titles)),
            language.lower() if language else None,
            tuple(writers),
            tuple(publishers),
        )
        return RegisteredWork(
            work, self.parties, header.get("submitter_work_number"), isrcs, header.line
        )

    # ------------------------------------------------------------ interested parties

    def identifier(self, kind: type[IdentifierT], record: Record, name: str) -> IdentifierT | None:
        text = record.get(name)
        if not text or (text.isdigit() and not text.strip("0")):
            return None
        try:
            return kind.parse(text)
        except InvalidField as exc:
            self.note(record, f"{name.replace('_', ' ')} {exc.reason}; left out")
            return None

    def party(self, record: Record, name: str, kind: PartyKind) -> Party:
        ipi = self.identifier(IpiNameNumber, record, "ipi_name_number")
        base = self.identifier(IpiBaseNumber, record, "ipi_base_number")
        party = Party(
            uuid.uuid4(),
            self.partner_id,
            name,
            kind,
            ipi_name_number=ipi,
            ipi_base_number=base,
        )
        self.parties[party.id] = party
        if record.get("ip_number"):
            self.by_ip[record.get("ip_number")] = party.id
        return party

    def shares_and_societies(
        self, record: Record, transaction: Transaction
    ) -> tuple[Shares, Societies]:
        source = self.world_territory(record, transaction) if self.v3 else record
        if source is None:
            return Shares(), Societies()
        try:
            shares = Shares(*(decimal_share(source.get(f"{r}_share")) for r in ("pr", "mr", "sr")))
        except InvalidField as exc:
            self.note(record, f"{exc.reason}; the shares were left out")
            shares = Shares()
        values: list[str | None] = []
        for right in ("pr", "mr", "sr"):
            code = source.get(f"{right}_society")
            try:
                values.append(society_code(code) if code else None)
            except InvalidField as exc:
                self.note(record, f"{right.upper()} society: {exc.reason}; left out")
                values.append(None)
        return shares, Societies(*values)

    def world_territory(self, record: Record, transaction: Transaction) -> Record | None:
        """3.x: the territory record after ``record`` that carries its shares."""
        records = transaction.details
        index = records.index(record)
        for following in records[index + 1 :]:
            if following.type in _TERRITORY_RECORDS:
                return following
            if following.type in (*_PUBLISHER_RECORDS, *_WRITER_RECORDS):
                return None
        return None

    def publisher(self, record: Record, transaction: Transaction) -> WorkPublisher | None:
        name = record.get("publisher_name")
        if not name:
            self.note(record, "a publisher without a name (publisher unknown) is not kept")
            return None
        try:
            role = PublisherRole(record.get("publisher_type") or "E")
        except ValueError:
            self.note(
                record,
                f"publisher type {record.get('publisher_type')!r} is not a CWR "
                f"publisher type; {name} is not kept",
            )
            return None
        self.unmapped_fields(record, "publisher")
        party = self.party(record, name, PartyKind.ORGANIZATION)
        shares, societies = self.shares_and_societies(record, transaction)
        return WorkPublisher(
            party.id,
            party.name,
            role,
            shares,
            party.ipi_name_number,
            record.type == "SPU",
            societies,
        )

    def writer(self, record: Record, transaction: Transaction) -> WorkWriter | None:
        last, first = record.get("last_name"), record.get("first_name")
        name = " ".join(part for part in (first, last) if part)
        if not name:
            self.note(record, "a writer without a name (writer unknown) is not kept")
            return None
        try:
            role = WriterRole(record.get("designation") or "CA")
        except ValueError:
            self.note(
                record,
                f"writer designation {record.get('designation')!r} is not a CWR "
                f"writer designation; {name} is not kept",
            )
            return None
        self.unmapped_fields(record, "writer")
        party = self.party(record, name, PartyKind.PERSON)
        shares, societies = self.shares_and_societies(record, transaction)
        return WorkWriter(
            party.id,
            party.name,
            role,
            shares,
            party.ipi_name_number,
            record.type == "SWR",
            societies=societies,
        )

    def link_publishers(
        self, transaction: Transaction, writers: list[WorkWriter]
    ) -> Iterator[WorkWriter]:
        links: dict[UUID, UUID] = {}
        for record in transaction.of_type("PWR"):
            self.unmapped_fields(record, "PWR")
            writer_id = self.by_ip.get(record.get("writer_ip_number"))
            publisher_id = self.by_ip.get(record.get("publisher_ip_number"))
            if writer_id is None and not self.v3:
                # 2.0 files have no writer IP # on PWR: the PWR follows its SWR
                previous = [
                    r
                    for r in transaction.details[: transaction.details.index(record)]
                    if r.type in _WRITER_RECORDS
                ]
                writer_id = self.by_ip.get(previous[-1].get("ip_number")) if previous else None
            if writer_id is None or publisher_id is None:
                if record.get("publisher_ip_number"):
                    self.note(
                        record,
                        "the writer-publisher link names an IP number the "
                        "transaction does not declare; not kept",
                    )
                continue
            links[writer_id] = publisher_id
        for writer in writers:
            yield replace(writer, publisher_party_id=links.get(writer.party_id))

    # ------------------------------------------------------------ other details

    def alternate_title(self, record: Record) -> str | None:
        title = record.get("title")
        if not title:
            return None
        kind = record.get("title_type")
        if kind and kind != "AT":
            self.note(
                record,
                f"title type {kind} of {title!r} is not kept (kept as an alternate title, AT)",
            )
        if record.get("language_code"):
            self.note(record, f"language {record.get('language_code')} of {title!r} is not kept")
        return title

    def territories(self, transaction: Transaction) -> None:
        """Collection shares: the catalog keeps ownership; world collection equal to it is
        what the writer writes again, anything else is reported."""
        for record in transaction.of_type(*_TERRITORY_RECORDS):
            if self.v3:
                if record.get("tis_code") != str(WORLD_TIS) or record.get("inclusion") != "I":
                    self.note(
                        record,
                        f"shares for territory {record.get('inclusion')} "
                        f"{record.get('tis_code')} are not kept (world only)",
                    )
                continue
            owner = self.owner(record, transaction)
            same = owner is not None and all(
                decimal_share(record.get(f"{r}_share")) == decimal_share(owner.get(f"{r}_share"))
                for r in ("pr", "mr", "sr")
            )
            world = record.get("tis_code") == str(WORLD_TIS) and record.get("inclusion") == "I"
            if not (same and world):
                self.note(
                    record,
                    "collection shares for territory "
                    f"{record.get('inclusion')} {record.get('tis_code')} are not "
                    "kept: the catalog keeps ownership shares",
                )

    def owner(self, record: Record, transaction: Transaction) -> Record | None:
        records = transaction.details
        before = [
            r
            for r in records[: records.index(record)]
            if r.type in (*_PUBLISHER_RECORDS, *_WRITER_RECORDS)
        ]
        return before[-1] if before else None

    def recording(self, record: Record) -> Isrc | None:
        self.unmapped_fields(record, "REC")
        text = record.get("isrc")
        if not text:
            self.note(record, "a recording without an ISRC cannot be linked to a track; not kept")
            return None
        try:
            return Isrc.parse(text)
        except InvalidField as exc:
            self.note(record, f"ISRC {exc.reason}; not linked")
            return None


_RECORD_NAMES = {
    "PER": "the performing artist",
    "ORN": "the work origin",
    "VER": "the original work of this version",
    "OWK": "the original work of this version",
    "EWT": "the entire work of this excerpt",
    "INS": "the instrumentation",
    "IND": "the instrumentation detail",
    "COM": "the component",
    "ARI": "the additional related information",
    "XRF": "the cross reference",
    "NAT": "the non-Roman alternate title",
    "NPN": "the non-Roman publisher name",
    "NWN": "the non-Roman writer name",
    "NET": "the non-Roman entire work title",
    "NCT": "the non-Roman component title",
    "NVT": "the non-Roman original title",
    "NOW": "the non-Roman other writer name",
    "NPR": "the non-Roman performance data",
}
