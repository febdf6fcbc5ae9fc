"""Deals (DDEX Deal): where, when and how a release may be sold or streamed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from shared.domain.codes import COMMERCIAL_MODEL_TYPES, USE_TYPES
from shared.domain.provenance import Provenance
from shared.domain.territories import check_territories, covers
from shared.errors import InvalidField

SALE_MODEL = "PayAsYouGoModel"  # DDEX CommercialModelType of a purchase (a pre-order is one)


@dataclass(frozen=True, slots=True)
class Deal:
    """A commercial model and use types, for territories, between two dates."""

    id: UUID
    partner_id: UUID
    release_id: UUID
    commercial_models: frozenset[str]
    use_types: frozenset[str]
    start_date: date
    end_date: date | None = None
    territories: frozenset[str] = frozenset({"Worldwide"})
    excluded_territories: frozenset[str] = frozenset()
    provenance: dict[str, Provenance] = field(default_factory=dict, compare=False)
    preorder_start_date: date | None = None  # buyers may order from this day (a sale deal)
    instant_grat_track_ids: frozenset[UUID] = frozenset()  # delivered at once to pre-orderers

    def __post_init__(self) -> None:
        if not self.commercial_models:
            raise InvalidField("commercial_models", "a deal needs at least one commercial model")
        for model in self.commercial_models:
            if model not in COMMERCIAL_MODEL_TYPES:
                raise InvalidField(
                    "commercial_models", f"{model!r} is not a DDEX CommercialModelType"
                )
        if not self.use_types:
            raise InvalidField("use_types", "a deal needs at least one use type")
        for use in self.use_types:
            if use not in USE_TYPES:
                raise InvalidField("use_types", f"{use!r} is not a DDEX UseType")
        check_territories(self.territories, field="territories")
        check_territories(self.excluded_territories, field="excluded_territories")
        if self.end_date is not None and self.end_date < self.start_date:
            raise InvalidField(
                "end_date", f"{self.end_date} is before start_date {self.start_date}"
            )
        self._check_preorder()

    def _check_preorder(self) -> None:
        if self.preorder_start_date is None:
            if self.instant_grat_track_ids:
                raise InvalidField(
                    "instant_grat_track_ids", "instant gratification tracks need a pre-order date"
                )
            return
        if self.preorder_start_date >= self.start_date:
            raise InvalidField(
                "preorder_start_date",
                f"{self.preorder_start_date} is not before start_date {self.start_date}:"
                " a pre-order opens before the release is available",
            )
        if SALE_MODEL not in self.commercial_models:
            raise InvalidField(
                "preorder_start_date",
                f"a pre-order is a sale: the deal needs the {SALE_MODEL} commercial model",
            )

    @property
    def preorder_end_date(self) -> date | None:
        """The last day of the pre-order: the day before the release is available."""
        if self.preorder_start_date is None:
            return None
        return self.start_date - timedelta(days=1)

    def is_available(self, territory: str, on: date) -> bool:
        """True when the deal covers ``territory`` on day ``on``."""
        in_dates = self.start_date <= on and (self.end_date is None or on <= self.end_date)
        return in_dates and covers(self.territories, self.excluded_territories, territory)
