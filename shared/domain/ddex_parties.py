"""A partner's DDEX parties (issue 17, item 3): who sends its messages and the stores it delivers
to, each named by a DPID. An ERN message's MessageSender and MessageRecipient come from here
before the installation's DDEX_* settings."""

from __future__ import annotations

from dataclasses import dataclass

from shared.domain.identifiers import Dpid
from shared.errors import InvalidField

MAX_STORES = 50


@dataclass(frozen=True, slots=True)
class DdexStore:
    """A store (DSP) the partner delivers to: its name and DPID; one may be the default."""

    name: str
    dpid: Dpid
    is_default: bool = False


@dataclass(frozen=True, slots=True)
class DdexParties:
    """The partner's sender DPID and name (None: not set) and its stores, in the order given."""

    sender_dpid: Dpid | None = None
    sender_name: str | None = None
    stores: tuple[DdexStore, ...] = ()

    def __post_init__(self) -> None:
        if len(self.stores) > MAX_STORES:
            raise InvalidField("stores", f"{len(self.stores)} stores, at most {MAX_STORES}")
        seen: set[str] = set()
        for index, store in enumerate(self.stores):
            key = store.name.strip().lower()
            if not key:
                raise InvalidField(f"stores[{index}].name", "is empty")
            if key in seen:
                raise InvalidField(f"stores[{index}].name", f"{store.name!r} is listed twice")
            seen.add(key)
        if sum(store.is_default for store in self.stores) > 1:
            raise InvalidField("stores", "only one store can be the default")

    def recipient(self, store_name: str | None) -> DdexStore | None:
        """The store named (case-insensitively), else the default store; InvalidField("store")
        when a name is given that the settings do not list."""
        if store_name is None:
            return next((store for store in self.stores if store.is_default), None)
        wanted = store_name.strip().lower()
        found = next((s for s in self.stores if s.name.strip().lower() == wanted), None)
        if found is None:
            known = ", ".join(repr(s.name) for s in self.stores) or "none yet"
            raise InvalidField(
                "store", f"{store_name!r} is not a store in the DDEX settings (stores: {known})"
            )
        return found
