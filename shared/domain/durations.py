"""Durations: ISO 8601 (DDEX), clock form m:ss (spreadsheets), seconds; kept as milliseconds."""

from __future__ import annotations

import re

from shared.errors import InvalidField

_ISO = re.compile(
    r"P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)
_CLOCK = re.compile(r"(?:(?P<hours>\d+):)?(?P<minutes>\d{1,2}):(?P<seconds>\d{1,2}(?:\.\d+)?)")
MAX_TRACK_MS = 24 * 3600 * 1000  # nothing a store sells as one track runs a day


def parse_iso_duration(text: str, *, field: str = "duration") -> int:
    """'PT3M45.5S' -> 225500 ms; InvalidField for anything that is not an ISO 8601 duration."""
    match = _ISO.fullmatch(text.strip())
    if not match or text.strip() in ("P", "PT") or text.strip().endswith("T"):
        raise InvalidField(field, f"{text!r} is not an ISO 8601 duration (like PT3M45S)")
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    seconds = (
        parts.get("days", 0) * 86400
        + parts.get("hours", 0) * 3600
        + parts.get("minutes", 0) * 60
        + parts.get("seconds", 0)
    )
    return round(seconds * 1000)


def parse_duration(text: str, *, field: str = "duration") -> int:
    """ISO 8601, m:ss / h:mm:ss, or plain seconds -> milliseconds."""
    cleaned = text.strip()
    if cleaned.upper().startswith("P"):
        return parse_iso_duration(cleaned.upper(), field=field)
    clock = _CLOCK.fullmatch(cleaned)
    if clock:
        hours, minutes = int(clock.group("hours") or 0), int(clock.group("minutes"))
        seconds = float(clock.group("seconds"))
        if seconds >= 60 or (clock.group("hours") and minutes >= 60):
            raise InvalidField(field, f"{text!r} has more than 59 seconds or minutes in a place")
        return round((hours * 3600 + minutes * 60 + seconds) * 1000)
    try:
        seconds = float(cleaned.replace(",", "."))
    except ValueError:
        raise InvalidField(
            field, f"{text!r} is not a duration (write 3:45, 225 seconds or PT3M45S)"
        ) from None
    if seconds < 0 or seconds != seconds:
        raise InvalidField(field, f"{text!r} is not a positive number of seconds")
    return round(seconds * 1000)


def format_iso_duration(milliseconds: int) -> str:
    """225500 -> 'PT3M45.5S'; whole seconds without decimals."""
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if millis:
        fraction = f"{millis:03d}".rstrip("0")
        return text + f"{seconds}.{fraction}S"
    return text + f"{seconds}S" if seconds or text == "PT" else text


def format_clock(milliseconds: int) -> str:
    """225500 -> '3:45.5'; 3_725_000 -> '1:02:05'."""
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    tail = f"{seconds:02d}" + (f".{millis:03d}".rstrip("0") if millis else "")
    return f"{hours}:{minutes:02d}:{tail}" if hours else f"{minutes}:{tail}"
