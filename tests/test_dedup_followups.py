"""Across days: a later report of an event already sent is recognised as its follow-up, and a
report written from the same template about another town or company never is."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime, timedelta

from bench.templated_feed import templated_feed
from newsletter.config import Settings
from newsletter.group.cluster import cluster
from newsletter.group.dedup import Fingerprint, SentStory, fingerprint, judge
from newsletter.group.rank import day_stats, plan_edition
from newsletter.models import Article
from tests.test_cluster import labelled

SETTINGS = Settings(timezone="UTC", sources=[])
MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


def sent_on_monday(articles: list[Article]) -> list[SentStory]:
    return [SentStory("2026-03-09", g.primary.title, fingerprint(g)) for g in cluster(articles)]


def report(title: str, text: str, source: str, day: int = 0) -> Article:
    return Article(
        title=title,
        text=text,
        source=source,
        url=f"https://{source.lower().replace(' ', '')}.example/{zlib.crc32(title.encode())}",
        published=MONDAY + timedelta(days=day),
    )


def next_day(articles: list[Article]) -> list[Article]:
    return [a.model_copy(update={"published": a.published + timedelta(days=1)}) for a in articles]


def test_a_templated_feed_the_next_day_is_all_news() -> None:
    """Yesterday's bulletins, earnings notes and weather warnings do not make today's (other
    towns, companies, figures; the same sentences and quotes) repeats or updates."""
    monday = [r.article for r in templated_feed(100, seed=1, copy_every=0)]
    tuesday = next_day([r.article for r in templated_feed(100, seed=2, copy_every=0)])
    plan = plan_edition(tuesday, sent_on_monday(monday), SETTINGS, monday)
    assert len(plan.groups) == 100
    assert plan.suppressed == [] and plan.updates == {}


def test_the_same_templated_reports_again_are_left_out() -> None:
    """A repeat of yesterday's report (another URL) is left out as that very report, not as
    another town's report from the same template."""
    monday = [r.article for r in templated_feed(60, seed=4, copy_every=0)]
    again = next_day([a.model_copy(update={"url": f"{a.url}?again"}) for a in monday])
    plan = plan_edition(again, sent_on_monday(monday), SETTINGS, monday)
    assert plan.updates == {}
    assert [s.sent_headline for s in plan.suppressed] == [s.headline for s in plan.suppressed]
    assert len(plan.suppressed) == 60


SPEECH = (
    "Governor Imelda Varga vetoed the Harbor Tunnel toll bill on Monday in Castellane, "
    "calling it unfair to commuters. “A toll that falls on the people who can least afford "
    "it is not a plan, it is a tax on getting to work,” Varga said at the statehouse. The "
    "bill passed the assembly last month by 41 votes to 38."
)
REACTION = (
    "Assembly leaders said on Tuesday they would try to override the veto. Speaker Tomas "
    "Lindqvist called the decision short-sighted. He quoted Varga's line back at her: she had "
    "said a toll “is not a plan, it is a tax on getting to work,” but the tunnel needs repairs "
    "that someone must pay for, he said. An override needs two thirds of the chamber."
)
OTHER = (
    "Speaker Tomas Lindqvist opened the spring sitting on Tuesday with a call to fund rural "
    "broadband. “Every farm deserves a connection that works,” Lindqvist said. The sitting "
    "runs until June and will also take up a school meals bill."
)


def test_a_reaction_quoting_the_same_words_is_a_follow_up() -> None:
    """The next day's reaction repeats the governor's own words about her: it joins Monday's
    story (as an update: it has a quote of its own); another story about the same speaker
    does not."""
    monday = [report("Varga vetoes Harbor Tunnel toll", SPEECH, "Capitol Wire")]
    sent = sent_on_monday(monday)
    reaction = report("Lawmakers plan override vote", REACTION, "State Ledger", day=1)
    other = report("Spring sitting opens with broadband push", OTHER, "State Ledger", day=1)
    groups = cluster([reaction, other])
    stats = day_stats(groups, sent)
    verdicts = {g.primary.title: judge(g, sent, SETTINGS.dedup, stats) for g in groups}
    assert verdicts["Spring sitting opens with broadband push"] is None
    follow_up = verdicts["Lawmakers plan override vote"]
    assert follow_up is not None and follow_up.earlier is sent[0]
    assert follow_up.outcome == "update"


def test_a_fingerprint_keeps_what_leads_the_story_and_old_ones_still_read() -> None:
    monday = [report("Varga vetoes Harbor Tunnel toll", SPEECH, "Capitol Wire")]
    kept = fingerprint(cluster(monday)[0])
    again = Fingerprint.from_json(kept.to_json())
    assert "varga" in again.profile.lead_terms and "toll" in again.profile.lead_words
    assert again == kept
    older = json.loads(kept.to_json())
    del older["lead_terms"], older["lead_words"]  # stored before they were kept
    read = Fingerprint.from_json(json.dumps(older))
    assert read.profile.terms == kept.profile.terms and read.profile.lead_terms == frozenset()


def test_a_fingerprint_stored_with_older_text_hashes_compares_by_names_only() -> None:
    monday = [report("Varga vetoes Harbor Tunnel toll", SPEECH, "Capitol Wire")]
    kept = fingerprint(cluster(monday)[0])
    older = json.loads(kept.to_json())
    del older["hashes"]  # stored before the n-gram hashes changed
    read = Fingerprint.from_json(json.dumps(older))
    assert read.profile.terms == kept.profile.terms and read.profile.words == kept.profile.words
    assert read.profile.quote_grams == frozenset() and kept.profile.quote_grams
    assert read.profile.minhash.jaccard(kept.profile.minhash) == 0.0


def test_follow_ups_join_their_story_on_rare_names_and_other_news_stays_news() -> None:
    """Tuesday's aid flights to the quake-hit islands and the end of the nurses' strike lead
    with other names than Monday's stories but name their rare places and people: updates of
    those stories. Another fire in another town and another union's dispute stay news."""
    monday = [a for a, _ in labelled() if a.published.day == 9]
    tuesday = [a for a, _ in labelled() if a.published.day == 10]
    sent = sent_on_monday(monday)
    groups = cluster(tuesday, SETTINGS.dedup, monday)
    stats = day_stats(groups, sent)
    verdicts = {g.primary.title: judge(g, sent, SETTINGS.dedup, stats) for g in groups}
    earlier = {t: v.earlier.headline for t, v in verdicts.items() if v is not None}
    assert "Kestrel Islands" in earlier["Aid flights reach quake-hit northern Kestrel villages"]
    assert "St Brendan" in earlier["St Brendan's nurses call off strike after staffing deal"]
    assert verdicts["Small fire at Ashford primary school put out quickly"] is None
    assert verdicts["Union rejects 3% offer and moves toward strike ballot"] is None


def test_a_report_of_the_happening_a_story_previewed_is_kept_as_an_update() -> None:
    """Wednesday's report of Tuesday night's debate and Tuesday's story about ads to run
    during it name the same happening on the same day: a follow-up, though they share one
    name. Matched on the happening alone, it is never left out, even with nothing new."""
    preview = report(
        "Climate group buys debate ads",
        "A climate group will run television ads during Tuesday night's debate in Dunmore, "
        "urging the candidates to talk about flood defences.",
        "Valley Ledger",
        day=1,
    )
    sent = [SentStory("2026-03-10", g.primary.title, fingerprint(g)) for g in cluster([preview])]
    recap = report(
        "Candidates spar over taxes",
        "The candidates sparred over taxes and schools at Tuesday night's debate in Dunmore, "
        "with the moderators cutting off several long answers.",
        "Coastal Post",
        day=2,
    )
    groups = cluster([recap])
    verdict = judge(groups[0], sent, SETTINGS.dedup, day_stats(groups, sent))
    assert verdict is not None and verdict.earlier is sent[0]
    assert verdict.outcome == "update" and not verdict.new_quotes and verdict.new_share == 0


def test_a_stump_line_said_again_elsewhere_is_not_a_follow_up() -> None:
    """A candidate's eight-word refrain, quoted at Monday's office opening and Tuesday's farm
    visit, does not make Tuesday's visit a repeat of Monday's story."""
    refrain = "“We will build a fairer county for everyone,”"
    office = report(
        "Ruiz opens campaign office",
        "Senator Ana Ruiz opened her campaign office in Dunmore on Monday with a crowd of "
        f"volunteers. {refrain} Ruiz said to cheers.",
        "Valley Ledger",
    )
    farms = report(
        "Ruiz hears dairy farmers out",
        "Senator Ana Ruiz toured dairy farms near Ashby on Tuesday and heard complaints about "
        f"milk prices. {refrain} Ruiz told the farmers.",
        "Coastal Post",
        day=1,
    )
    sent = sent_on_monday([office])
    groups = cluster([farms])
    assert judge(groups[0], sent, SETTINGS.dedup, day_stats(groups, sent)) is None


def test_names_common_in_the_past_week_do_not_make_a_follow_up() -> None:
    """Two councillors argue about the tunnel on Monday and about schools on Tuesday. They
    are in every council report of the week before: their names alone tell no event."""
    tunnel = report(
        "Ruiz and Becker spar over tunnel",
        "Councillors Ana Ruiz and Tomas Becker argued on Monday over who should pay for "
        "repairs to the Harbor Tunnel in Dunmore, which Mayor Lena Ortiz puts at 12 million.",
        "Valley Ledger",
    )
    schools = report(
        "Ruiz and Becker clash on schools",
        "Councillors Ana Ruiz and Tomas Becker clashed on Tuesday over a plan to merge the Elm "
        "Street and Kiln Lane primary schools in Dunmore.",
        "Coastal Post",
        day=1,
    )
    week = [
        report(
            f"Council notes {n}",
            f"Ana Ruiz and Tomas Becker of Dunmore council met about item {n} of the agenda.",
            "Town Crier",
            day=-n,
        )
        for n in range(1, 7)
    ]
    sent = sent_on_monday([tunnel])
    alone = plan_edition([schools], sent, SETTINGS)
    assert alone.suppressed or alone.updates  # with no past week, the names look rare
    plan = plan_edition([schools], sent, SETTINGS, week)
    assert plan.suppressed == [] and plan.updates == {}
