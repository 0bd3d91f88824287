"""Money and tokens: the edition's token budget and the price of a call.

The budget is reserved before a call (the prompt's tokens plus the most the reply may use) and
settled with the usage the server reports, so concurrent calls cannot overspend it together.
"""

from __future__ import annotations

from collections.abc import Mapping

from newsletter.config import ModelPrice

__all__ = ["TokenBudget", "call_cost", "price_of"]


class TokenBudget:
    """Tokens one edition may still spend; a limit of 0 means no limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.committed = 0

    def reserve(self, tokens: int) -> bool:
        """Hold `tokens` for a call; False when the call would go over the budget."""
        if self.limit and self.committed + tokens > self.limit:
            return False
        self.committed += tokens
        return True

    def settle(self, reserved: int, used: int) -> None:
        """Replace a reservation by what the call really used."""
        self.committed += used - reserved


def price_of(model: str, prices: Mapping[str, ModelPrice]) -> ModelPrice | None:
    """The price of `model`: its own entry, else the longest entry it starts with
    ("gpt-4o-mini-2024-07-18" costs what "gpt-4o-mini" costs)."""
    if model in prices:
        return prices[model]
    prefixes = [name for name in prices if model.startswith(name)]
    return prices[max(prefixes, key=len)] if prefixes else None


def call_cost(price: ModelPrice | None, tokens_in: int, tokens_out: int) -> float | None:
    """Dollars for one call, or None when the model's price is unknown."""
    if price is None:
        return None
    return (tokens_in * price.input + tokens_out * price.output) / 1_000_000
