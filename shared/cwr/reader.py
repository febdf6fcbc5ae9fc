"""A tolerant CWR reader: real society files trim trailing fields and use old header lengths.

Lines are split on any line ending, padded to their record's full length, and cut into named
fields; CWR 2.0-style 86-character headers, the IPI-in-sender-type workaround, lower-case text,
trimmed records and society codes written short ("21 ") are all read. What the reader cannot
read is reported, never raised. CWR 3.0/3.1 files are cut with the layouts observed in
django-music-publisher's files (``layout_v3``; the 3.x specification is not public).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.cwr.layout import PREFIX, TRANSACTION_TYPES, known_record, layout
from shared.domain.findings import Finding, Layer, Severity

_VERSION_BY_GROUP = {"02.10": "2.1", "02.20": "2.2", "03.00": "3.0", "03.10": "3.1"}


@dataclass
class Record:
    """One line of the file, cut into fields (values right-stripped)."""

    line: int
    type: str
    fields: dict[str, str]
    raw: str

    def get(self, name: str) -> str:
        """A field's value ('' when absent)."""
        return self.fields.get(name, "").strip()

    def number(self, name: str) -> int | None:
        """A numeric field, or None when blank or not a number."""
        value = self.get(name)
        return int(value) if value.isdigit() else None


@dataclass
class Transaction:
    """A transaction header and its detail records."""

    header: Record
    details: list[Record] = field(default_factory=list)

    @property
    def records(self) -> list[Record]:
        """Header and details."""
        return [self.header, *self.details]

    def of_type(self, *types: str) -> list[Record]:
        """Detail records of the given types."""
        return [r for r in self.details if r.type in types]


@dataclass
class Group:
    """GRH ... GRT."""

    header: Record
    transactions: list[Transaction] = field(default_factory=list)
    trailer: Record | None = None

    @property
    def transaction_type(self) -> str:
        """NWR, REV, ACK, ISW..."""
        return self.header.get("transaction_type").upper()


@dataclass
class ParsedCwr:
    """A whole file as read, with what was wrong with its shape."""

    version: str
    header: Record | None = None
    groups: list[Group] = field(default_factory=list)
    trailer: Record | None = None
    findings: list[Finding] = field(default_factory=list)
    records: int = 0

    @property
    def sender_name(self) -> str:
        """HDR sender name."""
        return self.header.get("sender_name") if self.header else ""

    def transactions(self, *types: str) -> list[Transaction]:
        """Transactions of groups of the given types (all when none given)."""
        return [
            t
            for g in self.groups
            if not types or g.transaction_type in types
            for t in g.transactions
        ]


def problem(line: int, message: str, rule: str, severity: Severity = Severity.BLOCKING) -> Finding:
    """A CWR finding at a line."""
    return Finding(Layer.CWR, severity, f"line {line}", message, rule, line=line)


def detect_version(lines: list[str]) -> str:
    """2.1, 2.2, 3.0 or 3.1: the first GRH's version, else the HDR's, else 2.1."""
    for text in lines[:3]:
        if text.startswith("GRH") and text[11:16] in _VERSION_BY_GROUP:
            return _VERSION_BY_GROUP[text[11:16]]
    header = lines[0] if lines else ""
    if header.startswith("HDR") and header[102:105] in ("3.0", "3.1"):
        return header[102:105]
    if header.startswith("HDR") and header[101:104] == "2.2":
        return "2.2"
    return "2.1"


def cut(line_number: int, text: str, version: str) -> Record:
    """Pad ``text`` to its record's length and cut it into fields."""
    record_type = text[:3].upper()
    fields = layout(record_type, version) or PREFIX
    values: dict[str, str] = {}
    position = 0
    padded = text.ljust(sum(f.size for f in fields))
    for spec in fields:
        values[spec.name] = padded[position : position + spec.size].rstrip()
        position += spec.size
    return Record(line_number, record_type, values, text)


def read_cwr(text: str) -> ParsedCwr:
    """Read a CWR file; shape problems become findings."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    version = detect_version([line for _, line in lines])
    parsed = ParsedCwr(version, records=len(lines))
    group: Group | None = None
    for number, line in lines:
        record = cut(number, line, version)
        group = _place(parsed, group, record)
    if group is not None:
        parsed.findings.append(
            problem(group.header.line, "group has no GRT trailer", "cwr.structure")
        )
    return parsed


def _place(parsed: ParsedCwr, group: Group | None, record: Record) -> Group | None:
    kind = record.type
    if kind == "HDR":
        if parsed.header is not None:
            parsed.findings.append(problem(record.line, "a second HDR record", "cwr.structure"))
        parsed.header = record
        return group
    if parsed.header is None and not parsed.findings:
        parsed.findings.append(
            problem(record.line, "the file does not start with HDR", "cwr.structure")
        )
    if kind == "GRH":
        if group is not None:
            parsed.findings.append(
                problem(record.line, "GRH before the previous group's GRT", "cwr.structure")
            )
        new = Group(record)
        parsed.groups.append(new)
        return new
    if kind == "GRT":
        if group is None:
            parsed.findings.append(problem(record.line, "GRT without a GRH", "cwr.structure"))
        else:
            group.trailer = record
        return None
    if kind == "TRL":
        if parsed.trailer is not None:
            parsed.findings.append(problem(record.line, "a second TRL record", "cwr.structure"))
        parsed.trailer = record
        return group
    if group is None:
        parsed.findings.append(
            problem(record.line, f"{kind} record outside a group", "cwr.structure")
        )
        return None
    _add_to_group(parsed, group, record)
    return group


def _add_to_group(parsed: ParsedCwr, group: Group, record: Record) -> None:
    starts = (
        record.type == "ACK"
        if group.transaction_type == "ACK"
        else record.type in TRANSACTION_TYPES
    )
    if starts:
        if record.type != group.transaction_type:
            parsed.findings.append(
                problem(
                    record.line,
                    f"{record.type} transaction in a "
                    f"{group.transaction_type} group (a group holds one "
                    "transaction type)",
                    "cwr.group-type",
                )
            )
        group.transactions.append(Transaction(record))
        return
    if not group.transactions:
        parsed.findings.append(
            problem(
                record.line, f"{record.type} record before any transaction header", "cwr.structure"
            )
        )
        return
    if parsed.version in ("2.1", "2.2") and not known_record(record.type, parsed.version):
        parsed.findings.append(
            problem(
                record.line,
                f"unknown record type {record.type!r}",
                "cwr.record-type",
                Severity.WARNING,
            )
        )
    group.transactions[-1].details.append(record)
