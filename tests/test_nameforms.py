"""Another form of a name the article uses passes the gate; an invented one still does not."""

from __future__ import annotations

import pytest

from newsletter.digest.grounding import unsupported

SOURCE = (
    "Democrats in the state senate met with trade officials from Mexico on Tuesday. "
    "The U.S. delegation said talks with Britain would follow. "
    "Republicans walked out before the vote on the China tariff bill. "
    "A trade mission to Afghanistan was put off."
)


@pytest.mark.parametrize(
    "text",
    [
        "The Democratic senators met Mexican trade officials.",  # party adjective, demonym
        "Americans will hear more after talks with the British.",  # irregular: U.S., Britain
        "Britain's talks follow; the Chinese tariff bill lost its Republican votes.",
        "GOP senators walked out.",  # another name of the party
        "The Afghan trade mission was put off.",  # the people of a land named "-istan"
    ],
)
def test_another_form_of_a_name_in_the_article_passes(text: str) -> None:
    assert unsupported(text, SOURCE) == []


@pytest.mark.parametrize(
    ("text", "invented"),
    [
        ("Canadian trade officials met the senators.", "Canadian"),  # another country
        ("The Japanese tariff bill failed.", "Japanese"),
        ("France's delegation said talks would follow.", "France's"),
        ("Libertarians walked out before the vote.", "Libertarians"),  # another party
        ("Democrats met Mexicans and Canadians.", "Canadians"),
        ("The Kazakh mission was put off.", "Kazakh"),
    ],
)
def test_a_form_of_a_name_the_article_never_uses_is_still_named(text: str, invented: str) -> None:
    assert unsupported(text, SOURCE) == [invented]


def test_only_names_the_article_capitalises_lend_their_forms() -> None:
    text = "Republicans debated it."
    assert unsupported(text, "The republican form of government was debated.") == ["Republicans"]
    assert unsupported(text, "The Republican form of government was debated.") == []
