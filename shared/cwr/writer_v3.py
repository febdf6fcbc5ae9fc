"""Write CWR 3.0 / 3.1 files with the layouts observed in django-music-publisher's files.

One WRK transaction per work (3.x has no NWR/REV split) with SPU/OPU and SWR/OWR carrying who
the parties are, and the territory records (SPT/OPT, SWT/OWT) carrying shares and societies;
PWR links a writer to its publisher by both sequence and IP number. ORN (work origin) has no
observed 3.x layout and is not written. File names follow CWyynnnnSSSS_0000_V3-0-0.SUB.
"""

from __future__ import annotations

from datetime import datetime

from shared.cwr.model import WORLD_TIS, CwrFile, CwrSender, CwrWork, share_units
from shared.cwr.writer import (
    CRLF,
    Transaction,
    Value,
    ascii_upper,
    chains,
    encode_record,
    ip_number,
    ipi_base,
    recording_values,
    split_name,
    submitter_work_number,
    work_header_values,
)
from shared.domain.societies import Societies
from shared.domain.works import Shares

_GROUP_VERSION = {"3.0": "03.00", "3.1": "03.10"}


def write_cwr_v3(
    works: list[CwrWork], sender: CwrSender, *, version: str, created_at: datetime, sequence: int
) -> CwrFile:
    """The CWR 3.x file registering ``works`` (one WRK group)."""
    code = ascii_upper(sender.code)[:4]
    name = f"CW{created_at:%y}{sequence:04d}{code}_0000_V{version.replace('.', '-')}-0.SUB"
    lines = [_header(sender, version, created_at, name)]
    if works:
        group = [
            encode_record(
                "GRH",
                version,
                {"transaction_type": "WRK", "group_id": 1,
                 "version_number": _GROUP_VERSION[version], "batch_request": 0},
            )
        ]  # fmt: skip
        for index, item in enumerate(works):
            group.extend(_transaction(item, version, index))
        counts = {"transaction_count": len(works), "record_count": len(group) + 1}
        group.append(encode_record("GRT", version, {"group_id": 1, **counts}))
        lines.extend(group)
    lines.append(
        encode_record(
            "TRL",
            version,
            {"group_count": 1 if works else 0, "transaction_count": len(works),
             "record_count": len(lines) + 1},
        )
    )  # fmt: skip
    numbers = {w.work.id: submitter_work_number(w.work.id) for w in works}
    return CwrFile(name, CRLF.join(lines) + CRLF, version, numbers)


def _header(sender: CwrSender, version: str, created_at: datetime, file_name: str) -> str:
    values: dict[str, Value] = {
        "sender_type": sender.sender_type,
        "sender_code": sender.code,
        "sender_name": sender.name,
        "creation_date": created_at.date(),
        "creation_time": created_at.hour * 3600 + created_at.minute * 60 + created_at.second,
        "transmission_date": created_at.date(),
        "version": version,
        "revision": 0,
        "software_package": "catalog",
        "software_version": "0.1",
        "file_name": file_name,
    }
    return encode_record("HDR", version, values)


def _territory(shares: Shares, societies: Societies, ip: str | None) -> dict[str, Value]:
    """A world territory record's values: shares, and societies as DMP writes them ("52  ")."""
    return {
        "sequence": 1,
        "ip_number": ip,
        "pr_share": share_units(shares.pr),
        "mr_share": share_units(shares.mr),
        "sr_share": share_units(shares.sr),
        "inclusion": "I",
        "tis_code": WORLD_TIS,
        "pr_society": str(int(societies.pr)) if societies.pr else None,
        "mr_society": str(int(societies.mr)) if societies.mr else None,
        "sr_society": str(int(societies.sr)) if societies.sr else None,
        "trailer": 0,
    }


def _transaction(item: CwrWork, version: str, index: int) -> list[str]:
    work = item.work
    tx = Transaction(version, index)
    tx.add("WRK", **work_header_values(item))
    sequences = {}
    for chain, publisher in chains(work.publishers):
        sequences[publisher.party_id] = chain
        ip = ip_number(publisher.party_id) if publisher.controlled else None
        tx.add(
            "SPU" if publisher.controlled else "OPU",
            publisher_sequence=chain,
            ip_number=ip,
            publisher_name=publisher.name,
            unknown_indicator=None if publisher.name else "Y",
            publisher_type=str(publisher.role),
            ipi_name_number=str(publisher.ipi_name_number) if publisher.ipi_name_number else None,
            ipi_base_number=ipi_base(item.party(publisher.party_id)),
        )
        tx.add(
            "SPT" if publisher.controlled else "OPT",
            **_territory(publisher.shares, publisher.societies, ip),
        )
    for writer in work.writers:
        last, first = split_name(writer.name)
        ip = ip_number(writer.party_id) if writer.controlled else None
        tx.add(
            "SWR" if writer.controlled else "OWR",
            ip_number=ip,
            last_name=last,
            first_name=first,
            unknown_indicator=None if writer.name else "Y",
            designation=str(writer.role),
            ipi_name_number=str(writer.ipi_name_number) if writer.ipi_name_number else None,
            ipi_base_number=ipi_base(item.party(writer.party_id)),
            reversionary="N" if writer.controlled else None,
            first_recording_refusal="N" if writer.controlled else None,
        )
        tx.add(
            "SWT" if writer.controlled else "OWT", **_territory(writer.shares, writer.societies, ip)
        )
        publisher_id = writer.publisher_party_id
        if writer.controlled and publisher_id in sequences:
            tx.add(
                "PWR",
                publisher_sequence=sequences[publisher_id],
                publisher_ip_number=ip_number(publisher_id),
                writer_ip_number=ip,
            )
    for title in work.alternate_titles:
        tx.add("ALT", title=title, title_type="AT")
    for performer in item.performers:
        tx.add("PER", last_name=performer)
    for recording in item.recordings:
        values = recording_values(recording.track, recording.release)
        tx.add("REC", **{k: values.get(k) for k in _REC_V3})
    return tx.records


_REC_V3 = ("first_release_date", "duration", "isrc", "recording_title", "version_title",
           "display_artist", "record_label", "isrc_validity", "submitter_recording_id")  # fmt: skip
