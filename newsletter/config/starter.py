"""The files `newsletter init` writes for a new newsletter: a commented `newsletter.toml` with
the settings a first edition needs, and a `.env` holding a freshly generated secret (the
unsubscribe links' key) and the places for the others. Existing files are never overwritten.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["StarterFiles", "write_starter"]

CONFIG_TEMPLATE = """\
# Settings of {name_comment}. Every key can also be set in .env or as an environment variable:
# NEWSLETTER_<KEY>, with __ between nested keys (NEWSLETTER_SMTP__HOST is [smtp] host).
# Relative paths are relative to this file's folder. Secrets belong in .env, not here.
# All the settings, with their defaults: newsletter.example.toml in the project's repository.

name = {name}
timezone = "UTC"                     # IANA zone, e.g. "America/New_York": the edition's day
output_dir = "out"                   # editions are written to out/YYYY-MM-DD/
data_dir = "data"                    # the SQLite database (and kept unsubscribes) live here
# database_url = "postgresql+psycopg://user@host/newsletter"  # default: SQLite in data_dir

# Where articles come from: one [[sources]] table each; type = "folder" | "feed" | "page".
[[sources]]
type = "folder"                      # .txt, .md, .html or .json; YYYY-MM-DD subfolders date them
path = "articles"

# [[sources]]
# type = "feed"                      # RSS, Atom or JSON Feed
# url = "https://example.org/feed.xml"

[llm]                                # leave model unset to use the offline extractive engine
# base_url = "https://api.openai.com/v1"  # any OpenAI-compatible endpoint (Ollama, vLLM, ...)
# model = "gpt-4o-mini"              # the key goes in .env: NEWSLETTER_LLM__API_KEY

[sender]                             # needed to send; the secret is in .env
# from_address = "brief@example.org"
# base_url = "https://news.example.org"   # where `newsletter serve` answers unsubscribe links
# postal_address = "1 Example Street, Springfield"  # printed in every email's footer

[smtp]                               # the password goes in .env: NEWSLETTER_SMTP__PASSWORD
host = "localhost"
port = 587
security = "starttls"                # starttls (587) | tls (465) | none (local relay)
# username = "brief@example.org"

[schedule]
time = "07:00"                       # when `newsletter schedule` sends, in the timezone above
"""

ENV_TEMPLATE = """\
# Secrets of this newsletter: keep this file out of version control (it is readable by you only).
# Any setting can be set here as NEWSLETTER_<KEY>; these override newsletter.toml.
NEWSLETTER_SENDER__SECRET={secret}  # key of the unsubscribe links: changing it breaks sent links
# NEWSLETTER_LLM__API_KEY=sk-...
# NEWSLETTER_SMTP__PASSWORD=...
"""


@dataclass
class StarterFiles:
    """What `write_starter` did: the files it wrote and those it left as they were."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def write_starter(folder: Path, name: str) -> StarterFiles:
    """Write newsletter.toml and .env into `folder` (made if missing), and an empty `articles`
    folder for the first source; a file that exists is kept as it is."""
    folder.mkdir(parents=True, exist_ok=True)
    result = StarterFiles()
    contents = {
        folder / "newsletter.toml": (
            CONFIG_TEMPLATE.format(
                name=json.dumps(name, ensure_ascii=False), name_comment=name.replace("\n", " ")
            ),
            0o644,
        ),
        folder / ".env": (ENV_TEMPLATE.format(secret=secrets.token_urlsafe(32)), 0o600),
    }
    for path, (text, mode) in contents.items():
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            result.kept.append(path)
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        result.written.append(path)
    (folder / "articles").mkdir(exist_ok=True)
    return result
