"""CWR 3.0 / 3.1 record layouts as observed in django-music-publisher's files (not the spec).

CISAC's 3.x specification is not public. These positions are read off the 3.0 samples in
../shared/standards/cwr/samples (LAYOUT.md section 5): one WRK transaction instead of NWR/REV,
societies (4 characters) and shares only on the territory records, writer and publisher records
carrying identity only. Where DMP's own records disagree (its OWR is 9 characters longer than its
SWR) the SWR layout is used for both. GRH carries 03.00 or 03.10.
"""

from __future__ import annotations

from shared.cwr.layout import PREFIX, Field

_HDR = (
    Field("record_type", 3),
    Field("sender_type", 2),
    Field("sender_code", 4),
    Field("sender_name", 45),
    Field("blank", 11),
    Field("creation_date", 8, "D"),
    Field("creation_time", 6, "T"),
    Field("transmission_date", 8, "D"),
    Field("character_set", 15, "L"),
    Field("version", 3),
    Field("revision", 3, "N"),
    Field("software_package", 30),
    Field("software_version", 30),
    Field("file_name", 27),
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
    Field("ipi_base_number", 13, "L"),
    Field("filler", 1),
)
_TERRITORY = (
    Field("sequence", 3, "N"),
    Field("ip_number", 9),
    Field("pr_share", 5, "N"),
    Field("mr_share", 5, "N"),
    Field("sr_share", 5, "N"),
    Field("inclusion", 1, "L"),
    Field("tis_code", 4, "N"),
    Field("pr_society", 4, "L"),
    Field("mr_society", 4, "L"),
    Field("sr_society", 4, "L"),
    Field("blank", 32),
    Field("trailer", 4, "N"),
)
_WRITER = (
    Field("ip_number", 9),
    Field("last_name", 45),
    Field("first_name", 30),
    Field("unknown_indicator", 1, "F"),
    Field("designation", 2, "L"),
    Field("ipi_name_number", 11, "L"),
    Field("ipi_base_number", 13, "L"),
    Field("filler", 1),
    Field("reversionary", 1, "F"),
    Field("first_recording_refusal", 1, "B"),
    Field("work_for_hire", 1, "B"),
)
_DETAIL: dict[str, tuple[Field, ...]] = {
    "WRK": _WORK,
    "SPU": _PUBLISHER,
    "OPU": _PUBLISHER,
    "SPT": _TERRITORY,
    "OPT": _TERRITORY,
    "SWT": _TERRITORY,
    "OWT": _TERRITORY,
    "SWR": _WRITER,
    "OWR": _WRITER,
    "PWR": (
        Field("publisher_sequence", 2, "N"),
        Field("publisher_ip_number", 9),
        Field("writer_ip_number", 9),
        Field("submitter_agreement", 14),
        Field("publisher_pr_society", 4, "L"),
        Field("society_agreement", 14),
        Field("agreement_type", 2, "L"),
    ),
    "ALT": (Field("title", 60), Field("title_type", 2, "L"), Field("language_code", 2, "L")),
    "PER": (
        Field("last_name", 45),
        Field("first_name", 30),
        Field("ipi_name_number", 11, "L"),
        Field("ipi_base_number", 13, "L"),
    ),
    "REC": (
        Field("first_release_date", 8, "D"),
        Field("duration", 6, "T"),
        Field("isrc", 12, "L"),
        Field("recording_title", 60),
        Field("version_title", 60),
        Field("display_artist", 60),
        Field("blank", 11),
        Field("artist_isni", 16),
        Field("record_label", 60),
        Field("isrc_validity", 20, "L"),
        Field("submitter_recording_id", 14),
    ),
    "XRF": (
        Field("organisation_code", 4, "L"),
        Field("identifier", 14),
        Field("identifier_type", 1, "L"),
        Field("validity", 1, "F"),
    ),
}
_CONTROL: dict[str, tuple[Field, ...]] = {
    "HDR": _HDR,
    "GRH": (
        Field("record_type", 3),
        Field("transaction_type", 3, "L"),
        Field("group_id", 5, "N"),
        Field("version_number", 5),
        Field("batch_request", 10, "N"),
    ),
    "GRT": (
        Field("record_type", 3),
        Field("group_id", 5, "N"),
        Field("transaction_count", 8, "N"),
        Field("record_count", 8, "N"),
    ),
    "TRL": (
        Field("record_type", 3),
        Field("group_count", 5, "N"),
        Field("transaction_count", 8, "N"),
        Field("record_count", 8, "N"),
    ),
}
VERSIONS_3 = ("3.0", "3.1")


def layout_v3(record_type: str) -> tuple[Field, ...]:
    """The fields of a CWR 3.x record (prefix included for detail records); () when unknown."""
    if record_type in _CONTROL:
        return _CONTROL[record_type]
    detail = _DETAIL.get(record_type)
    return PREFIX + detail if detail is not None else ()
