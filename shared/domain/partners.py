"""Tenants and the people and machines that act for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID


class Tier(StrEnum):
    """A partner's plan: sets analysis priority, rate limits and audio retention."""

    FREE = "free"
    PRO = "pro"
    ENTERPRISE = "enterprise"


class Role(StrEnum):
    """What a user or API client may do."""

    ADMIN = "admin"  # every partner, user management, settings
    LABEL = "label"  # upload, edit, export within its own partner
    API = "api"  # programmatic access within its own partner, subject to limits


# Audio retention per tier (product owner): Free 30 days, Pro 6 months, Enterprise custom.
DEFAULT_AUDIO_RETENTION: dict[Tier, timedelta | None] = {
    Tier.FREE: timedelta(days=30),
    Tier.PRO: timedelta(days=182),
    Tier.ENTERPRISE: None,  # kept until the partner's custom retention says otherwise
}


@dataclass(frozen=True, slots=True)
class Partner:
    """A tenant: a label, distributor or rights holder."""

    id: UUID
    name: str
    tier: Tier
    created_at: datetime
    audio_retention_days: int | None = None  # Enterprise's custom retention; None = default
    legal_hold: bool = False  # stops every deletion while set

    @property
    def is_enterprise(self) -> bool:
        """Enterprise partners get the real-time analysis path."""
        return self.tier is Tier.ENTERPRISE

    @property
    def audio_retention(self) -> timedelta | None:
        """How long uploaded audio is kept; None keeps it until told otherwise."""
        if self.audio_retention_days is not None:
            return timedelta(days=self.audio_retention_days)
        return DEFAULT_AUDIO_RETENTION[self.tier]


@dataclass(frozen=True, slots=True)
class User:
    """A person who signs in to the UI."""

    id: UUID
    email: str
    role: Role
    created_at: datetime
    partner_id: UUID | None = None  # None only for admins
    display_name: str = ""
    territories: frozenset[str] = field(default_factory=frozenset)  # empty: unrestricted


@dataclass(frozen=True, slots=True)
class ApiClient:
    """A machine using OAuth2 client credentials."""

    id: UUID
    client_id: str
    partner_id: UUID
    role: Role
    created_at: datetime
    name: str = ""
    territories: frozenset[str] = field(default_factory=frozenset)
