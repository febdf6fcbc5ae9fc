"""CSV formula-injection protection that still round-trips.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula.
On export such a cell gets a leading apostrophe, which spreadsheets show as text; a cell that
already starts with an apostrophe followed by one of those (or by another apostrophe) gets one
too, so import can remove exactly one and get the original back. Values such as an album titled
"=" or a band named "+44" therefore survive export -> import unchanged, and import never rejects
or alters them.
"""

from __future__ import annotations

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_SECOND = (*DANGEROUS_FIRST, "'")


def escape_cell(value: str) -> str:
    """The cell as written to a CSV export."""
    if value.startswith(DANGEROUS_FIRST) or (
        value.startswith("'") and value[1:2] in _ESCAPED_SECOND and len(value) > 1
    ):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """The value an exported cell stands for (anything else is returned unchanged)."""
    if len(value) > 1 and value[0] == "'" and value[1] in _ESCAPED_SECOND:
        return value[1:]
    return value
