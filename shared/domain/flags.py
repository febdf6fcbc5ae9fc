"""Feature flags for safe rollouts: a change ships dark, then reaches a share of partners.

A flag is on for a partner when it is enabled and either names the partner or the partner falls
in its rollout percentage. The bucket is a stable hash of flag and partner, so a partner stays
in (or out) as the percentage grows: 5% -> 25% -> 100% only ever adds partners.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from shared.errors import InvalidField

# Flags the code reads, with the value used when no flag document exists yet.
FLAG_DEFAULTS: dict[str, bool] = {
    "retention.audio_deletion": True,  # delete kept audio after its notice (off: notices only)
    "cache.read_through": True,  # serve hot reads through the Redis cache (off: database only)
}


@dataclass(frozen=True, slots=True)
class FeatureFlag:
    """One flag's rollout state."""

    name: str
    enabled: bool = False
    rollout_percent: int = 0
    partners: frozenset[str] = field(default_factory=frozenset)  # always on for these
    description: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.rollout_percent <= 100:
            raise InvalidField(
                f"{self.name}.rollout_percent", f"{self.rollout_percent} is not between 0 and 100"
            )

    def is_on_for(self, partner_id: UUID | None) -> bool:
        """Whether the flag applies to this partner (None: system-wide, needs 100%)."""
        if not self.enabled:
            return False
        if partner_id is None:
            return self.rollout_percent == 100
        if str(partner_id) in self.partners:
            return True
        return bucket_of(self.name, partner_id) < self.rollout_percent

    def to_json(self) -> dict[str, Any]:
        """The stored document."""
        return {
            "name": self.name,
            "enabled": self.enabled,
            "rollout_percent": self.rollout_percent,
            "partners": sorted(self.partners),
            "description": self.description,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> FeatureFlag:
        """Parse a document or a flags-file entry; InvalidField names the bad key."""
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise InvalidField("name", f"{name!r} is not a flag name")
        percent = raw.get("rollout_percent", 100 if raw.get("enabled") else 0)
        if not isinstance(percent, int) or isinstance(percent, bool):
            raise InvalidField(f"{name}.rollout_percent", f"{percent!r} is not a whole number")
        partners = raw.get("partners", [])
        if not isinstance(partners, list) or not all(isinstance(p, str) for p in partners):
            raise InvalidField(f"{name}.partners", "must be a list of partner ids")
        return cls(
            name,
            bool(raw.get("enabled", False)),
            percent,
            frozenset(partners),
            str(raw.get("description", "")),
        )


def bucket_of(flag_name: str, partner_id: UUID) -> int:
    """A stable number 0..99 for (flag, partner)."""
    digest = hashlib.sha256(f"{flag_name}:{partner_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100
