"""The work of one import, by file format: flat rows (COPY), DDEX messages, CWR acknowledgements.

Each runner reads its file as a stream, writes every problem to the report as it goes (memory
stays flat), and applies the result in one transaction; all-or-nothing rolls back on any invalid
row, skip-invalid applies the rest, a dry run rolls back after computing what would change.
"""

from __future__ import annotations

import csv
import io
import logging
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import IO, Any
from uuid import UUID

from shared.batch.fields import Cell
from shared.batch.mapping import ColumnMapping, detect_mapping, override_mapping, why_ignored
from shared.batch.rows import RowParser, RowProblem
from shared.batch.sources import (
    PROBLEM,
    PROBLEM_FIELD,
    CsvSource,
    FileFormat,
    FileProblem,
    json_array,
    json_lines,
    listed,
)
from shared.cwr.checks import acknowledgements, check_cwr
from shared.cwr.model import STATUS_TEXT, Acknowledgement
from shared.cwr.reader import ParsedCwr
from shared.cwr.registrations import read_registrations
from shared.domain.audit import Actor, AuditEvent, RetentionClass
from shared.domain.identifiers import Iswc
from shared.domain.provenance import Provenance, Source
from shared.domain.records import ImportStamp
from shared.ern.coverage import not_kept_43
from shared.ern.readers import read_ern43, read_ern382
from shared.ern.safe_xml import MalformedXml, UnsafeXml, parse_xml
from shared.ern.schemas import detect_version
from shared.ern.validation import ErnValidator
from shared.errors import InvalidInput
from shared.services.cwr_import import RegistrationCounts, RegistrationImporter
from shared.services.ddex_import import BundleImporter, SaveCounts
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000
FIRST_ERRORS = 20
# what a store needs but a catalog import does not: cover art, deals, real sender/recipient ids
DELIVERY_ONLY_RULES = frozenset({"ddex-1053", "ddex.deal", "ddex.dpid"})
CHUNK_ROWS = 2000
_REGISTRATION_STATUS = {
    "AS": "registered",
    "AC": "registered with changes",
    "RA": "accepted",
    "RJ": "rejected",
    "CO": "in conflict",
    "DU": "duplicate",
    "NP": "no participation",
    "RC": "claim rejected",
}


class ImportMode(StrEnum):
    """What happens to the valid rows when some are invalid."""

    ALL_OR_NOTHING = "all_or_nothing"
    SKIP_INVALID = "skip_invalid"


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Choices made when starting an import."""

    mode: ImportMode = ImportMode.ALL_OR_NOTHING
    dry_run: bool = False
    mapping: dict[str, str | None] = field(default_factory=dict)  # column -> field (None: ignore)
    encoding: str | None = None
    delimiter: str | None = None
    keep_person_values: bool = True  # values a person set on a track stay unless told otherwise


class Rejected(Exception):
    """Rolls an import back: invalid rows in all-or-nothing mode, or a dry run."""

    def __init__(self, counts: dict[str, int] | None = None) -> None:
        super().__init__("rolled back")
        self.counts = counts or {}


@dataclass
class RunState:
    """Counts, the report and the first errors of one run."""

    report: IO[str]
    tick: Callable[[int], None]
    rows: int = 0
    invalid: int = 0
    first_errors: list[dict[str, Any]] = field(default_factory=list)
    not_kept: int = 0
    first_not_kept: list[dict[str, Any]] = field(default_factory=list)
    changed: int = 0
    first_changed: list[dict[str, Any]] = field(default_factory=list)
    fatal: BaseException | None = None
    _writer: Any = None

    def __post_init__(self) -> None:
        self._writer = csv.writer(self.report)
        self._writer.writerow(["row", "field", "problem"])

    def notes(self, found: list[RowProblem]) -> None:
        """What was read but could not be kept: in the report, never counted as invalid."""
        self.not_kept += len(found)
        for note in found:
            self._writer.writerow([note.row, note.field, f"not kept: {note.problem}"])
            if len(self.first_not_kept) < FIRST_ERRORS:
                self.first_not_kept.append(
                    {"row": note.row, "field": note.field, "problem": note.problem}
                )

    def changes(self, found: list[RowProblem]) -> None:
        """Values the text rule changed (shared.domain.text): in the report with the original,
        never counted as invalid."""
        self.changed += len(found)
        for note in found:
            self._writer.writerow([note.row, note.field, f"changed: {note.problem}"])
            if len(self.first_changed) < FIRST_ERRORS:
                self.first_changed.append(
                    {"row": note.row, "field": note.field, "problem": note.problem}
                )

    def problems(self, found: list[RowProblem]) -> None:
        """Record the problems of one row (or of several, from the database checks)."""
        rows = {p.row for p in found}
        self.invalid += len(rows)
        for problem in found:
            self._writer.writerow([problem.row, problem.field, problem.problem])
            if len(self.first_errors) < FIRST_ERRORS:
                self.first_errors.append(
                    {"row": problem.row, "field": problem.field, "problem": problem.problem}
                )


# ---------------------------------------------------------------- flat rows


def mapped_rows(
    rows: Iterator[tuple[int, dict[str, Cell]]],
    mapping: ColumnMapping | None,
    overrides: dict[str, str | None],
    on_ignored: Callable[[list[RowProblem]], None] | None = None,
) -> Iterator[tuple[int, dict[str, Cell] | RowProblem]]:
    """Rows keyed by field; a RowProblem instead of a row is that row's problem. Columns that
    feed no field are told to ``on_ignored`` once each (row 1 for CSV, the first row with the
    key for JSON), so the report says what was not imported (no mass assignment in silence)."""
    cache: dict[tuple[str, ...], dict[str, str]] = {}
    told: set[str] = set()
    if mapping is not None and on_ignored is not None:
        on_ignored([RowProblem(1, c, why_ignored(c)) for c in mapping.unmapped])
    for row_no, cells in rows:
        if PROBLEM in cells:
            yield row_no, RowProblem(row_no, str(cells.get(PROBLEM_FIELD) or ""),
                                     str(cells[PROBLEM]))  # fmt: skip
            continue
        columns = mapping.columns if mapping is not None else None
        if columns is None:  # JSON: every object may name its own keys
            keys = tuple(cells)
            if keys not in cache:
                usable = {k: v for k, v in overrides.items() if k in keys}
                cache[keys] = override_mapping(list(keys), usable).columns
                fresh = [k for k in keys if k not in cache[keys] and k not in told]
                told.update(fresh)
                if fresh and on_ignored is not None:
                    on_ignored([RowProblem(row_no, k, why_ignored(k)) for k in fresh])
            columns = cache[keys]
        yield row_no, {name: cells[column] for column, name in columns.items() if column in cells}


def copy_chunks(
    rows: Iterator[tuple[int, dict[str, Cell] | RowProblem]], state: RunState
) -> Iterator[bytes]:
    """CSV chunks for COPY; problems go to the report. Never raises: a failure stops the stream
    cleanly (COPY must finish) and is kept in ``state.fatal``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # None and "" both become NULL
    pending = 0
    parser = RowParser()
    try:
        for row_no, cells in rows:
            state.rows += 1
            if isinstance(cells, RowProblem):
                state.problems([cells])
                continue
            changes: list[RowProblem] = []
            staged, problems = parser.parse(row_no, cells, changes)
            if problems or staged is None:
                state.problems(problems)
                continue
            if changes:
                state.changes(changes)
            writer.writerow(staged)
            pending += 1
            if pending >= CHUNK_ROWS:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
                pending = 0
                state.tick(state.rows)
        if pending:
            yield buffer.getvalue().encode("utf-8")
    except Exception as exc:  # isolation boundary: COPY must see a clean end of data
        state.fatal = exc


def source_rows(
    file_format: FileFormat, stream: IO[bytes], options: ImportOptions, encoding: str
) -> tuple[Iterator[tuple[int, dict[str, Cell]]], ColumnMapping | None, str | None]:
    """The rows of a flat file and, for CSV, the mapping its header gives and its delimiter."""
    if file_format is FileFormat.CSV:
        source = CsvSource(stream, options.encoding or encoding, options.delimiter)
        mapping = override_mapping(
            source.headers, options.mapping, start=detect_mapping(source.headers)
        )
        if mapping.missing_required:
            raise FileProblem(
                "row 1",
                "no column is mapped to title, isrc or track_id "
                f"(columns: {listed(source.headers)}): map one with a mapping",
            )
        return source.rows(), mapping, source.delimiter
    if file_format is FileFormat.JSON:
        return json_array(stream), None, None
    return json_lines(stream), None, None


def run_flat(
    uow: UnitOfWork,
    rows: Iterator[tuple[int, dict[str, Cell] | RowProblem]],
    state: RunState,
    stamp: ImportStamp,
    options: ImportOptions,
    actor: Actor,
    *,
    statement_timeout_s: float,
    own_partition_from: int | None = None,
) -> dict[str, int]:
    """Stage, check and apply; Rejected rolls back (invalid rows in all-or-nothing, dry run).
    A partner's first import of ``own_partition_from`` tracks or more gets its own tracks
    partition, indexed once."""
    with uow, uow.long_statements(statement_timeout_s):
        bulk = uow.bulk_import
        bulk.begin()
        bulk.copy_rows(copy_chunks(rows, state))
        if state.fatal is not None:
            raise state.fatal
        for releases, check in ((False, bulk.match_tracks), (True, bulk.match_releases)):
            problems = check(stamp)
            state.problems(problems)
            bulk.drop_rows((p.row for p in problems), releases=releases)
        if state.invalid and options.mode is ImportMode.ALL_OR_NOTHING:
            raise Rejected()
        if options.keep_person_values:
            state.notes(bulk.person_values_kept(stamp))
        counts = bulk.apply(
            stamp,
            keep_person_values=options.keep_person_values,
            own_partition_from=own_partition_from,
        )
        bulk.record_touched(uow.touched, stamp.partner_id, counts)
        written = {
            "tracks": counts["tracks_created"] + counts["tracks_updated"],
            "releases": counts["releases_created"] + counts["releases_updated"],
            "works": counts["works_created"],
        }  # the export joins all three: a big import refreshes each table it wrote
        tables = [table for table, rows in written.items() if rows]
        uow.analyze_after_commit(stamp.partner_id, tables, sum(written.values()))
        uow.audit.append([_audit(stamp, actor, counts)])
        if options.dry_run:
            raise Rejected(counts)
    return counts


def _audit(stamp: ImportStamp, actor: Actor, counts: dict[str, int]) -> AuditEvent:
    return AuditEvent(
        uuid.uuid4(),
        stamp.now,
        "import.apply",
        actor,
        RetentionClass.OPERATIONAL,
        stamp.partner_id,
        "import",
        None,
        change_set_id=_job_uuid(stamp.job_id),
        detail={"job": stamp.job_id, **counts},
    )


def _job_uuid(job_id: str) -> UUID | None:
    try:
        return UUID(job_id)
    except ValueError:
        return None


# ---------------------------------------------------------------- DDEX messages


def messages(stream: IO[bytes], file_format: FileFormat, name: str) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each message: the file itself, or each .xml member of a zip."""
    if file_format is FileFormat.DDEX:
        data = stream.read(MAX_MESSAGE_BYTES + 1)
        if len(data) > MAX_MESSAGE_BYTES:
            raise FileProblem(name, "is larger than 200 MB; split the delivery into messages")
        yield name, data
        return
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile as exc:
        raise FileProblem(name, f"is not a readable zip ({exc})") from None
    members = [
        m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".xml")
    ]
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileProblem(
            name, f"holds {len(members)} messages; at most {MAX_ZIP_MEMBERS} per import"
        )
    for member in members:
        with archive.open(member) as handle:  # read at most the limit, whatever the header claims
            data = handle.read(MAX_MESSAGE_BYTES + 1)
        if len(data) > MAX_MESSAGE_BYTES:
            raise FileProblem(member.filename, "is larger than 200 MB")
        yield member.filename, data


def check_message(validator: ErnValidator, number: int, name: str, data: bytes) -> list[RowProblem]:
    """Blocking findings of one message as report lines (row = the message's number)."""
    try:
        report = validator.validate_bytes(data)
    except (UnsafeXml, MalformedXml) as exc:
        return [RowProblem(number, name, exc.message)]
    return [
        RowProblem(number, f"{name} {f.location}", f.message)
        for f in report.findings
        if f.is_blocking and f.rule not in DELIVERY_ONLY_RULES
    ]


def message_not_kept(number: int, name: str, data: bytes) -> list[RowProblem]:
    """What an ERN 4.3 message holds that the catalog cannot keep, as report lines."""
    root = parse_xml(data)
    if detect_version(root).name != "4.3":
        return []
    read = read_ern43(root, uuid.uuid4())  # the values a kept element held but did not parse
    return [
        *(RowProblem(number, name, n.render()) for n in not_kept_43(root)),
        *(RowProblem(number, name, problem) for problem in read.problems),
    ]


def import_message(
    uow: UnitOfWork,
    partner_id: UUID,
    data: bytes,
    *,
    now: datetime,
    actor: Actor,
    detail: str,
    keep_person_values: bool = True,
) -> SaveCounts:
    """Read one (already validated) message and write its release; values a person set stay
    unless ``keep_person_values`` is False (``SaveCounts.not_kept`` says which)."""
    root = parse_xml(data)
    version = detect_version(root)
    read = (read_ern43 if version.name == "4.3" else read_ern382)(root, partner_id)
    if read.bundle is None:
        raise InvalidInput("; ".join(read.problems) or "the message has no release")
    return BundleImporter(
        uow, partner_id, now=now, actor=actor, detail=detail,
        keep_person_values=keep_person_values,
    ).save(read.bundle)  # fmt: skip


# ---------------------------------------------------------------- CWR acknowledgements


def read_cwr_file(stream: IO[bytes], name: str) -> tuple[ParsedCwr, list[RowProblem]]:
    """A CWR file read, and what made its lines unreadable."""
    data = stream.read(MAX_MESSAGE_BYTES + 1)
    if len(data) > MAX_MESSAGE_BYTES:
        raise FileProblem(name, "is larger than 200 MB")
    parsed, findings = check_cwr(cwr_text(data))
    problems = [
        RowProblem(f.line or 0, "cwr", f.message) for f in findings if f.rule == "cwr.structure"
    ]
    return parsed, problems


def cwr_text(data: bytes) -> str:
    """A CWR file's text (CWR is ASCII; Latin-1 reads any byte); FileProblem names the first
    line holding a NUL, which no record may hold and PostgreSQL cannot store."""
    position = data.find(b"\x00")
    if position >= 0:
        line = data.count(b"\n", 0, position) + 1
        raise FileProblem(
            f"line {line}",
            "contains a NUL character (U+0000): a CWR file is plain text (is it UTF-16?)",
            "unreadable",
        )
    return data.decode("latin-1")


def read_acknowledgements(
    stream: IO[bytes], name: str
) -> tuple[list[Acknowledgement], str, list[RowProblem]]:
    """The acknowledgements of a CWR file, its sender, and what made lines unreadable."""
    parsed, problems = read_cwr_file(stream, name)
    return acknowledgements(parsed), parsed.sender_name, problems


def import_registrations(
    uow: UnitOfWork, partner_id: UUID, parsed: ParsedCwr, *, now: datetime, actor: Actor,
    detail: str,
) -> RegistrationCounts:  # fmt: skip
    """The works of a file's NWR/REV (3.x WRK) transactions, written into the catalog."""
    read = read_registrations(parsed, partner_id)
    importer = RegistrationImporter(uow, partner_id, now=now, actor_id=actor.id or "import",
                                    detail=detail)  # fmt: skip
    return importer.save(read)


def apply_acknowledgement(
    uow: UnitOfWork, partner_id: UUID, ack: Acknowledgement, sender: str, now: datetime
) -> RowProblem | None:
    """Update the work's registration status (and its ISWC when it had none)."""
    registrations = uow.registrations
    work_id = registrations.find_work(partner_id, ack.submitter_work_number)
    if work_id is None:
        return RowProblem(
            ack.line,
            "submitter_work_number",
            f"{ack.submitter_work_number!r} ({ack.title}) matches no work in the catalog",
        )
    work = uow.works.get(partner_id, work_id)
    status = _REGISTRATION_STATUS.get(ack.status, ack.status.lower())
    messages = list(ack.messages)
    iswc = work.iswc
    if ack.iswc and not Iswc.check(ack.iswc):
        if work.iswc is None:
            iswc = Iswc.parse(ack.iswc)
        elif str(work.iswc) != Iswc.parse(ack.iswc).value:
            messages.append(f"the society's ISWC {ack.iswc} differs from the catalog's {work.iswc}")
    stamp = Provenance(Source.IMPORT, now, sender, detail=f"CWR acknowledgement from {sender}")
    provenance = {**work.provenance, "registration_status": stamp} | (
        {"iswc": stamp} if iswc != work.iswc else {}
    )
    uow.works.save(
        replace(work, registration_status=status, iswc=iswc, provenance=provenance), now=now
    )
    registrations.record_acknowledgement(
        partner_id,
        work_id,
        ack.submitter_work_number,
        {
            "status": status,
            "status_code": ack.status,
            "society": sender,
            "society_work_number": ack.society_work_number,
            "iswc": ack.iswc,
            "messages": messages or [STATUS_TEXT.get(ack.status, ack.status)],
        },
        now,
    )
    return None
