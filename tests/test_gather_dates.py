"""Dates as feeds print them: local day and month names, day-first numbers, the feed's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from newsletter.gather.dates import language_hint, read_date

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("raw", "language", "expected"),
    [
        ("mer, 16 nov 2022 00:38:15 +0100", "fr", datetime(2022, 11, 15, 23, 38, 15, tzinfo=UTC)),
        ("Mi, 16 Nov 2022 00:38:15 +0100", "de", datetime(2022, 11, 15, 23, 38, 15, tzinfo=UTC)),
        ("Τετ, 16 Νοε 2022 00:38:15 +0200", "el", datetime(2022, 11, 15, 22, 38, 15, tzinfo=UTC)),
        (
            "miércoles, 16 de noviembre de 2022 10:00 +0000",
            "es",
            datetime(2022, 11, 16, 10, tzinfo=UTC),
        ),
        # the feed does not say its language: the common ones are tried
        ("mer, 16 nov 2022 00:38:15 +0100", None, datetime(2022, 11, 15, 23, 38, 15, tzinfo=UTC)),
        # the feed says English but prints French
        ("mer, 16 nov 2022 00:38:15 +0100", "en", datetime(2022, 11, 15, 23, 38, 15, tzinfo=UTC)),
    ],
)
def test_local_names(raw: str, language: str | None, expected: datetime) -> None:
    assert read_date(raw, language=language, tz=NEW_YORK) == expected


def test_a_date_without_offset_is_in_the_newsletters_zone() -> None:
    moment = read_date("22.11.2022 12:16:00", language="de", tz=PARIS)
    assert moment == datetime(2022, 11, 22, 12, 16, tzinfo=timezone(timedelta(hours=1)))


def test_the_language_orders_a_numeric_date() -> None:
    assert read_date("11/12/2022", language="fr", tz=PARIS).month == 12
    assert read_date("11/12/2022", language="en", tz=PARIS).month == 11


@pytest.mark.parametrize("raw", ["yesterday", "3 hours ago", "November 2022", "soon", "", None])
def test_relative_partial_or_no_dates_stay_unread(raw: str | None) -> None:
    assert read_date(raw, language="en", tz=PARIS) is None


def test_language_hint() -> None:
    assert language_hint("fr-FR") == "fr"
    assert language_hint("en_US") == "en"
    assert language_hint("EL") == "el"
    assert language_hint("xx-unknown") is None
    assert language_hint(None) is None


def test_a_value_far_longer_than_a_date_is_not_parsed() -> None:
    padded = "22.11.2022 12:16:00 " + "x" * 5_000
    assert read_date(padded, language=None, tz=ZoneInfo("UTC")) is None
