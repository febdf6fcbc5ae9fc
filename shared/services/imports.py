"""Bulk import as a job: create it, upload the file, preview the column mapping, start, run.

Status documents live in the "imports" collection; the job runs in the ``imports`` function
(topic IMPORTS), or in-process for `catalog import`. Every row is validated and every problem
goes to a downloadable report (row, field, problem).
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
import uuid
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any, BinaryIO
from uuid import UUID

from shared.batch.mapping import detect_mapping, override_mapping
from shared.batch.rows import RowProblem, parse_row
from shared.batch.sources import (
    SNIFF_BYTES,
    CountingReader,
    FileFormat,
    FileProblem,
    detect_encoding,
    sniff_format,
)
from shared.batch.updates import ValueUpdate, staged_values, track_updates
from shared.cwr.checks import acknowledgements
from shared.cwr.reader import ParsedCwr
from shared.cwr.registrations import REGISTRATION_TYPES
from shared.domain.audit import Actor, ActorType
from shared.domain.records import ImportStamp
from shared.domain.uploads import ORIGINAL, check_filename
from shared.ern.validation import ErnValidator
from shared.errors import Conflict, InvalidField, InvalidInput, NotFound
from shared.ports import BlobStore, JsonObject, JsonValue, Publisher, StatusStore
from shared.services import import_runs as runs
from shared.services.ddex_import import SaveCounts
from shared.services.import_runs import ImportMode, ImportOptions, Rejected, RunState
from shared.services.jobs import TERMINAL, JobDocuments, Progress, as_json, stamp
from shared.topics import IMPORTS
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)
Opener = Callable[[], BinaryIO]
PREVIEW_ROWS = 10
NEVER_STARTED = ("awaiting_upload", "uploaded")  # created, perhaps reviewed, never started


@dataclass(frozen=True, slots=True)
class ImportSettings:
    """What the service needs from Settings."""

    imports_bucket: str
    reports_bucket: str
    signed_url_ttl_s: int
    statement_timeout_s: float
    max_file_bytes: int
    own_partition_rows: int | None = None  # None: never load into a fresh own partition


class ImportService:
    """Bulk imports of CSV, JSON, JSON lines, DDEX XML (or a zip of messages) and CWR ACKs."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        blobs: BlobStore,
        status: StatusStore,
        publisher: Publisher,
        validator: ErnValidator,
        settings: ImportSettings,
    ) -> None:
        self._uow = uow
        self._blobs = blobs
        self._publisher = publisher
        self._validator = validator
        self._settings = settings
        self.jobs = JobDocuments(status, "imports")

    # ------------------------------------------------------------ job lifecycle

    def create_job(
        self, partner_id: UUID, file_name: str, actor: Actor, *, now: datetime
    ) -> JsonObject:
        """A job waiting for its file; the document carries the object to upload to. The file's
        name is kept as metadata; the object's name is generated (never a path of the user's)."""
        folders = file_name.replace("\\", "/").rsplit("/", 1)  # browsers may send C:\fakepath\x.csv
        clean = check_filename(folders[-1].strip() or "import", field="file_name")
        job_id = str(uuid.uuid4())
        doc: JsonObject = {
            "id": job_id,
            "partner_id": str(partner_id),
            "kind": "import",
            "state": "awaiting_upload",
            "file": {"name": clean, "object": f"{partner_id}/{job_id}/{ORIGINAL}"},
            "actor": {"type": actor.type.value, "id": actor.id, "client_id": actor.client_id},
            "created_at": stamp(now),
            "updated_at": stamp(now),
        }
        return self.jobs.create(job_id, str(partner_id), doc)

    def upload_url(self, doc: JsonObject) -> str:
        """A signed PUT URL for the job's file."""
        return self._blobs.signed_url(
            self._settings.imports_bucket,
            _object(doc),
            method="PUT",
            expires_s=self._settings.signed_url_ttl_s,
        )

    def store_file(
        self, partner_id: UUID, job_id: str, data: IO[bytes], *, now: datetime
    ) -> JsonObject:
        """Store an uploaded file (multipart upload through the API)."""
        doc = self.jobs.get(job_id, str(partner_id))
        self._require_state(doc, ("awaiting_upload", "uploaded"))
        info = self._blobs.write(
            self._settings.imports_bucket,
            _object(doc),
            data,
            content_type="application/octet-stream",
        )
        return self.jobs.merge(
            job_id,
            {
                "state": "uploaded",
                "updated_at": stamp(now),
                "file": {**_file(doc), "size_bytes": info.size_bytes},
            },
        )

    def preview(
        self, partner_id: UUID, job_id: str, options: ImportOptions | None = None
    ) -> JsonObject:
        """Format, encoding, delimiter, detected mapping and the first rows as they would import."""
        doc = self.jobs.get(job_id, str(partner_id))
        with self._open_job_file(doc) as stream, self._uow() as uow:
            return preview_stream(
                stream,
                _file(doc).get("name", ""),
                options or ImportOptions(),
                self._settings.max_file_bytes,
                updates_of=lambda values: _updates_of(uow, partner_id, values),
            )

    def start(
        self, partner_id: UUID, job_id: str, options: ImportOptions, *, now: datetime
    ) -> JsonObject:
        """Queue the job with its mapping and mode; the imports function runs it."""
        doc = self.jobs.get(job_id, str(partner_id))
        self._require_state(doc, ("uploaded", "awaiting_upload"))
        try:
            self._blobs.stat(self._settings.imports_bucket, _object(doc))
        except NotFound:  # said in the user's words, never with the object's name
            raise NotFound(f"import {job_id} has no file yet: upload it first") from None
        doc = self.jobs.merge(
            job_id, {"state": "queued", "options": _options_json(options), "updated_at": stamp(now)}
        )
        payload = json.dumps({"job_id": job_id, "partner_id": str(partner_id)}).encode()
        self._publisher.publish(IMPORTS, payload, {"partner_id": str(partner_id), "job_id": job_id})
        return doc

    def run_job(self, job_id: str, *, now: datetime) -> JsonObject:
        """Run a queued job (the imports function); a finished job is left as it is."""
        doc = self.jobs.get(job_id, None)
        if doc.get("state") in TERMINAL:
            return doc
        options = options_from_json(doc.get("options"))
        partner_id = UUID(str(doc["partner_id"]))
        actor = actor_from_json(doc.get("actor"))
        size = self._blobs.stat(self._settings.imports_bucket, _object(doc)).size_bytes
        opener = lambda: self._blobs.open_read(self._settings.imports_bucket, _object(doc))  # noqa: E731
        return self.run(job_id, partner_id, opener, size, options, actor, now=now)

    def run_file(
        self,
        partner_id: UUID,
        path_name: str,
        opener: Opener,
        size: int,
        options: ImportOptions,
        actor: Actor,
        *,
        now: datetime,
        on_progress: Callable[[dict[str, JsonValue]], None] | None = None,
    ) -> JsonObject:
        """Create and run a job in this process (the CLI), reading a local file. Nothing
        redelivers a CLI job, so one that stops on an unexpected error is failed here, never
        left running."""
        doc = self.create_job(partner_id, path_name, actor, now=now)
        job_id = str(doc["id"])
        self.jobs.merge(job_id, {"options": _options_json(options), "state": "queued"})
        try:
            return self.run(
                job_id, partner_id, opener, size, options, actor, now=now, on_progress=on_progress
            )
        except Exception as exc:  # isolation boundary: one job; the details go to the log
            logger.exception("import %s stopped", job_id)
            failure = f"the import stopped on an unexpected {type(exc).__name__} (see the log); "
            return self._finish(job_id, now, None, failure=failure + "nothing was imported")

    def delete_job(self, partner_id: str | None, job_id: str) -> None:
        """Forget an import that is not running: its document, file and report. Conflict while it
        runs (its rows are being written); admins pass None as the partner."""
        doc = self.jobs.get(job_id, partner_id)
        if doc.get("state") == "running":
            raise Conflict(f"import {job_id} is running; delete it once it has finished")
        self._delete_blob(self._settings.imports_bucket, _file(doc).get("object"))
        self._delete_blob(self._settings.reports_bucket, doc.get("report_object"))
        self.jobs.delete(job_id)

    def expire_idle(
        self,
        *,
        now: datetime,
        older_than: timedelta,
        limit: int,
        dry_run: bool = False,
        held: Sequence[UUID] = (),
    ) -> list[JsonObject]:
        """Imports created (and perhaps reviewed) but never started for ``older_than`` become
        ``expired`` and lose their file (partners on legal hold keep theirs); the documents
        they were, for the cleanup report."""
        kept = {str(partner_id) for partner_id in held}
        idle = [
            doc
            for doc in self.jobs.list_idle(NEVER_STARTED, now - older_than, limit=limit)
            if doc.get("partner_id") not in kept
        ]
        for doc in [] if dry_run else idle:
            self._delete_blob(self._settings.imports_bucket, _file(doc).get("object"))
            never = (
                "was never uploaded" if doc.get("state") == "awaiting_upload" else "never started"
            )
            self.jobs.merge(
                str(doc["id"]),
                {
                    "state": "expired",
                    "failure": f"the import {never} within {_hours(older_than)} h; start a new one",
                    "finished_at": stamp(now),
                    "updated_at": stamp(now),
                },
            )
        return idle

    def _delete_blob(self, bucket: str, name: object) -> None:
        if isinstance(name, str):
            self._blobs.delete(bucket, name)  # deleting a missing object is fine (BlobStore)

    def report_url(self, partner_id: UUID | None, job_id: str) -> str:
        """A signed GET URL of the job's report."""
        doc = self.jobs.get(job_id, None if partner_id is None else str(partner_id))
        name = doc.get("report_object")
        if not isinstance(name, str):
            raise NotFound(f"import {job_id} has no report yet")
        return self._blobs.signed_url(
            self._settings.reports_bucket,
            name,
            method="GET",
            expires_s=self._settings.signed_url_ttl_s,
        )

    def read_report(self, partner_id: UUID | None, job_id: str) -> BinaryIO:
        """The report's bytes (for the API and the CLI)."""
        doc = self.jobs.get(job_id, None if partner_id is None else str(partner_id))
        name = doc.get("report_object")
        if not isinstance(name, str):
            raise NotFound(f"import {job_id} has no report yet")
        try:
            return self._blobs.open_read(self._settings.reports_bucket, name)
        except NotFound:
            raise NotFound(f"the report of import {job_id} is gone") from None

    # ------------------------------------------------------------ running

    def run(
        self,
        job_id: str,
        partner_id: UUID,
        opener: Opener,
        size: int,
        options: ImportOptions,
        actor: Actor,
        *,
        now: datetime,
        on_progress: Callable[[dict[str, JsonValue]], None] | None = None,
    ) -> JsonObject:
        """Run an import to its end; the final status document."""
        if size > self._settings.max_file_bytes:
            return self._finish(
                job_id,
                now,
                None,
                failure=f"the file is {size} bytes; the limit is {self._settings.max_file_bytes}",
            )
        self.jobs.merge(
            job_id, {"state": "running", "started_at": stamp(now), "updated_at": stamp(now)}
        )
        progress = Progress(self.jobs, job_id, on_tick=on_progress)
        with ExitStack() as stack:
            report = stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8", newline=""))
            raw = stack.enter_context(opener())
            counted = CountingReader(raw)
            buffered = io.BufferedReader(counted, buffer_size=1 << 20)
            state = RunState(
                report, lambda rows: progress.report(_progress(rows, counted.bytes_read, size))
            )
            stamp_ = ImportStamp(partner_id, job_id, actor.id or "import", now)
            try:
                counts, extra = self._dispatch(buffered, stamp_, options, state, actor, job_id)
            except Rejected as rolled:
                counts, extra = rolled.counts, {"dry_run": options.dry_run}
                if state.invalid and options.mode is ImportMode.ALL_OR_NOTHING:
                    failure = (
                        f"{state.invalid} row(s) are invalid; nothing was imported "
                        "(all-or-nothing): see the report"
                    )
                    return self._finish(
                        job_id, now, state, counts=counts, failure=failure, size=size
                    )
            except (InvalidInput, FileProblem, Conflict) as exc:
                return self._finish(job_id, now, state, failure=exc.message, size=size)
            progress.report(_progress(state.rows, counted.bytes_read, size), force=True)
            return self._finish(job_id, now, state, counts=counts, size=size, extra=extra)
        raise AssertionError("unreachable")  # pragma: no cover - ExitStack re-raises

    def _dispatch(
        self,
        stream: BinaryIO,
        stamp_: ImportStamp,
        options: ImportOptions,
        state: RunState,
        actor: Actor,
        job_id: str,
    ) -> tuple[dict[str, int], JsonObject]:
        head = _peek(stream)
        doc = self.jobs.get(job_id, None)
        name = str(_file(doc).get("name", ""))
        file_format = sniff_format(head, name, options.encoding)
        encoding = detect_encoding(head)
        self.jobs.merge(
            job_id, {"file": {**_file(doc), "format": file_format.value, "encoding": encoding}}
        )
        if file_format in (FileFormat.CSV, FileFormat.JSON, FileFormat.JSONL):
            rows, mapping, delimiter = runs.source_rows(file_format, stream, options, encoding)
            if mapping is not None:
                self.jobs.merge(
                    job_id,
                    {
                        "mapping": as_json(mapping.to_json()),
                        "file": {
                            **_file(self.jobs.get(job_id, None)),
                            "delimiter": delimiter,
                        },
                    },
                )
            mapped = runs.mapped_rows(rows, mapping, options.mapping, on_ignored=state.notes)
            counts = runs.run_flat(
                self._uow(),
                mapped,
                state,
                stamp_,
                options,
                actor,
                statement_timeout_s=self._settings.statement_timeout_s,
                own_partition_from=self._settings.own_partition_rows,
            )
            return counts, {}
        if file_format is FileFormat.CWR:
            return self._run_cwr(stream, name, stamp_, options, state, actor), {}
        return self._run_messages(stream, file_format, name, stamp_, options, state, actor)

    def _run_messages(
        self,
        stream: BinaryIO,
        file_format: FileFormat,
        name: str,
        stamp_: ImportStamp,
        options: ImportOptions,
        state: RunState,
        actor: Actor,
    ) -> tuple[dict[str, int], JsonObject]:
        spool = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024)  # zip needs seeking
        with spool:
            while chunk := stream.read(1 << 20):
                spool.write(chunk)
            valid: list[int] = []
            spool.seek(0)
            for number, (member, data) in enumerate(
                runs.messages(spool, file_format, name), start=1
            ):
                state.rows += 1
                problems = runs.check_message(self._validator, number, member, data)
                state.problems(problems)
                if not problems:
                    valid.append(number)
                    state.notes(runs.message_not_kept(number, member, data))
                state.tick(state.rows)
            if state.invalid and options.mode is ImportMode.ALL_OR_NOTHING:
                raise Rejected()
            spool.seek(0)
            return self._save_messages(
                spool, file_format, name, set(valid), stamp_, options, actor, state
            )

    def _save_messages(
        self,
        spool: IO[bytes],
        file_format: FileFormat,
        name: str,
        valid: set[int],
        stamp_: ImportStamp,
        options: ImportOptions,
        actor: Actor,
        state: RunState,
    ) -> tuple[dict[str, int], JsonObject]:
        total = SaveCounts()
        with self._uow() as uow:
            for number, (member, data) in enumerate(
                runs.messages(spool, file_format, name), start=1
            ):
                if number in valid:
                    saved = runs.import_message(
                        uow, stamp_.partner_id, data, now=stamp_.now, actor=actor,
                        detail=f"import {stamp_.job_id} {member}",
                        keep_person_values=options.keep_person_values,
                    )  # fmt: skip
                    state.notes([RowProblem(number, f"{member}: {where}", why)
                                 for where, why in saved.not_kept])  # fmt: skip
                    total.add(saved)
            counts = {k: v for k, v in vars(total).items() if isinstance(v, int)}
            if options.dry_run:
                raise Rejected(counts)
            uow.analyze_after_commit(stamp_.partner_id, _DDEX_TABLES, sum(counts.values()))
        return counts, {"release_ids": list(total.release_ids)}

    def _run_cwr(
        self,
        stream: BinaryIO,
        name: str,
        stamp_: ImportStamp,
        options: ImportOptions,
        state: RunState,
        actor: Actor,
    ) -> dict[str, int]:
        """Acknowledgements update registrations; NWR/REV (3.x WRK) transactions are works."""
        parsed, problems = runs.read_cwr_file(stream, name)
        state.problems(problems)
        if not parsed.transactions(*REGISTRATION_TYPES):
            return self._run_acks(parsed, stamp_, options, state)
        with self._uow() as uow:
            done = runs.import_registrations(
                uow, stamp_.partner_id, parsed, now=stamp_.now, actor=actor,
                detail=f"import {stamp_.job_id} {name}",
            )  # fmt: skip
            state.rows += len(parsed.transactions(*REGISTRATION_TYPES))
            notes = sorted(done.not_kept, key=lambda n: n.line)
            state.notes([RowProblem(n.line, n.record, n.what) for n in notes])
            if (state.invalid and options.mode is ImportMode.ALL_OR_NOTHING) or options.dry_run:
                raise Rejected(done.as_counts())
        return done.as_counts()

    def _run_acks(
        self, parsed: ParsedCwr, stamp_: ImportStamp, options: ImportOptions, state: RunState
    ) -> dict[str, int]:
        acks, sender = acknowledgements(parsed), parsed.sender_name
        applied = 0
        with self._uow() as uow:
            for ack in acks:
                state.rows += 1
                problem = runs.apply_acknowledgement(
                    uow, stamp_.partner_id, ack, sender or "society", stamp_.now
                )
                if problem is not None:
                    state.problems([problem])
                else:
                    applied += 1
            if (state.invalid and options.mode is ImportMode.ALL_OR_NOTHING) or options.dry_run:
                raise Rejected({"acknowledgements": len(acks), "works_updated": applied})
        return {"acknowledgements": len(acks), "works_updated": applied}

    def _finish(
        self,
        job_id: str,
        now: datetime,
        state: RunState | None,
        *,
        counts: dict[str, int] | None = None,
        failure: str | None = None,
        size: int | None = None,
        extra: JsonObject | None = None,
    ) -> JsonObject:
        changes: JsonObject = {
            "state": "failed" if failure else "succeeded",
            "failure": failure,
            "finished_at": stamp(now),
            "updated_at": stamp(now),
        }
        if state is not None:
            doc = self.jobs.get(job_id, None)
            report_object = f"reports/{doc['partner_id']}/{job_id}.csv"
            state.report.seek(0)
            data = state.report.read().encode("utf-8")
            self._blobs.write(
                self._settings.reports_bucket, report_object, data, content_type="text/csv"
            )
            changes |= {
                "report_object": report_object,
                "errors": as_json(state.first_errors),
                "not_kept": as_json(state.first_not_kept),
                "changed": as_json(state.first_changed),
                "counts": {
                    "rows": state.rows,
                    "invalid": state.invalid,
                    "valid": max(state.rows - state.invalid, 0),
                    "not_kept": state.not_kept,
                    "changed": state.changed,
                    **(counts or {}),
                },
            }
        return self.jobs.merge(job_id, changes | (extra or {}))

    def _require_state(self, doc: JsonObject, allowed: tuple[str, ...]) -> None:
        if doc.get("state") not in allowed:
            raise Conflict(
                f"import {doc['id']} is {doc.get('state')}; "
                f"this needs it to be {' or '.join(allowed)}"
            )

    def _open_job_file(self, doc: JsonObject) -> BinaryIO:
        try:
            return self._blobs.open_read(self._settings.imports_bucket, _object(doc))
        except NotFound:
            raise NotFound(f"import {doc['id']} has no file yet: upload it first") from None


_DDEX_TABLES = ("releases", "release_artists", "tracks", "track_contributors", "works", "parties")
"""What saving DDEX releases writes (deals are few per release)."""


def preview_stream(
    stream: BinaryIO,
    name: str,
    options: ImportOptions,
    max_bytes: int,
    *,
    updates_of: Callable[[dict[str, Any]], list[ValueUpdate]] | None = None,
) -> JsonObject:
    """What the first rows of a file look like mapped to fields, with their problems and, given
    ``updates_of``, the existing values each row would change."""
    buffered = io.BufferedReader(CountingReader(stream), buffer_size=1 << 20)
    head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    file_format = sniff_format(head, name, options.encoding)
    encoding = options.encoding or detect_encoding(head)
    preview: JsonObject = {"format": file_format.value, "encoding": encoding}
    if file_format not in (FileFormat.CSV, FileFormat.JSON, FileFormat.JSONL):
        return preview | {"mapping": None, "rows": []}
    try:
        rows, mapping, delimiter = runs.source_rows(file_format, buffered, options, encoding)
        sample = []
        for row_no, cells in rows:
            sample.append((row_no, cells))
            if len(sample) >= PREVIEW_ROWS:
                break
    except FileProblem as exc:
        return preview | {"problem": exc.message, "rows": []}
    if mapping is None:
        keys = list(dict.fromkeys(k for _, cells in sample for k in cells))
        mapping = override_mapping(
            keys,
            {k: v for k, v in options.mapping.items() if k in keys},
            start=detect_mapping(keys),
        )
    mapped = list(runs.mapped_rows(iter(sample), mapping, options.mapping))
    preview_rows: list[JsonValue] = []
    for row_no, item in mapped:
        changes: list[RowProblem] = []
        staged, found = (
            (None, [item]) if isinstance(item, RowProblem) else parse_row(row_no, item, changes)
        )
        values = {} if isinstance(item, RowProblem) else {k: _jsonable(v) for k, v in item.items()}
        updates = updates_of(staged_values(staged)) if staged and updates_of else []
        preview_rows.append(
            as_json(
                {
                    "row": row_no,
                    "values": values,
                    "problems": [p.render() for p in found],
                    "changes": [c.render() for c in changes],
                    "updates": [u.to_json() for u in updates],
                }
            )
        )
    return preview | {
        "mapping": as_json(mapping.to_json()),
        "rows": preview_rows,
        "delimiter": delimiter,
    }


def _updates_of(uow: UnitOfWork, partner_id: UUID, values: dict[str, Any]) -> list[ValueUpdate]:
    """What a row would change on the track it matches (by track_id, then ISRC), as the
    import itself matches them."""
    track = None
    if values.get("track_id"):
        track = uow.tracks.find(partner_id, UUID(str(values["track_id"])))
    if track is None and values.get("isrc"):  # the oldest with the ISRC, as the import picks
        ids = uow.tracks.ids_with_isrc(partner_id, str(values["isrc"]))
        track = uow.tracks.find(partner_id, ids[0]) if ids else None
    return [] if track is None else track_updates(values, track)


def actor_from_json(raw: JsonValue) -> Actor:
    """The Actor a status document recorded."""
    data = raw if isinstance(raw, dict) else {}
    try:
        kind = ActorType(str(data.get("type") or "system"))
    except ValueError:
        kind = ActorType.SYSTEM
    client = data.get("client_id")
    return Actor(kind, str(data.get("id") or "import"), str(client) if client else None)


def _peek(stream: BinaryIO) -> bytes:
    """The first bytes of a buffered stream, without consuming them."""
    peek = getattr(stream, "peek", None)
    head = peek(SNIFF_BYTES) if peek is not None else b""
    return bytes(head[:SNIFF_BYTES])


def _hours(span: timedelta) -> int:
    return round(span.total_seconds() / 3600)


def _jsonable(value: Any) -> JsonValue:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _progress(rows: int, bytes_read: int, size: int) -> dict[str, JsonValue]:
    percent = round(100 * bytes_read / size, 1) if size else None
    return {
        "rows": rows,
        "bytes": bytes_read,
        "bytes_total": size,
        "percent": min(percent or 0, 100.0),
    }


def _file(doc: JsonObject) -> dict[str, Any]:
    file = doc.get("file")
    return dict(file) if isinstance(file, dict) else {}


def _object(doc: JsonObject) -> str:
    name = _file(doc).get("object")
    if not isinstance(name, str):
        raise InvalidField("file", "the job has no file object")
    return name


def _options_json(options: ImportOptions) -> JsonObject:
    return {
        "mode": options.mode.value,
        "dry_run": options.dry_run,
        "mapping": dict(options.mapping),
        "encoding": options.encoding,
        "delimiter": options.delimiter,
        "person_set_values": "keep" if options.keep_person_values else "overwrite",
    }


def options_from_json(raw: JsonValue) -> ImportOptions:
    """ImportOptions from a status document or a request body; InvalidField names a bad one."""
    data = raw if isinstance(raw, dict) else {}
    try:
        mode = ImportMode(str(data.get("mode") or ImportMode.ALL_OR_NOTHING.value))
    except ValueError:
        raise InvalidField(
            "mode", f"{data.get('mode')!r} is not all_or_nothing or skip_invalid"
        ) from None
    mapping = data.get("mapping") or {}
    if not isinstance(mapping, dict) or not all(
        v is None or isinstance(v, str) for v in mapping.values()
    ):
        raise InvalidField("mapping", 'must be an object like {"Song Name": "title"}')
    encoding = data.get("encoding")
    if encoding is not None and encoding not in (
        "utf-8",
        "utf-8-sig",
        "latin-1",
        "cp1252",
        "utf-16",
    ):
        raise InvalidField("encoding", f"{encoding!r} is not utf-8, latin-1, cp1252 or utf-16")
    delimiter = data.get("delimiter")
    if delimiter is not None and delimiter not in (",", ";", "\t"):
        raise InvalidField("delimiter", "must be a comma, a semicolon or a tab")
    person_set = data.get("person_set_values") or "keep"
    if person_set not in ("keep", "overwrite"):
        raise InvalidField("person_set_values", f"{person_set!r} is not keep or overwrite")
    return ImportOptions(
        mode,
        bool(data.get("dry_run")),
        {str(k): (str(v) if v is not None else None) for k, v in mapping.items()},
        encoding if isinstance(encoding, str) else None,
        delimiter if isinstance(delimiter, str) else None,
        keep_person_values=person_set == "keep",
    )
