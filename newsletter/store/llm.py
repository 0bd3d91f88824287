"""The digest cache (LLM results by a key of content, prompt, model and settings) and the log of
every LLM call, with usage by model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa

from newsletter.store.base import StoreBase, _utc
from newsletter.store.tables import digest_cache, llm_calls


@dataclass(frozen=True)
class CachedResult:
    """A stored LLM result: `outcome` is "ok" (use `result_json`) or "rejected" (the model's
    answers failed the checks; the extractive engine writes the story without asking again)."""

    outcome: str
    result_json: str


@dataclass(frozen=True)
class LLMCall:
    """One request to a model, as the call log keeps it. Cost is None when the price is unknown."""

    time: datetime
    task: str
    model: str
    prompt_hash: str
    mode: str
    tokens_in: int
    tokens_out: int
    latency_ms: int
    outcome: str
    cost: float | None = None
    edition_date: date | None = None


@dataclass(frozen=True)
class Usage:
    """Calls, tokens and estimated cost of one model over a period."""

    model: str
    calls: int
    failed: int
    tokens_in: int
    tokens_out: int
    cost: float | None


class LLMLog(StoreBase):
    # -- LLM cache and call log --------------------------------------------------------------

    def cached_result(self, key: str) -> CachedResult | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(digest_cache.c.outcome, digest_cache.c.result_json).where(
                    digest_cache.c.key == key
                )
            ).first()
        return CachedResult(row.outcome, row.result_json) if row else None

    def save_result(
        self, key: str, *, task: str, model: str, prompt_hash: str, outcome: str, result_json: str
    ) -> None:
        values = {
            "task": task,
            "model": model,
            "prompt_hash": prompt_hash,
            "outcome": outcome,
            "result_json": result_json,
            "created": _utc(datetime.now(UTC)),
        }
        statement = self._insert(digest_cache).values(key=key, **values)
        statement = statement.on_conflict_do_update(
            index_elements=[digest_cache.c.key], set_=values
        )
        with self.engine.begin() as connection:
            connection.execute(statement)

    def log_call(self, call: LLMCall) -> None:
        row = {**call.__dict__, "time": _utc(call.time)}
        with self.engine.begin() as connection:
            connection.execute(sa.insert(llm_calls).values(**row))

    def usage(self, *, edition_date: date | None = None, since: date | None = None) -> list[Usage]:
        """Calls, tokens and cost by model: for one edition's date, or since a day (UTC)."""
        failed = sa.func.sum(sa.case((llm_calls.c.outcome != "ok", 1), else_=0))
        query = (
            sa.select(
                llm_calls.c.model,
                sa.func.count(),
                failed,
                sa.func.sum(llm_calls.c.tokens_in),
                sa.func.sum(llm_calls.c.tokens_out),
                sa.func.sum(llm_calls.c.cost),
                sa.func.count(llm_calls.c.cost),
            )
            .group_by(llm_calls.c.model)
            .order_by(llm_calls.c.model)
        )
        if edition_date is not None:
            query = query.where(llm_calls.c.edition_date == edition_date)
        if since is not None:
            query = query.where(llm_calls.c.time >= datetime.combine(since, datetime.min.time()))
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [
            Usage(
                model=model,
                calls=calls,
                failed=int(bad or 0),
                tokens_in=int(tokens_in or 0),
                tokens_out=int(tokens_out or 0),
                cost=float(cost or 0.0) if priced == calls else None,
            )
            for model, calls, bad, tokens_in, tokens_out, cost, priced in rows
        ]
