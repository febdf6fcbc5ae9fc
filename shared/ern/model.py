"""What every ERN writer shares: the envelope, the flows, the result, and the registry of versions.

Writers are pluggable by version: ``build_messages`` writes the same release in several versions
at once (dual-write while recipients migrate, e.g. 3.8.2 beside 4.3, or a newer ERN beside 4.3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from shared.domain.bundles import ReleaseBundle
from shared.domain.findings import Target
from shared.errors import InvalidField

PLACEHOLDER_DPID = "PADPIDA0000000000"  # written when no sender/recipient is configured


class Flow(StrEnum):
    """Why a message is sent: a new release, an update of a delivered one, or a takedown."""

    NEW = "new"
    UPDATE = "update"
    TAKEDOWN = "takedown"


@dataclass(frozen=True, slots=True)
class MessageParty:
    """A sender or recipient: its DDEX Party ID and name."""

    dpid: str
    name: str


@dataclass(frozen=True, slots=True)
class PackagedFile:
    """A file delivered beside the message: which resource it is, its name in the package
    (relative to the message), its size and its MD5 (ERN 4.3 File: URI, HashSum, FileSize)."""

    owner: str  # "track:<id>" or "artwork"
    uri: str
    size_bytes: int
    md5: str


@dataclass(frozen=True, slots=True)
class Envelope:
    """The header of a message and the flow it belongs to."""

    sender: MessageParty
    recipient: MessageParty
    created_at: datetime
    flow: Flow = Flow.NEW
    takedown_on: date | None = None  # TAKEDOWN: the day availability ends
    test: bool = False  # MessageControlType TestMessage
    language: str = "en"  # LanguageAndScriptCode of the message
    files: tuple[PackagedFile, ...] = ()  # a delivery package's files, written as TechnicalDetails

    def file_for(self, owner: str) -> PackagedFile | None:
        """The packaged file of ``owner`` ("track:<id>" or "artwork"), if there is one."""
        return next((f for f in self.files if f.owner == owner), None)

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise InvalidField("created_at", "must be timezone-aware")
        if self.flow is Flow.TAKEDOWN and self.takedown_on is None:
            raise InvalidField("takedown_on", "a takedown needs the day availability ends")


@dataclass(frozen=True, slots=True)
class BuiltMessage:
    """One written message, with the catalog object behind each DDEX reference."""

    version: str
    xml: bytes
    message_id: str
    references: dict[str, Target] = field(default_factory=dict)


class ErnWriter(Protocol):
    """Writes a release as one ERN message of one version."""

    version: str

    def build(self, bundle: ReleaseBundle, envelope: Envelope) -> BuiltMessage: ...


def message_id(bundle: ReleaseBundle, envelope: Envelope) -> str:
    """Unique per release, flow and second; the thread id (the release key) ties them together."""
    stamp = envelope.created_at.strftime("%Y%m%dT%H%M%S")
    return f"{thread_id(bundle)}-{envelope.flow.value}-{stamp}"


def thread_id(bundle: ReleaseBundle) -> str:
    """The release's key: its UPC, else its id."""
    release = bundle.release
    return str(release.upc) if release.upc else release.id.hex


_WRITERS: dict[str, ErnWriter] = {}


def register_writer(writer: ErnWriter) -> None:
    """Make a version available to ``build_messages`` (a newer ERN registers itself here)."""
    _WRITERS[writer.version] = writer


def writer_for(version: str) -> ErnWriter:
    """The writer of one version; InvalidField lists the versions there are."""
    _load_builtin_writers()
    try:
        return _WRITERS[version]
    except KeyError:
        known = ", ".join(sorted(_WRITERS))
        raise InvalidField(
            "ern_version", f"{version!r} is not supported (supported: {known})"
        ) from None


def build_messages(
    bundle: ReleaseBundle, envelope: Envelope, versions: Iterable[str] = ("4.3",)
) -> list[BuiltMessage]:
    """The release written once per version, e.g. ("4.3", "3.8.2") during a migration."""
    return [writer_for(version).build(bundle, envelope) for version in versions]


def _load_builtin_writers() -> None:
    if not _WRITERS:
        from shared.ern.ern43 import Ern43Writer
        from shared.ern.ern382 import Ern382Writer

        register_writer(Ern43Writer())
        register_writer(Ern382Writer())
