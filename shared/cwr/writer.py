"""Write CWR 2.1 / 2.2 files (3.0 / 3.1 in ``writer_v3``): full-length fixed-width records,
counted groups and trailer.

HDR, GRH (one group per transaction type), NWR/REV with SPU, SPT, OPU, SWR, SWT, OWR, PWR, ALT,
PER, REC, ORN, then GRT and TRL with transaction and record counts. Text is upper-cased and
transliterated to ASCII (the CIS character set); the writer is strict where readers are tolerant.
Flags are written as LAYOUT.md requires: Grand Rights Indicator (B, mandatory for UK societies)
and Priority Flag (F) on the work, First Recording Refusal on SPU/OPU (F) and SWR (B),
Reversionary Indicator (F) on SWR, all ``N`` unless the catalog knows otherwise; societies per
right (PR, MR, SR) on SPU and SWR as three-digit CISAC codes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from shared.cwr.layout import Field, layout
from shared.cwr.model import WORLD_TIS, CwrFile, CwrSender, CwrWork, share_units
from shared.domain.identifiers import Gtin
from shared.domain.parties import Party
from shared.domain.recordings import SoundRecording
from shared.domain.releases import Release
from shared.domain.societies import Societies
from shared.domain.works import PublisherRole, Shares, WorkPublisher, WorkWriter, WriterRole
from shared.errors import InvalidField

Value = str | int | date | None
_MODIFIED_ROLES = {
    WriterRole.ARRANGER,
    WriterRole.ADAPTOR,
    WriterRole.TRANSLATOR,
    WriterRole.SUB_ARRANGER,
    WriterRole.SUB_AUTHOR,
}
_GROUP_VERSION = {"2.1": "02.10", "2.2": "02.20"}
SUPPORTED_VERSIONS = ("2.1", "2.2", "3.0", "3.1")
CRLF = "\r\n"


def ascii_upper(text: str) -> str:
    """Upper-case ASCII: accents dropped (é -> E), anything else unrepresentable removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").upper()


def encode_field(value: Value, spec: Field) -> str:
    """One field, padded to its size; InvalidField when a number does not fit."""
    if value is None or value == "":
        filler = {"D": "0" * 8, "T": "0" * 6}.get(spec.fmt, " " * spec.size)
        return filler[: spec.size].ljust(spec.size)
    if spec.fmt == "N":
        digits = str(value)
        if not digits.isdigit() or len(digits) > spec.size:
            raise InvalidField(spec.name, f"{value!r} does not fit {spec.size} digits")
        return digits.zfill(spec.size)
    if spec.fmt == "D" and isinstance(value, date):
        return value.strftime("%Y%m%d")
    if spec.fmt == "T" and isinstance(value, int):
        hours, rest = divmod(min(value, 99 * 3600 + 3599), 3600)
        return f"{hours:02d}{rest // 60:02d}{rest % 60:02d}"
    return ascii_upper(str(value))[: spec.size].ljust(spec.size)


def encode_record(record_type: str, version: str, values: Mapping[str, Value]) -> str:
    """A full-length record of ``record_type`` from named values."""
    fields = layout(record_type, version)
    return "".join(
        encode_field(values.get(f.name, record_type if f.name == "record_type" else None), f)
        for f in fields
    )


def ip_number(party_id: object) -> str:
    """The submitter's own 9-character key for an interested party."""
    return str(party_id).replace("-", "")[:9].upper()


def submitter_work_number(work_id: object) -> str:
    """The submitter's 14-character work key; societies echo it in acknowledgements."""
    return str(work_id).replace("-", "")[:14].upper()


def split_name(name: str) -> tuple[str, str | None]:
    """'Wendy Writer' -> ('WRITER', 'WENDY'); one word stays whole."""
    parts = name.strip().rsplit(" ", 1)
    return (parts[1], parts[0]) if len(parts) == 2 else (parts[0], None)


def _shares(shares: Shares) -> dict[str, Value]:
    return {
        "pr_share": share_units(shares.pr),
        "mr_share": share_units(shares.mr),
        "sr_share": share_units(shares.sr),
    }


def _societies(societies: Societies) -> dict[str, Value]:
    return {
        "pr_society": societies.pr,
        "mr_society": societies.mr,
        "sr_society": societies.sr,
    }


class Transaction:
    """Records of one transaction: numbered as they are added."""

    def __init__(self, version: str, sequence: int) -> None:
        self.version = version
        self.sequence = sequence
        self.records: list[str] = []

    def add(self, record_type: str, **values: Value) -> None:
        values.update(transaction_sequence=self.sequence, record_sequence=len(self.records))
        self.records.append(encode_record(record_type, self.version, values))


def write_cwr(
    works: list[CwrWork],
    sender: CwrSender,
    *,
    version: str,
    created_at: datetime,
    sequence: int = 1,
    receiver: str = "000",
) -> CwrFile:
    """The CWR file registering ``works`` (NWR, or REV for works already accepted)."""
    if version in ("3.0", "3.1"):
        from shared.cwr.writer_v3 import write_cwr_v3  # 3.x builds on this module's helpers

        return write_cwr_v3(
            works, sender, version=version, created_at=created_at, sequence=sequence
        )
    if version not in _GROUP_VERSION:
        raise InvalidField(
            "version", f"CWR {version} is not supported ({', '.join(SUPPORTED_VERSIONS)})"
        )
    lines = [_header(sender, version, created_at)]
    groups = [
        ("NWR", [w for w in works if not w.revision]),
        ("REV", [w for w in works if w.revision]),
    ]
    group_count = transaction_count = 0
    for kind, members in groups:
        if not members:
            continue
        group_count += 1
        group_lines = [
            encode_record(
                "GRH",
                version,
                {
                    "transaction_type": kind,
                    "group_id": group_count,
                    "version_number": _GROUP_VERSION[version],
                    "batch_request": 0,
                },
            )
        ]
        for index, item in enumerate(members):
            group_lines.extend(_transaction(item, kind, version, index))
        transaction_count += len(members)
        group_lines.append(
            encode_record(
                "GRT",
                version,
                {
                    "group_id": group_count,
                    "transaction_count": len(members),
                    "record_count": len(group_lines) + 1,
                    "monetary_value": 0,
                },
            )
        )
        lines.extend(group_lines)
    lines.append(
        encode_record(
            "TRL",
            version,
            {
                "group_count": group_count,
                "transaction_count": transaction_count,
                "record_count": len(lines) + 1,
            },
        )
    )
    code = ascii_upper(sender.code)[:3]
    name = f"CW{created_at:%y}{sequence:04d}{code}_{receiver}.V{version.replace('.', '')}"
    numbers = {w.work.id: submitter_work_number(w.work.id) for w in works}
    return CwrFile(name, CRLF.join(lines) + CRLF, version, numbers)


def _header(sender: CwrSender, version: str, created_at: datetime) -> str:
    ipi = str(sender.ipi_name_number)
    # CWR 2.2 R2 workaround: an 11-digit IPI goes in as 2 digits in Sender Type + 9 in Sender ID
    sender_type = sender.sender_type if ipi.startswith("00") else ipi[:2]
    values: dict[str, Value] = {
        "sender_type": sender_type,
        "sender_id": ipi[2:],
        "sender_name": sender.name,
        "edi_version": "01.10",
        "creation_date": created_at.date(),
        "creation_time": created_at.hour * 3600 + created_at.minute * 60 + created_at.second,
        "transmission_date": created_at.date(),
        "version": "2.2",
        "revision": 2,
        "software_package": "catalog",
        "software_version": "0.1",
    }
    return encode_record("HDR", version, values)


def work_header_values(item: CwrWork) -> dict[str, Value]:
    """The work header's fields (NWR/REV in 2.x, WRK in 3.x)."""
    work = item.work
    first_recording = item.recordings[0].track if item.recordings else None
    modified = any(w.role in _MODIFIED_ROLES for w in work.writers)
    return {
        "work_title": work.title,
        "language_code": (work.language or "")[:2] if len(work.language or "") == 2 else None,
        "submitter_work_number": submitter_work_number(work.id),
        "iswc": str(work.iswc) if work.iswc else None,
        "distribution_category": "POP",
        "duration": (first_recording.duration_ms or 0) // 1000 if first_recording else None,
        "recorded_indicator": "Y" if item.recordings else "U",
        "version_type": "MOD" if modified else "ORI",
        "music_arrangement": "UNS" if modified else None,
        "lyric_adaptation": "UNS" if modified else None,
        "grand_rights": "N",
        "priority_flag": "N",
    }


def _transaction(item: CwrWork, kind: str, version: str, index: int) -> list[str]:
    work = item.work
    tx = Transaction(version, index)
    tx.add(kind, **work_header_values(item))
    _publishers(tx, item, version)
    _writers(tx, item, version)
    for title in work.alternate_titles:
        tx.add("ALT", title=title, title_type="AT")
    for performer in item.performers:
        last, first = split_name(performer) if " " not in performer.strip() else (performer, None)
        tx.add("PER", last_name=last, first_name=first)
    for recording in item.recordings:
        tx.add("REC", **recording_values(recording.track, recording.release))
    if item.origin is not None:
        origin = item.origin
        tx.add(
            "ORN",
            intended_purpose=origin.intended_purpose,
            production_title=origin.production_title,
            cd_identifier=origin.cd_identifier,
            cut_number=origin.cut_number,
            library=origin.library,
        )
    return tx.records


def chains(publishers: tuple[WorkPublisher, ...]) -> Iterator[tuple[int, WorkPublisher]]:
    """Chain numbers: each original publisher opens a chain; others join the current one."""
    chain = 0
    for publisher in publishers:
        if (
            publisher.role in (PublisherRole.ORIGINAL_PUBLISHER, PublisherRole.INCOME_PARTICIPANT)
            or not chain
        ):
            chain += 1
        yield chain, publisher


def _publishers(tx: Transaction, item: CwrWork, version: str) -> None:
    for chain, publisher in chains(item.work.publishers):
        party = item.party(publisher.party_id)
        controlled = publisher.controlled
        tx.add(
            "SPU" if controlled else "OPU",
            publisher_sequence=chain,
            ip_number=ip_number(publisher.party_id) if controlled else None,
            publisher_name=publisher.name,
            publisher_type=str(publisher.role),
            ipi_name_number=str(publisher.ipi_name_number) if publisher.ipi_name_number else None,
            ipi_base_number=ipi_base(party),
            first_recording_refusal="N",
            **_shares(publisher.shares),
            **_societies(publisher.societies),
        )
        if controlled and publisher.role in (
            PublisherRole.ORIGINAL_PUBLISHER,
            PublisherRole.ADMINISTRATOR,
            PublisherRole.SUB_PUBLISHER,
            PublisherRole.ACQUIRER,
        ):
            tx.add(
                "SPT",
                ip_number=ip_number(publisher.party_id),
                constant=None,
                inclusion="I",
                tis_code=WORLD_TIS,
                shares_change="N",
                sequence=1,
                **_shares(publisher.shares),
            )


def _writers(tx: Transaction, item: CwrWork, version: str) -> None:
    sequences = {p.party_id: chain for chain, p in chains(item.work.publishers)}
    names = {p.party_id: p.name for p in item.work.publishers}
    for writer in item.work.writers:
        party = item.party(writer.party_id)
        last, first = split_name(writer.name)
        controlled = writer.controlled
        tx.add(
            "SWR" if controlled else "OWR",
            ip_number=ip_number(writer.party_id) if controlled else None,
            last_name=last,
            first_name=first,
            designation=str(writer.role),
            ipi_name_number=str(writer.ipi_name_number) if writer.ipi_name_number else None,
            ipi_base_number=ipi_base(party),
            reversionary="N" if controlled else None,
            first_recording_refusal="N" if controlled else None,
            **_shares(writer.shares),
            **_societies(writer.societies),
        )
        if not controlled:
            continue
        tx.add(
            "SWT",
            ip_number=ip_number(writer.party_id),
            inclusion="I",
            tis_code=WORLD_TIS,
            shares_change="N",
            sequence=1,
            **_shares(writer.shares),
        )
        _link_publisher(tx, writer, sequences, names)


def _link_publisher(
    tx: Transaction, writer: WorkWriter, chains: dict[UUID, int], names: dict[UUID, str]
) -> None:
    publisher_id = writer.publisher_party_id
    if publisher_id is None or publisher_id not in chains:
        return
    tx.add(
        "PWR",
        publisher_ip_number=ip_number(publisher_id),
        publisher_name=names[publisher_id],
        writer_ip_number=ip_number(writer.party_id),
        publisher_sequence=chains[publisher_id],
    )


def ipi_base(party: Party | None) -> str | None:
    base = party.ipi_base_number if party else None
    return base.display() if base is not None else None


def recording_values(track: SoundRecording, release: Release | None) -> dict[str, Value]:
    upc = release.upc if release else None
    values: dict[str, Value] = {
        "first_release_date": release.release_date if release else None,
        "duration": (track.duration_ms or 0) // 1000 if track.duration_ms else None,
        "album_title": release.title if release else None,
        "album_label": release.label_name if release else None,
        "catalog_number": release.catalog_number if release else None,
        "ean": Gtin(upc.value).as_ean13() if upc and len(upc.value) in (12, 13) else None,
        "isrc": str(track.isrc) if track.isrc else None,
        "recording_format": "A",
        "recording_technique": "U",
        "recording_title": track.title,
        "version_title": track.version_title,
        "display_artist": track.display_artist,
        "record_label": release.label_name if release else None,
        "isrc_validity": "Y" if track.isrc else None,
        "submitter_recording_id": str(track.id).replace("-", "")[:14].upper(),
    }
    return values


def decimal_share(units: str) -> Decimal:
    """'03350' -> Decimal('33.50')."""
    digits = units.strip() or "0"
    return Decimal(int(digits) if digits.isdigit() else 0) / 100
