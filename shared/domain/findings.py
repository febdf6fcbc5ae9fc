"""Validation findings: what is wrong, where, how bad, and how to fix it.

Every checker (XSD, allowed-value sets, business rules, delivery checks, CWR, CSV and JSON rows)
reports ``Finding`` values, so the CLI prints them the same way (``location: problem``) and the
UI jumps to the catalog field named by ``target``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """Blocking findings make a store reject the delivery; warnings are worth a look."""

    BLOCKING = "blocking"
    WARNING = "warning"


class Layer(StrEnum):
    """Which checker found it."""

    XML = "xml"  # not well-formed, unsafe, wrong namespace or version
    XSD = "xsd"  # the DDEX schema
    AVS = "avs"  # DDEX allowed-value sets
    BUSINESS = "business"  # DDEX release-profile rules the schema cannot express
    DELIVERY = "delivery"  # store style guides, artwork and audio specs
    CWR = "cwr"  # CWR layouts, counts and shares
    ROW = "row"  # one row of a CSV or JSON import
    FILE = "file"  # the file as a whole (encoding, quoting, size)


@dataclass(frozen=True, slots=True)
class Target:
    """The catalog field a finding is about, so the UI can jump to it."""

    entity: str  # "release", "track", "work", "party", "deal"
    id: str | None
    field: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"entity": self.entity, "id": self.id, "field": self.field}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: ``location: message``, with a rule id and a fix hint where we have one."""

    layer: Layer
    severity: Severity
    location: str  # "line 57, /NewReleaseMessage/ResourceList/SoundRecording[2]/Duration"
    message: str
    rule: str | None = None  # "ddex-1058", "style.all-caps", "cwr.shares"
    hint: str | None = None
    target: Target | None = None
    line: int | None = None
    detail: str | None = None  # the technical text behind the message (raw XSD error, path)

    @property
    def is_blocking(self) -> bool:
        """True when the delivery would be rejected."""
        return self.severity is Severity.BLOCKING

    def render(self) -> str:
        """``location: problem`` as the CLI prints it."""
        where = self.location or "file"
        text = f"{where}: {self.message}"
        if self.severity is Severity.WARNING:
            text += " (warning)"
        return text

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict for status documents and the API."""
        return {
            "layer": self.layer.value,
            "severity": self.severity.value,
            "location": self.location,
            "line": self.line,
            "message": self.message,
            "rule": self.rule,
            "hint": self.hint,
            "target": self.target.to_json() if self.target else None,
            "detail": self.detail,
        }

    def retarget(self, target: Target | None) -> Finding:
        """The same finding pointing at a catalog field."""
        return Finding(
            self.layer,
            self.severity,
            self.location,
            self.message,
            self.rule,
            self.hint,
            target,
            self.line,
            self.detail,
        )


def without_duplicates(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per problem: the same message at the same place is kept once, and a delivery
    check is dropped where a DDEX rule already reports the same catalog field."""
    seen: set[tuple[object, ...]] = set()
    business_fields = {
        (f.target.entity, f.target.id, f.target.field)
        for f in findings
        if f.layer is Layer.BUSINESS and f.target is not None and f.target.field
    }
    kept = []
    for finding in findings:
        target = finding.target
        key = (finding.layer, finding.message, target)
        field_key = (target.entity, target.id, target.field) if target else None
        if key in seen or (finding.layer is Layer.DELIVERY and field_key in business_fields):
            continue
        seen.add(key)
        kept.append(finding)
    return kept


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """Only the findings that block a delivery."""
    return [finding for finding in findings if finding.is_blocking]


def summarise(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts by severity: {"blocking": n, "warning": m}."""
    counts = {Severity.BLOCKING.value: 0, Severity.WARNING.value: 0}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts
