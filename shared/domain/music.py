"""Musical values: keys and tempi, parsed from the many ways taggers write them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from shared.errors import InvalidField

PITCH_CLASSES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
_ALIASES = {
    "DB": "C#", "D#": "Eb", "GB": "F#", "G#": "Ab", "A#": "Bb",
    "CB": "B", "FB": "E", "E#": "F", "B#": "C",
}  # fmt: skip
_CAMELOT_MINOR = ("Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#")  # 1A..12A
_CAMELOT_MAJOR = ("B", "F#", "C#", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E")  # 1B..12B
_KEY_PATTERN = re.compile(
    r"^\s*([A-Ga-g])\s*(#|♯|b|♭|sharp|flat)?\s*"
    r"(m|min|minor|maj|major|moll|dur|M)?\s*$"
)


class Mode(StrEnum):
    """Major or minor: what tagging, DSP and DDEX need."""

    MAJOR = "major"
    MINOR = "minor"


@dataclass(frozen=True, slots=True)
class MusicalKey:
    """A tonic and a mode, written like "A minor"."""

    tonic: str  # one of PITCH_CLASSES
    mode: Mode

    def __str__(self) -> str:
        return f"{self.tonic} {self.mode.value}"

    @classmethod
    def parse(cls, text: str, *, field: str = "key") -> MusicalKey:
        """Accept "A minor", "Am", "F#m", "Bbmaj", "Eb", "d#min", Camelot "8A" and Open Key "1m"."""
        cleaned = text.strip()
        parsed = _parse_camelot(cleaned) or _parse_open_key(cleaned) or _parse_name(cleaned)
        if parsed is None:
            raise InvalidField(
                field, f"{text!r} is not a key (write it like 'A minor' or 'F# major')"
            )
        return parsed

    @property
    def pitch_class(self) -> int:
        """0 for C up to 11 for B."""
        return PITCH_CLASSES.index(self.tonic)

    def relative(self) -> MusicalKey:
        """A minor <-> C major."""
        shift = 3 if self.mode is Mode.MINOR else -3
        other = Mode.MAJOR if self.mode is Mode.MINOR else Mode.MINOR
        return MusicalKey(PITCH_CLASSES[(self.pitch_class + shift) % 12], other)


def _parse_name(text: str) -> MusicalKey | None:
    match = _KEY_PATTERN.match(text)
    if not match:
        return None
    letter, accidental, quality = match.groups()
    name = letter.upper()
    if accidental in ("#", "♯", "sharp"):
        name += "#"
    elif accidental in ("b", "♭", "flat"):
        name += "b"
    name = _ALIASES.get(name.upper(), name)
    if name not in PITCH_CLASSES:
        return None
    minor = quality in ("m", "min", "minor", "moll") or (quality is None and letter.islower())
    return MusicalKey(name, Mode.MINOR if minor else Mode.MAJOR)


def _parse_camelot(text: str) -> MusicalKey | None:
    match = re.fullmatch(r"(1[0-2]|[1-9])\s*([ABab])", text)
    if not match:
        return None
    number, letter = int(match.group(1)), match.group(2).upper()
    if letter == "A":
        return MusicalKey(_CAMELOT_MINOR[number - 1], Mode.MINOR)
    return MusicalKey(_CAMELOT_MAJOR[number - 1], Mode.MAJOR)


def _parse_open_key(text: str) -> MusicalKey | None:
    # Open Key notation: 1m = A minor, 1d = C major, each step a fifth up
    match = re.fullmatch(r"(1[0-2]|[1-9])\s*([mdMD])", text)
    if not match:
        return None
    number, letter = int(match.group(1)), match.group(2).lower()
    camelot = (number + 6) % 12 + 1
    table = _CAMELOT_MINOR if letter == "m" else _CAMELOT_MAJOR
    return MusicalKey(table[camelot - 1], Mode.MINOR if letter == "m" else Mode.MAJOR)


def parse_bpm(value: str | float | int, *, field: str = "bpm") -> float:
    """A tempo in beats per minute, 20 to 400, to two decimals."""
    try:
        bpm = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise InvalidField(field, f"{value!r} is not a number") from None
    if not 20.0 <= bpm <= 400.0:
        raise InvalidField(field, f"{bpm:g} is outside 20-400 BPM")
    return round(bpm, 2)
