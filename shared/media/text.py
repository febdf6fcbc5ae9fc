"""Tag text made safe to store and show: capped, repaired, and changed by the one text rule
(``shared.domain.text``) with a warning for every change and the original kept."""

from __future__ import annotations

from shared.domain.media import Notice
from shared.domain.text import normalise_text


def clean_text(
    value: str,
    *,
    field: str,
    cap: int,
    notices: list[Notice],
    legacy: bool = False,
    originals: dict[str, str] | None = None,
) -> str | None:
    """The value to keep (None when nothing is left); each change adds a notice, and the value
    as found goes into ``originals`` (first value per field) when anything but spaces changed."""
    text = _repair_mojibake(value, field, notices) if legacy else value
    changed = text != value
    if "\ufffd" in text and field not in (originals or {}):  # a recovered frame said it
        notices.append(
            Notice("not_utf8", f"{field}: some bytes were not valid UTF-8 and show as \ufffd")
        )
    if "\x00" in text:  # PostgreSQL text cannot hold a NUL
        text = text.replace("\x00", "")
        notices.append(Notice("control_characters", f"{field}: removed NUL characters (U+0000)"))
        changed = True
    text, changes = normalise_text(text)
    for change in changes:
        notices.append(Notice(change.code, f"{field}: {change.message}"))
    if (changed or changes) and originals is not None:
        originals.setdefault(field, value)
    if len(text) > cap:
        notices.append(
            Notice("tag_too_long", f"{field} has {len(text):,} characters; kept the first {cap:,}")
        )
        text = text[:cap].rstrip()
    return text or None


def _repair_mojibake(value: str, field: str, notices: list[Notice]) -> str:
    """Text a tagger wrote as UTF-8 into a frame marked Latin-1 (very common in ID3)."""
    if value.isascii():
        return value
    try:
        repaired = value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value
    notices.append(Notice("mojibake", f"{field}: UTF-8 text stored as Latin-1; repaired"))
    return repaired
