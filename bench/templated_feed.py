"""A templated feed for testing grouping: many reports from one template each, all different events.

Council bulletins, earnings notes, sports results, police blotter and weather reports, each
written from one template (the same sentences, quote included) with different fillers in the
slots: town, person, company, team, number, subject. Every report is its own event. Some
reports also come as near-exact copies (another outlet's URL, a reworded verb, a wire
credit): a copy has the same fillers, so it is the same event and must merge.

`templated_feed(n, seed)` returns `Report`s; the same `n` and `seed` give the same feed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsletter.models import Article

__all__ = ["Report", "templated_feed"]

_PREFIXES = [
    "Ash",
    "Bel",
    "Brook",
    "Cal",
    "Cedar",
    "Clay",
    "Corn",
    "Dun",
    "Elm",
    "Fair",
    "Glen",
    "Hart",
    "Hazel",
    "Holm",
    "Kings",
    "Lake",
    "Lind",
    "Marl",
    "Mill",
    "Moss",
    "North",
    "Oak",
    "Pine",
    "Red",
    "Rock",
    "Rose",
    "Sand",
    "Stone",
    "Thorn",
    "Wal",
    "West",
    "Wil",
    "Wood",
    "Yar",
]
_SUFFIXES = [
    "bury",
    "field",
    "ford",
    "ham",
    "haven",
    "ley",
    "mere",
    "mont",
    "port",
    "stead",
    "ton",
    "vale",
    "wick",
    "worth",
]
_FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonah",
    "Kira",
    "Luis",
    "Maya",
    "Nils",
    "Olga",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wes",
    "Xena",
    "Yusuf",
    "Zoe",
]
_LAST = [
    "Abbott",
    "Baines",
    "Castell",
    "Duarte",
    "Ekwueme",
    "Forsyth",
    "Galloway",
    "Haddad",
    "Ibarra",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quintero",
    "Rahman",
    "Sorensen",
    "Tanaka",
    "Uribe",
    "Varga",
    "Whitlock",
    "Yilmaz",
]
_COUNCIL_SUBJECTS = [
    "library budget",
    "housing permits",
    "bus lane plan",
    "park renovation",
    "water rate increase",
    "school crossing guards",
    "parking meter fees",
    "street lighting contract",
    "recycling schedule",
    "community pool repairs",
    "downtown zoning change",
    "snow removal budget",
    "bike path extension",
    "senior centre hours",
    "stormwater levy",
]
_DECISIONS = ["approved", "rejected", "postponed", "amended"]
_SECTORS = [
    "logistics",
    "software",
    "dairy",
    "solar panel",
    "furniture",
    "pharmacy",
    "steel",
    "textile",
    "toy",
]
_SPORTS = ["basketball", "football", "hockey", "volleyball", "baseball"]
_CRIMES = [
    "burglary",
    "stolen bicycle",
    "shoplifting",
    "vandalised car",
    "break-in at a garage",
    "stolen catalytic converter",
    "graffiti on a school wall",
    "theft of copper wire",
]
_STREETS = [
    "Main Street",
    "Church Road",
    "Mill Lane",
    "Station Road",
    "High Street",
    "Park Avenue",
    "Bridge Road",
]
_WEATHER = ["heavy rain", "strong winds", "freezing fog", "hail", "a heat advisory", "black ice"]


@dataclass(frozen=True)
class Report:
    """One report of the feed: the article, its event label, and the fillers that make it
    that event (a story mixing two reports with different fillers mixes two events)."""

    article: Article
    event: str
    fillers: tuple[str, ...]


def _council(rng: random.Random, town: str, person: str, other: str) -> tuple[str, str, tuple]:
    subject = rng.choice(_COUNCIL_SUBJECTS)
    decision = rng.choice(_DECISIONS)
    votes, item = rng.randint(4, 9), rng.randint(3, 48)
    title = f"{town} council {decision} the {subject}"
    text = (
        f"The {town} town council {decision} the {subject} at its meeting on Tuesday evening, "
        f"by {votes} votes to {rng.randint(0, 3)}. The measure was item {item} on the agenda. "
        f'Council member {person} said: "This decision reflects what residents told us at '
        f'the public hearings, and we will review it next year." The {subject} had been '
        f"discussed at three earlier meetings. Residents can read the minutes on the town "
        f"website, and the next council meeting is scheduled for next month."
    )
    return title, text, (town, subject)


def _earnings(rng: random.Random, town: str, person: str, other: str) -> tuple[str, str, tuple]:
    company = f"{town} {rng.choice(_SECTORS).title()} Group"
    revenue, change = rng.randint(12, 980), rng.randint(2, 35)
    direction = rng.choice(("rose", "fell"))
    title = f"{company} quarterly revenue {direction} {change}% to ${revenue} million"
    text = (
        f"{company} said on Tuesday that revenue for the third quarter {direction} {change} "
        f"percent to ${revenue} million, compared with the same quarter last year. Earnings per "
        f"share were ${rng.randint(1, 9)}.{rng.randint(10, 99)}. Chief executive {person} said: "
        f'"We delivered these results in a difficult market, and we remain confident about '
        f'the full year." The company will report its annual results in February. Shares '
        f"were little changed in early trading."
    )
    return title, text, (company,)


def _sports(rng: random.Random, town: str, person: str, other: str) -> tuple[str, str, tuple]:
    away = rng.choice(_PREFIXES) + rng.choice(_SUFFIXES) + " Rovers"
    sport = rng.choice(_SPORTS)
    home_score, away_score = rng.randint(0, 9), rng.randint(0, 9)
    title = f"{town} beat {away} {home_score + 1}-{away_score} in {sport}"
    text = (
        f"{town} beat {away} {home_score + 1}-{away_score} in their {sport} league game on "
        f"Tuesday night in front of {rng.randint(300, 9000)} fans. {person} scored "
        f'{rng.randint(2, 4)} times for the home side. Coach {other} said: "The players '
        f"showed great character tonight, and we "
        f'take it one game at a time." {town} now sit in position {rng.randint(1, 16)} of the '
        f"table. The next round is played on Saturday."
    )
    return title, text, (town, away)


def _police(rng: random.Random, town: str, person: str, other: str) -> tuple[str, str, tuple]:
    crime, street = rng.choice(_CRIMES), rng.choice(_STREETS)
    number = rng.randint(2, 240)
    title = f"Police in {town} investigate {crime} on {street}"
    text = (
        f"{town} police are investigating a {crime} reported at {number} {street} on "
        f"Tuesday morning. Officers were called at {rng.randint(1, 11)}:{rng.randint(10, 59)} "
        f'a.m. Sergeant {person} said: "We are asking anyone who saw something unusual in the '
        f'area to contact us." No arrests have been made. Case number {rng.randint(1000, 9999)} '
        f"has been assigned, and information can be given anonymously."
    )
    return title, text, (town, f"{number} {street}")


def _weather(rng: random.Random, town: str, person: str, other: str) -> tuple[str, str, tuple]:
    hazard = rng.choice(_WEATHER)
    title = f"Weather warning for {town}: {hazard} expected"
    text = (
        f"Forecasters issued a warning for {town} and the surrounding county, with {hazard} "
        f"expected from Tuesday afternoon. Temperatures will range from {rng.randint(-9, 5)} to "
        f'{rng.randint(6, 19)} degrees. Forecaster {person} said: "Drivers should allow extra '
        f'time and check conditions before setting out." The warning remains in place until '
        f"Wednesday at {rng.randint(6, 11)} a.m. Schools in {town} are expected to open as usual."
    )
    return title, text, (town, hazard)


_KINDS = (_council, _earnings, _sports, _police, _weather)


def _copy(report: Report, outlet: str, index: int) -> Report:
    """A near-exact copy: another outlet's URL, a reworded verb, a wire credit."""
    original = report.article
    text = original.text.replace(" said: ", " told reporters: ", 1)
    return Report(
        original.model_copy(
            update={
                "text": f"{text}\n\nDistributed by {outlet}.",
                "source": outlet,
                "url": f"https://{outlet.lower().replace(' ', '-')}.example/copy/{index}",
                "published": original.published + timedelta(minutes=37),
            }
        ),
        report.event,
        report.fillers,
    )


def templated_feed(n: int = 200, seed: int = 1, copy_every: int = 10) -> list[Report]:
    """`n` reports, each a different event (the five kinds in turn), plus a near-exact copy
    of every `copy_every`-th report, all on one day."""
    rng = random.Random(seed)
    towns = [p + s for p in _PREFIXES for s in _SUFFIXES]
    people = [f"{f} {last}" for f in _FIRST for last in _LAST]
    rng.shuffle(towns)
    rng.shuffle(people)
    start = datetime(2026, 3, 3, 6, 0, tzinfo=UTC)
    reports: list[Report] = []
    for index in range(n):
        make = _KINDS[index % len(_KINDS)]
        people_here = people[index % len(people)], people[-1 - index % len(people)]
        title, text, fillers = make(rng, towns[index % len(towns)], *people_here)
        article = Article(
            title=title,
            text=text,
            source="County Bulletin",
            url=f"https://bulletin.example/{seed}/{index}",
            published=start + timedelta(minutes=4 * index),
        )
        report = Report(article, f"{make.__name__.strip('_')}-{index}", fillers)
        reports.append(report)
        if copy_every and index % copy_every == copy_every - 1:
            reports.append(_copy(report, "Regional Wire", index))
    return reports
