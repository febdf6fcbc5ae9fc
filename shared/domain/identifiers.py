"""Industry identifiers: normalise, validate, and say precisely what is wrong.

Rules and worked examples: ../shared/standards/IDENTIFIERS.md. Every identifier is kept in its
compact form (no hyphens, dots or spaces, upper case) and rendered hyphenated only for display.

One rule for characters outside ASCII, wherever an identifier enters (API, imports, DDEX, CWR,
embedded tags): it is refused with a message naming the character and its position, never
converted. Full-width ``０``, Arabic-Indic ``٣`` or superscript ``¹`` digits are what a keyboard
or a copy from a PDF produces by mistake; a converted code could silently name another
recording, so the user retypes it. ``parse`` raises only ``InvalidField``, ``check`` never raises.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Self

from shared.domain.codes import ISO_TERRITORY_CODES, ISRC_SPECIAL_PREFIXES
from shared.errors import InvalidField

ISRC_PREFIXES = ISO_TERRITORY_CODES | ISRC_SPECIAL_PREFIXES
_SEPARATORS = re.compile(r"[\s.\-_/]")
_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def compact(text: str) -> str:
    """Strip spaces, hyphens, dots, underscores and slashes; upper-case."""
    return _SEPARATORS.sub("", text).upper()


def non_ascii_problem(text: str) -> str | None:
    """What is wrong when ``text`` holds a character outside ASCII (None when it does not)."""
    for position, char in enumerate(text, start=1):
        if not char.isascii():
            kind = "digit" if unicodedata.digit(char, None) is not None else "character"
            name = unicodedata.name(char, f"U+{ord(char):04X}").lower()
            return (
                f"has the non-ASCII {kind} {char!r} ({name}) at position {position}; "
                "type it with the ASCII characters 0-9 and A-Z"
            )
    return None


def _weighted_mod10(lead: int, digits: str) -> int:
    """ISWC and IPI base check digit: (10 - (lead + sum(i * d_i)) mod 10) mod 10."""
    total = lead + sum(position * int(digit) for position, digit in enumerate(digits, start=1))
    return (10 - total % 10) % 10


def gtin_check_digit(body: str) -> int:
    """GS1 check digit: weights 3,1,3,... from the right over the body."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def ipi_check_digits(sequence: str) -> str:
    """The two check digits of a 9-digit IPI name sequence: (101 - weighted sum mod 101),
    weights 10..2. A remainder of 1 would give 100: CISAC's rule, as django-music-publisher
    implements it, writes 00 then (as for a remainder of 0)."""
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(sequence)) % 101
    return f"{(101 - remainder) % 101 % 100:02d}"


def _without_label(text: str, label: str) -> str:
    """``text`` without a leading ``label`` ("ISRC US-RC1-...", "GRid: A1-..."), any case."""
    stripped = text.strip()
    if stripped[: len(label)].upper() == label.upper():
        stripped = stripped[len(label) :].lstrip(" :")
    return stripped


def _mod37_36_is_valid(text: str) -> bool:
    """ISO 7064 MOD 37-36 (hybrid), used by DPID and GRid."""
    p = 18
    for char in text:
        p = (((p or 36) * 2) % 37 + _ALPHANUMERIC.index(char)) % 36
    return p == 1


def _mod11_2_check(digits: str) -> str:
    """ISO 7064 MOD 11-2 check character (ISNI)."""
    p = 0
    for digit in digits:
        p = (p + int(digit)) * 2
    check = (12 - p % 11) % 11
    return "X" if check == 10 else str(check)


@dataclass(frozen=True, slots=True)
class Identifier(ABC):
    """Base of the identifier values: ``parse`` normalises and validates."""

    value: str
    field: ClassVar[str] = "identifier"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, text: str, *, field: str | None = None) -> Self:
        """Normalise ``text`` and validate it; InvalidField says what is wrong."""
        if not isinstance(text, str) or not text.strip():
            raise InvalidField(field or cls.field, "is empty")
        problem = non_ascii_problem(text.strip())
        if problem:
            raise InvalidField(field or cls.field, f"{text!r} {problem}")
        normalised = cls.normalise(text)
        problem = cls.problem(normalised)
        if problem:
            raise InvalidField(field or cls.field, f"{text!r} {problem}")
        return cls(normalised)

    @classmethod
    def check(cls, text: str) -> str | None:
        """The problem with ``text`` in words, or None when it is valid; never raises."""
        try:
            cls.parse(text)
        except InvalidField as exc:
            return exc.reason
        return None

    @classmethod
    def parse_optional(cls, text: str | None, *, field: str | None = None) -> Self | None:
        """``parse`` for an optional value: None or blank gives None."""
        if text is None or not str(text).strip():
            return None
        return cls.parse(str(text), field=field)

    @classmethod
    def normalise(cls, text: str) -> str:
        """The compact form to store."""
        return compact(text)

    @classmethod
    @abstractmethod
    def problem(cls, normalised: str) -> str | None:
        """What is wrong with an already-normalised value, or None."""


@dataclass(frozen=True, slots=True)
class Isrc(Identifier):
    """International Standard Recording Code (ISO 3901): CC XXX YY NNNNN, no check digit."""

    field: ClassVar[str] = "isrc"

    @classmethod
    def normalise(cls, text: str) -> str:
        whole = compact(text)  # an Icelandic ISRC may itself start with "ISRC..."
        return whole if len(whole) == 12 else compact(_without_label(text, "ISRC"))

    @classmethod
    def problem(cls, normalised: str) -> str | None:
        if len(normalised) != 12:
            return f"has {len(normalised)} characters, an ISRC has 12 (CC-XXX-YY-NNNNN)"
        prefix = normalised[:2]
        if not re.fullmatch(r"[A-Z]{2}", prefix):
            return f"starts with {prefix!r}: the country prefix must be 2 letters"
        if prefix not in ISRC_PREFIXES:
            return (
                f"starts with {prefix!r}: not an ISO 3166-1 country code nor a prefix the "
                "International ISRC Agency has allocated (such as QM, QZ or ZZ)"
            )
        if not re.fullmatch(r"[A-Z0-9]{3}", normalised[2:5]):
            return f"has registrant code {normalised[2:5]!r}: it must be 3 letters or digits"
        if not normalised[5:7].isdigit():
            return f"has year {normalised[5:7]!r}: it must be 2 digits"
        if not normalised[7:].isdigit():
            return f"has designation code {normalised[7:]!r}: it must be 5 digits"
        return None

    def display(self) -> str:
        """CC-XXX-YY-NNNNN."""
        v = self.value
        return f"{v[:2]}-{v[2:5]}-{v[5:7]}-{v[7:]}"


@dataclass(frozen=True, slots=True)
class Iswc(Identifier):
    """International Standard Musical Work Code (ISO 15707): T + 9 digits + check digit."""

    field: ClassVar[str] = "iswc"

    @classmethod
    def normalise(cls, text: str) -> str:
        return compact(_without_label(text, "ISWC"))

    @classmethod
    def problem(cls, normalised: str) -> str | None:
        if not normalised.startswith("T"):
            return "must start with T (T-DDD.DDD.DDD-C)"
        digits = normalised[1:]
        if not digits.isdigit() or len(digits) != 10:
            return f"has {len(digits)} characters after T, an ISWC has 10 digits there"
        expected = _weighted_mod10(1, digits[:9])
        if int(digits[9]) != expected:
            return f"has check digit {digits[9]}, expected {expected}"
        return None

    def display(self) -> str:
        """T-DDD.DDD.DDD-C."""
        d = self.value[1:]
        return f"T-{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9]}"


@dataclass(frozen=True, slots=True)
class Gtin(Identifier):
    """UPC-A (12), EAN-13 (13), EAN-8 (8) or GTIN-14 (14): DDEX calls it ICPN."""

    field: ClassVar[str] = "upc"

    @classmethod
    def problem(cls, normalised: str) -> str | None:
        if not normalised.isdigit():
            return "must contain digits only"
        if len(normalised) not in (8, 12, 13, 14):
            return (
                f"has {len(normalised)} digits; a UPC has 12, an EAN 13 "
                "(or 8 for EAN-8, 14 for GTIN-14)"
            )
        expected = gtin_check_digit(normalised[:-1])
        if int(normalised[-1]) != expected:
            return f"has check digit {normalised[-1]}, expected {expected}"
        return None

    @property
    def kind(self) -> str:
        """UPC-A, EAN-13, EAN-8 or GTIN-14."""
        return {8: "EAN-8", 12: "UPC-A", 13: "EAN-13", 14: "GTIN-14"}[len(self.value)]

    def as_ean13(self) -> str:
        """The 13-digit form (a UPC-A with a leading 0); EAN-8 and GTIN-14 are returned as-is."""
        return "0" + self.value if len(self.value) == 12 else self.value


@dataclass(frozen=True, slots=True)
class IpiNameNumber(Identifier):
    """IPI name number: 9 digits + 2 check digits, always zero-padded to 11."""

    field: ClassVar[str] = "ipi"

    @classmethod
    def problem(cls, normalised: str) -> str | None:
        if not normalised.isdigit():
            return "must contain digits only"
        if len(normalised) != 11:
            return f"has {len(normalised)} digits, an IPI name number has 11 (zero-padded)"
        expected = ipi_check_digits(normalised[:9])
        if expected != normalised[9:]:
            return f"has check digits {normalised[9:]}, expected {expected}"
        return None


@dataclass(frozen=True, slots=True)
class IpiBaseNumber(Identifier):
    """IPI base number: I-NNNNNNNNN-C."""

    field: ClassVar[str] = "ipi_base"

    @classmethod
    def problem(cls, normalised: str) -> str | None:
        if not normalised.startswith("I"):
            return "must start with I (I-NNNNNNNNN-C)"
        digits = normalised[1:]
        if not digits.isdigit() or len(digits) != 10:
            return f"has {len(digits)} characters after I, an IPI base number has 10 digits there"
        expected = _weighted_mod10(2, digits[:9])
        if int(digits[9]) != expected:
            return f"has check digit {digits[9]}, expected {expected}"
        return None

    def display(self) -> str:
        """I-NNNNNNNNN-C."""
        return f"I-{self.value[1:10]}-{self.value[10]}"


@dataclass(frozen=True, slots=True)
class Isni(Identifier):
    """International Standard Name Identifier (ISO 27729): 15 digits + MOD 11-2 check."""

    field: ClassVar[str] = "isni"

    @classmethod
    def normalise(cls, text: str) -> str:
        return compact(_without_label(text, "ISNI"))

    @classmethod
    def problem(cls, normalised: str) -> str | None:
        if len(normalised) != 16:
            return f"has {len(normalised)} characters, an ISNI has 16"
        if not normalised[:15].isdigit() or not re.fullmatch(r"[0-9X]", normalised[15]):
            return "must be 15 digits and a final digit or X"
        expected = _mod11_2_check(normalised[:15])
        if normalised[15] != expected:
            return f"has check character {normalised[15]}, expected {expected}"
        return None

    def display(self) -> str:
        """Four groups of four."""
        v = self.value
        return " ".join(v[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True, slots=True)
class Dpid(Identifier):
    """DDEX Party Identifier: PADPIDA + 10 alphanumerics + MOD 37-36 check character."""

    field: ClassVar[str] = "dpid"

    @classmethod
    def problem(cls, normalised: str) -> str | None:
        if not normalised.startswith("PADPIDA"):
            return "must start with PADPIDA"
        if not re.fullmatch(r"PADPIDA[0-9A-Z]{11}", normalised):
            return f"has {len(normalised)} characters, a DPID has 18 (PADPIDA + 11)"
        if not _mod37_36_is_valid(normalised):
            return "fails its ISO 7064 MOD 37-36 check character"
        return None


@dataclass(frozen=True, slots=True)
class Grid(Identifier):
    """Global Release Identifier: A1 + issuer (5) + release number (10) + check."""

    field: ClassVar[str] = "grid"

    @classmethod
    def normalise(cls, text: str) -> str:
        return compact(_without_label(text, "GRid"))

    @classmethod
    def problem(cls, normalised: str) -> str | None:
        if len(normalised) != 18 or not normalised.isalnum():
            return f"has {len(normalised)} characters, a GRid has 18 letters or digits"
        if not normalised.startswith("A1"):
            return "must start with the scheme A1"
        if not _mod37_36_is_valid(normalised):
            return "fails its ISO 7064 MOD 37-36 check character"
        return None


IDENTIFIER_TYPES: dict[str, type[Identifier]] = {
    "isrc": Isrc,
    "iswc": Iswc,
    "upc": Gtin,
    "ean": Gtin,
    "gtin": Gtin,
    "icpn": Gtin,
    "ipi": IpiNameNumber,
    "ipi_base": IpiBaseNumber,
    "isni": Isni,
    "dpid": Dpid,
    "grid": Grid,
}
