"""Pre-send checks: what they find in a rendered email, and `newsletter check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsletter.checks import Finding, check_email, errors
from newsletter.cli import app
from newsletter.models import Edition, RenderedEmail, SourceLink, Story
from newsletter.render import UNSUBSCRIBE_PLACEHOLDER, render
from tests.test_render import SCRIPT_HEADLINE, make_edition, many_stories


@pytest.fixture(scope="module")
def good() -> RenderedEmail:
    return render(make_edition())


def codes(findings: list[Finding], level: str | None = None) -> set[str]:
    return {f.code for f in findings if level is None or f.level == level}


def test_a_rendered_edition_passes(good) -> None:
    assert check_email(good) == []


def test_an_html_part_over_gmails_limit_is_an_error() -> None:
    big = render(make_edition(many_stories(120)))
    findings = check_email(big)
    assert codes(findings, "error") == {"html-size"}
    assert "above Gmail's 102 KB limit" in findings[0].message


def test_an_html_part_close_to_the_limit_is_a_warning(good) -> None:
    padded = good.model_copy(update={"html": good.html + "<!-- -->" + " " * 80_000})
    assert codes(check_email(padded)) == {"html-size"}
    assert errors(check_email(padded)) == []


def test_an_empty_text_part_is_an_error(good) -> None:
    findings = check_email(good.model_copy(update={"text": " \n"}))
    assert "text-part" in codes(findings, "error")


def test_relative_and_script_links_are_errors(good) -> None:
    html = good.html.replace(
        "</body>", '<a href="/archive">Archive</a><a href="javascript:go()">Go</a></body>'
    )
    findings = check_email(good.model_copy(update={"html": html}))
    assert codes(findings) == codes(findings, "error") == {"links", "active-content"}
    (links,) = [f for f in findings if f.code == "links"]
    assert "'/archive'" in links.message and "'javascript:go()'" in links.message


@pytest.mark.parametrize(
    ("planted", "named"),
    [
        ('<div aria-label="A" autofocus onfocus="fetch(1)">x</div>', "onfocus= on <div>"),
        ("<p><img src=x alt=y onerror=alert(1)></p>", "onerror= on <img>"),
        ("<script>fetch('//127.0.0.1/')</script>", "<script>"),
        ('<a href=" JaVa\tScript:alert(1)">x</a>', "javascript: URL in href= on <a>"),
        ('<img alt="x" src="data:image/svg+xml,<svg onload=alert(1)>">', "data: URL in src="),
        ('<p style="background:url(javascript:alert(1))">x</p>', "script in style= on <p>"),
        ('<!--[if mso]><v:rect onclick="alert(1)"></v:rect><![endif]-->', "onclick= on <v:rect>"),
        ('<form action="https://example.org/"><input></form>', "<form>"),
    ],
)
def test_code_that_could_run_is_an_error_whatever_put_it_there(
    good, planted: str, named: str
) -> None:
    html = good.html.replace("</body>", planted + "</body>")
    (finding,) = [
        f for f in check_email(good.model_copy(update={"html": html})) if f.code == "active-content"
    ]
    assert finding.level == "error" and named in finding.message


def test_text_that_only_mentions_handlers_and_scripts_passes() -> None:
    story = Story(
        headline="Why onload= and <script> tags worry webmail teams",
        summary='A talk on "javascript:" links and data: URLs; turn on=off switches.',
        article_ids=["x"],
    )
    assert check_email(render(make_edition([story]))) == []


def test_an_image_without_alt_is_an_error(good) -> None:
    html = good.html.replace(
        "</body>",
        '<img src="https://example.org/a.png"><img src="https://example.org/b.png" '
        'alt="Chart"></body>',
    )
    (finding,) = check_email(good.model_copy(update={"html": html}))
    assert finding.code == "image-alt" and "https://example.org/a.png" in finding.message
    assert "b.png" not in finding.message


def test_a_missing_unsubscribe_link_is_an_error(good) -> None:
    html = good.html.replace(">Unsubscribe</a>", ">Manage</a>")
    text = good.text.replace(f"Unsubscribe: {UNSUBSCRIBE_PLACEHOLDER}", "")
    findings = check_email(good.model_copy(update={"html": html, "text": text}))
    assert [f.code for f in findings] == ["unsubscribe", "unsubscribe"]
    assert "HTML part" in findings[0].message and "plain-text part" in findings[1].message


def test_subject_missing_is_an_error_and_long_is_a_warning(good) -> None:
    assert "subject" in codes(check_email(good.model_copy(update={"subject": ""})), "error")
    long = check_email(good.model_copy(update={"subject": "A very long subject " * 5}))
    assert codes(long, "warning") == {"subject"} and errors(long) == []


def test_a_missing_preheader_is_a_warning(good) -> None:
    findings = check_email(good.model_copy(update={"preheader": ""}))
    assert codes(findings, "warning") == {"preheader"} and errors(findings) == []


def test_unrendered_template_syntax_is_an_error(good) -> None:
    html = good.html.replace("</body>", "<p>Hello {{ reader.name }}</p></body>")
    text = good.text + "*|FNAME|* %%GREETNG%%\n"
    (finding,) = check_email(good.model_copy(update={"html": html, "text": text}))
    assert finding.code == "template-syntax"
    for leftover in ("{{ reader.name }}", "*|FNAME|*", "%%GREETNG%%"):
        assert leftover in finding.message


def test_template_syntax_quoted_in_an_article_is_not_flagged() -> None:
    story = Story(
        headline="Templating guide published",
        summary="The guide explains {{ name }} and {% if %} blocks to new volunteers.",
        article_ids=["t"],
        sources=[SourceLink(name="Docs Desk", url="https://example.org/docs")],
    )
    assert check_email(render(make_edition([story]))) == []


def test_a_personalised_message_must_not_keep_the_placeholder(good) -> None:
    findings = check_email(good, personalised=True)
    assert codes(findings, "error") == {"template-syntax"}
    assert UNSUBSCRIBE_PLACEHOLDER in findings[0].message


# --- newsletter check -------------------------------------------------------------------------


def linked_edition() -> Edition:
    """The test edition without its story that has no http(s) link."""
    return make_edition([s for s in make_edition().stories if s.headline != SCRIPT_HEADLINE])


def write_edition(folder: Path, email: RenderedEmail, edition: Edition | None = None) -> None:
    folder.mkdir(parents=True)
    (folder / "email.html").write_text(email.html, encoding="utf-8")
    (folder / "email.txt").write_text(email.text, encoding="utf-8")
    edition = (edition or linked_edition()).model_copy(update={"subject": email.subject})
    (folder / "edition.json").write_text(edition.model_dump_json(), encoding="utf-8")


@pytest.fixture
def configured(tmp_path: Path) -> None:
    """A newsletter.toml in the working directory: commands refuse to run without one."""
    (tmp_path / "newsletter.toml").write_text('name = "The Test Gazette"\n', encoding="utf-8")


def test_check_command_passes_a_good_edition(tmp_path: Path, good, configured) -> None:
    write_edition(tmp_path / "out" / "2022-02-22", good)
    result = CliRunner().invoke(app, ["check", "--date", "2022-02-22"])
    assert result.exit_code == 0, result.output
    assert "All pre-send checks passed" in result.output


def test_check_command_fails_on_errors_only(tmp_path: Path, good, configured) -> None:
    write_edition(tmp_path / "out" / "2022-02-22", good.model_copy(update={"text": ""}))
    result = CliRunner().invoke(app, ["check", "--date", "2022-02-22"])
    assert result.exit_code == 1
    assert "text-part" in result.output and "do not send" in result.output

    write_edition(tmp_path / "out" / "2022-02-23", good.model_copy(update={"subject": "x" * 90}))
    result = CliRunner().invoke(app, ["check", "--date", "2022-02-23"])
    assert result.exit_code == 0, result.output
    assert "1 warning(s)" in result.output


def test_a_story_without_a_link_is_a_warning(good) -> None:
    findings = check_email(good, edition=make_edition())
    (finding,) = [f for f in findings if f.code == "story-link"]
    assert finding.level == "warning"
    assert finding.message.startswith("story has no link: '<script>alert(1)</script> Ferry")
    assert "url:" in finding.message
    assert check_email(good, edition=linked_edition()) == []


def test_check_command_warns_of_a_story_without_a_link(tmp_path: Path, good, configured) -> None:
    write_edition(tmp_path / "out" / "2022-02-22", good, make_edition())
    result = CliRunner().invoke(app, ["check", "--date", "2022-02-22"])
    assert result.exit_code == 0, result.output
    assert "story has no link" in " ".join(result.output.split())


def test_check_command_says_how_to_make_a_missing_edition(tmp_path: Path, configured) -> None:
    result = CliRunner().invoke(app, ["check", "--date", "2022-02-24"])
    assert result.exit_code == 1
    assert "newsletter generate --date 2022-02-24" in " ".join(result.output.split())


def test_check_command_names_the_written_file_that_is_broken(
    tmp_path: Path, good, configured
) -> None:
    folder = tmp_path / "out" / "2022-02-22"
    write_edition(folder, good)
    (folder / "email.html").write_bytes(bytes(range(128, 256)))
    result = CliRunner().invoke(app, ["check", "--date", "2022-02-22"])
    said = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "email.html is not UTF-8 text (byte 0)" in said and "edition.json" not in said

    (folder / "edition.json").write_text('{"subject": 7}', encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--date", "2022-02-22"])
    said = " ".join(result.output.split())
    assert result.exit_code == 1 and "edition.json is not a valid edition (" in said
    assert "errors.pydantic.dev" not in said  # one line that says what, not a library's dump
