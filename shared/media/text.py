"""Tag text made safe to store and show: capped, repaired, stripped of invisible tricks."""

from __future__ import annotations

import re
import unicodedata

from shared.domain.media import Notice

# Bidirectional embeddings, overrides and isolates can make text display other than it reads
# ("Trojan Source"); right-to-left text itself (Hebrew, Arabic) needs none of them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(
    value: str, *, field: str, cap: int, notices: list[Notice], legacy: bool = False
) -> str | None:
    """The value to keep (None when nothing is left); each change adds a notice."""
    text = _repair_mojibake(value, field, notices) if legacy else value
    if "\ufffd" in text:
        notices.append(
            Notice("not_utf8", f"{field}: some bytes were not valid UTF-8 and show as \ufffd")
        )
    if _BIDI_CONTROLS.search(text):
        text = _BIDI_CONTROLS.sub("", text)
        notices.append(
            Notice("bidi_controls", f"{field}: removed invisible text-direction overrides")
        )
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text)).strip()
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
