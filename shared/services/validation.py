"""Validation: a catalog release's findings (DDEX layers, delivery checks, CWR for its works),
and files handed to `catalog validate` or the API (DDEX XML, CSV, JSON, CWR).

Catalog findings point at the field to fix (``target``: entity, id, field), so the UI can jump
there; file findings name their line, row or item.
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO
from uuid import UUID

from lxml import etree

from shared.batch.rows import RowProblem, parse_row
from shared.batch.sources import (
    SNIFF_BYTES,
    CountingReader,
    FileFormat,
    FileProblem,
    detect_encoding,
    sniff_format,
)
from shared.cwr.checks import check_cwr
from shared.cwr.model import CwrRecording, CwrSender, CwrWork
from shared.cwr.reader import read_cwr
from shared.cwr.writer import write_cwr
from shared.domain.bundles import ReleaseBundle
from shared.domain.ddex_parties import DdexParties
from shared.domain.delivery_checks import ImageFacts, check_delivery
from shared.domain.findings import (
    Finding,
    Layer,
    Severity,
    Target,
    summarise,
    without_duplicates,
)
from shared.domain.identifiers import IpiNameNumber
from shared.domain.parties import Party
from shared.domain.records import StaleRelease
from shared.domain.split_checks import check_splits
from shared.ern.model import PLACEHOLDER_DPID, Envelope, build_messages
from shared.ern.rules import owning_reference
from shared.ern.safe_xml import MalformedXml, UnsafeXml, local_name, parse_xml
from shared.ern.validation import ErnValidator
from shared.errors import NotFound
from shared.ports import BlobStore, JsonObject
from shared.services import import_runs as runs
from shared.services.deliveries import image_facts, missing_bytes, source_files
from shared.services.exports import (
    ExportFormat,
    ExportRefused,
    ExportRequest,
    ExportService,
    refuse_placeholders_unless_forced,
)
from shared.services.import_runs import ImportOptions
from shared.services.jobs import as_json
from shared.unit_of_work import UnitOfWork

_FIELDS = {
    "ISRC": "isrc",
    "ICPN": "upc",
    "GRid": "grid",
    "ISWC": "iswc",
    "DisplayTitleText": "title",
    "TitleText": "title",
    "DisplayTitle": "title",
    "SubTitle": "version_title",
    "DisplayArtistName": "display_artist",
    "DisplayArtist": "contributors",
    "Contributor": "contributors",
    "Duration": "duration_ms",
    "Genre": "genre",
    "GenreText": "genre",
    "ReleaseDate": "release_date",
    "OriginalReleaseDate": "original_release_date",
    "ReleaseLabelReference": "label_name",
    "PLine": "p_line",
    "CLine": "c_line",
    "ReleaseType": "release_type",
    "LanguageOfPerformance": "language",
    "ValidityPeriod": "deals",
    "TerritoryCode": "deals",
    "UseType": "deals",
    "CommercialModelType": "deals",
    "Image": "artwork",
}
logger = logging.getLogger(__name__)
_PATH = re.compile(r"line \d+, (/\S+)")


@dataclass
class SweepReport:
    """What one validation sweep did."""

    checked: int = 0
    failed: int = 0  # of those checked, with blocking findings
    gone: int = 0  # queued releases that no longer exist
    errors: int = 0  # checks that crashed (logged; the release stays queued)
    waiting: int = 0  # releases still queued afterwards

    def to_json(self) -> JsonObject:
        """The report as the function's log and `catalog` print it."""
        return {"checked": self.checked, "failed": self.failed, "gone": self.gone,
                "errors": self.errors, "waiting": self.waiting}  # fmt: skip


@dataclass
class FileValidation:
    """What `catalog validate` found: findings, and whether the file could be read at all."""

    kind: str
    findings: list[Finding] = field(default_factory=list)
    unreadable: str | None = None  # why the file could not be read (or was refused as unsafe)

    @property
    def exit_code(self) -> int:
        """0 valid, 1 invalid, 2 unreadable or unsafe."""
        if self.unreadable:
            return 2
        return 1 if any(f.is_blocking for f in self.findings) else 0


class ValidationService:
    """Findings for releases of the catalog and for files."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        blobs: BlobStore,
        validator: ErnValidator,
        exports: ExportService,
    ) -> None:
        self._uow = uow
        self._blobs = blobs
        self._validator = validator
        self._exports = exports

    def release_findings(self, partner_id: UUID, release_id: UUID, *, now: datetime) -> JsonObject:
        """Every finding for one release, each pointing at the field to fix; the result is
        stored, so the catalog's "failed validation" filter agrees with what the user saw."""
        with self._uow() as uow:
            queued = uow.validation_results.queued_for(partner_id, release_id)
        findings = self._findings(partner_id, release_id, now)
        counts = summarise(findings)
        self._record(queued, counts, now)
        return {
            "release_id": str(release_id),
            "valid": not any(f.is_blocking for f in findings),
            "summary": as_json(counts),
            "findings": as_json([f.to_json() for f in findings]),
        }

    def sweep(
        self,
        *,
        now: Callable[[], datetime],
        limit: int,
        budget_s: float,
        partner_id: UUID | None = None,
    ) -> SweepReport:
        """Re-check releases (of one partner, or of all) whose stored result may be out of date:
        up to ``limit``, oldest first, starting no check once ``budget_s`` seconds have gone."""
        started = time.monotonic()
        with self._uow() as uow:
            stale = uow.validation_results.stale(limit, partner_id)
        report = SweepReport()
        for queued in stale:
            if time.monotonic() - started > budget_s:
                break
            try:
                self._recheck(queued, now(), report)
            except Exception:  # one broken release must not stop the others' checks
                logger.exception("validation of release %s failed", queued.release_id)
                report.errors += 1
        with self._uow() as uow:
            report.waiting = uow.validation_results.waiting(partner_id)
        return report

    def _recheck(self, queued: StaleRelease, now: datetime, report: SweepReport) -> None:
        try:
            findings = self._findings(queued.partner_id, queued.release_id, now)
        except NotFound:
            with self._uow() as uow:
                uow.validation_results.forget(queued)
            report.gone += 1
            return
        counts = summarise(findings)
        self._record(queued, counts, now)
        report.checked += 1
        report.failed += counts[Severity.BLOCKING.value] > 0

    def _record(self, queued: StaleRelease, counts: dict[str, int], now: datetime) -> None:
        with self._uow() as uow:
            uow.validation_results.record(
                queued,
                blocking=counts[Severity.BLOCKING.value],
                warnings=counts[Severity.WARNING.value],
                checked_at=now,
            )

    def _findings(self, partner_id: UUID, release_id: UUID, now: datetime) -> list[Finding]:
        with self._uow() as uow:
            reads = uow.delivery_reads
            bundle = reads.bundle(partner_id, release_id)
            partner_name = uow.partners.get(partner_id).name
            ddex_parties = uow.partners.ddex_parties(partner_id)
            works = list(bundle.works)
            parties = reads.parties_by_id(
                partner_id,
                list(
                    {x.party_id for w in works for x in w.writers}
                    | {x.party_id for w in works for x in w.publishers}
                ),
            )
        findings = self._ddex(bundle, partner_name, now, ddex_parties=ddex_parties)
        findings += check_delivery(bundle, self._artwork_facts(bundle))
        findings += check_splits(bundle)
        findings += self._cwr(bundle, parties, now)
        return without_duplicates(findings)

    def refuse_undeliverable(
        self, partner_id: UUID, request: ExportRequest, *, now: datetime
    ) -> None:
        """Before a delivery package is queued: ExportRefused, with the blocking findings
        (``extra["findings"]``), when the release would not deliver and nobody forced it. The
        findings are the release's DDEX and delivery checks and its missing files; CWR findings
        of its works are for societies, not stores, and do not block a delivery."""
        if request.force:
            return
        release_id = request.release_ids[0]
        with self._uow() as uow:
            bundle = uow.delivery_reads.bundle(partner_id, release_id)  # NotFound: 404
            partner_name = uow.partners.get(partner_id).name
            parties = uow.partners.ddex_parties(partner_id)
        findings = self._ddex(bundle, partner_name, now, request, parties)
        findings += check_delivery(bundle, self._artwork_facts(bundle))
        findings += self._missing_files(bundle)
        found = [f for f in without_duplicates(findings) if f.is_blocking]
        if found:
            refused = ExportRefused(
                f"the release cannot be delivered: {len(found)} blocking finding(s), e.g. "
                f"{found[0].message!r}; fix them, or deliver again with force",
                found,
            )
            refused.extra = {"findings": [f.to_json() for f in found]}
            raise refused
        refuse_placeholders_unless_forced(
            request, self._exports.envelope(request, partner_name, now, parties)
        )

    def _missing_files(self, bundle: ReleaseBundle) -> list[Finding]:
        found: list[Finding] = []
        for item in source_files(bundle, self._exports.audio_bucket):
            try:
                self._blobs.stat(item.bucket, item.name)
            except NotFound:
                found.append(missing_bytes(item, bundle))
        return found

    def _ddex(
        self,
        bundle: ReleaseBundle,
        partner_name: str,
        now: datetime,
        request: ExportRequest | None = None,
        ddex_parties: DdexParties | None = None,
    ) -> list[Finding]:
        wanted = request or ExportRequest(ExportFormat.DDEX)
        envelope = self._exports.envelope(wanted, partner_name, now, ddex_parties)
        message = build_messages(bundle, envelope, ("4.3",))[0]
        root = parse_xml(message.xml)
        report = self._validator.validate_root(root)
        findings = [
            _retarget(f, root, message.references) for f in without_gaps_echoed(report.findings)
        ]
        return _placeholder_dpids_as_one_warning(findings, envelope)

    def _artwork_facts(self, bundle: ReleaseBundle) -> ImageFacts | None:
        artwork = bundle.release.artwork
        if artwork is None:
            return None
        try:
            with self._blobs.open_read(artwork.bucket, artwork.object_name) as stream:
                return image_facts(stream)
        except NotFound:
            return None

    def _cwr(self, bundle: ReleaseBundle, parties: list[Party], now: datetime) -> list[Finding]:
        if not bundle.works:
            return []
        items = [
            CwrWork(
                w,
                tuple(CwrRecording(t, bundle.release) for t in bundle.tracks if t.work_id == w.id),
                tuple(parties),
            )
            for w in bundle.works
        ]
        sender = CwrSender(IpiNameNumber("00000000000"), "VALIDATION")
        written = write_cwr(items, sender, version="2.1", created_at=now)
        numbers = {number: work_id for work_id, number in written.submitter_numbers.items()}
        parsed = read_cwr(written.text)
        _, findings = check_cwr(written.text)
        by_line = {
            r.line: t.header.get("submitter_work_number")
            for t in parsed.transactions()
            for r in t.records
        }
        return [
            f.retarget(
                Target(
                    "work", str(numbers.get(by_line.get(f.line or 0, ""), "")) or None, "writers"
                )
            )
            for f in findings
            if f.rule not in ("cwr.counts",)
        ]

    def validate_file(self, open_file: Callable[[], BinaryIO], name: str) -> FileValidation:
        """Findings for a DDEX, CSV, JSON or CWR file."""
        return FileValidator(self._validator).validate_file(open_file, name)


class FileValidator:
    """Validates files offline: no database, no network (what `catalog validate` runs)."""

    def __init__(self, validator: ErnValidator) -> None:
        self._validator = validator

    def validate_file(self, open_file: Callable[[], BinaryIO], name: str) -> FileValidation:
        """Findings for a DDEX, CSV, JSON or CWR file."""
        with open_file() as stream:
            head = stream.read(SNIFF_BYTES)
        kind = sniff_format(head, name)
        if kind in (FileFormat.DDEX, FileFormat.ZIP):
            return self._validate_xml(open_file, name, kind)
        if kind is FileFormat.CWR:
            with open_file() as stream:
                data = stream.read()
            try:
                _, findings = check_cwr(runs.cwr_text(data))
            except FileProblem as exc:
                return FileValidation("cwr", unreadable=exc.message)
            return FileValidation("cwr", findings)
        return self._validate_rows(open_file, kind, detect_encoding(head))

    def _validate_xml(
        self, open_file: Callable[[], BinaryIO], name: str, kind: FileFormat
    ) -> FileValidation:
        result = FileValidation("ddex")
        with open_file() as stream:
            try:
                for _, (member, data) in enumerate(runs.messages(stream, kind, name), start=1):
                    try:
                        report = self._validator.validate_bytes(data)
                    except UnsafeXml as exc:
                        result.unreadable = f"{member}: {exc.message}"
                        return result
                    except MalformedXml as exc:
                        result.unreadable = f"{member}: {exc.message}"
                        return result
                    prefix = f"{member}: " if kind is FileFormat.ZIP else ""
                    result.findings += [_prefixed(f, prefix) for f in report.findings]
            except FileProblem as exc:
                result.unreadable = exc.message
        return result

    def _validate_rows(
        self, open_file: Callable[[], BinaryIO], kind: FileFormat, encoding: str
    ) -> FileValidation:
        result = FileValidation(kind.value)
        label = {FileFormat.CSV: "row", FileFormat.JSON: "item"}.get(kind, "line")

        def where(problem: RowProblem) -> str:
            number = f"{label} {problem.row}"
            return f"{number}, {problem.field}" if problem.field else number

        def ignored(notes: list[RowProblem]) -> None:
            result.findings.extend(_row_finding(where(n), n.problem, Severity.WARNING)
                                   for n in notes)  # fmt: skip

        with open_file() as stream:
            buffered = io.BufferedReader(CountingReader(stream), buffer_size=1 << 20)
            try:
                rows, mapping, _ = runs.source_rows(kind, buffered, ImportOptions(), encoding)
                for row_no, cells in runs.mapped_rows(rows, mapping, {}, on_ignored=ignored):
                    if isinstance(cells, RowProblem):
                        result.findings.append(_row_finding(where(cells), cells.problem))
                        continue
                    changes: list[RowProblem] = []
                    for problem in parse_row(row_no, cells, changes)[1]:
                        result.findings.append(_row_finding(where(problem), problem.problem))
                    result.findings.extend(
                        _row_finding(where(c), f"changed: {c.problem}", Severity.WARNING)
                        for c in changes
                    )
            except FileProblem as exc:
                if exc.kind == "invalid":
                    result.findings.append(
                        Finding(Layer.FILE, Severity.BLOCKING, exc.where, exc.reason, "file")
                    )
                else:
                    result.unreadable = exc.message
        return result


_STRUCTURAL_XSD = ("Missing child element", "This element is not expected")


def without_gaps_echoed(findings: Iterable[Finding]) -> list[Finding]:
    """Our builder leaves out what the catalog lacks (no display artist, no label): the business
    rules say so in the user's words, so the schema's echo of the same gap (an element missing or
    out of place) is not reported a second time, as broken XML it is not."""
    found = list(findings)
    gaps = any(f.layer is Layer.BUSINESS and f.is_blocking for f in found)
    return [
        f
        for f in found
        if not (
            gaps and f.layer is Layer.XSD and any(s in (f.detail or "") for s in _STRUCTURAL_XSD)
        )
    ]


def _placeholder_dpids_as_one_warning(findings: list[Finding], envelope: Envelope) -> list[Finding]:
    """Unset sender/recipient DPIDs are the installation's gap, not the release's: one warning
    here (an export still refuses them), so every release does not fail for the same reason."""
    parties = (envelope.sender.dpid, envelope.recipient.dpid)
    if PLACEHOLDER_DPID not in parties:
        return findings
    kept = [f for f in findings if f.rule != "ddex.dpid"]
    missing = [name for name, dpid in zip(("sender", "recipient"), parties, strict=True)
               if dpid == PLACEHOLDER_DPID]  # fmt: skip
    unset = Finding(
        Layer.BUSINESS,
        Severity.WARNING,
        "MessageHeader",
        f"no DDEX {' or '.join(missing)} DPID is configured; exports carry a placeholder",
        "ddex.dpid",
        "set the sender and a default store in Settings, DDEX parties (/settings#ddex-parties), "
        "or the server's DDEX_SENDER_DPID and DDEX_RECIPIENT_DPID",
    )
    return [unset, *kept]


def _row_finding(where: str, message: str, severity: Severity = Severity.BLOCKING) -> Finding:
    return Finding(Layer.ROW, severity, where, message, "row")


def _prefixed(finding: Finding, prefix: str) -> Finding:
    if not prefix:
        return finding
    return Finding(
        finding.layer,
        finding.severity,
        prefix + finding.location,
        finding.message,
        finding.rule,
        finding.hint,
        finding.target,
        finding.line,
        finding.detail,
    )


def _retarget(finding: Finding, root: etree._Element, references: dict[str, Target]) -> Finding:
    """Point a message finding at the catalog object and field behind its DDEX element."""
    element = _element_at(finding, root)
    reference = finding.target.id if finding.target and finding.target.entity == "ddex" else None
    name = finding.target.field if finding.target and finding.target.entity == "ddex" else None
    if element is not None:
        reference = reference or owning_reference(element)
        name = name or local_name(element)
    target = references.get(reference or "")
    if target is None:
        return (
            finding.retarget(None)
            if finding.target and finding.target.entity == "ddex"
            else finding
        )
    field_name = (
        name if name and name.islower() or (name and "_" in name) else _FIELDS.get(name or "")
    )
    if target.entity == "party":
        field_name = "name"
    return finding.retarget(Target(target.entity, target.id, field_name or target.field))


def _element_at(finding: Finding, root: etree._Element) -> etree._Element | None:
    match = _PATH.match(finding.location)
    if not match:
        return None
    parts = match.group(1).split("/", 2)
    path = "/*/" + parts[2] if len(parts) == 3 else "/*"
    try:
        found = root.getroottree().xpath(path)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None
