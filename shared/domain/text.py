"""One rule for the text the catalog keeps, wherever it enters (embedded tags, import cells).

Refused, because PostgreSQL text cannot hold them: NUL (U+0000) and lone UTF-16 surrogates
(U+D800-U+DFFF on their own, e.g. a JSON ``"\\ud800"`` escape). ``unstorable`` names them.

Changed, each change said in words (a warning or a report line that shows the original):
- control characters (U+0001-U+001F but tab, line feed and carriage return, and U+007F) are
  removed: no title, name or label needs an escape or a bell;
- invisible bidirectional overrides (U+202A-U+202E, U+2066-U+2069) are removed: they make text
  display other than it reads ("Trojan Source"); right-to-left text itself needs none of them;
- text is composed to Unicode NFC ('Zoe' + U+0308 becomes 'Zoë'): DDEX and the stores expect
  it, and the same title must compare and search the same whichever way it was typed;
- tabs, line feeds and carriage returns at either end are removed (a spreadsheet's stray tab,
  a formula-injection prefix).

Kept silently: spaces at either end are trimmed, as every spreadsheet and tagger does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_EDGE_CONTROLS = "\t\r\n"
_CONTROL_NAMES = {
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\t": "tab",
    "\r": "carriage return",
    "\n": "line feed",
}


@dataclass(frozen=True, slots=True)
class TextChange:
    """One change made to a value: a stable code and a sentence."""

    code: str  # control_characters, bidi_controls, unicode_normalised
    message: str


def describe_character(char: str) -> str:
    """``U+001B (ESCAPE)``, ``U+0308 (COMBINING DIAERESIS)``."""
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def unstorable(text: str) -> str | None:
    """Why ``text`` cannot be stored (NUL, a lone surrogate), naming the position; else None."""
    position = text.find("\x00")
    if position >= 0:
        return (
            f"contains a NUL character (U+0000) at position {position + 1}: text cannot hold "
            "one (is the file UTF-16, or not text at all?)"
        )
    if text.isascii():
        return None
    found = _SURROGATE.search(text)
    if found is not None:
        return (
            f"contains a lone UTF-16 surrogate ({describe_character(found.group(0))}) at "
            f"position {found.start() + 1}: it is half of a character, not text"
        )
    return None


def normalise_text(value: str) -> tuple[str, list[TextChange]]:
    """The value as kept (stripped) and each change made to it beyond trimming spaces."""
    changes: list[TextChange] = []
    if value.isascii() and value.isprintable():  # the common case: nothing to do
        return value.strip(), changes
    text = _without_edge_controls(value, changes)
    controls = sorted(set(_CONTROL.findall(text)))
    if controls:
        text = _CONTROL.sub("", text)
        listed = ", ".join(describe_character(c) for c in controls)
        changes.append(TextChange("control_characters", f"removed control characters {listed}"))
    if _BIDI_CONTROLS.search(text):
        text = _BIDI_CONTROLS.sub("", text)
        changes.append(TextChange("bidi_controls", "removed invisible text-direction overrides"))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        changes.append(
            TextChange(
                "unicode_normalised",
                "composed to Unicode NFC (letters typed as a base letter and a combining mark, "
                "e.g. 'e' + U+0308, became one character)",
            )
        )
    return text.strip(), changes


def _without_edge_controls(value: str, changes: list[TextChange]) -> str:
    text = value.strip(" ")
    trimmed = text.strip(_EDGE_CONTROLS + " ")
    if trimmed == text:
        return text
    edges = []
    if trimmed and not text.startswith(trimmed):
        edges.append(f"a leading {_edge_name(text[: text.index(trimmed)])}")
    if trimmed and not text.endswith(trimmed):
        edges.append(f"a trailing {_edge_name(text[text.rindex(trimmed) + len(trimmed) :])}")
    if not trimmed:
        edges.append(f"{_edge_name(text)} (nothing else)")
    changes.append(TextChange("control_characters", f"removed {' and '.join(edges)}"))
    return trimmed


def _edge_name(part: str) -> str:
    kinds = [_CONTROL_NAMES[c] for c in dict.fromkeys(part) if c in _CONTROL_NAMES]
    return " and ".join(kinds) if kinds else "space"
