"""`SearchQuery`: one availableNumbers search, as the core hands it to the client."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchQuery:
    """The query parameters of a search (wire names, in the order sent) and how many to find.

    The core builds the parameters from the criteria registry (numspec.inventory.criteria);
    the client sends them as given, with `quantity` last.
    """

    params: tuple[tuple[str, str], ...]
    quantity: int

    @classmethod
    def of(cls, params: Mapping[str, str], quantity: int) -> SearchQuery:
        """Return a query of these parameters (a `quantity` among them is not sent)."""
        return cls(tuple((k, v) for k, v in params.items() if k != "quantity"), quantity)

    def get(self, name: str, default: str | None = None) -> str | None:
        """Return the value of one parameter, or `default` when the query lacks it."""
        return dict(self.params).get(name, default)

    def as_dict(self) -> dict[str, str]:
        """Return the parameters by name (without the quantity)."""
        return dict(self.params)
