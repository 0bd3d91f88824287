"""One edition, end to end: gather → group → digest → compose → render → write.

The CLI, the scheduler and the preview all call `generate`; it reports what happened through a
`RunReport` and an optional progress callback, and never prints.

Stories are digested concurrently (the LLM engine bounds the calls in flight by
`llm.max_concurrency`); a story whose digest fails falls back inside the engine, so only a
configuration the model server refuses (`LLMSetupError`) stops the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from newsletter.checks import Finding, check_email
from newsletter.config import Settings
from newsletter.digest import (
    DigestEngine,
    DigestReport,
    ExtractiveEngine,
    IntroReply,
    LLMEngine,
    LLMSetupError,
)
from newsletter.gather import DayWindow, SourceReport, gather
from newsletter.group.assist import ask_model
from newsletter.group.cluster import StoryGroup, cluster
from newsletter.group.rank import (
    ALSO_TODAY,
    Suppressed,
    background_articles,
    plan_groups,
    sent_stories,
    trusted,
)
from newsletter.models import Article, Edition, RenderedEmail, Story
from newsletter.render import lead_story, render_for
from newsletter.shorten import join_within, shorten
from newsletter.store import Store, UpsertCounts

__all__ = [
    "NoArticlesError",
    "RunReport",
    "SourcesFailedError",
    "compose",
    "generate",
    "write_edition",
]

MAX_SUBJECT = 80
MAX_PREHEADER = 140
LLM_HINT = (
    "No LLM configured: set [llm] model (and api_key or base_url) in newsletter.toml, "
    "or NEWSLETTER_LLM__MODEL, to write digests with a language model."
)
LLM_UNREACHABLE = (
    "No LLM used: llm.model is set but neither llm.api_key nor llm.base_url is; set one "
    "(NEWSLETTER_LLM__API_KEY or NEWSLETTER_LLM__BASE_URL) to write digests with the model."
)

Progress = Callable[[str, int, int], None]
"""Called as progress(step, done, total) while a step runs."""


class NoArticlesError(Exception):
    """The day has no articles; nothing is written. `report` says what each source gave."""

    def __init__(self, message: str, report: RunReport | None = None) -> None:
        super().__init__(message)
        self.report = report


class SourcesFailedError(NoArticlesError):
    """Every source failed: the edition would hold only articles stored by earlier runs, so it
    is not made (unless `allow_stale`). The message lists each source's reason."""

    def __init__(self, day: date, report: RunReport) -> None:
        reasons = "".join(f"\n  {s.label}: {s.error}" for s in report.sources)
        super().__init__(
            f"every source failed, so the edition of {day.isoformat()} would hold only articles "
            "stored by earlier runs; nothing was written. Fix the sources below, or pass "
            f"--allow-stale to make it from the stored articles:{reasons}",
            report,
        )


@dataclass
class RunReport:
    date: date
    sources: list[SourceReport] = field(default_factory=list)
    stored: UpsertCounts = field(default_factory=UpsertCounts)
    articles: int = 0
    stories: int = 0
    engine: str = ""
    notes: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    digest: DigestReport | None = None
    groups: int = 0
    """Stories the day's articles make (reports of one event are one story)."""
    explained: list[str] = field(default_factory=list)
    """Each story of several articles: its articles and the evidence that joined them."""
    updates: int = 0
    also_today: int = 0
    suppressed: list[Suppressed] = field(default_factory=list)
    checks: list[Finding] = field(default_factory=list)


def choose_engine(
    settings: Settings, store: Store, day: date | None = None
) -> tuple[DigestEngine, str | None]:
    """The engine to digest with, and a note for the report when it is the offline one."""
    if not settings.llm.model:
        return ExtractiveEngine(), LLM_HINT
    if not settings.llm.configured:
        return ExtractiveEngine(), LLM_UNREACHABLE
    engine = LLMEngine(settings.llm, store, newsletter=settings.name, edition_date=day)
    return engine, None


async def digest_all(
    engine: DigestEngine, groups: list[list[Article]], step: Progress
) -> list[Story]:
    """One story per article group, digested concurrently, in the groups' order."""
    stories: list[Story | None] = [None] * len(groups)
    done = 0

    async def one(index: int, articles: list[Article]) -> None:
        nonlocal done
        stories[index] = await engine.digest(articles)
        done += 1
        step("digest", done, len(groups))

    try:
        async with asyncio.TaskGroup() as tasks:
            for index, articles in enumerate(groups):
                tasks.create_task(one(index, articles))
    except* LLMSetupError as failed:
        raise failed.exceptions[0] from None
    return [s for s in stories if s is not None]


def file_in_sections(stories: list[Story], settings: Settings) -> list[Story]:
    """Each story the extractive engine wrote (no model chose its topic) filed under the
    `section` of its primary article's source, when that source has one."""
    sections = {source.label: source.section for source in settings.sources if source.section}
    default = Story.model_fields["topic"].default
    return [
        story.model_copy(update={"topic": sections[story.sources[0].name]})
        if story.engine == "extractive"
        and story.topic == default
        and story.sources
        and story.sources[0].name in sections
        else story
        for story in stories
    ]


def rate_offline(stories: list[Story], articles: list[Article]) -> list[Story]:
    """Each extractive story's importance (no model rated it) from coverage and recency: 2,
    plus one point per source beyond the first (at most two), plus one when its newest
    article is among the newer half of the day's stories."""
    published = {article.id: article.published for article in articles}

    def newest(story: Story) -> float:
        times = [published[i].timestamp() for i in story.article_ids if i in published]
        return max(times, default=0.0)

    rated = [s for s in stories if s.engine == "extractive" and s.sources and s.topic != ALSO_TODAY]
    times = sorted(newest(story) for story in rated)
    median = times[len(times) // 2] if times else 0.0

    def importance(story: Story) -> int:
        return 2 + min(len(story.sources) - 1, 2) + int(newest(story) >= median)

    chosen = {id(story) for story in rated}
    return [
        story.model_copy(update={"importance": importance(story)})
        if id(story) in chosen
        else story
        for story in stories
    ]


def compose(
    settings: Settings,
    day: date,
    stories: list[Story],
    articles: list[Article],
    engine: str,
    intro: IntroReply | None = None,
) -> Edition:
    """The edition: stories in order, a subject and a preheader drawn from them, the lead
    story's headline first (the subject and the intro are the model's when it wrote them). A
    story the gate doubted gives neither: with only such stories, the subject is the
    newsletter's name and the date."""
    stories = file_in_sections(rate_offline(stories, articles), settings)
    lead = lead_story(stories)  # never a doubted story
    if intro:
        subject = shorten(intro.subject, MAX_SUBJECT)
    elif lead:
        subject = f"{settings.name}: {shorten(lead.headline, MAX_SUBJECT - len(settings.name) - 2)}"
    else:
        subject = f"{settings.name}: {day:%B} {day.day}, {day.year}"
    headlines = [s.headline for s in [lead, *trusted(stories)] if s] if lead else []
    preheader = join_within(list(dict.fromkeys(headlines))[:4], MAX_PREHEADER) or subject
    used = {article_id for s in stories for article_id in s.article_ids}
    return Edition(
        name=settings.name,
        date=day,
        subject=subject,
        preheader=preheader,
        intro=intro.intro if intro else None,
        stories=stories,
        articles=[a for a in articles if a.id in used],
        engine=engine,
        generated_at=datetime.now(UTC),
    )


def _write_atomically(path: Path, content: str) -> None:
    """Write so that a crash leaves either the old file or the new one, never half of one.
    The temporary file's name is unique, so runs writing the same date at once cannot take
    each other's file away."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        temporary.write_text(content, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


async def generate(
    settings: Settings,
    day: date,
    *,
    out_dir: Path | None = None,
    progress: Progress | None = None,
    allow_stale: bool = False,
) -> RunReport:
    """Make the edition for `day` and write out/YYYY-MM-DD/{email.html,email.txt,edition.json}.

    When every source fails, raises `SourcesFailedError` rather than make the edition from
    articles stored by earlier runs, unless `allow_stale`."""
    report = RunReport(date=day)
    step = progress or (lambda *_: None)
    store = Store.open(settings.database)
    try:
        # the engine (for a model: its HTTP client and TLS context) is set up while the
        # sources are read
        setup = asyncio.create_task(asyncio.to_thread(choose_engine, settings, store, day))
        try:
            articles = await _gather_day(settings, day, store, report, step, allow_stale)
        except BaseException:
            with contextlib.suppress(Exception):  # the gathering's error is the one to tell
                await (await setup)[0].aclose()
            raise
        made = await _write_stories(settings, day, store, articles, report, step, await setup)
        step("render", 0, 1)
        edition = compose(settings, day, made.stories, articles, made.engine, made.intro)
        edition = edition.model_copy(
            update={"grouped_articles": report.articles, "grouped_stories": report.groups}
        )
        email = render_for(edition, settings)
        report.checks = check_email(email, edition=edition)
        folder = (out_dir or settings.output_dir) / day.isoformat()
        report.files = write_edition(folder, edition, email)
        store.save_edition(edition)
        # recorded once the edition exists (regenerating a date replaces its own fingerprints)
        store.save_fingerprints(day, made.fingerprints)
        step("render", 1, 1)
    finally:
        store.close()
    return report


@dataclass
class _Stories:
    """What the digest step made: the stories, the intro when the engine wrote one, the
    engine's name, and the fingerprints to remember the stories by."""

    stories: list[Story]
    intro: IntroReply | None
    engine: str
    fingerprints: list[tuple[str, str]]


async def _gather_day(
    settings: Settings,
    day: date,
    store: Store,
    report: RunReport,
    step: Progress,
    allow_stale: bool = False,
) -> list[Article]:
    """Read every source into the store; the day's articles (also those stored by earlier
    runs). Raises NoArticlesError when there are none, SourcesFailedError when every source
    failed (unless `allow_stale`)."""
    window = DayWindow(day, settings.tz)
    total = len(settings.sources)
    step("gather", 0, total)
    finished: list[SourceReport] = []

    def source_done(source: SourceReport) -> None:
        finished.append(source)
        step("gather", len(finished), total)

    result = await gather(
        settings.sources, window, store, limits=settings.fetch, on_source_done=source_done
    )
    report.sources = result.reports
    if result.reports and len(result.failed) == len(result.reports):
        if not allow_stale:
            raise SourcesFailedError(day, report)
        report.notes.append(
            "Every source failed: this edition is made from articles stored by earlier runs "
            "(--allow-stale)."
        )
    report.stored = store.upsert_articles(result.articles)
    articles = store.articles_in(window)
    report.articles = len(articles)
    if not articles:
        raise NoArticlesError(
            f"no articles for {day.isoformat()} ({window.start:%Y-%m-%d %H:%M %Z} to "
            f"{window.end:%Y-%m-%d %H:%M %Z}) in {total} source(s); nothing was written",
            report,
        )
    return articles


async def _write_stories(
    settings: Settings,
    day: date,
    store: Store,
    articles: list[Article],
    report: RunReport,
    step: Progress,
    chosen: tuple[DigestEngine, str | None],
) -> _Stories:
    """Group the articles into stories, leave out what was already sent, digest the rest
    with the `chosen` engine (see `choose_engine`), which this closes."""
    engine, note = chosen
    report.engine = engine.name
    if note:
        report.notes.append(note)
    try:
        sent = sent_stories(store, day, settings.dedup.lookback_days)
        background = background_articles(store, day, settings.tz)
        groups = cluster(articles, settings.dedup, background)
        if settings.dedup.ask_model and isinstance(engine, LLMEngine):
            groups = await _model_grouping(groups, engine, settings, report)
        plan = plan_groups(groups, sent, settings, background)
        report.groups, report.suppressed = len(plan.groups), plan.suppressed
        report.explained = [
            line for group in plan.groups if len(group.articles) > 1 for line in group.explain()
        ]
        report.updates = len(plan.updates)
        if not plan.chosen:
            raise NoArticlesError(
                f"every story of {day.isoformat()} was sent in the last "
                f"{settings.dedup.lookback_days} day(s) with nothing new; nothing was written",
                report,
            )
        digested = await digest_all(engine, [g.articles for g in plan.chosen], step)
        stories = plan.finish(digested, settings)
        # the fingerprints are worked out in a thread while the intro call is in flight
        fingerprints = asyncio.get_running_loop().run_in_executor(None, plan.fingerprint_rows)
        leads = trusted(stories)  # a story the gate doubted gives neither subject nor intro
        intro = await engine.introduce(leads) if leads else None
        rows = await fingerprints
    finally:
        await engine.aclose()
    report.digest = engine.report
    report.also_today = sum(1 for s in stories if s.topic == ALSO_TODAY)
    if left_out := len(plan.rest) - report.also_today:
        report.notes.append(
            f"{left_out} story(ies) left out: max_stories is {settings.max_stories}"
        )
    report.stories = len(stories) - report.also_today
    return _Stories(stories, intro, engine.name, rows)


async def _model_grouping(
    groups: list[StoryGroup], engine: LLMEngine, settings: Settings, report: RunReport
) -> list[StoryGroup]:
    """The groups after the model's word on the likely pairs (`dedup.ask_model`)."""
    joined, asked = await ask_model(groups, settings.dedup, engine.same_events)
    if asked:
        report.notes.append(
            f"The model was asked about {asked} likely pair(s) of stories and joined "
            f"{len(groups) - len(joined)} of them (dedup.ask_model)."
        )
    return joined


def write_edition(folder: Path, edition: Edition, email: RenderedEmail) -> list[Path]:
    """Write the edition's three files into `folder`, each atomically; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, content in (
        ("email.html", email.html),
        ("email.txt", email.text),
        ("edition.json", edition.model_dump_json(indent=2)),
    ):
        _write_atomically(folder / name, content)
        files.append(folder / name)
    return files
