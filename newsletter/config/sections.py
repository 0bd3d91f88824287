"""The sections of the settings tree: one model per `[section]` of newsletter.toml, each field
with its default and a description (the example files document every one, a test checks)."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator


class ModelPrice(BaseModel):
    """What one model costs, in US dollars per million tokens."""

    model_config = ConfigDict(extra="forbid")

    input: float = Field(ge=0, description="Dollars per million prompt tokens")
    output: float = Field(ge=0, description="Dollars per million completion tokens")


DEFAULT_PRICES = {
    "gpt-4o-mini": ModelPrice(input=0.15, output=0.60),
    "gpt-4o": ModelPrice(input=2.50, output=10.00),
    "gpt-4.1-mini": ModelPrice(input=0.40, output=1.60),
    "gpt-4.1-nano": ModelPrice(input=0.10, output=0.40),
}
DEFAULT_TOPICS = ["Top stories", "Politics", "World", "Business", "Science", "Local", "Culture"]


class LLMSettings(BaseModel):
    """The language model. Leave `model` unset to use the offline extractive engine."""

    model_config = ConfigDict(extra="forbid")

    base_url: str | None = Field(
        default=None, description="OpenAI-compatible endpoint; unset means api.openai.com"
    )
    api_key: SecretStr | None = Field(default=None, description="API key for the endpoint")
    model: str | None = Field(default=None, description="Model name, e.g. gpt-4o-mini")
    temperature: float = Field(default=0.2, ge=0, le=2, description="Sampling temperature")
    max_concurrency: int = Field(default=8, ge=1, le=256, description="LLM calls in flight")
    timeout: float = Field(default=60.0, gt=0, description="Seconds to wait for one reply")
    max_retries: int = Field(
        default=4, ge=0, le=20, description="Retries of a call after 429, 5xx or a timeout"
    )
    max_input_tokens: int = Field(
        default=3000, ge=200, description="Longest article sent, in tokens; longer ones are cut"
    )
    edition_token_budget: int = Field(
        default=200_000,
        ge=0,
        description="Most tokens (in + out) one edition may spend; then the extractive engine",
    )
    topics: list[str] = Field(
        default_factory=lambda: list(DEFAULT_TOPICS),
        min_length=1,
        description="The sections a story may be filed under",
    )
    prompts_dir: Path | None = Field(
        default=None, description="Your own prompt files, tried before the bundled ones"
    )
    prices: dict[str, ModelPrice] = Field(
        default_factory=lambda: dict(DEFAULT_PRICES),
        description="Dollars per million tokens, by model, for the cost report",
    )
    verify: bool = Field(
        default=False,
        description="After a story passes the rules, ask the model once more, for each "
        "sentence, which article sentence supports it; the code checks that sentence is in the "
        "article and holds the names and numbers (about one more call per story)",
    )

    @property
    def configured(self) -> bool:
        """A model is named and there is a way to reach it (a key, or a local base_url)."""
        return bool(self.model) and (self.api_key is not None or self.base_url is not None)


class SenderSettings(BaseModel):
    """Who the email is from, and where its unsubscribe links point."""

    model_config = ConfigDict(extra="forbid")

    from_address: str | None = Field(
        default=None, description="The From address, e.g. brief@example.org (needed to send)"
    )
    from_name: str | None = Field(
        default=None, description="Display name in From; unset means the newsletter's name"
    )
    reply_to: str | None = Field(default=None, description="Reply-To address; unset means none")
    list_id: str | None = Field(
        default=None,
        description="List-Id, e.g. daily-brief.example.org; unset means one made from the "
        "name and the From domain",
    )
    base_url: str | None = Field(
        default=None,
        description="Public https base of `newsletter serve`, e.g. https://news.example.org; "
        "links are BASE_URL/unsubscribe/TOKEN (needed to send)",
    )
    unsubscribe_mailto: str | None = Field(
        default=None, description="Address for mailto: unsubscribe requests, beside the https link"
    )
    secret: SecretStr | None = Field(
        default=None,
        description="Key of the unsubscribe tokens (HMAC); long and random; changing it breaks "
        "the links already sent (needed to send)",
    )
    postal_address: str | None = Field(
        default=None,
        description="Your postal address, printed in every email's footer (anti-spam laws ask "
        "for one)",
    )


_COLOR = r"^#[0-9a-fA-F]{6}$"


class BrandingSettings(BaseModel):
    """How the email looks: colours, fonts, logo, and the language it is written in."""

    model_config = ConfigDict(extra="forbid")

    accent_color: str = Field(
        default="#0b5cad", pattern=_COLOR, description="Links and the masthead rule, #rrggbb"
    )
    text_color: str = Field(default="#1f2328", pattern=_COLOR, description="Body text, #rrggbb")
    muted_color: str = Field(
        default="#57606a", pattern=_COLOR, description="Dates, sources, the footer, #rrggbb"
    )
    background_color: str = Field(
        default="#f3f4f6", pattern=_COLOR, description="Around the email's column, #rrggbb"
    )
    content_color: str = Field(
        default="#ffffff", pattern=_COLOR, description="Behind the text, #rrggbb"
    )
    dark_accent_color: str = Field(
        default="#6cb6ff", pattern=_COLOR, description="Links in dark mode, #rrggbb"
    )
    dark_text_color: str = Field(
        default="#e6edf3", pattern=_COLOR, description="Body text in dark mode, #rrggbb"
    )
    dark_background_color: str = Field(
        default="#0d1117", pattern=_COLOR, description="Around the column in dark mode, #rrggbb"
    )
    dark_content_color: str = Field(
        default="#161b22", pattern=_COLOR, description="Behind the text in dark mode, #rrggbb"
    )
    font_stack: str = Field(
        default="-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif",
        pattern=r"^[\w\s,'-]+$",
        description="CSS font-family list; end it with a generic family such as sans-serif",
    )
    logo_url: str | None = Field(
        default=None, description="https URL of a logo shown above the name; unset means none"
    )
    logo_alt: str | None = Field(
        default=None, description="Alt text of the logo; unset means the newsletter's name"
    )
    logo_width: int = Field(default=120, ge=16, le=600, description="Logo width in pixels")
    language: str = Field(
        default="en",
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        description="Language tag of the email (lang attribute and date format), e.g. en, "
        "en-GB, fr, pt-BR",
    )
    direction: Literal["ltr", "rtl"] = Field(
        default="ltr", description="Text direction: ltr, or rtl for Arabic, Hebrew..."
    )


class SMTPSettings(BaseModel):
    """The SMTP server (relay) that sends the email."""

    model_config = ConfigDict(extra="forbid")

    host: str = Field(default="localhost", description="SMTP server host name")
    port: int = Field(default=587, ge=1, le=65535, description="SMTP server port")
    security: Literal["starttls", "tls", "none"] = Field(
        default="starttls",
        description="starttls (port 587), tls (implicit TLS, port 465) or none (local relays)",
    )
    username: str | None = Field(default=None, description="Login name; unset means no login")
    password: SecretStr | None = Field(default=None, description="Login password")
    ca_file: Path | None = Field(
        default=None, description="Extra CA certificate (PEM) to trust, for a private relay"
    )
    timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for one SMTP reply")
    rate_limit: float = Field(
        default=10.0, ge=0, description="Most messages per second from one process; 0 = no limit"
    )
    max_retries: int = Field(
        default=3, ge=0, le=20, description="Retries of a message after a 4xx or a dropped link"
    )
    retry_backoff: float = Field(
        default=2.0, ge=0, description="Seconds before the first retry; doubled each time"
    )
    messages_per_connection: int = Field(
        default=100,
        ge=1,
        description="Messages sent over one connection before reconnecting; 1 = no reuse",
    )
    claim_timeout: float = Field(
        default=600.0,
        ge=0,
        description="Seconds after which recipients claimed by a run that stopped are taken "
        "over by the next run",
    )


class DKIMSettings(BaseModel):
    """DKIM signing of each message. Leave key_path unset to send unsigned."""

    model_config = ConfigDict(extra="forbid")

    key_path: Path | None = Field(
        default=None, description="PEM file of the RSA private key; unset means no signing"
    )
    selector: str | None = Field(
        default=None, description="Selector whose DNS record holds the public key"
    )
    domain: str | None = Field(
        default=None, description="Signing domain (d=); unset means the From address's domain"
    )


_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


def _zone_name(value: str) -> str:
    """An IANA zone name, or a ValueError that says what a good one looks like."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {value!r}; use an IANA name such as 'Europe/Paris'"
        ) from None
    return value


def _clock_time(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a time of day; use HH:MM, e.g. 07:00") from None


class ScheduleSettings(BaseModel):
    """When `newsletter schedule` makes and sends the daily edition."""

    model_config = ConfigDict(extra="forbid")

    time: str = Field(default="07:00", description="Local send time, HH:MM (24-hour clock)")
    timezone: str | None = Field(
        default=None, description="IANA zone of the send time; unset means the top-level timezone"
    )
    grace: timedelta = Field(
        default=timedelta(hours=2),
        description="How late a missed send may still go out (e.g. 2h, 90m); later is a miss",
    )
    gather_times: list[str] = Field(
        default_factory=list,
        description="Extra local times (HH:MM) to gather during the day, so no article is lost",
    )
    covers: Literal["yesterday", "today"] = Field(
        default="yesterday",
        description="Day the scheduled edition covers: yesterday (a morning edition of the whole "
        "previous day) or today (an evening edition)",
    )

    @field_validator("time")
    @classmethod
    def _time_of_day(cls, value: str) -> str:
        _clock_time(value)
        return value

    @field_validator("gather_times")
    @classmethod
    def _times_of_day(cls, values: list[str]) -> list[str]:
        for value in values:
            _clock_time(value)
        return values

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return None if value is None else _zone_name(value)

    @field_validator("grace", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> Any:
        if isinstance(value, str) and (match := _DURATION.match(value.strip())) and value.strip():
            hours, minutes, seconds = (int(part or 0) for part in match.groups())
            return timedelta(hours=hours, minutes=minutes, seconds=seconds)
        return value

    @field_validator("grace")
    @classmethod
    def _within_a_day(cls, value: timedelta) -> timedelta:
        if not timedelta(0) < value < timedelta(hours=23):
            raise ValueError("grace must be more than 0 and less than 23h, e.g. 2h")
        return value

    @property
    def send_time(self) -> time:
        return _clock_time(self.time)

    @property
    def gather_clock_times(self) -> list[time]:
        return [_clock_time(value) for value in self.gather_times]


class AlertSettings(BaseModel):
    """Who is told when an edition fails or is missed, or a source keeps failing."""

    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(
        default=None, description="Address that receives alerts, sent through the [smtp] server"
    )
    webhook: SecretStr | None = Field(
        default=None, description="URL that receives each alert as a JSON POST (kept secret)"
    )
    source_failures: int = Field(
        default=3, ge=1, description="Alert when a source fails this many runs in a row"
    )


class DedupSettings(BaseModel):
    """One story once: how articles are grouped into stories, and when a story already sent
    comes back."""

    model_config = ConfigDict(extra="forbid")

    lookback_days: int = Field(
        default=3, ge=0, description="Days of earlier editions whose stories are not repeated"
    )
    near_duplicate: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="MinHash Jaccard of word 3-shingles at or above which two texts are one story",
    )
    same_event: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Score (shared names and numbers, title similarity, a shared quote) at or "
        "above which a story matches one sent in an earlier edition",
    )
    same_event_points: float = Field(
        default=7.0,
        ge=0,
        description="Evidence (rare shared names and numbers, a shared quote, title and lede "
        "alike), averaged over a story's reports, from which two stories of one day merge, "
        "and from which a later story matches one sent before",
    )
    min_shared_terms: int = Field(
        default=2, ge=1, description="Names or numbers two reports must share (or a quote)"
    )
    time_window_hours: float = Field(
        default=36, gt=0, description="Articles further apart than this are never one event"
    )
    update_new_quote: bool = Field(
        default=True, description="A quote not in the story sent before makes it an update"
    )
    ask_model: bool = Field(
        default=False,
        description="With a model configured, ask it once per edition which likely pairs of "
        "the day's stories (evidence short of merging them, never templated reports) report "
        "one event; code joins only the offered pairs it names. Off: the offline grouping "
        "decides alone",
    )
    update_new_share: float = Field(
        default=0.4,
        ge=0,
        le=1,
        description="Share of new names and numbers that makes a story sent before an update",
    )


class RankingSettings(BaseModel):
    """The order of the stories and what happens to those beyond max_stories."""

    model_config = ConfigDict(extra="forbid")

    topic_order: list[str] = Field(
        default_factory=list,
        description="Sections in this order; empty means the order of llm.topics",
    )
    also_today: Literal["list", "omit"] = Field(
        default="list",
        description="Stories beyond max_stories: 'list' as Also today one-liners, or 'omit'",
    )
    max_also_today: int = Field(
        default=10, ge=0, description="Most one-liners in the Also today section"
    )


class SignupSettings(BaseModel):
    """The sign-up form of `newsletter serve` (/subscribe): double opt-in and flood limits."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(default=True, description="Serve the sign-up form at /subscribe")
    double_opt_in: bool = Field(
        default=True,
        description="An address is active only once the link in a confirmation email is "
        "followed; off adds it at once (only for a form you trust)",
    )
    confirm_hours: float = Field(
        default=48, gt=0, le=24 * 30, description="Hours a confirmation link works"
    )
    per_client_per_minute: int = Field(
        default=5, ge=1, description="Sign-ups accepted from one client (IP address) a minute"
    )
    per_address_per_day: int = Field(
        default=3, ge=1, description="Confirmation emails sent to one address a day"
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Other sites whose forms may post to /subscribe, e.g. "
        "['https://www.example.org']; sender.base_url's own origin is always allowed",
    )


class BounceSettings(BaseModel):
    """`newsletter bounces`: where delivery-status and complaint reports arrive, and the rule
    for soft bounces."""

    model_config = ConfigDict(extra="forbid")

    mailbox: Path | None = Field(
        default=None,
        description="Maildir folder or mbox file the bounces arrive in; unset means "
        "`newsletter bounces PATH` only",
    )
    soft_limit: int = Field(
        default=3,
        ge=1,
        description="Soft bounces for this many editions in a row mark the address bounced",
    )
    before_send: bool = Field(
        default=True, description="The scheduler reads the mailbox before each send"
    )
