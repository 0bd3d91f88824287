"""Settings: one tree, addressed the same way from every place a value can come from.

Precedence, highest first:

1. environment variables `NEWSLETTER_*`, with `__` for nesting (`NEWSLETTER_LLM__MODEL`);
2. the `.env` file in the working directory (same names);
3. the TOML file (`newsletter.toml`, or the path given by `--config` / `NEWSLETTER_CONFIG`);
4. the defaults below.

Relative paths in the TOML file are relative to the file's own folder, so a config works from
any working directory. Secrets are `SecretStr`: they print as `**********`.
"""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from dotenv import dotenv_values
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from newsletter.config.sections import (
    DEFAULT_PRICES,
    AlertSettings,
    BrandingSettings,
    DedupSettings,
    DKIMSettings,
    LLMSettings,
    ModelPrice,
    RankingSettings,
    ScheduleSettings,
    SenderSettings,
    SMTPSettings,
    _zone_name,
)
from newsletter.gather import FetchSettings, FolderSource, SourceConfig

__all__ = [
    "DEFAULT_PRICES",
    "AlertSettings",
    "BrandingSettings",
    "ConfigError",
    "DKIMSettings",
    "DedupSettings",
    "FetchSettings",
    "LLMSettings",
    "ModelPrice",
    "RankingSettings",
    "SMTPSettings",
    "ScheduleSettings",
    "SenderSettings",
    "Settings",
    "load_settings",
]

ENV_PREFIX = "NEWSLETTER_"
DEFAULT_CONFIG = Path("newsletter.toml")
_toml_path: ContextVar[Path | None] = ContextVar("toml_path", default=None)


class ConfigError(Exception):
    """The configuration cannot be used; the message names the key, the problem and where the
    value came from."""


class Settings(BaseSettings):
    """Everything a newsletter can be told."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        env_file=".env",
        extra="forbid",
    )

    name: str = Field(default="The Daily Brief", description="Newsletter name, shown in the email")
    timezone: str = Field(
        default="UTC", description="IANA zone of the edition's day and the schedule's clock"
    )
    output_dir: Path = Field(
        default=Path("out"), description="Editions are written to OUTPUT_DIR/YYYY-MM-DD/"
    )
    data_dir: Path = Field(default=Path("data"), description="Folder of the default SQLite file")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; unset means sqlite:///DATA_DIR/newsletter.db",
    )
    templates_dir: Path | None = Field(
        default=None, description="Your own templates, tried before the bundled ones"
    )
    max_stories: int = Field(default=20, ge=1, description="Most stories in one edition")
    sources: list[Annotated[SourceConfig, Field(discriminator="type")]] = Field(
        default_factory=list, description="Where articles come from: folder, feed or page"
    )
    fetch: FetchSettings = Field(
        default_factory=FetchSettings,
        description="Safety of fetching: addresses links may reach, each source's budget",
    )
    llm: LLMSettings = Field(default_factory=LLMSettings, description="The language model")
    sender: SenderSettings = Field(
        default_factory=SenderSettings, description="From, List-Id and the unsubscribe links"
    )
    branding: BrandingSettings = Field(
        default_factory=BrandingSettings, description="Colours, fonts, logo and language"
    )
    smtp: SMTPSettings = Field(default_factory=SMTPSettings, description="The SMTP server")
    dkim: DKIMSettings = Field(default_factory=DKIMSettings, description="DKIM signing")
    schedule: ScheduleSettings = Field(
        default_factory=ScheduleSettings, description="When the daily edition is sent"
    )
    alerts: AlertSettings = Field(
        default_factory=AlertSettings, description="Where failures are reported"
    )
    dedup: DedupSettings = Field(
        default_factory=DedupSettings, description="Grouping articles and not repeating stories"
    )
    ranking: RankingSettings = Field(
        default_factory=RankingSettings, description="Story order, sections and Also today"
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return _zone_name(value)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'newsletter.db'}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = _toml_path.get()
        files = (TomlConfigSettingsSource(settings_cls, toml_file=toml),) if toml else ()
        return (init_settings, env_settings, dotenv_settings, *files)


def config_path(explicit: Path | None = None) -> Path | None:
    """The TOML file to read: the explicit path, else NEWSLETTER_CONFIG, else ./newsletter.toml
    when it exists."""
    if explicit is not None:
        return explicit
    if env := os.environ.get(f"{ENV_PREFIX}CONFIG"):
        return Path(env)
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Read the settings; raise ConfigError with one clear message when they are unusable."""
    toml = config_path(path)
    if toml is not None:
        if not toml.is_file():
            raise ConfigError(f"config file {toml} not found (from --config or NEWSLETTER_CONFIG)")
        try:
            tomllib.loads(toml.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{toml} is not valid TOML: {exc}") from None
    token = _toml_path.set(toml)
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, toml)) from None
    finally:
        _toml_path.reset(token)
    return _resolve_paths(settings, toml.parent if toml else Path.cwd())


def _resolve_paths(settings: Settings, base: Path) -> Settings:
    """Make relative paths relative to the config file's folder."""

    def resolve(p: Path) -> Path:
        return p if p.is_absolute() else (base / p)

    updates: dict[str, Any] = {
        "output_dir": resolve(settings.output_dir),
        "data_dir": resolve(settings.data_dir),
    }
    if settings.templates_dir is not None:
        updates["templates_dir"] = resolve(settings.templates_dir)
    if settings.llm.prompts_dir is not None:
        updates["llm"] = settings.llm.model_copy(
            update={"prompts_dir": resolve(settings.llm.prompts_dir)}
        )
    if settings.smtp.ca_file is not None:
        updates["smtp"] = settings.smtp.model_copy(
            update={"ca_file": resolve(settings.smtp.ca_file)}
        )
    if settings.dkim.key_path is not None:
        updates["dkim"] = settings.dkim.model_copy(
            update={"key_path": resolve(settings.dkim.key_path)}
        )
    updates["sources"] = [
        s.model_copy(update={"path": resolve(s.path)}) if isinstance(s, FolderSource) else s
        for s in settings.sources
    ]
    return settings.model_copy(update=updates)


def _explain(exc: ValidationError, toml: Path | None) -> str:
    """One line per problem: the key, what is wrong with its value, and where it came from."""
    lines = []
    for error in exc.errors():
        key = _dotted(error["loc"])
        problem = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            problem = "unknown setting (check the spelling; see newsletter.example.toml)"
        where = _origin(str(error["loc"][0]), toml)
        value = error.get("input")
        secret = any(word in key for word in ("key", "password", "secret"))
        shown = f" = {value!r}" if isinstance(value, str | int | float) and not secret else ""
        lines.append(f"invalid setting {key}{shown} in {where}: {problem}")
    return "\n".join(lines)


def _dotted(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for i, piece in enumerate(loc):
        if isinstance(piece, int):
            parts[-1] += f"[{piece}]"
        elif i > 0 and isinstance(loc[i - 1], int) and loc[0] == "sources":
            continue  # the discriminator tag pydantic adds after a list index
        else:
            parts.append(str(piece))
    return ".".join(parts)


def _origin(top_key: str, toml: Path | None) -> str:
    """Which of the places a setting can come from holds `top_key`, by precedence."""
    prefix = f"{ENV_PREFIX}{top_key}".upper()
    for name in os.environ:
        if name.upper() == prefix or name.upper().startswith(prefix + "__"):
            return f"environment variable {name}"
    dotenv = Path(".env")
    if dotenv.is_file():
        for name in dotenv_values(dotenv):
            if name.upper() == prefix or name.upper().startswith(prefix + "__"):
                return f".env ({name})"
    if toml is not None and top_key in tomllib.loads(toml.read_text(encoding="utf-8")):
        return str(toml)
    return "the defaults"
