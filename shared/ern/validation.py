"""Pre-validation of ERN messages in three layers: XSD, allowed-value sets, business rules.

Unsafe XML (DOCTYPE, entities) and XML that is not well formed never reach the layers: they raise
UnsafeXml / MalformedXml with the line and column. A wrong namespace or ERN version is one finding
naming it. Each finding carries its layer, line, path and the DDEX reference it is about.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from shared.domain.findings import Finding, Layer, Severity, blocking
from shared.ern.rules import check_business_rules
from shared.ern.safe_xml import parse_xml
from shared.ern.schemas import ErnVersion, SchemaCatalog, detect_version
from shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class ErnReport:
    """What pre-validation found in one message."""

    version: str | None
    findings: tuple[Finding, ...]

    @property
    def valid(self) -> bool:
        """True when nothing blocks the delivery."""
        return not blocking(self.findings)


class ErnValidator:
    """Validates ERN 4.3 and 3.8.2 messages offline."""

    def __init__(self, schemas: SchemaCatalog) -> None:
        self._schemas = schemas

    def validate_bytes(self, data: bytes) -> ErnReport:
        """Parse safely (UnsafeXml / MalformedXml raise) and run the three layers."""
        root = parse_xml(data)
        return self.validate_root(root)

    def validate_root(self, root: etree._Element) -> ErnReport:
        """The three layers on a parsed message; a wrong namespace or version is one finding."""
        try:
            version = detect_version(root)
        except InvalidInput as exc:
            location, _, message = exc.message.partition(": ")
            return ErnReport(
                None,
                (
                    Finding(
                        Layer.XML,
                        Severity.BLOCKING,
                        location,
                        message,
                        "ddex.version",
                        line=root.sourceline,
                    ),
                ),
            )
        return ErnReport(version.name, tuple(self.layers(root, version)))

    def layers(self, root: etree._Element, version: ErnVersion) -> list[Finding]:
        """XSD, AVS and business findings, ordered by line."""
        avs = self._schemas.avs(version).check(root)
        avs_lines = {f.line for f in avs}
        xsd = [
            f
            for f in self._schemas.validate(root, version)
            if not (f.rule == "xsd.enumeration" and f.line in avs_lines)
        ]
        business = check_business_rules(root, version.name)
        return sorted([*xsd, *avs, *business], key=lambda f: (f.line or 0, f.layer.value))
