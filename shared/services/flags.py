"""Feature flags kept in the status store (Firestore in GCP, a table locally), cached briefly."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from shared.domain.flags import FLAG_DEFAULTS, FeatureFlag
from shared.errors import InvalidField, InvalidInput, Unavailable
from shared.ports import JsonObject, StatusStore

logger = logging.getLogger(__name__)

COLLECTION = "feature_flags"


class FeatureFlags:
    """Read flags (cached ``ttl_s``), set them, apply a flags file from a deployment."""

    def __init__(
        self,
        status: StatusStore,
        *,
        ttl_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._status = status
        self._ttl_s = ttl_s
        self._clock = clock
        self._cached: dict[str, FeatureFlag] = {}
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    def is_enabled(self, name: str, partner_id: UUID | None = None) -> bool:
        """Whether ``name`` is on for the partner; the code default when no flag is stored."""
        flag = self._flags().get(name)
        if flag is None:
            return FLAG_DEFAULTS.get(name, False)
        return flag.is_on_for(partner_id)

    def all(self) -> list[FeatureFlag]:
        """Every stored flag, by name."""
        return sorted(self._load().values(), key=lambda flag: flag.name)

    def set(self, flag: FeatureFlag) -> FeatureFlag:
        """Store a flag (create or replace)."""
        doc: JsonObject = dict(flag.to_json())
        if not self._status.create(COLLECTION, flag.name, doc, partner_id=None):
            self._status.merge(COLLECTION, flag.name, doc)
        with self._lock:
            self._loaded_at = float("-inf")  # the next read sees it
        logger.info("flag %s: enabled=%s %d%%", flag.name, flag.enabled, flag.rollout_percent)
        return flag

    def apply_file(self, path: Path) -> list[FeatureFlag]:
        """Set every flag of a JSON file ``{"flags": [{name, enabled, rollout_percent}...]}``."""
        try:
            raw = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise InvalidInput(f"{path}: {exc}") from None
        entries = raw.get("flags") if isinstance(raw, dict) else None
        if not isinstance(entries, list):
            raise InvalidField("flags", f"{path} has no list under 'flags'")
        parsed = [FeatureFlag.from_json(entry) for entry in entries]  # all valid, or none set
        return [self.set(flag) for flag in parsed]

    def _flags(self) -> dict[str, FeatureFlag]:
        with self._lock:
            fresh = self._clock() - self._loaded_at < self._ttl_s
            if fresh:
                return self._cached
        try:
            loaded = self._load()
        except Unavailable as exc:  # keep serving the last known flags
            logger.warning("flags unavailable, using the last known: %s", exc)
            return self._cached
        with self._lock:
            self._cached, self._loaded_at = loaded, self._clock()
        return loaded

    def _load(self) -> dict[str, FeatureFlag]:
        docs = self._status.list(COLLECTION, partner_id=None, limit=1000)
        return {flag.name: flag for flag in map(FeatureFlag.from_json, docs)}
