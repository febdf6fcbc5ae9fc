"""CWR checks: trailer counts, record numbering, identifiers and the share rules of the spec.

Share rules (tolerance 0.06 %, ../shared/standards/cwr/LAYOUT.md section 3): publisher PR
ownership at most 50 %; for each right, writers plus publishers own 100 % or 0 %; per territory
and right, collection shares at most 100 %; at least one writer who composed or wrote (C, A, CA);
MOD works need an arranger/adaptor/translator, ORI works must not have one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from shared.cwr.model import STATUS_TEXT, Acknowledgement
from shared.cwr.reader import Group, ParsedCwr, Record, Transaction, problem, read_cwr
from shared.cwr.writer import decimal_share
from shared.domain.findings import Finding, Severity
from shared.domain.identifiers import IpiBaseNumber, IpiNameNumber, Iswc

TOLERANCE = Decimal("0.06")
_RIGHTS = ("pr", "mr", "sr")
_MODIFIED = {"AR", "AD", "SR", "SA", "TR"}
_AUTHORS = {"C", "A", "CA"}
_WORK_TYPES = ("NWR", "REV", "ISW", "EXC")


def check_cwr(text: str) -> tuple[ParsedCwr, list[Finding]]:
    """Read a file and check it: every finding with its line."""
    parsed = read_cwr(text)
    findings = list(parsed.findings)
    findings.extend(_trailer_counts(parsed))
    for group in parsed.groups:
        findings.extend(_group_counts(group))
        for transaction in group.transactions:
            findings.extend(_numbering(transaction))
            if transaction.header.type in ("NWR", "REV") and parsed.version in ("2.1", "2.2"):
                findings.extend(check_work_transaction(transaction))
    if parsed.version in ("3.0", "3.1"):
        findings.append(
            problem(
                1,
                f"CWR {parsed.version}: its layouts are not public, so only "
                "the file's structure and counts were checked",
                "cwr.version",
                Severity.WARNING,
            )
        )
    return parsed, sorted(findings, key=lambda f: f.line or 0)


def _trailer_counts(parsed: ParsedCwr) -> Iterator[Finding]:
    trailer = parsed.trailer
    if parsed.header is None:
        yield problem(1, "the file has no HDR record", "cwr.structure")
    if trailer is None:
        yield problem(parsed.records, "the file has no TRL record", "cwr.structure")
        return
    expected = {
        "group_count": len(parsed.groups),
        "transaction_count": sum(len(g.transactions) for g in parsed.groups),
        "record_count": parsed.records,
    }
    for name, count in expected.items():
        if trailer.number(name) != count:
            yield problem(
                trailer.line,
                f"TRL {name.replace('_', ' ')} is {trailer.get(name)!r}, the file has {count}",
                "cwr.counts",
            )


def _group_counts(group: Group) -> Iterator[Finding]:
    trailer = group.trailer
    if trailer is None:
        return
    records = 2 + sum(len(t.records) for t in group.transactions)
    if trailer.number("transaction_count") != len(group.transactions):
        yield problem(
            trailer.line,
            f"GRT transaction count is {trailer.get('transaction_count')!r},"
            f" the group has {len(group.transactions)}",
            "cwr.counts",
        )
    if trailer.number("record_count") != records:
        yield problem(
            trailer.line,
            f"GRT record count is {trailer.get('record_count')!r}, the "
            f"group has {records} (GRH and GRT included)",
            "cwr.counts",
        )
    if trailer.number("group_id") != group.header.number("group_id"):
        yield problem(trailer.line, "GRT group ID differs from its GRH's", "cwr.counts")


def _numbering(transaction: Transaction) -> Iterator[Finding]:
    if transaction.header.type == "ACK":
        return  # records after an ACK keep the ACK's numbers and continue its sequence
    for expected, record in enumerate(transaction.records):
        if record.number("record_sequence") != expected:
            yield problem(
                record.line,
                f"{record.type} record sequence is "
                f"{record.get('record_sequence')!r}, expected {expected}",
                "cwr.numbering",
                Severity.WARNING,
            )
            return


def _where(transaction: Transaction) -> str:
    header = transaction.header
    return f"{header.type} {header.get('submitter_work_number') or header.get('work_title')!r}"


def check_work_transaction(transaction: Transaction) -> Iterator[Finding]:
    """Identifier and share checks for one NWR/REV transaction."""
    header = transaction.header
    where = _where(transaction)
    if not header.get("work_title"):
        yield problem(header.line, f"{where}: the work has no title", "cwr.required")
    if not header.get("submitter_work_number"):
        yield problem(header.line, f"{where}: no submitter work number", "cwr.required")
    iswc = header.get("iswc")
    if iswc and Iswc.check(iswc):
        yield problem(header.line, f"{where}: ISWC {Iswc.check(iswc)}", "cwr.iswc")
    yield from _ipi_checks(transaction, where)
    yield from share_checks(transaction, where)
    yield from _role_checks(transaction, where)


def _ipi_checks(transaction: Transaction, where: str) -> Iterator[Finding]:
    for record in transaction.of_type("SPU", "OPU", "SWR", "OWR", "PER"):
        name_number, base = record.get("ipi_name_number"), record.get("ipi_base_number")
        if name_number and name_number.strip("0") and IpiNameNumber.check(name_number):
            yield problem(
                record.line,
                f"{where}: {record.type} IPI name number {IpiNameNumber.check(name_number)}",
                "cwr.ipi",
            )
        if base and IpiBaseNumber.check(base):
            yield problem(
                record.line,
                f"{where}: {record.type} IPI base number {IpiBaseNumber.check(base)}",
                "cwr.ipi",
            )


def _owned(records: list[Record], right: str) -> Decimal:
    return sum((decimal_share(r.get(f"{right}_share")) for r in records), Decimal(0))


def share_checks(transaction: Transaction, where: str) -> Iterator[Finding]:
    """The ownership and collection share rules."""
    header = transaction.header
    publishers = transaction.of_type("SPU", "OPU")
    writers = transaction.of_type("SWR", "OWR")
    for right in _RIGHTS:
        total = _owned(publishers, right) + _owned(writers, right)
        if total and abs(total - 100) > TOLERANCE:
            yield problem(
                header.line,
                f"{where}: {right.upper()} ownership totals {total}%, expected 100% (or 0%)",
                "cwr.shares",
            )
    publisher_pr = _owned(publishers, "pr")
    if publisher_pr > 50 + TOLERANCE:
        yield problem(
            header.line, f"{where}: publishers own {publisher_pr}% of PR; at most 50%", "cwr.shares"
        )
    collected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for record in transaction.of_type("SPT", "OPT", "SWT", "OWT"):
        if record.get("inclusion") != "I":
            continue
        for right in _RIGHTS:
            collected[(record.get("tis_code"), right)] += decimal_share(
                record.get(f"{right}_share")
            )
    for (territory, right), total in sorted(collected.items()):
        if total > 100 + TOLERANCE:
            yield problem(
                header.line,
                f"{where}: {right.upper()} collection in territory "
                f"{territory} totals {total}%, more than 100%",
                "cwr.shares",
            )


def _role_checks(transaction: Transaction, where: str) -> Iterator[Finding]:
    header = transaction.header
    roles = {r.get("designation") for r in transaction.of_type("SWR", "OWR")}
    if roles and not roles & _AUTHORS:
        yield problem(
            header.line, f"{where}: no writer composed or wrote it (role C, A or CA)", "cwr.writers"
        )
    version_type = header.get("version_type")
    if version_type == "MOD" and roles and not roles & _MODIFIED:
        yield problem(
            header.line,
            f"{where}: a modified (MOD) work needs an arranger, adaptor or translator",
            "cwr.version-type",
            Severity.WARNING,
        )
    if version_type == "ORI" and roles & _MODIFIED:
        yield problem(
            header.line,
            f"{where}: an original (ORI) work cannot have an arranger, adaptor or translator",
            "cwr.version-type",
        )


# ---------------------------------------------------------------- acknowledgements


def acknowledgements(parsed: ParsedCwr) -> list[Acknowledgement]:
    """What the society said about each submitted work (ACK groups, and ISW notifications)."""
    found = [_acknowledgement(t) for t in parsed.transactions("ACK")]
    for transaction in parsed.transactions("ISW"):
        header = transaction.header
        found.append(
            Acknowledgement(
                header.get("submitter_work_number"),
                header.get("work_title"),
                "AS",
                "ISW",
                None,
                None,
                header.get("iswc") or None,
                (),
                header.line,
            )
        )
    return found


def _acknowledgement(transaction: Transaction) -> Acknowledgement:
    header = transaction.header
    work = next((r for r in transaction.details if r.type in _WORK_TYPES), None)
    messages = tuple(
        f"{m.get('validation_number')} {m.get('message_text')}".strip()
        for m in transaction.of_type("MSG")
    )
    processing = header.get("processing_date")
    status = header.get("transaction_status").upper()
    return Acknowledgement(
        submitter_work_number=header.get("submitter_creation_number"),
        title=header.get("creation_title"),
        status=status,
        original_transaction_type=header.get("original_transaction_type"),
        society_work_number=header.get("recipient_creation_number") or None,
        processing_date=_date(processing),
        iswc=(work.get("iswc") or None) if work else None,
        messages=messages or ((STATUS_TEXT.get(status, status),) if status in ("RJ", "CO") else ()),
        line=header.line,
    )


def _date(text: str) -> date | None:
    if len(text) == 8 and text.isdigit() and text != "00000000":
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            return None
    return None
