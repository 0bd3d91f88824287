"""Measure the story gate on hand-written digests of real articles.

Usage: python bench/gate_eval.py ARTICLES.jsonl DIGESTS.jsonl [--show N]
       [--base-url URL --model NAME [--concurrency N] [--store FILE]]

The digests kept here: bench/gate_digests/dev.jsonl (30 faithful, 39 with a fault) on the
quotes-dev articles, bench/gate_digests/train.jsonl (15 + 20) and holdout.jsonl (15 + 21, other
articles), holdout2.jsonl (11 + 5), holdout3.jsonl (7 + 10), holdout4.jsonl (12 + 19),
holdout5.jsonl (14 + 22), holdout6.jsonl (14 + 23), holdout7.jsonl (12 + 10),
holdout8.jsonl (15 + 11), holdout9.jsonl (15 + 15), holdout10.jsonl (15 + 15),
holdout11.jsonl (15 + 15), holdout12.jsonl (15 + 15), holdout13.jsonl (15 + 15),
holdout14.jsonl (15 + 15), holdout15.jsonl (15 + 15), holdout16.jsonl (15 + 15),
holdout17.jsonl (15 + 15), holdout18.jsonl (15 + 15), holdout19.jsonl (15 + 15),
holdout21.jsonl to holdout46.jsonl and holdout48.jsonl (15 + 15 each) and holdout47.jsonl
(7 + 7) on the quotes-train articles, and devholdout.jsonl, devholdout2.jsonl and
devholdout3.jsonl (15 + 15 each) and devholdout4.jsonl (8 + 8) on quotes-dev articles that no
other set uses, each written after the rules had been tuned on the sets before it (holdout47
and devholdout4 together: one set of 15 + 15).

ARTICLES.jsonl holds the articles, one a line ({"doc", "text"}: the title on the first line,
the text after it), as the quote evaluation files do. DIGESTS.jsonl holds digests written by
hand in the model's reply format, one a line, naming their article by `doc`:

    {"doc": "...", "fault": null | "number" | "name" | "wrong_person" | "restated_quote"
     | "unsupported" | "quote_id", "note": "what was planted",
     "reply": {"headline", "summary", "quote_ids", "topic", "importance"}}

A faithful digest (fault null) should pass; each other one has one fault planted. Every reply
goes through the gate the LLM engine calls (`StoryGate`, quote ids numbered as the engine
numbers them) and the engine's choice of quotes. The report gives accepted / rejected per
fault type, the false alarms with their reasons and the faults that got through.

With `--base-url` and `--model` (an OpenAI-compatible endpoint; its key, if it needs one, in
NEWSLETTER_LLM__API_KEY), each digest the gate accepts also goes through the check by the
model that `llm.verify` turns on (`LLMEngine.verify`: the bundled `verify` prompts, the same
code checks of the evidence), and the report adds what that check rejected. The answers are
cached in `--store` (a SQLite file; a fresh one in a temporary folder by default), so a rerun
on the same file costs nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

from newsletter.config import LLMSettings
from newsletter.config.sections import DEFAULT_TOPICS
from newsletter.digest import LLMEngine
from newsletter.digest.gate import StoryGate
from newsletter.digest.replies import ReplyError, StoryReply
from newsletter.models import Article
from newsletter.store import Store

FAULTS = ("number", "name", "wrong_person", "restated_quote", "unsupported", "quote_id")


def read_articles(path: Path) -> dict[str, Article]:
    articles = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            title, _, text = row["text"].partition("\n")
            articles[row["doc"]] = Article(
                title=title.strip(),
                text=text.strip(),
                source=row["doc"].split("_")[0],
                url=f"https://example.org/{row['doc']}",
                published=datetime(2016, 10, 1, tzinfo=UTC),
            )
    return articles


def verdict(article: Article, reply: dict[str, object]) -> str | None:
    """None when the gate accepts the reply, else the reason it gives the model."""
    gate = StoryGate([article], DEFAULT_TOPICS)
    try:
        gate(json.dumps(reply))
    except ReplyError as exc:
        return str(exc)
    return None


async def model_checks(
    engine: LLMEngine, cases: list[tuple[Article, dict[str, object]]]
) -> list[str | None]:
    """What the check by the model doubts in each (article, reply), None where it doubts
    nothing; "the check failed: …" when the call itself gave up."""

    async def one(article: Article, reply: dict[str, object]) -> str | None:
        try:
            return await engine.verify([article], StoryReply.model_validate(reply))
        except Exception as exc:  # a call that gave up: reported, not a verdict
            return f"the check failed: {exc}"

    try:
        return await asyncio.gather(*(one(article, reply) for article, reply in cases))
    finally:
        await engine.aclose()


def checker(args: argparse.Namespace, folder: Path) -> LLMEngine:
    key = os.environ.get("NEWSLETTER_LLM__API_KEY")
    settings = LLMSettings(
        base_url=args.base_url,
        model=args.model,
        api_key=key,
        max_concurrency=args.concurrency,
        verify=True,
    )
    store = Store.open(f"sqlite:///{args.store or folder / 'gate-eval.sqlite'}")
    return LLMEngine(settings, store)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("digests", type=Path)
    parser.add_argument("--show", type=int, default=50, help="at most this many listed cases")
    parser.add_argument("--base-url", help="an OpenAI-compatible endpoint for the model check")
    parser.add_argument("--model", help="the model that checks (with --base-url)")
    parser.add_argument("--concurrency", type=int, default=4, help="model checks in flight")
    parser.add_argument("--store", type=Path, help="SQLite file caching the model's checks")
    args = parser.parse_args()
    if bool(args.base_url) != bool(args.model):
        parser.error("--base-url and --model go together")
    articles = read_articles(args.articles)
    digests = [
        json.loads(line)
        for line in args.digests.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if unknown := [d["doc"] for d in digests if d["doc"] not in articles]:
        print(f"no article {unknown[0]!r} in {args.articles}", file=sys.stderr)
        return 2
    reasons = [verdict(articles[d["doc"]], d["reply"]) for d in digests]
    report(digests, reasons, args.show)
    if args.base_url:
        passed = [
            (d, articles[d["doc"]])
            for d, reason in zip(digests, reasons, strict=True)
            if not reason
        ]
        with tempfile.TemporaryDirectory() as folder:
            engine = checker(args, Path(folder))
            doubts = asyncio.run(model_checks(engine, [(a, d["reply"]) for d, a in passed]))
            engine.store.close()
        print(f"\nmodel check by {args.model}, on the {len(passed)} digests the gate accepted:")
        report([d for d, _ in passed], doubts, args.show)
        print("\n".join(engine.report.lines()))
    return 0


def report(digests: list[dict[str, object]], reasons: list[str | None], show: int) -> None:
    """Accepted / rejected per fault type, the false alarms, the misses and the catches."""
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    false_alarms: list[str] = []
    misses: list[str] = []
    caught: list[str] = []
    for digest, reason in zip(digests, reasons, strict=True):
        fault = str(digest["fault"] or "faithful")
        tally[fault]["rejected" if reason else "accepted"] += 1
        where = f"{digest['doc']}: {digest.get('note', '')}".rstrip(": ")
        if fault == "faithful" and reason:
            false_alarms.append(f"{digest['doc']}\n    {reason}")
        elif fault != "faithful" and not reason:
            misses.append(f"[{fault}] {where}")
        elif fault != "faithful":
            caught.append(f"[{fault}] {where}\n    {reason}")
    print(f"{'digests':<16}{'n':>4}{'accepted':>10}{'rejected':>10}")
    for kind in ("faithful", *FAULTS):
        if counts := tally.get(kind):
            n = counts["accepted"] + counts["rejected"]
            print(f"{kind:<16}{n:>4}{counts['accepted']:>10}{counts['rejected']:>10}")
    planted = [tally[k] for k in FAULTS if k in tally]
    n_faults = sum(c["accepted"] + c["rejected"] for c in planted)
    faithful = tally["faithful"]
    print(
        f"faithful accepted {faithful['accepted']}/{faithful['accepted'] + faithful['rejected']}; "
        f"faults rejected {sum(c['rejected'] for c in planted)}/{n_faults}"
    )
    for title, cases in (
        ("false alarms", false_alarms),
        ("faults let through", misses),
        ("faults caught", caught),
    ):
        print(f"\n{title} ({len(cases)}):")
        for case in cases[:show]:
            print(f"  {case}")


if __name__ == "__main__":
    sys.exit(main())
