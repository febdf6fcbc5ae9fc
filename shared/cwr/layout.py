"""CWR 2.1 / 2.2 record layouts: field names, sizes and formats, positions implied by order.

From the CISAC functional specification as summarised in ../shared/standards/cwr/LAYOUT.md;
``test_cwr_layouts`` checks every record's length against the spec's table. Formats: A text
(upper case, left-justified, space-padded), N number (right-justified, zero-padded), D date
YYYYMMDD, T duration HHMMSS, F/B flags, L a lookup code (left-justified).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Format = Literal["A", "N", "D", "T", "F", "B", "L"]


@dataclass(frozen=True, slots=True)
class Field:
    """One fixed-width field."""

    name: str
    size: int
    fmt: Format = "A"


PREFIX = (
    Field("record_type", 3),
    Field("transaction_sequence", 8, "N"),
    Field("record_sequence", 8, "N"),
)

_WORK = (
    Field("work_title", 60),
    Field("language_code", 2, "L"),
    Field("submitter_work_number", 14),
    Field("iswc", 11),
    Field("copyright_date", 8, "D"),
    Field("copyright_number", 12),
    Field("distribution_category", 3, "L"),
    Field("duration", 6, "T"),
    Field("recorded_indicator", 1, "F"),
    Field("text_music_relationship", 3, "L"),
    Field("composite_type", 3, "L"),
    Field("version_type", 3, "L"),
    Field("excerpt_type", 3, "L"),
    Field("music_arrangement", 3, "L"),
    Field("lyric_adaptation", 3, "L"),
    Field("contact_name", 30),
    Field("contact_id", 10),
    Field("cwr_work_type", 2, "L"),
    Field("grand_rights", 1, "B"),
    Field("composite_component_count", 3, "N"),
    Field("printed_edition_date", 8, "D"),
    Field("exceptional_clause", 1, "F"),
    Field("opus_number", 25),
    Field("catalogue_number", 25),
    Field("priority_flag", 1, "F"),
)
_PUBLISHER = (
    Field("publisher_sequence", 2, "N"),
    Field("ip_number", 9),
    Field("publisher_name", 45),
    Field("unknown_indicator", 1, "F"),
    Field("publisher_type", 2, "L"),
    Field("tax_id", 9),
    Field("ipi_name_number", 11, "L"),
    Field("submitter_agreement", 14),
    Field("pr_society", 3, "L"),
    Field("pr_share", 5, "N"),
    Field("mr_society", 3, "L"),
    Field("mr_share", 5, "N"),
    Field("sr_society", 3, "L"),
    Field("sr_share", 5, "N"),
    Field("special_agreements", 1, "L"),
    Field("first_recording_refusal", 1, "F"),
    Field("filler", 1),
    Field("ipi_base_number", 13, "L"),
    Field("isac", 14),
    Field("society_agreement", 14),
    Field("agreement_type", 2, "L"),
    Field("usa_license", 1, "L"),
)
_PUBLISHER_TERRITORY = (
    Field("ip_number", 9),
    Field("constant", 6),
    Field("pr_share", 5, "N"),
    Field("mr_share", 5, "N"),
    Field("sr_share", 5, "N"),
    Field("inclusion", 1, "L"),
    Field("tis_code", 4, "N"),
    Field("shares_change", 1, "B"),
    Field("sequence", 3, "N"),
)
_WRITER = (
    Field("ip_number", 9),
    Field("last_name", 45),
    Field("first_name", 30),
    Field("unknown_indicator", 1, "F"),
    Field("designation", 2, "L"),
    Field("tax_id", 9),
    Field("ipi_name_number", 11, "L"),
    Field("pr_society", 3, "L"),
    Field("pr_share", 5, "N"),
    Field("mr_society", 3, "L"),
    Field("mr_share", 5, "N"),
    Field("sr_society", 3, "L"),
    Field("sr_share", 5, "N"),
    Field("reversionary", 1, "F"),
    Field("first_recording_refusal", 1, "B"),
    Field("work_for_hire", 1, "B"),
    Field("filler", 1),
    Field("ipi_base_number", 13, "L"),
    Field("personal_number", 12, "N"),
    Field("usa_license", 1, "L"),
)
_WRITER_TERRITORY = (
    Field("ip_number", 9),
    Field("pr_share", 5, "N"),
    Field("mr_share", 5, "N"),
    Field("sr_share", 5, "N"),
    Field("inclusion", 1, "L"),
    Field("tis_code", 4, "N"),
    Field("shares_change", 1, "B"),
    Field("sequence", 3, "N"),
)
_REC_21 = (
    Field("first_release_date", 8, "D"),
    Field("constant1", 60),
    Field("duration", 6, "T"),
    Field("constant2", 5),
    Field("album_title", 60),
    Field("album_label", 60),
    Field("catalog_number", 18),
    Field("ean", 13, "L"),
    Field("isrc", 12, "L"),
    Field("recording_format", 1, "L"),
    Field("recording_technique", 1, "L"),
    Field("media_type", 3, "L"),
)
_REC_22 = _REC_21 + (
    Field("recording_title", 60),
    Field("version_title", 60),
    Field("display_artist", 60),
    Field("record_label", 60),
    Field("isrc_validity", 20, "L"),
    Field("submitter_recording_id", 14),
)
_ORN_21 = (
    Field("intended_purpose", 3, "L"),
    Field("production_title", 60),
    Field("cd_identifier", 15),
    Field("cut_number", 4, "N"),
    Field("library", 60),
    Field("bltvr", 1),
    Field("filler", 25),
    Field("production_number", 12),
    Field("episode_title", 60),
    Field("episode_number", 20),
    Field("year_of_production", 4, "N"),
    Field("avi_society", 3, "N"),
    Field("av_number", 15),
)
_ORN_22 = _ORN_21 + (
    Field("isan", 12),
    Field("isan_episode", 4),
    Field("isan_check1", 1),
    Field("isan_version", 8),
    Field("isan_check2", 1),
    Field("eidr", 20),
    Field("eidr_check", 1),
)
_HDR_21 = (
    Field("record_type", 3),
    Field("sender_type", 2),
    Field("sender_id", 9),
    Field("sender_name", 45),
    Field("edi_version", 5),
    Field("creation_date", 8, "D"),
    Field("creation_time", 6, "T"),
    Field("transmission_date", 8, "D"),
    Field("character_set", 15, "L"),
)
_HDR_22 = _HDR_21 + (
    Field("version", 3),
    Field("revision", 3, "N"),
    Field("software_package", 30),
    Field("software_version", 30),
)

_DETAIL: dict[str, tuple[Field, ...]] = {
    "NWR": _WORK,
    "REV": _WORK,
    "ISW": _WORK,
    "EXC": _WORK,
    "SPU": _PUBLISHER,
    "OPU": _PUBLISHER,
    "SPT": _PUBLISHER_TERRITORY,
    "OPT": _PUBLISHER_TERRITORY,
    "SWR": _WRITER,
    "OWR": _WRITER,
    "SWT": _WRITER_TERRITORY,
    "OWT": _WRITER_TERRITORY,
    "PWR": (
        Field("publisher_ip_number", 9),
        Field("publisher_name", 45),
        Field("submitter_agreement", 14),
        Field("society_agreement", 14),
        Field("writer_ip_number", 9),
    ),
    "ALT": (Field("title", 60), Field("title_type", 2, "L"), Field("language_code", 2, "L")),
    "PER": (
        Field("last_name", 45),
        Field("first_name", 30),
        Field("ipi_name_number", 11, "L"),
        Field("ipi_base_number", 13, "L"),
    ),
    "REC": _REC_21,
    "ORN": _ORN_21,
    "ACK": (
        Field("creation_date", 8, "D"),
        Field("creation_time", 6, "T"),
        Field("original_group_id", 5, "N"),
        Field("original_transaction_sequence", 8, "N"),
        Field("original_transaction_type", 3, "L"),
        Field("creation_title", 60),
        Field("submitter_creation_number", 20),
        Field("recipient_creation_number", 20),
        Field("processing_date", 8, "D"),
        Field("transaction_status", 2, "L"),
    ),
    "MSG": (
        Field("message_type", 1, "L"),
        Field("original_record_sequence", 8, "N"),
        Field("message_record_type", 3),
        Field("message_level", 1, "L"),
        Field("validation_number", 3),
        Field("message_text", 150),
    ),
    "VER": (
        Field("title", 60),
        Field("iswc", 11),
        Field("language_code", 2, "L"),
        Field("writer1_last_name", 45),
        Field("writer1_first_name", 30),
        Field("source", 60),
        Field("writer1_ipi_name", 11),
        Field("writer1_ipi_base", 13),
        Field("writer2_last_name", 45),
        Field("writer2_first_name", 30),
        Field("writer2_ipi_name", 11),
        Field("writer2_ipi_base", 13),
        Field("submitter_work_number", 14),
    ),
}
_DETAIL["EWT"] = _DETAIL["VER"]
_CONTROL: dict[str, tuple[Field, ...]] = {
    "GRH": (
        Field("record_type", 3),
        Field("transaction_type", 3, "L"),
        Field("group_id", 5, "N"),
        Field("version_number", 5),
        Field("batch_request", 10, "N"),
        Field("submission_type", 2, "L"),
    ),
    "GRT": (
        Field("record_type", 3),
        Field("group_id", 5, "N"),
        Field("transaction_count", 8, "N"),
        Field("record_count", 8, "N"),
        Field("currency", 3, "L"),
        Field("monetary_value", 10, "N"),
    ),
    "TRL": (
        Field("record_type", 3),
        Field("group_count", 5, "N"),
        Field("transaction_count", 8, "N"),
        Field("record_count", 8, "N"),
    ),
}
_XRF = (
    Field("organisation_code", 3, "L"),
    Field("identifier", 14),
    Field("identifier_type", 1, "L"),
    Field("validity", 1, "F"),
)

TRANSACTION_TYPES = frozenset(
    {"NWR", "REV", "ISW", "EXC", "ACK", "AGR", "WRK", "ISR"}
)  # WRK, ISR: 3.x
VERSIONS = ("2.1", "2.2")


def layout(record_type: str, version: str) -> tuple[Field, ...]:
    """The fields of a record type in a CWR version (prefix included for detail records)."""
    if version.startswith("3."):
        from shared.cwr.layout_v3 import layout_v3  # the 3.x layouts import Field from here

        return layout_v3(record_type)
    if record_type == "HDR":
        return _HDR_22 if version == "2.2" else _HDR_21
    if record_type in _CONTROL:
        return _CONTROL[record_type]
    detail = _detail(record_type, version)
    return PREFIX + detail if detail is not None else ()


def _detail(record_type: str, version: str) -> tuple[Field, ...] | None:
    if version == "2.2":
        if record_type == "REC":
            return _REC_22
        if record_type == "ORN":
            return _ORN_22
        if record_type == "PWR":
            return _DETAIL["PWR"] + (Field("publisher_sequence", 2, "N"),)
        if record_type == "XRF":
            return _XRF
    return _DETAIL.get(record_type)


def record_length(record_type: str, version: str) -> int:
    """The full length of a record in a version."""
    return sum(f.size for f in layout(record_type, version))


def known_record(record_type: str, version: str) -> bool:
    """True when we know the layout."""
    return bool(layout(record_type, version))
