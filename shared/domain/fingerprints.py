"""Chromaprint fingerprints: decode the compressed form and compare two recordings.

The compressed form is what ``fpcalc`` prints and AcoustID stores: base64url of one byte of
algorithm, a 24-bit item count, then per item the XOR with the previous item written as 3-bit
deltas between set bit positions (0 ends an item; 7 means "7 plus a 5-bit exception" stored after
all 3-bit values). This mirrors chromaprint's fingerprint_decompressor.cpp.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence

from shared.errors import InvalidField

_NORMAL_BITS = 3
_EXCEPTION_BITS = 5
_MAX_NORMAL = (1 << _NORMAL_BITS) - 1
_MIN_OVERLAP = 20  # items (about 2.5 s of audio) that must overlap for a comparison to count
ITEM_SECONDS = 0.1238  # one fingerprint item covers this much audio (chromaprint's default)


class _BitReader:
    """Reads little-endian bit fields, as chromaprint's BitStringReader does."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._position = 0

    def read(self, bits: int) -> int:
        value = 0
        for i in range(bits):
            index = self._position + i
            byte = self._data[index >> 3] if (index >> 3) < len(self._data) else 0
            value |= ((byte >> (index & 7)) & 1) << i
        self._position += bits
        return value

    def align(self) -> None:
        self._position = (self._position + 7) & ~7

    @property
    def exhausted(self) -> bool:
        return self._position >= len(self._data) * 8


def decode_fingerprint(text: str) -> list[int]:
    """The raw 32-bit items of a compressed fingerprint; InvalidField when it is not one."""
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidField("fingerprint", "is not base64") from None
    if len(data) < 4:
        raise InvalidField("fingerprint", "is too short to be a Chromaprint fingerprint")
    count = (data[1] << 16) | (data[2] << 8) | data[3]
    reader = _BitReader(data[4:])
    deltas = _read_deltas(reader, count)
    return _unpack(deltas)


def _read_deltas(reader: _BitReader, count: int) -> list[int]:
    deltas: list[int] = []
    ends = 0
    while ends < count:
        if reader.exhausted:
            raise InvalidField("fingerprint", "ends before its last item")
        value = reader.read(_NORMAL_BITS)
        ends += value == 0
        deltas.append(value)
    reader.align()
    return [d + reader.read(_EXCEPTION_BITS) if d == _MAX_NORMAL else d for d in deltas]


def _unpack(deltas: list[int]) -> list[int]:
    items: list[int] = []
    value = last_bit = 0
    for delta in deltas:
        if delta == 0:
            items.append(value ^ items[-1] if items else value)
            value = last_bit = 0
            continue
        last_bit += delta
        if last_bit > 32:
            raise InvalidField("fingerprint", "has a bit position past 32")
        value |= 1 << (last_bit - 1)
    return items


def similarity(a: Sequence[int], b: Sequence[int], *, max_offset: int = 16) -> float:
    """1.0 for identical audio, about 0.5 for unrelated audio: the share of equal bits at the
    best alignment within ``max_offset`` items (encoders add a little delay at the start)."""
    best = 0.0
    for offset in range(-max_offset, max_offset + 1):
        left, right = a[max(0, offset) :], b[max(0, -offset) :]
        overlap = min(len(left), len(right))
        if overlap < _MIN_OVERLAP:
            continue
        errors = sum((x ^ y).bit_count() for x, y in zip(left, right, strict=False))
        best = max(best, 1.0 - errors / (32 * overlap))
    return best
