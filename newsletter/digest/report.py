"""What the digest step tells the run report: calls, tokens, cost, cache hits, and each story
that the extractive engine wrote instead of the model (with the reason) or that was flagged."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsletter.store import LLMCall

__all__ = ["DigestReport", "Fallback"]


@dataclass(frozen=True)
class Fallback:
    """A story the extractive engine wrote: `kind` is budget, rejected, injection (the reply
    repeated text that addresses the model) or failed; `doubted` when the grounding gate
    rejected a reply."""

    title: str
    kind: str
    reason: str
    doubted: bool = False


@dataclass
class DigestReport:
    model: str = ""
    calls: int = 0
    failed_calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float | None = 0.0
    cached: int = 0
    fallbacks: list[Fallback] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, call: LLMCall) -> None:
        """Add one logged request."""
        self.calls += 1
        self.failed_calls += call.outcome != "ok"
        self.tokens_in += call.tokens_in
        self.tokens_out += call.tokens_out
        if call.cost is None or self.cost is None:
            self.cost = None
        else:
            self.cost += call.cost

    def lines(self) -> list[str]:
        """The report's lines about the model: usage, then fallbacks, flags and notes."""
        cost = "cost unknown (no price for the model)" if self.cost is None else f"${self.cost:.4f}"
        lines = [
            f"LLM {self.model}: {self.calls} call(s) ({self.failed_calls} failed or rejected), "
            f"{self.tokens_in} tokens in, {self.tokens_out} out, {cost}; "
            f"{self.cached} answer(s) from the cache."
        ]
        if self.fallbacks:
            kinds = Counter(f.kind for f in self.fallbacks)
            lines.append(
                f"{len(self.fallbacks)} story(ies) written by the extractive engine instead: "
                + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
            )
            lines += [f"  {f.title}: {f.reason}" for f in self.fallbacks]
        lines += self.flags + self.notes
        return lines
