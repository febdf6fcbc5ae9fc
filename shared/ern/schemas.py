"""The DDEX ERN schemas, read from DDEX_SCHEMA_DIR, compiled once, validated offline.

The XSDs are DDEX's, not ours to ship: the product reads them from a folder (DDEX_SCHEMA_DIR),
falling back to ../shared/standards/ddex beside a checkout. Both schema sets import their
allowed-value sets by relative path, and lxml never touches the network while compiling them.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from shared.domain.findings import Finding, Layer, Severity
from shared.ern.avs import AvsIndex, load_avs_index
from shared.ern.safe_xml import local_name, namespace_of
from shared.errors import InvalidInput, SettingsError

_CHECKOUT_STANDARDS = Path(__file__).resolve().parents[2].parent / "shared" / "standards" / "ddex"


@dataclass(frozen=True, slots=True)
class ErnVersion:
    """One supported ERN version: where its schema lives and what its root looks like."""

    name: str  # "4.3"
    namespace: str
    folder: str  # under the schema dir
    avs_file: str
    schema_version_id: str | None  # MessageSchemaVersionId (3.x only)

    @property
    def xsd_name(self) -> str:
        """The schema's entry file."""
        return "release-notification.xsd"


ERN_43 = ErnVersion("4.3", "http://ddex.net/xml/ern/43", "ern43", "allowed-value-sets.xsd", None)
ERN_382 = ErnVersion(
    "3.8.2", "http://ddex.net/xml/ern/382", "ern382", "avs_20161006.xsd", "ern/382"
)
VERSIONS: dict[str, ErnVersion] = {v.name: v for v in (ERN_43, ERN_382)}
_BY_NAMESPACE = {v.namespace: v for v in VERSIONS.values()}
_ERN_NAMESPACE = re.compile(r"https?://ddex\.net/xml/ern/(\d)(\d*)/?")
ROOTS = frozenset({"NewReleaseMessage", "PurgeReleaseMessage"})


def default_schema_dir() -> Path:
    """../shared/standards/ddex beside the checkout."""
    return _CHECKOUT_STANDARDS


def detect_version(root: etree._Element) -> ErnVersion:
    """The ERN version of a message; InvalidInput names a wrong namespace or version."""
    namespace, name = namespace_of(root), local_name(root)
    version = _BY_NAMESPACE.get(namespace)
    if version is None:
        match = _ERN_NAMESPACE.fullmatch(namespace)
        if match:
            found = f"{match.group(1)}.{'.'.join(match.group(2))}".rstrip(".")
            meant = VERSIONS.get(found)
            if meant is not None:  # a near miss: a trailing slash, https
                raise InvalidInput(
                    f"line {root.sourceline}: the namespace is {namespace!r}, not ERN "
                    f"{meant.name}'s {meant.namespace!r}: a namespace must match exactly"
                )
            raise InvalidInput(
                f"line {root.sourceline}: this is an ERN {found} message (namespace {namespace});"
                f" supported versions are ERN 4.3 ({ERN_43.namespace}) and ERN 3.8.2 "
                f"({ERN_382.namespace})"
            )
        raise InvalidInput(
            f"line {root.sourceline}: the root element {name} is in namespace "
            f"{namespace or '(none)'}, not a DDEX ERN namespace: expected "
            f"{ERN_43.namespace} (ERN 4.3) or {ERN_382.namespace} (ERN 3.8.2)"
        )
    if name not in ROOTS:
        raise InvalidInput(
            f"line {root.sourceline}: the root element is {name}; an ERN message is a "
            "NewReleaseMessage (or PurgeReleaseMessage)"
        )
    declared = root.get("MessageSchemaVersionId")
    if version.schema_version_id and declared and declared.lower() != version.schema_version_id:
        raise InvalidInput(
            f"line {root.sourceline}: MessageSchemaVersionId is {declared!r} but the namespace is "
            f"ERN {version.name}'s (expected {version.schema_version_id!r})"
        )
    return version


class SchemaCatalog:
    """Compiled schemas per ERN version, from one folder; thread-safe, compiled on first use."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or default_schema_dir()).expanduser()
        self._lock = threading.Lock()
        self._compiled: dict[str, etree.XMLSchema] = {}
        self._avs: dict[str, AvsIndex] = {}

    def path(self, version: ErnVersion, file_name: str | None = None) -> Path:
        """A schema file; SettingsError explains where schemas come from when it is missing."""
        path = self.root / version.folder / (file_name or version.xsd_name)
        if not path.is_file():
            raise SettingsError(
                f"DDEX ERN {version.name} schema not found at {path}: set DDEX_SCHEMA_DIR to a "
                f"folder holding {version.folder}/{version.xsd_name} and its allowed-value sets "
                "(DDEX publishes them at https://kb.ddex.net and http://service.ddex.net/xml/)"
            )
        return path

    def schema(self, version: ErnVersion) -> etree.XMLSchema:
        """The compiled XMLSchema (no network: imports are relative files)."""
        with self._lock:
            compiled = self._compiled.get(version.name)
            if compiled is None:
                parser = etree.XMLParser(no_network=True, resolve_entities=False)
                document = etree.parse(str(self.path(version)), parser)
                compiled = etree.XMLSchema(document)
                self._compiled[version.name] = compiled
            return compiled

    def avs(self, version: ErnVersion) -> AvsIndex:
        """Where each allowed-value set is used, and its codes (read from the schema)."""
        with self._lock:
            index = self._avs.get(version.name)
            if index is None:
                index = load_avs_index(self.path(version), self.path(version, version.avs_file))
                self._avs[version.name] = index
            return index

    def validate(self, root: etree._Element, version: ErnVersion) -> list[Finding]:
        """XSD findings, each with its line and path."""
        schema = self.schema(version)
        with self._lock:  # an XMLSchema's error log is per object: one validation at a time
            if schema.validate(root):
                return []
            entries = list(schema.error_log)
        return [_xsd_finding(entry) for entry in entries]


def _xsd_finding(entry: etree._LogEntry) -> Finding:
    path = re.sub(r"/[A-Za-z0-9_]+:", "/", entry.path or "")
    message = re.sub(r"\{[^}]*\}", "", entry.message)  # namespaces make libxml2 messages noisy
    rule = "xsd.enumeration" if "[facet 'enumeration']" in entry.message else "xsd"
    parent = re.sub(r"\[\d+\]$", "", path.rsplit("/", 2)[-2]) if path.count("/") > 1 else None
    return Finding(
        Layer.XSD,
        Severity.BLOCKING,
        f"line {entry.line}, {path}",
        in_words(message, parent),
        rule,
        line=entry.line,
        detail=f"line {entry.line}, {path}: {message}",
    )


_MISSING = re.compile(
    r"Element '(\w+)': Missing child element\(s\)\. Expected is (?:one of )?\( ?([^)]*?) ?\)"
)
_UNEXPECTED = re.compile(
    r"Element '(\w+)': This element is not expected\. Expected is (?:one of )?\( ?([^)]*?) ?\)"
)
_NOT_ALLOWED = re.compile(r"Element '(\w+)': This element is not expected\.$")
_VALUE = re.compile(
    r"Element '(\w+)'(?:, attribute '(\w+)')?: (?:\[facet '(\w+)'\] )?The value '([^']*)'"
)
_TYPE = re.compile(r"Element '(\w+)'(?:, attribute '(\w+)')?: '([^']*)' is not a valid value")


def in_words(message: str, parent: str | None = None) -> str:
    """A libxml2 schema error as a person would say it; the raw text stays in ``detail``.
    ``parent`` is the element holding the one the message is about, when the path names it."""
    text = message.strip()
    if found := _MISSING.match(text):
        return f"{found[1]} is incomplete: it needs {_either(found[2])}"
    if found := _UNEXPECTED.match(text):
        expected = _either(found[2])
        if parent:  # libxml2 names the element it met; what is missing is usually the point
            return (
                f"{parent} has no {expected} before {found[1]}: {expected} is missing "
                f"(or {found[1]} is out of place)"
            )
        return f"{found[1]} is out of place: {expected} must come before it"
    if found := _NOT_ALLOWED.match(text):
        return f"{found[1]} is not allowed here"
    if found := _VALUE.match(text):
        what = f"{found[1]} {found[2]}" if found[2] else found[1]
        if found[3] == "enumeration":
            return f"{found[4]!r} is not one of the values DDEX allows for {what}"
        return f"{found[4]!r} does not have the form DDEX requires for {what}"
    if found := _TYPE.match(text):
        what = f"{found[1]} {found[2]}" if found[2] else found[1]
        return f"{found[3]!r} is not a valid {what}"
    return "the message does not follow the DDEX schema here (see the technical detail)"


def _either(names: str) -> str:
    parts = [n.strip() for n in names.split(",") if n.strip()]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} or {parts[-1]}"


@functools.cache
def catalog_for(root: Path | None) -> SchemaCatalog:
    """One SchemaCatalog per folder per process (compiling costs ~50 ms)."""
    return SchemaCatalog(root)
