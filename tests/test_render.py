"""Rendering an Edition into the HTML and plain-text parts of the email."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsletter.config import BrandingSettings, Settings
from newsletter.models import Edition, SourceLink, Story, StoryQuote
from newsletter.render import (
    ALSO_TODAY,
    GMAIL_CLIP_BYTES,
    UNSUBSCRIBE_PLACEHOLDER,
    RenderError,
    attribution,
    lead_story,
    render,
    render_for,
    safe_url,
    story_links,
    wrap,
)

AMPERSAND_HEADLINE = "Council votes 7–2 on “Parks & Paths” plan"
SCRIPT_HEADLINE = "<script>alert(1)</script> Ferry timetable changes"
UNICODE_HEADLINE = "Café owner’s “secret” recipe wins regional prize 🎉"


def quote(text: str, speaker: str | None, title: str | None = None) -> StoryQuote:
    return StoryQuote(
        text=text,
        start=0,
        end=len(text),
        speaker=speaker,
        speaker_title=title,
        article_id="a1",
    )


def make_edition(stories: list[Story] | None = None, **overrides: object) -> Edition:
    if stories is None:
        stories = [
            Story(
                headline=AMPERSAND_HEADLINE,
                summary=(
                    "The city council approved a plan to join the five riverside parks with a "
                    "continuous path for walkers and cyclists, over the objections of two "
                    "members who wanted a traffic study of the Harbor Avenue crossing first."
                    "\n\nConstruction of the first section starts in May."
                ),
                quotes=[
                    quote(
                        "This is the most important thing this council will do for the east "
                        "side in a decade",
                        "Dana Okafor",
                        "council member",
                    ),
                    quote("Seven to two is a clear answer", "Teresa Quill", None),
                    quote("A third quote the email leaves out", "Gil Brandt", "council member"),
                ],
                article_ids=["a1"],
                sources=[
                    SourceLink(
                        name="Riverton Ledger",
                        url="https://example.org/ledger/parks-and-paths?utm_source=x&page=2",
                    ),
                    SourceLink(name="Valley Radio", url=None),
                ],
                url="https://example.org/ledger/parks-and-paths?utm_source=x&page=2",
                topic="Local",
            ),
            Story(
                headline=SCRIPT_HEADLINE,
                summary="The ferry runs every forty minutes. {{ 7 * 7 }} stays as it is.",
                quotes=[quote("Nobody said this", None)],
                article_ids=["a2"],
                sources=[SourceLink(name="Harbor Notes", url="data:text/html,<b>hi</b>")],
                url="javascript:alert(document.cookie)",
                topic="Transport",
            ),
            Story(
                headline=UNICODE_HEADLINE,
                summary="Zoë Lefèvre’s tarte ‘aux pommes’ took the “best in show” award. ☕",
                quotes=[quote("I still can’t quite believe it", "Zoë Lefèvre", "pâtissière")],
                article_ids=["a3"],
                sources=[SourceLink(name="Millbrook Courier", url="https://example.com/cafe")],
                url="https://example.com/cafe-full-story",
                topic="Local",
            ),
        ]
    fields: dict[str, object] = {
        "name": "The Riverton Brief",
        "date": date(2022, 2, 22),
        "subject": "Parks & Paths approved, 7–2",
        "preheader": "Also: the ferry timetable and a prize-winning tarte",
        "intro": "Good morning. The council finally decided, and a café is celebrating.",
        "stories": stories,
        "engine": "extractive",
        "generated_at": datetime(2022, 2, 22, 6, 0, tzinfo=UTC),
    }
    fields.update(overrides)
    return Edition.model_validate(fields)


class _Page(HTMLParser):
    """The visible text of an HTML page, and the tags and links in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[dict[str, str | None]] = []
        self.hrefs: list[str] = []
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.append({"<tag>": tag, **dict(attrs)})
        if tag in ("style", "script", "title"):
            self._skip += 1
        self.hrefs.extend(v or "" for k, v in attrs if k == "href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def email():
    return render(make_edition())


# --- HTML part ------------------------------------------------------------------------------


def test_html_is_a_compiled_email(email) -> None:
    assert email.html.lstrip().lower().startswith("<!doctype html>")
    assert "<mj-" not in email.html
    assert email.subject == "Parks & Paths approved, 7–2"
    assert "<title>" in email.html and "Parks &amp; Paths approved, 7–2" in email.html
    assert "Also: the ferry timetable" in email.html  # the preview text


def test_html_contains_every_headline_escaped(email) -> None:
    assert "Council votes 7–2 on “Parks &amp; Paths” plan" in email.html
    text = parse(email.html).text
    for headline in (AMPERSAND_HEADLINE, SCRIPT_HEADLINE, UNICODE_HEADLINE):
        assert headline in text


def test_script_in_a_title_is_text_not_a_tag(email) -> None:
    assert "<script>alert" not in email.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in email.html
    assert "script" not in parse(email.html).tags


def test_only_http_links_survive(email) -> None:
    hrefs = parse(email.html).hrefs
    assert "javascript:" not in email.html
    assert "data:text/html" not in email.html
    ids = {a["id"] for a in parse(email.html).attributes if a.get("id")}
    assert all(
        h.startswith(("https://", "http://")) or h == UNSUBSCRIBE_PLACEHOLDER or h[1:] in ids
        for h in hrefs
    )
    assert "https://example.org/ledger/parks-and-paths?utm_source=x&page=2" in hrefs
    assert "https://example.com/cafe" in hrefs
    # the dropped links leave their text behind
    assert "Source: Harbor Notes" in parse(email.html).text


def test_headline_links_to_the_story(email) -> None:
    assert '<a href="https://example.com/cafe-full-story"' in email.html


def test_quotes_and_speakers_in_html(email) -> None:
    text = parse(email.html).text
    assert "“This is the most important thing this council will do" in text
    assert "— Dana Okafor, council member" in text
    assert "— Teresa Quill" in text and "Teresa Quill," not in text
    assert "A third quote" not in text  # two quotes per story at most
    assert "Nobody said this" in text and "— Nobody" not in text


def test_every_story_with_a_url_links_out_visibly(email) -> None:
    page = parse(email.html)
    text = page.text
    assert "Read more at Riverton Ledger → Also reported by: Valley Radio" in text
    assert "Read more → Also reported by: Millbrook Courier" in text
    assert "Source: Harbor Notes" in text  # no http(s) link anywhere: named, not linked
    more = [a for a in page.attributes if a.get("class") == "nl-more"]
    assert [a["href"] for a in more] == [
        "https://example.org/ledger/parks-and-paths?utm_source=x&page=2",
        "https://example.com/cafe-full-story",
    ]
    styles = [a.get("style") or "" for a in page.attributes]
    headline_links = [style for style in styles if "text-underline-offset" in style]
    assert len(headline_links) == 2
    assert all("text-decoration:underline" in style for style in headline_links)


def test_a_story_with_only_a_source_link_reads_more_there() -> None:
    story = Story(
        headline="Pier opens",
        summary="The pier opened.",
        article_ids=["x"],
        sources=[SourceLink(name="Desk", url=None), SourceLink(name="Coast Radio",
                                                                url="https://example.net/p")],
    )
    email = render(make_edition([story]))
    assert "Read more at Coast Radio → Also reported by: Desk" in parse(email.html).text
    assert "Read more at Coast Radio [1]\nAlso reported by: Desk\n[1] https://example.net/p" in (
        email.text
    )


def test_header_date_intro_and_footer(email) -> None:
    text = parse(email.html).text
    assert "The Riverton Brief" in text
    assert "Tuesday, February 22, 2022" in text
    assert "Good morning. The council finally decided" in text
    assert "You are receiving The Riverton Brief because you subscribed to it." in text
    assert f'href="{UNSUBSCRIBE_PLACEHOLDER}"' in email.html


def test_the_lead_story_comes_first_then_the_contents_then_the_sections(email) -> None:
    text = parse(email.html).text
    lead = text.index("Lead story")
    contents = text.index("In this edition")
    assert lead < text.index(AMPERSAND_HEADLINE) < contents  # two sources: the lead
    listed = text[contents:].split("Transport")[0]
    assert SCRIPT_HEADLINE in listed and UNICODE_HEADLINE in listed
    assert text.index("Transport") < text.rindex(SCRIPT_HEADLINE)
    assert text.rindex(SCRIPT_HEADLINE) < text.index("Local") < text.rindex(UNICODE_HEADLINE)


def test_the_contents_link_to_each_story_below() -> None:
    html = render(make_edition(many_stories(5))).html
    page = parse(html)
    anchors = [h for h in page.hrefs if h.startswith("#")]
    assert anchors == ["#story-1", "#story-2", "#story-3", "#story-4"]
    ids = [a["id"] for a in page.attributes if (a.get("id") or "").startswith("story-")]
    assert ids == ["story-0", "story-1", "story-2", "story-3", "story-4"]


def test_the_lead_is_the_story_most_sources_reported_then_the_most_important() -> None:
    one, two, three = (
        Story(headline=h, summary="s", article_ids=[h], importance=i,
              sources=[SourceLink(name=n) for n in names])
        for h, i, names in [("One", 5, ["A"]), ("Two", 3, ["A", "B"]), ("Three", 4, ["C", "D"])]
    )
    assert lead_story([one, two, three]) is three
    assert lead_story([one]) is one and lead_story([]) is None


def test_non_ascii_survives_the_html(email) -> None:
    text = parse(email.html).text
    assert UNICODE_HEADLINE in text
    assert "Zoë Lefèvre’s tarte ‘aux pommes’ took the “best in show” award. ☕" in text
    assert "— Zoë Lefèvre, pâtissière" in text


def test_template_syntax_in_article_text_is_not_evaluated(email) -> None:
    assert "{{ 7 * 7 }} stays as it is" in parse(email.html).text
    assert "{{ 7 * 7 }} stays as it is" in " ".join(email.text.split())


def test_quote_marks_in_urls_cannot_break_out_of_attributes() -> None:
    story = Story(
        headline="Odd link",
        summary="A link with quotes in it.",
        article_ids=["x"],
        url='https://example.org/a"><script>alert(1)</script>',
        sources=[SourceLink(name="Odd", url="https://example.org/b' onmouseover='alert(1)")],
    )
    html = render(make_edition([story])).html
    assert "<script>" not in html
    assert "onmouseover='" not in html and 'onmouseover="' not in html
    assert "https://example.org/a%22%3E%3Cscript%3Ealert(1)%3C/script%3E" in parse(html).hrefs


def test_control_characters_are_dropped() -> None:
    story = Story(
        headline="Bell\x07 rings\x1b[31m twice", summary="Null\x00 byte.", article_ids=["x"]
    )
    result = render(make_edition([story]))
    for part in (result.html, result.text):
        assert "\x07" not in part and "\x1b" not in part and "\x00" not in part
    assert "Bell rings[31m twice" in result.text


def test_a_subject_with_quote_marks_stays_inside_the_title_and_its_aria_label() -> None:
    subject = "A\" autofocus onfocus=\"fetch('//127.0.0.1:9/x')\" b='c'"
    html = render(make_edition(subject=subject, preheader=subject)).html
    page = parse(html)
    assert not [a for a in page.attributes if any(name.startswith("on") for name in a)]
    (article,) = [a for a in page.attributes if a.get("role") == "article"]
    assert article["aria-label"] == subject
    assert f"<title>{subject.replace(chr(34), '&#34;').replace(chr(39), '&#39;')}" in html


def test_hostile_values_in_every_field_stay_text() -> None:
    hostile = "x\" onmouseover=\"alert(1)\" y='<b>' {{ z }} javascript:alert(1)"
    story = Story(
        headline=hostile,
        summary=hostile,
        quotes=[quote(hostile, hostile, hostile)],
        article_ids=["x"],
        sources=[SourceLink(name=hostile, url="javascript:alert(1)")],
        url=" JAVASCRIPT:alert(1)",
        topic=hostile,
    )
    email = render(
        make_edition([story, one_liner(hostile, "data:text/html,hi", (hostile, "vbscript:x"))],
                     name=hostile, intro=hostile),
        postal_address=hostile,
    )
    page = parse(email.html)
    assert "b" not in page.tags
    assert not [a for a in page.attributes if any(name.startswith("on") for name in a)]
    styles = " ".join(a.get("style") or "" for a in page.attributes)
    styles += " ".join(re.findall(r"<style[^>]*>(.*?)</style>", email.html, re.S))
    assert "alert" not in styles and "onmouseover" not in styles  # nothing of it in CSS
    assert [h for h in page.hrefs if h != UNSUBSCRIBE_PLACEHOLDER] == []
    assert page.text.count(hostile) >= 8  # name, intro, topic, headline, summary, speaker...
    assert email.text.count(hostile) >= 8


def test_bidirectional_controls_never_reach_either_part() -> None:
    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    story = Story(
        headline=f"Budget \u202eapproved{controls}",
        summary=f"The council \u2066agreed\u2069 on Tuesday.{controls}",
        quotes=[quote("We agreed", "Dana\u202e Okafor", "council\u2067 member")],
        article_ids=["x"],
        sources=[SourceLink(name="Riverton\u202e Ledger", url="https://example.org/a")],
    )
    edition = make_edition([story], subject="Budget \u202eapproved", intro="Hi\u200f there")
    email = render(edition)
    for part in (email.html, email.text, email.subject, email.preheader):
        assert not set(controls) & set(part)
    assert "Budget approved" in email.text and "— Dana Okafor, council member" in email.text
    assert "Riverton Ledger" in parse(email.html).text


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "Tuesday, February 22, 2022"),
        ("en-GB", "Tuesday, 22 February 2022"),
        ("fr", "mardi 22 février 2022"),
        ("pt-BR", "terça-feira, 22 de fevereiro de 2022"),
    ],
)
def test_the_date_is_written_as_the_newsletters_language_writes_it(
    language: str, written: str
) -> None:
    email = render(make_edition(), branding=BrandingSettings(language=language))
    assert written in parse(email.html).text and written in email.text


def test_view_in_browser_only_when_the_edition_has_a_web_page(email) -> None:
    assert "View in browser" not in email.html + email.text
    url = "https://news.example.org/archive/2022-02-22"
    linked = render(make_edition(), web_url=url)
    assert f'<a href="{url}">View in browser</a>' in linked.html
    assert f"View in browser: {url}\n" in linked.text
    dropped = render(make_edition(), web_url="javascript:alert(1)")
    assert "View in browser" not in dropped.html


@pytest.mark.parametrize(
    ("speaker", "title", "shown"),
    [
        ("Dana Okafor", "council member", "Dana Okafor, council member"),
        ("Carla Jimenez", "Superintendent Dr.", "Dr. Carla Jimenez, Superintendent"),
        ("Jane Doe", "Dr.", "Dr. Jane Doe"),
        ("Dr. Jane Doe", "Dr.", "Dr. Jane Doe"),
        ("Ana Ruiz", "Sen.", "Sen. Ana Ruiz"),
        (
            "Tom Reyes",
            "former school board member and owner of a hardware store in Lindale",
            "Tom Reyes",
        ),
        ("Teresa Quill", None, "Teresa Quill"),
        ("Biden", "President", "President Biden"),
        ("Moreau", "deputy fire chief", "deputy fire chief Moreau"),
        (
            "Moreau",
            "chief of the volunteer fire brigade",
            "Moreau, chief of the volunteer fire brigade",
        ),
        (None, "mayor", ""),
    ],
)
def test_one_attribution_style(speaker: str | None, title: str | None, shown: str) -> None:
    assert attribution(speaker, title) == shown
    if speaker:
        email = render(make_edition([Story(
            headline="h", summary="s", article_ids=["x"], quotes=[quote("Words", speaker, title)]
        )]))
        assert f"— {shown}" in parse(email.html).text
        assert f"— {shown}" in " ".join(email.text.split())


# --- plain-text part ------------------------------------------------------------------------


def test_text_has_every_headline_and_quote(email) -> None:
    for headline in (AMPERSAND_HEADLINE, SCRIPT_HEADLINE, UNICODE_HEADLINE):
        assert headline in email.text  # plain text: no HTML escaping
    assert "&amp;" not in email.text and "&lt;" not in email.text
    assert "— Dana Okafor, council member" in email.text
    assert "— Teresa Quill\n" in email.text
    assert "A third quote" not in email.text
    assert "Tuesday, February 22, 2022" in email.text
    assert f"Unsubscribe: {UNSUBSCRIBE_PLACEHOLDER}" in email.text


def test_text_lists_numbered_links(email) -> None:
    text = email.text
    assert "Read more at Riverton Ledger [1]\nAlso reported by: Valley Radio\n" in text
    assert "[1] https://example.org/ledger/parks-and-paths?utm_source=x&page=2" in text
    assert "Read more [2]" in text and "[2] https://example.com/cafe-full-story" in text
    assert "Also reported by: Millbrook Courier [3]" in text
    assert "[3] https://example.com/cafe" in text
    assert "Source: Harbor Notes\n" in text  # its data: URL is dropped, its name kept
    assert "javascript:" not in text and "data:" not in text


def test_text_is_wrapped_at_72_columns(email, with_also_today) -> None:
    for line in (email.text + with_also_today.text).splitlines():
        if len(line) > 72:  # only a single long word (a URL) may overflow
            assert " " not in line.strip() or line.lstrip().startswith("["), line


def test_non_ascii_survives_the_text(email) -> None:
    assert UNICODE_HEADLINE in email.text
    assert "Zoë Lefèvre’s tarte ‘aux pommes’" in email.text
    assert "☕" in email.text


def test_text_has_no_trailing_spaces_or_runs_of_blank_lines(email) -> None:
    assert all(line == line.rstrip() for line in email.text.splitlines())
    assert "\n\n\n" not in email.text
    assert email.text.endswith("\n") and not email.text.endswith("\n\n")


def test_no_intro_and_no_stories() -> None:
    result = render(make_edition([], intro=None))
    assert "The Riverton Brief" in parse(result.html).text
    assert "THE RIVERTON BRIEF" in result.text


# --- Also today -------------------------------------------------------------------------------

HOSTILE_ONE_LINER = '<img src=x onerror=alert(1)> Library & "hours" {{ 1 }}'


def one_liner(headline: str, url: str | None, *sources: tuple[str, str | None]) -> Story:
    """A headline-only story of the "Also today" list, as the ranking makes them."""
    return Story(
        headline=headline,
        summary="",
        article_ids=["x"],
        sources=[SourceLink(name=name, url=link) for name, link in sources],
        url=url,
        topic=ALSO_TODAY,
        importance=1,
    )


def also_today_stories() -> list[Story]:
    return [
        one_liner(
            "Bridge reopens after three weeks of repairs on the east span of the crossing",
            "https://example.org/bridge",
            ("Riverton Ledger", "https://example.org/bridge"),
            ("Valley Radio", "https://example.net/bridge"),
        ),
        one_liner(
            HOSTILE_ONE_LINER,
            "javascript:alert(1)",
            ("<b>Courier</b>", "javascript:alert(1)"),
        ),
        one_liner("School board meets on Thursday", None),
    ]


class _Outline(HTMLParser):
    """Where things are in an HTML page: the story headlines (h3), the Also today list (its
    items' text and links) and the footer, each by its position among the tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.position = 0
        self.headlines: list[int] = []
        self.lists: list[int] = []
        self.items: list[dict[str, list[str]]] = []
        self.footer: int | None = None
        self._in_list = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.position += 1
        attributes = dict(attrs)
        if tag in ("style", "title"):
            self._skip += 1
        elif tag == "h3":
            self.headlines.append(self.position)
        elif tag == "ul":
            self.lists.append(self.position)
            self._in_list = "nl-also" in (attributes.get("class") or "").split()
        elif tag == "li" and self._in_list:
            self.items.append({"text": [], "hrefs": []})
        elif tag == "a" and self._in_list and self.items:
            self.items[-1]["hrefs"].append(attributes.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1
        elif tag == "ul":
            self._in_list = False

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_list and self.items:
            self.items[-1]["text"].append(data)
        if "You are receiving" in data and self.footer is None:
            self.footer = self.position


def outline(html: str) -> _Outline:
    page = _Outline()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def with_also_today():
    return render(make_edition(make_edition().stories + also_today_stories()))


def test_also_today_is_one_list_after_the_sections_before_the_footer(with_also_today) -> None:
    page = outline(with_also_today.html)
    assert len(page.lists) == 2 and len(page.items) == 3  # the contents, then Also today
    assert len(page.headlines) == 3  # the one-liners are not story blocks
    assert page.footer is not None
    assert page.headlines[-1] < page.lists[1] < page.footer
    text = parse(with_also_today.html).text
    assert text.count("Also today") == 1
    assert text.index(SCRIPT_HEADLINE) < text.index("Also today") < text.index("You are receiving")


def test_also_today_items_link_their_headline_and_name_their_sources(with_also_today) -> None:
    first, hostile, plain = outline(with_also_today.html).items
    assert first["hrefs"] == ["https://example.org/bridge"]
    assert " ".join("".join(first["text"]).split()) == (
        "Bridge reopens after three weeks of repairs on the east span of the crossing"
        " — Riverton Ledger · Valley Radio"
    )
    assert hostile["hrefs"] == [] and plain["hrefs"] == []
    assert "".join(plain["text"]).strip() == "School board meets on Thursday"


def test_hostile_also_today_titles_are_escaped(with_also_today) -> None:
    html = with_also_today.html
    assert "<img" not in html and "<b>" not in html and "javascript:" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; Library &amp;" in html
    assert "&#123;&#123; 1 }}" in html
    item = outline(html).items[1]
    assert "".join(item["text"]).strip() == f"{HOSTILE_ONE_LINER} — <b>Courier</b>"


def test_also_today_in_the_text_part(with_also_today) -> None:
    text = with_also_today.text
    listed = text[text.index("ALSO TODAY\n") : text.index("You are receiving")]
    assert listed.splitlines()[3:] == [
        "- Bridge reopens after three weeks of repairs on the east span of the",
        "  crossing [4] — Riverton Ledger · Valley Radio",
        "  [4] https://example.org/bridge",
        f"- {HOSTILE_ONE_LINER} —",
        "  <b>Courier</b>",
        "- School board meets on Thursday",
        "",
        "=" * 72,
    ]
    assert text.count("Also today") == 0 and "javascript:" not in text


def test_without_one_liners_there_is_no_also_today(email) -> None:
    assert "Also today" not in email.html and "nl-also" not in email.html
    assert "ALSO TODAY" not in email.text


def test_an_update_in_the_main_list_keeps_its_prefix() -> None:
    update = Story(
        headline="Update: Ferry strike ends after talks",
        summary="Crews return on Monday.",
        article_ids=["u1"],
        url="https://example.org/ferry",
        topic="Transport",
    )
    result = render(make_edition([update, *also_today_stories()]))
    page = outline(result.html)
    assert len(page.headlines) == 1 and page.headlines[0] < page.lists[0]
    assert "Update: Ferry strike ends after talks" in parse(result.html).text
    assert "\nUpdate: Ferry strike ends after talks\n" in result.text
    assert result.text.index("Update: Ferry") < result.text.index("ALSO TODAY")


def test_also_today_topic_is_the_rankings() -> None:
    from newsletter.group.rank import ALSO_TODAY as RANKING_ALSO_TODAY

    assert ALSO_TODAY == RANKING_ALSO_TODAY


# --- templates --------------------------------------------------------------------------------


def test_user_templates_dir_overrides_the_text_template(tmp_path: Path) -> None:
    (tmp_path / "email.txt.j2").write_text(
        "Custom {{ edition.name }}: {{ edition.stories | length }} stories\n", encoding="utf-8"
    )
    result = render(make_edition(), templates_dir=tmp_path)
    assert result.text == "Custom The Riverton Brief: 3 stories\n"
    # the HTML part still comes from the bundled templates
    assert AMPERSAND_HEADLINE in parse(result.html).text


def test_user_templates_dir_can_override_a_partial(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "story.mjml.j2").write_text(
        "<mj-section><mj-column><mj-text>* {{ story.headline }}</mj-text></mj-column>"
        "</mj-section>\n",
        encoding="utf-8",
    )
    html = render(make_edition(), templates_dir=tmp_path).html
    assert "* Council votes 7–2 on “Parks &amp; Paths” plan" in html
    assert "Dana Okafor" not in html


def test_missing_variable_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "email.txt.j2").write_text("{{ edition.name }} {{ reader_name }}\n")
    with pytest.raises(RenderError, match="reader_name"):
        render(make_edition(), templates_dir=tmp_path)


def test_missing_attribute_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "email.txt.j2").write_text("{{ edition.nmae }}\n")
    with pytest.raises(RenderError, match="nmae"):
        render(make_edition(), templates_dir=tmp_path)


def test_template_syntax_error_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "email.txt.j2").write_text("line one\n{% if %}\n")
    with pytest.raises(RenderError, match="line 2"):
        render(make_edition(), templates_dir=tmp_path)


def test_invalid_mjml_raises_render_error(tmp_path: Path) -> None:
    (tmp_path / "email.mjml.j2").write_text(
        "<mjml><mj-body><mj-section><mj-column><mj-bogus /></mj-column></mj-section>"
        "</mj-body></mjml>\n"
    )
    with pytest.raises(RenderError, match="MJML"):
        render(make_edition(), templates_dir=tmp_path)


def test_caller_supplied_unsubscribe_url_is_escaped() -> None:
    result = render(make_edition(), unsubscribe_url="https://example.org/u?id=1&t=abc")
    assert 'href="https://example.org/u?id=1&amp;t=abc"' in result.html
    assert "Unsubscribe: https://example.org/u?id=1&t=abc" in result.text


# --- filters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
        ("http://example.org", "http://example.org"),
        ("  HTTPS://Example.org/x  ", "HTTPS://Example.org/x"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html;base64,PHNjcmlwdD4=", None),
        ("vbscript:msgbox", None),
        ("mailto:someone@example.org", None),
        ("//example.org/protocol-relative", None),
        ("/relative/path", None),
        ("https://", None),
        ("https://exa mple.org", None),
        ("https://[::1", None),
        ("", None),
        (None, None),
        ("https://example.org/q?x=\"'<>", "https://example.org/q?x=%22%27%3C%3E"),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_wrap_keeps_long_words_and_paragraphs() -> None:
    long_url = "https://example.org/" + "x" * 80
    wrapped = wrap(f"word {long_url} word\n\nsecond paragraph", width=20)
    assert long_url in wrapped.splitlines()
    assert "\n\nsecond paragraph" in wrapped
    assert wrap("a b c", width=72, indent="  ", first="- ") == "- a b c"


def test_story_links_number_each_url_once() -> None:
    story = Story(
        headline="h",
        summary="s",
        article_ids=["x"],
        url="https://a.example/1",
        sources=[
            SourceLink(name="A", url="https://a.example/1"),
            SourceLink(name="A again", url="https://a.example/1"),
            SourceLink(name="B", url="https://b.example/2"),
            SourceLink(name="C", url="javascript:void(0)"),
        ],
    )
    links = story_links(story, start=4)
    assert str(links.read_more) == "A [5]"
    assert [str(link) for link in links.others] == ["A again [5]", "B [6]", "C"]
    assert links.references == [(5, "https://a.example/1"), (6, "https://b.example/2")]


# --- branding, craft and size ---------------------------------------------------------------

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; a missing file is written and the test fails, so that
    a new or changed golden file is always a reviewed diff."""
    path = GOLDEN / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        pytest.fail(f"wrote {path}: review it, then run the test again")
    assert actual == path.read_text(encoding="utf-8")


def many_stories(count: int) -> list[Story]:
    """Stories of a realistic length: a three-sentence summary, two quotes, two sources."""
    topics = ("Local", "Politics", "Business", "Science", "Culture")
    return [
        Story(
            headline=f"Story {n}: the harbour board approves a longer pier for the ferry line",
            summary=(
                f"The harbour board voted on item {n} after a long evening of public comment, "
                "approving a pier extension that lets the larger ferries dock at low tide. "
                "Work starts in spring and should end before the summer timetable begins. "
                "Fishing crews asked for a separate berth, which the board will study."
            ),
            quotes=[
                quote(
                    "We have waited eleven years for a pier that works at every tide",
                    "Mara Lindqvist",
                    "ferry captain",
                ),
                quote("The fishing crews deserve a berth of their own", "Tomas Reyes", None),
            ],
            article_ids=[f"a{n}"],
            sources=[
                SourceLink(name="Harbor Notes", url=f"https://example.org/harbor/{n}"),
                SourceLink(name="Coast Radio", url=f"https://example.net/coast/{n}"),
            ],
            url=f"https://example.org/harbor/{n}",
            topic=topics[n % len(topics)],
        )
        for n in range(count)
    ]


def test_text_part_matches_the_golden_file() -> None:
    edition = make_edition(make_edition().stories + also_today_stories())
    result = render(edition, postal_address="The Riverton Brief\n4 Mill Lane, Riverton")
    assert_golden("email.txt", result.text)


def test_branding_from_settings_reaches_the_html() -> None:
    branding = BrandingSettings(
        accent_color="#aa3300",
        font_stack="Georgia, 'Times New Roman', serif",
        logo_url="https://example.org/logo.png",
        logo_alt='Riverton "Brief" & co',
        language="fr",
        direction="rtl",
    )
    html = render(make_edition(), branding=branding).html
    assert '<html lang="fr" dir="rtl"' in html
    assert "a { color: #aa3300; }" in html
    page = parse(html)
    styles = [a.get("style") or "" for a in page.attributes]
    assert any("Georgia, 'Times New Roman', serif" in style for style in styles)
    (logo,) = [a for a in page.attributes if a["<tag>"] == "img"]
    assert logo["src"] == "https://example.org/logo.png"
    assert logo["alt"] == 'Riverton "Brief" & co'  # the attribute cannot be broken out of


def test_a_logo_with_a_javascript_url_is_dropped() -> None:
    html = render(make_edition(), branding=BrandingSettings(logo_url="javascript:alert(1)")).html
    assert "<img" not in html and "javascript:" not in html


def test_footer_prints_the_postal_address_escaped() -> None:
    result = render(make_edition(), postal_address="Brief & Co\n<b>4</b> Mill Lane")
    assert "Brief &amp; Co<br/>&lt;b&gt;4&lt;/b&gt; Mill Lane" in result.html
    assert result.text.rstrip().endswith("Brief & Co\n<b>4</b> Mill Lane")


def test_dark_mode_and_email_craft(email) -> None:
    html = email.html
    assert '<meta content="light dark" name="color-scheme"' in html
    assert "@media (prefers-color-scheme: dark)" in html
    assert '<html lang="en" dir="ltr"' in html
    assert 'role="presentation"' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_minified_html_keeps_outlook_conditional_comments(email) -> None:
    html = email.html
    assert "<!--[if mso | IE]>" in html and "<![endif]-->" in html
    assert "<!--[if !mso]><!-->" in html and "<!--<![endif]-->" in html
    assert "\n  " not in html  # no indentation left
    unminified = render(make_edition(), minify=False).html
    assert len(html) < len(unminified)
    assert parse(html).text == parse(unminified).text


def test_braces_from_articles_are_escaped_in_the_html(email) -> None:
    assert "{{ 7 * 7 }}" not in email.html
    assert "&#123;&#123; 7 * 7 }}" in email.html


def test_twenty_stories_stay_under_60_kb() -> None:
    html = render(make_edition(many_stories(20))).html
    assert len(html.encode("utf-8")) < 60 * 1024


def test_an_email_over_gmails_limit_warns_loudly(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="newsletter.render"):
        html = render(make_edition(many_stories(120))).html
    assert len(html.encode("utf-8")) > GMAIL_CLIP_BYTES
    assert "above Gmail's 102 KB limit" in caplog.text
    assert "unsubscribe" in caplog.text


def test_render_for_uses_the_settings(tmp_path: Path) -> None:
    settings = Settings(
        branding=BrandingSettings(accent_color="#123456"),
        sender={"postal_address": "1 Quay Street, Riverton"},
    )
    result = render_for(make_edition(), settings)
    assert "#123456" in result.html
    assert "1 Quay Street, Riverton" in parse(result.html).text


def test_quote_display_drops_the_comma_that_led_back_into_the_sentence() -> None:
    story = Story(
        headline="Lab results",
        summary="The lab published its results on Tuesday.",
        quotes=[quote("We did not expect a difference that large,", "Ines Carvalho", "Dr.")],
        article_ids=["a1"],
    )
    email = render(make_edition([story]))
    for part in (parse(email.html).text, email.text):
        assert "“We did not expect a difference that large”" in part
        assert "— Dr. Ines Carvalho" in part
        assert "Carvalho, Dr." not in part
