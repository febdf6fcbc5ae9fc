"""Exports as jobs: CSV (with column presets), JSON lines, DDEX ERN (one message per release,
zipped) and CWR, written to the exports bucket and handed out through a signed URL.

Status documents live in the "exports" collection; the job runs in the ``exports`` function
(topic EXPORTS), or in-process for `catalog export`. Output goes through a temporary file, so
memory stays flat for any catalog size.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import IO, BinaryIO
from uuid import UUID

from shared.batch.presets import AI_UNREVIEWED, preset
from shared.cwr.checks import check_cwr
from shared.cwr.model import CwrRecording, CwrSender, CwrWork
from shared.cwr.writer import SUPPORTED_VERSIONS, write_cwr
from shared.domain.audit import Actor, AuditEvent, RetentionClass
from shared.domain.ddex_parties import DdexParties
from shared.domain.findings import Finding, blocking, summarise
from shared.domain.identifiers import IpiNameNumber
from shared.domain.works import MusicalWork
from shared.ern.model import (
    PLACEHOLDER_DPID,
    Envelope,
    Flow,
    MessageParty,
    build_messages,
    thread_id,
)
from shared.ern.validation import ErnValidator
from shared.errors import InvalidField, InvalidInput, NotFound
from shared.ports import BlobStore, JsonObject, JsonValue, Publisher, StatusStore
from shared.services.deliveries import Package, batch_id, unpack_to_folder, write_package
from shared.services.imports import actor_from_json
from shared.services.jobs import TERMINAL, JobDocuments, Progress, as_json, stamp
from shared.topics import EXPORTS
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)
FIRST_FINDINGS = 50


class ExportFormat(StrEnum):
    """What an export writes."""

    CSV = "csv"
    JSON = "json"  # JSON lines
    DDEX = "ddex"
    CWR = "cwr"
    DELIVERY = "delivery"  # one release for one store: its ERN message and files (zip/folder)


class PackageLayout(StrEnum):
    """How a delivery package is written: one zip, or also a folder in the exports bucket."""

    ZIP = "zip"
    FOLDER = "folder"  # <batch>/<release>/ with the message and resources/, beside the zip


DELIVERY_ERN_VERSIONS = ("4.3", "3.8.2")


_CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.JSON: "application/x-ndjson",
    ExportFormat.DDEX: "application/zip",
    ExportFormat.CWR: "text/plain",
    ExportFormat.DELIVERY: "application/zip",
}


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What to export, and how."""

    format: ExportFormat
    preset: str = "catalog"
    release_ids: tuple[UUID, ...] = ()
    ern_versions: tuple[str, ...] = ("4.3",)
    flow: Flow = Flow.NEW
    takedown_on: date | None = None
    test_message: bool = False
    sender_dpid: str | None = None
    sender_name: str | None = None
    recipient_dpid: str | None = None
    recipient_name: str | None = None
    cwr_version: str = "2.1"
    cwr_sender_ipi: str | None = None
    cwr_sender_name: str | None = None
    cwr_sender_code: str = "XXX"
    force: bool = False  # deliver despite blocking findings or placeholder DPIDs
    ai_unreviewed: bool = True  # CSV / JSON: a last column naming each row's unreviewed AI fields
    package_layout: PackageLayout = PackageLayout.ZIP
    store: str | None = None  # a store of the partner's DDEX parties, by name

    def to_json(self) -> JsonObject:
        """For the status document."""
        raw = {k: getattr(self, k) for k in self.__dataclass_fields__}
        raw["release_ids"] = [str(i) for i in self.release_ids]
        raw["ern_versions"] = list(self.ern_versions)
        raw["takedown_on"] = self.takedown_on.isoformat() if self.takedown_on else None
        return {k: (v.value if isinstance(v, StrEnum) else v) for k, v in raw.items()}


def request_from_json(raw: JsonValue) -> ExportRequest:
    """An ExportRequest from a body or a status document; InvalidField names a bad value."""
    data = raw if isinstance(raw, dict) else {}
    try:
        fmt = ExportFormat(str(data.get("format", "")))
    except ValueError:
        raise InvalidField(
            "format", f"{data.get('format')!r} is not csv, json, ddex, cwr or delivery"
        ) from None
    try:
        flow = Flow(str(data.get("flow") or "new"))
        release_ids = tuple(UUID(str(i)) for i in _listed(data.get("release_ids")))
        takedown = date.fromisoformat(str(data["takedown_on"])) if data.get("takedown_on") else None
    except ValueError as exc:
        raise InvalidField("export", str(exc)) from None
    preset(str(data.get("preset") or "catalog"))  # InvalidField for an unknown preset
    versions = tuple(str(v) for v in _listed(data.get("ern_versions")) or ["4.3"])
    layout = _layout(data.get("package_layout"))
    if fmt is ExportFormat.DELIVERY:
        _check_delivery_versions(versions)
    cwr_version = str(data.get("cwr_version") or "2.1")
    if cwr_version not in SUPPORTED_VERSIONS:
        raise InvalidField("cwr_version", f"{cwr_version!r}: CWR {', '.join(SUPPORTED_VERSIONS)}")
    text = {
        k: (str(data[k]) if data.get(k) else None)
        for k in (
            "sender_dpid",
            "sender_name",
            "recipient_dpid",
            "recipient_name",
            "store",
            "cwr_sender_ipi",
            "cwr_sender_name",
        )
    }
    return ExportRequest(
        fmt,
        str(data.get("preset") or "catalog"),
        release_ids,
        versions,
        flow,
        takedown,
        bool(data.get("test_message")),
        cwr_version=cwr_version,
        cwr_sender_code=str(data.get("cwr_sender_code") or "XXX"),
        force=data.get("force") is True,
        ai_unreviewed=_flag(data, "ai_unreviewed", default=True),
        package_layout=layout,
        **text,
    )


def _flag(data: JsonObject, name: str, *, default: bool) -> bool:
    value = data.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidField(name, f"must be true or false, not {value!r}")
    return value


def _layout(value: JsonValue) -> PackageLayout:
    try:
        return PackageLayout(str(value or "zip"))
    except ValueError:
        raise InvalidField("package_layout", f"{value!r} is not zip or folder") from None


def _check_delivery_versions(versions: tuple[str, ...]) -> None:
    if len(versions) != 1 or versions[0] not in DELIVERY_ERN_VERSIONS:
        raise InvalidField(
            "ern_version",
            f"a delivery package holds one message, ERN 4.3 or 3.8.2, not {', '.join(versions)}",
        )


class ExportRefused(InvalidInput):
    """An export that would deliver blocking findings or placeholder DPIDs, not forced."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []
        self.extra: JsonObject = {}  # members of the API's problem document


def refuse_unless_forced(request: ExportRequest, findings: list[Finding]) -> None:
    """ExportRefused, saying why, when blocking findings would go out and nobody forced it."""
    found = blocking(findings)
    if request.force or not found:
        return
    raise ExportRefused(
        f"the export was refused: {len(found)} blocking finding(s), e.g. "
        f"{found[0].message!r}; fix them, or export again with force to deliver anyway",
        findings,
    )


@dataclass(frozen=True, slots=True)
class ExportDefaults:
    """Settings the service needs."""

    exports_bucket: str
    signed_url_ttl_s: int
    sender_dpid: str | None
    sender_name: str | None
    recipient_dpid: str | None
    recipient_name: str | None
    statement_timeout_s: float = 1800.0
    audio_bucket: str = "audio"  # where a delivery package's audio is read from


@dataclass
class _Outcome:
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    file_name: str = "export"
    folder: str | None = None  # a delivery written as a folder: its prefix in the bucket


class ExportService:
    """Start, run and hand out exports."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        blobs: BlobStore,
        status: StatusStore,
        publisher: Publisher,
        validator: ErnValidator,
        defaults: ExportDefaults,
    ) -> None:
        self._uow = uow
        self._blobs = blobs
        self._publisher = publisher
        self._validator = validator
        self._defaults = defaults
        self.jobs = JobDocuments(status, "exports")

    @property
    def audio_bucket(self) -> str:
        """Where delivery packages read their audio from."""
        return self._defaults.audio_bucket

    def start(
        self, partner_id: UUID, request: ExportRequest, actor: Actor, *, now: datetime
    ) -> JsonObject:
        """Create the job and queue it for the exports function."""
        doc = self._create(partner_id, request, actor, now)
        payload = json.dumps({"job_id": doc["id"], "partner_id": str(partner_id)}).encode()
        self._publisher.publish(
            EXPORTS, payload, {"partner_id": str(partner_id), "job_id": str(doc["id"])}
        )
        return doc

    def run_now(
        self,
        partner_id: UUID,
        request: ExportRequest,
        actor: Actor,
        *,
        now: datetime,
        on_progress: Callable[[dict[str, JsonValue]], None] | None = None,
    ) -> JsonObject:
        """Create and run an export in this process (the CLI)."""
        doc = self._create(partner_id, request, actor, now)
        return self.run_job(str(doc["id"]), now=now, on_progress=on_progress)

    def run_job(
        self,
        job_id: str,
        *,
        now: datetime,
        on_progress: Callable[[dict[str, JsonValue]], None] | None = None,
    ) -> JsonObject:
        """Run a queued export; a finished one is left as it is."""
        doc = self.jobs.get(job_id, None)
        if doc.get("state") in TERMINAL:
            return doc
        request = request_from_json(doc.get("request"))
        partner_id = UUID(str(doc["partner_id"]))
        self.jobs.merge(
            job_id, {"state": "running", "started_at": stamp(now), "updated_at": stamp(now)}
        )
        progress = Progress(self.jobs, job_id, on_tick=on_progress)
        with tempfile.TemporaryFile() as out:
            try:
                outcome = self._write(
                    partner_id, request, out, progress, actor_from_json(doc.get("actor")), now
                )
            except InvalidInput as exc:
                refused = exc.findings if isinstance(exc, ExportRefused) else []
                return self.jobs.merge(
                    job_id,
                    {
                        "state": "failed",
                        "failure": exc.message,
                        "findings": {
                            **as_dict(summarise(refused)),
                            "first": [f.to_json() for f in refused[:FIRST_FINDINGS]],
                        },
                        "finished_at": stamp(now),
                        "updated_at": stamp(now),
                    },
                )
            out.seek(0)
            name = f"{partner_id}/{job_id}/{outcome.file_name}"
            info = self._blobs.write(
                self._defaults.exports_bucket,
                name,
                out,
                content_type=_CONTENT_TYPES[request.format],
            )
        return self.jobs.merge(
            job_id,
            {
                "state": "succeeded",
                "object": name,
                "file_name": outcome.file_name,
                "folder": outcome.folder,
                "size_bytes": info.size_bytes,
                "counts": as_json(outcome.counts),
                "findings": {
                    **as_dict(summarise(outcome.findings)),
                    "first": [f.to_json() for f in outcome.findings[:FIRST_FINDINGS]],
                },
                "finished_at": stamp(now),
                "updated_at": stamp(now),
            },
        )

    def download_url(self, partner_id: UUID | None, job_id: str) -> str:
        """A signed GET URL of a finished export."""
        doc = self.jobs.get(job_id, None if partner_id is None else str(partner_id))
        name = doc.get("object")
        if doc.get("state") != "succeeded" or not isinstance(name, str):
            raise NotFound(f"export {job_id} has no file yet (it is {doc.get('state')})")
        return self._blobs.signed_url(
            self._defaults.exports_bucket,
            name,
            method="GET",
            expires_s=self._defaults.signed_url_ttl_s,
        )

    def open_output(self, partner_id: UUID | None, job_id: str) -> BinaryIO:
        """A finished export's bytes."""
        doc = self.jobs.get(job_id, None if partner_id is None else str(partner_id))
        name = doc.get("object")
        if not isinstance(name, str):
            raise NotFound(f"export {job_id} has no file yet (it is {doc.get('state')})")
        return self._blobs.open_read(self._defaults.exports_bucket, name)

    def envelope(
        self,
        request: ExportRequest,
        partner_name: str,
        now: datetime,
        parties: DdexParties | None = None,
    ) -> Envelope:
        """The message header: the request's parties, else the partner's DDEX settings (the
        store named, else its default store), else the installation's, else placeholders."""
        own = parties or DdexParties()
        store = own.recipient(request.store)  # InvalidField("store") for an unknown name
        defaults = self._defaults
        sender = MessageParty(
            request.sender_dpid
            or _text(own.sender_dpid)
            or defaults.sender_dpid
            or PLACEHOLDER_DPID,
            request.sender_name or own.sender_name or defaults.sender_name or partner_name,
        )
        recipient = MessageParty(
            request.recipient_dpid
            or (str(store.dpid) if store else None)
            or defaults.recipient_dpid
            or PLACEHOLDER_DPID,
            request.recipient_name
            or (store.name if store else None)
            or defaults.recipient_name
            or "Recipient",
        )
        return Envelope(
            sender, recipient, now, request.flow, request.takedown_on, request.test_message
        )

    # ------------------------------------------------------------ writers

    def _create(
        self, partner_id: UUID, request: ExportRequest, actor: Actor, now: datetime
    ) -> JsonObject:
        if request.flow is Flow.TAKEDOWN and request.takedown_on is None:
            raise InvalidField("takedown_on", "a takedown needs the day availability ends")
        job_id = str(uuid.uuid4())
        doc: JsonObject = {
            "id": job_id,
            "partner_id": str(partner_id),
            "kind": "export",
            "state": "queued",
            "format": request.format.value,
            "request": request.to_json(),
            "actor": {"type": actor.type.value, "id": actor.id, "client_id": actor.client_id},
            "created_at": stamp(now),
            "updated_at": stamp(now),
        }
        return self.jobs.create(job_id, str(partner_id), doc)

    def _write(
        self,
        partner_id: UUID,
        request: ExportRequest,
        out: IO[bytes],
        progress: Progress,
        actor: Actor,
        now: datetime,
    ) -> _Outcome:
        if request.format in (ExportFormat.CSV, ExportFormat.JSON):
            return self._write_rows(partner_id, request, out, progress)
        if request.format is ExportFormat.DDEX:
            return self._write_ddex(partner_id, request, out, progress, actor, now)
        if request.format is ExportFormat.DELIVERY:
            return self._write_delivery(partner_id, request, out, progress, actor, now)
        return self._write_cwr(partner_id, request, out, actor, now)

    def _write_rows(
        self, partner_id: UUID, request: ExportRequest, out: IO[bytes], progress: Progress
    ) -> _Outcome:
        columns = preset(request.preset).columns
        if request.ai_unreviewed:
            columns += ((AI_UNREVIEWED, AI_UNREVIEWED),)
        counter = _CountingWriter(out, lambda rows: progress.report({"rows": rows, "total": total}))
        with (
            self._uow() as uow,
            uow.long_statements(self._defaults.statement_timeout_s),
        ):
            exports = uow.exports
            total = exports.count_tracks(partner_id, request.release_ids)
            if request.format is ExportFormat.CSV:
                out.write(_csv_header([h for h, _ in columns]))
                exports.copy_csv(partner_id, [f for _, f in columns], request.release_ids, counter)
                name = f"catalog-{request.preset}.csv"
            else:
                exports.copy_json_lines(partner_id, columns, request.release_ids, counter)
                name = f"catalog-{request.preset}.jsonl"
        progress.report({"rows": total, "total": total}, force=True)
        return _Outcome({"rows": total}, [], name)

    def _write_ddex(
        self,
        partner_id: UUID,
        request: ExportRequest,
        out: IO[bytes],
        progress: Progress,
        actor: Actor,
        now: datetime,
    ) -> _Outcome:
        outcome = _Outcome(file_name="ddex-messages.zip")
        with self._uow() as uow, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            reads = uow.delivery_reads
            release_ids = reads.release_ids(partner_id, request.release_ids)
            envelope = self.envelope(
                request,
                uow.partners.get(partner_id).name,
                now,
                uow.partners.ddex_parties(partner_id),
            )
            refuse_placeholders_unless_forced(request, envelope)
            for done, release_id in enumerate(release_ids, start=1):
                bundle = reads.bundle(partner_id, release_id)
                for message in build_messages(bundle, envelope, request.ern_versions):
                    suffix = (
                        ""
                        if message.version == "4.3"
                        else f".ern{message.version.replace('.', '')}"
                    )
                    archive.writestr(f"{thread_id(bundle)}{suffix}.xml", message.xml)
                    report = self._validator.validate_bytes(message.xml)
                    outcome.findings.extend(report.findings)
                uow.audit.append([_delivery_event(request, actor, partner_id, release_id, now)])
                progress.report({"releases": done, "total": len(release_ids)})
            outcome.counts = {"releases": len(release_ids)}
            refuse_unless_forced(request, outcome.findings)  # inside: nothing is recorded
        return outcome

    def _write_delivery(
        self,
        partner_id: UUID,
        request: ExportRequest,
        out: IO[bytes],
        progress: Progress,
        actor: Actor,
        now: datetime,
    ) -> _Outcome:
        if len(request.release_ids) != 1:
            raise InvalidField("release_ids", "a delivery package holds exactly one release")
        release_id = request.release_ids[0]
        with self._uow() as uow:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                package = self._package(uow, archive, partner_id, request, progress, now)
            refuse_unless_forced(request, package.findings)  # inside: nothing is recorded
            folder = self._unpack(out, partner_id, request, now)
            uow.audit.append([_delivery_event(request, actor, partner_id, release_id, now)])
        counts = {"files": len(package.files), "bytes": sum(f.size_bytes for f in package.files)}
        return _Outcome(counts, package.findings, f"{package.folder}-delivery.zip", folder)

    def _package(
        self,
        uow: UnitOfWork,
        archive: zipfile.ZipFile,
        partner_id: UUID,
        request: ExportRequest,
        progress: Progress,
        now: datetime,
    ) -> Package:
        bundle = uow.delivery_reads.bundle(partner_id, request.release_ids[0])
        parties = uow.partners.ddex_parties(partner_id)
        envelope = self.envelope(request, uow.partners.get(partner_id).name, now, parties)
        refuse_placeholders_unless_forced(request, envelope)
        return write_package(
            archive,
            bundle,
            envelope,
            blobs=self._blobs,
            audio_bucket=self._defaults.audio_bucket,
            validator=self._validator,
            ern_version=request.ern_versions[0],
            on_progress=lambda done, total: progress.report(
                {"rows": done, "total": total, "percent": round(100 * done / total, 1)},
                force=done == total,
            ),
        )

    def _unpack(
        self, out: IO[bytes], partner_id: UUID, request: ExportRequest, now: datetime
    ) -> str | None:
        """A folder package: the finished zip's files under <partner>/<batch>/ in the exports
        bucket (only once nothing refused it, so a store never sees a refused package)."""
        if request.package_layout is not PackageLayout.FOLDER:
            return None
        prefix = f"{partner_id}/deliveries/{batch_id(now)}"
        out.seek(0)
        with zipfile.ZipFile(out) as archive:
            unpack_to_folder(archive, self._blobs, self._defaults.exports_bucket, prefix)
        return prefix

    def _write_cwr(
        self, partner_id: UUID, request: ExportRequest, out: IO[bytes], actor: Actor, now: datetime
    ) -> _Outcome:
        with self._uow() as uow:
            reads = uow.delivery_reads
            partner = uow.partners.get(partner_id)
            works = reads.works_by_id(partner_id, reads.work_ids(partner_id, request.release_ids))
            if not works:
                raise InvalidInput("there are no works to register (link tracks to works first)")
            items = self._cwr_works(uow, partner_id, works)
            sender = self._cwr_sender(request, partner.name, works)
            written = write_cwr(items, sender, version=request.cwr_version, created_at=now)
            _, findings = check_cwr(written.text)
            refuse_unless_forced(request, findings)
            registrations = uow.registrations
            for item in items:
                registrations.record_submission(
                    partner_id,
                    item.work.id,
                    written.submitter_numbers[item.work.id],
                    file_name=written.name,
                    now=now,
                    transaction_type="REV" if item.revision else "NWR",
                )
        out.write(written.text.encode("ascii"))
        return _Outcome({"works": len(items)}, findings, written.name)

    def _cwr_works(
        self, uow: UnitOfWork, partner_id: UUID, works: list[MusicalWork]
    ) -> list[CwrWork]:
        reads = uow.delivery_reads
        recordings = reads.tracks_of_works(partner_id, [w.id for w in works])
        release_ids = {t.release_id for t in recordings if t.release_id}
        releases = {r.id: r for r in (uow.releases.find(partner_id, i) for i in release_ids) if r}
        party_ids = {x.party_id for w in works for x in w.writers}
        party_ids |= {x.party_id for w in works for x in w.publishers}
        parties = tuple(reads.parties_by_id(partner_id, list(party_ids)))
        items = []
        for work in works:
            mine = [t for t in recordings if t.work_id == work.id]
            performers = tuple(dict.fromkeys(t.display_artist for t in mine if t.display_artist))
            items.append(
                CwrWork(
                    work,
                    tuple(
                        CwrRecording(t, releases.get(t.release_id) if t.release_id else None)
                        for t in mine
                    ),
                    parties,
                    performers,
                    revision=work.registration_status
                    in ("registered", "registered with changes", "accepted"),
                )
            )
        return items

    def _cwr_sender(
        self, request: ExportRequest, partner_name: str, works: list[MusicalWork]
    ) -> CwrSender:
        ipi = request.cwr_sender_ipi
        if ipi is None:
            controlled = [
                p for w in works for p in w.publishers if p.controlled and p.ipi_name_number
            ]
            ipi = str(controlled[0].ipi_name_number) if controlled else None
        if ipi is None:
            raise InvalidInput(
                "CWR needs the submitting publisher's IPI name number: give "
                "cwr_sender_ipi (or give the controlled publisher an IPI)"
            )
        return CwrSender(
            IpiNameNumber.parse(ipi, field="cwr_sender_ipi"),
            request.cwr_sender_name or partner_name,
            request.cwr_sender_code,
        )


def refuse_placeholders_unless_forced(request: ExportRequest, envelope: Envelope) -> None:
    """ExportRefused when a message would carry the placeholder DPID and nobody forced it."""
    if request.force or PLACEHOLDER_DPID not in (envelope.sender.dpid, envelope.recipient.dpid):
        return
    raise ExportRefused(
        "the export was refused: no DDEX sender or recipient DPID is configured, so "
        f"the messages would carry the placeholder {PLACEHOLDER_DPID}; set the sender and a "
        "default store in Settings, DDEX parties (or the server's DDEX_SENDER_DPID and "
        "DDEX_RECIPIENT_DPID), or pass sender_dpid and recipient_dpid (or force the export "
        "for a test delivery)"
    )


def _delivery_event(
    request: ExportRequest, actor: Actor, partner_id: UUID, release_id: UUID, now: datetime
) -> AuditEvent:
    detail: JsonObject = {"flow": request.flow.value, "versions": list(request.ern_versions)}
    if request.format is ExportFormat.DELIVERY:
        detail = {**detail, "package": True, "recipient_dpid": request.recipient_dpid}
    return AuditEvent(
        uuid.uuid4(),
        now,
        "ddex.delivery",
        actor,
        RetentionClass.DDEX,
        partner_id,
        "release",
        release_id,
        detail=detail,
    )


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)


def _listed(value: JsonValue) -> list[JsonValue]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidField("export", f"{value!r} should be a list")
    return value


def as_dict(counts: dict[str, int]) -> JsonObject:
    """Counts as a JSON object."""
    return {key: value for key, value in counts.items()}


def _csv_header(headers: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(headers)
    return buffer.getvalue().encode("utf-8")


class _CountingWriter:
    """Counts lines as COPY writes them, for progress."""

    def __init__(self, out: IO[bytes], tick: Callable[[int], None]) -> None:
        self._out = out
        self._tick = tick
        self.rows = 0

    def write(self, data: bytes) -> int:
        self._out.write(data)
        self.rows += data.count(b"\n")
        if self.rows % 10_000 == 0:
            self._tick(self.rows)
        return len(data)
