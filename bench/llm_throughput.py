"""Throughput of the LLM digest step against a server that answers after a fixed delay.

A local OpenAI-compatible server inside this script answers every chat call after DELAY
seconds (a load harness for our own pipeline: the answers are canned, their quality is not
measured). The server runs in a child process, so that its threads do not compete with the
pipeline for the interpreter lock. N articles are digested through the real path (quote
finder, prompt, client, checks, cache, call log in a SQLite store) at CONCURRENCY calls in
flight. Printed:

- wall time / ideal, where ideal = N × DELAY / CONCURRENCY (target <= 1.15);
- tokens per article, as the server counted them;
- the number of calls a rerun of the same articles makes (must be 0: the cache answers);
- the same number of bare `openai` calls at the same concurrency against the same server, run
  just before: its wall / ideal is the floor this machine and client library allow, and
  pipeline / bare is the pipeline's own cost, measured side by side.

`--generate` runs the whole `generate` of one edition instead (N reports of different events
from `templated_feed.py`, as files of a folder source, `max_stories` = N, a fresh store): its
LLM stage is timed from the end of gathering to the start of rendering (grouping, every story's
calls and the intro call), and its ideal counts the intro call: N × DELAY / CONCURRENCY + DELAY.
The canned replies copy each article's first sentences, so a story the gate still rejects
costs a retry, counted in the calls printed.

Usage: python bench/llm_throughput.py [--n 200] [--concurrency 16] [--delay 0.5] [--generate]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import openai

from newsletter.config import LLMSettings, Settings
from newsletter.digest import LLMEngine
from newsletter.gather.folder import FolderSource
from newsletter.models import Article
from newsletter.pipeline import digest_all, generate
from newsletter.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/chatserver.py
from templated_feed import templated_feed

from tests.chatserver import LocalChatServer, Reply

CALLS = multiprocessing.Value("i", 0)  # requests the server answered, shared with the child

ARTICLE = """The {town} council voted on Tuesday to repair {n} bridges before the winter.

"We will not let the river cut the town in two again," Mayor Ana Ruiz said after the vote.

The work starts in March and the council expects it to take eight months. Residents asked
for a footbridge as well, and the council said it would study the idea.
"""


def articles(count: int) -> list[Article]:
    return [
        Article(
            title=f"Council in Town {i} votes to repair bridges",
            text=ARTICLE.format(town=f"Town {i}", n=i % 9 + 2),
            source="Bench desk",
            url=f"https://example.org/bench/{i}",
            published=datetime(2022, 2, 22, 12, tzinfo=UTC),
        )
        for i in range(count)
    ]


def answer(request: dict) -> Reply:
    """A valid, grounded reply: the prompt's title and the article's first two sentences
    without a quotation (the edition's opening for the intro prompt)."""
    with CALLS.get_lock():
        CALLS.value += 1
    user = request["messages"][-1]["content"]
    if request["messages"][0]["content"].startswith("You write the opening"):
        intro = {"subject": "The day's reports", "intro": "The day's reports, in brief."}
        return Reply(content=intro)
    title = re.search(r"^Title: (.+)$", user, re.M)
    article = user.split("<<<ARTICLE\n", 1)[-1].split("ARTICLE>>>", 1)[0]
    sentences = re.findall(r"\S.*?[.!?](?=\s|$)", article, re.S)
    plain = [s for s in sentences if '"' not in s]
    return Reply(
        content={
            "headline": title.group(1) if title else "Council votes to repair bridges",
            "summary": " ".join(s.strip() for s in plain[:2]),
            "quote_ids": [1] if "\n[1] " in user else [],
            "topic": "Local",
            "importance": 3,
        }
    )


def serve(delay: float, urls: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    """The child process: answer until told to stop."""
    with LocalChatServer(answer, delay=delay) as server:
        urls.put(server.url)
        stop.wait()


async def digest(settings: LLMSettings, store: Store, batch: list[Article]) -> LLMEngine:
    engine = LLMEngine(settings, store, edition_date=date(2022, 2, 22))
    try:
        await digest_all(engine, [[article] for article in batch], lambda *_: None)
    finally:
        await engine.aclose()
    return engine


async def bare_calls(settings: LLMSettings, count: int) -> None:
    """`count` plain chat calls, `settings.max_concurrency` at a time: nothing of ours."""
    client = openai.AsyncOpenAI(api_key="bench", base_url=settings.base_url, max_retries=0)
    slots = asyncio.Semaphore(settings.max_concurrency)

    async def one(index: int) -> None:
        async with slots:
            await client.chat.completions.create(
                model=settings.model or "bench-model",
                messages=[{"role": "user", "content": f"Title: Bench {index}"}],
            )

    try:
        async with asyncio.TaskGroup() as tasks:
            for index in range(count):
                tasks.create_task(one(index))
    finally:
        await client.close()


def folder_config(settings: LLMSettings, batch: list[Article], folder: Path) -> Settings:
    """Settings of an edition made from `batch`, written as files of a folder source."""
    day = folder / "articles" / batch[0].published.date().isoformat()
    day.mkdir(parents=True)
    for index, article in enumerate(batch):
        fields = {
            "title": article.title,
            "text": article.text,
            "url": article.url,
            "published": article.published.isoformat(),
        }
        (day / f"{index:04d}.json").write_text(json.dumps(fields), encoding="utf-8")
    return Settings(
        sources=[FolderSource(path=folder / "articles", name="Bench desk")],
        database_url=f"sqlite:///{folder / 'generate.db'}",
        output_dir=folder / "out",
        max_stories=len(batch),
        timezone="UTC",
        llm=settings,
    )


def generate_stage(config: Settings, day: date) -> float:
    """Seconds from the end of gathering to the start of rendering in one `generate`."""
    marks: dict[str, float] = {}

    def step(stage: str, done: int, total: int) -> None:
        if (stage == "gather" and done == total) or (stage == "render" and done == 0):
            marks[stage] = time.perf_counter()
        if stage == "digest":
            marks.setdefault("first story", time.perf_counter())
            marks["last story"] = time.perf_counter()

    asyncio.run(generate(config, day, progress=step))
    if "first story" in marks:
        print(
            f"first story done {marks['first story'] - marks['gather']:.2f}s after gathering, "
            f"the last {marks['last story'] - marks['gather']:.2f}s, rendering starts "
            f"{marks['render'] - marks['last story']:.2f}s later (the intro call)"
        )
    return marks["render"] - marks["gather"]


@contextmanager
def local_model(options: argparse.Namespace) -> Iterator[LLMSettings]:
    """Settings for the answering server, run in a child process while the block runs."""
    context = multiprocessing.get_context("fork")
    urls, stop = context.Queue(), context.Event()
    child = context.Process(target=serve, args=(options.delay, urls, stop))
    child.start()
    try:
        yield LLMSettings(
            base_url=urls.get(timeout=30),
            model="bench-model",
            max_concurrency=options.concurrency,
            edition_token_budget=0,
        )
    finally:
        stop.set()
        child.join(timeout=30)
        urls.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.5)
    parser.add_argument("--generate", action="store_true", help="time a whole generate")
    options = parser.parse_args()
    if options.generate:
        return main_generate(options)
    batch = articles(options.n)
    with local_model(options) as settings, tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.db'}")
        started = time.perf_counter()
        asyncio.run(bare_calls(settings, options.n))
        bare = time.perf_counter() - started
        before = CALLS.value
        started = time.perf_counter()
        first = asyncio.run(digest(settings, store, batch))
        wall = time.perf_counter() - started
        calls = CALLS.value - before
        again = asyncio.run(digest(settings, store, batch))
        rerun_calls = CALLS.value - before - calls
        store.close()
    ideal = options.n * options.delay / options.concurrency
    report = first.report
    print(f"articles: {options.n}, concurrency: {options.concurrency}, delay: {options.delay}s")
    print(f"calls: {calls} ({report.failed_calls} failed), fallbacks: {len(report.fallbacks)}")
    print(
        f"wall: {wall:.2f}s, ideal: {ideal:.2f}s, wall/ideal: {wall / ideal:.3f} (target <= 1.15)"
    )
    print(
        f"bare openai calls: {bare:.2f}s, wall/ideal: {bare / ideal:.3f}; "
        f"pipeline / bare: {wall / bare:.3f}"
    )
    print(
        f"tokens per article: {(report.tokens_in + report.tokens_out) / options.n:.0f} "
        f"({report.tokens_in / options.n:.0f} in, {report.tokens_out / options.n:.0f} out)"
    )
    print(f"rerun calls: {rerun_calls} (must be 0), answers from the cache: {again.report.cached}")


def main_generate(options: argparse.Namespace) -> None:
    """One `generate` of N different reports, then the same again (the cache answers)."""
    batch = [report.article for report in templated_feed(options.n, copy_every=0)]
    day = batch[0].published.date()
    with local_model(options) as settings, tempfile.TemporaryDirectory() as folder:
        config = folder_config(settings, batch, Path(folder))
        stage = generate_stage(config, day)
        calls = CALLS.value
        generate_stage(config, day)
        rerun_calls = CALLS.value - calls
    ideal = options.n * options.delay / options.concurrency + options.delay
    print(f"generate: {options.n} articles, concurrency {options.concurrency}, {calls} calls")
    print(
        f"LLM stage: {stage:.2f}s, ideal (with the intro call): {ideal:.2f}s, "
        f"stage/ideal: {stage / ideal:.3f} (target <= 1.15)"
    )
    print(f"rerun calls: {rerun_calls} (must be 0)")


if __name__ == "__main__":
    main()
