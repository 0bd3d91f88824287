"""Settings: precedence of the places a value comes from, and clear errors for bad values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.config import ConfigError, Settings, load_settings
from tests.conftest import ROOT


def test_defaults_without_any_file() -> None:
    settings = load_settings()
    assert settings.name == "The Daily Brief"
    assert settings.timezone == "UTC"
    assert settings.sources == []
    assert not settings.llm.configured


def test_precedence_env_over_dotenv_over_toml(write_config, monkeypatch) -> None:
    write_config('name = "From TOML"\ntimezone = "Europe/Paris"\n[llm]\nmodel = "toml-model"\n')
    Path(".env").write_text('NEWSLETTER_NAME="From dotenv"\nNEWSLETTER_LLM__MODEL=dotenv-model\n')
    monkeypatch.setenv("NEWSLETTER_LLM__MODEL", "env-model")

    settings = load_settings()

    assert settings.name == "From dotenv"  # .env beats TOML
    assert settings.llm.model == "env-model"  # environment beats .env
    assert settings.timezone == "Europe/Paris"  # TOML beats the default


def test_config_path_from_environment(tmp_path, monkeypatch) -> None:
    other = tmp_path / "elsewhere" / "my.toml"
    other.parent.mkdir()
    other.write_text('name = "Elsewhere"\n[[sources]]\ntype = "folder"\npath = "articles"\n')
    monkeypatch.setenv("NEWSLETTER_CONFIG", str(other))

    settings = load_settings()

    assert settings.name == "Elsewhere"
    # relative paths are relative to the config file, not the working directory
    assert settings.sources[0].path == other.parent / "articles"
    assert settings.output_dir == other.parent / "out"


def test_bad_timezone_names_key_problem_and_file(write_config) -> None:
    path = write_config('timezone = "Mars/Olympus_Mons"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "timezone" in message
    assert "Mars/Olympus_Mons" in message
    assert "unknown time zone" in message
    assert str(path) in message


def test_bad_value_from_environment_is_named(monkeypatch) -> None:
    monkeypatch.setenv("NEWSLETTER_LLM__MAX_CONCURRENCY", "many")
    with pytest.raises(ConfigError, match=r"llm\.max_concurrency.*NEWSLETTER_LLM__MAX_CONCURRENCY"):
        load_settings()


def test_unknown_key_and_bad_source(write_config) -> None:
    path = write_config('nmae = "typo"\n[[sources]]\ntype = "feed"\nurl = "ftp://x"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "nmae" in message and "unknown setting" in message
    assert "sources[0].url" in message


def test_cli_reports_bad_setting_with_exit_2_and_no_traceback(write_config) -> None:
    write_config('timezone = "Nowhere/Town"\n')
    result = CliRunner().invoke(app, ["generate", "--date", "2022-02-22"])
    assert result.exit_code == 2
    assert "timezone" in result.output and "Nowhere/Town" in result.output
    assert "Traceback" not in result.output


def test_broken_toml_is_a_config_error(write_config) -> None:
    path = write_config('name = "unterminated\n')
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path)


def test_secrets_are_never_shown(monkeypatch) -> None:
    monkeypatch.setenv("NEWSLETTER_LLM__API_KEY", "sk-very-secret")
    settings = load_settings()
    assert "sk-very-secret" not in repr(settings)
    assert "sk-very-secret" not in settings.model_dump_json()
    assert settings.llm.api_key.get_secret_value() == "sk-very-secret"


def _setting_names(model: type, prefix: str = "") -> list[str]:
    names = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            names += _setting_names(annotation, f"{prefix}{name}.")
        else:
            names.append(prefix + name)
    return names


@pytest.mark.parametrize("name", _setting_names(Settings))
def test_every_setting_is_documented(name: str) -> None:
    toml = (ROOT / "newsletter.example.toml").read_text()
    env = (ROOT / ".env.example").read_text()
    leaf = name.rsplit(".", 1)[-1]
    pattern = rf"^#?\s*({leaf}\s*=|\[\[{leaf}\]\])"
    assert re.search(pattern, toml, re.M), f"{name} missing from example TOML"
    variable = "NEWSLETTER_" + name.replace(".", "__").upper()
    assert variable in env, f"{variable} missing from .env.example"
    assert Settings.model_fields.get(name.split(".")[0]).description


# -- no settings file, and `newsletter init` ----------------------------------------------------


def test_without_a_settings_file_commands_exit_2_with_one_line_and_create_nothing(
    tmp_path,
) -> None:
    for command in (["generate"], ["subscribers", "add", "ann@example.org"], ["send"],
                    ["run"], ["status"], ["check"], ["usage"]):  # fmt: skip
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        message = " ".join(result.output.split())
        assert message.startswith("error: no settings file") and "newsletter init" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no stray ./data/newsletter.db


def test_init_writes_a_working_commented_config_and_a_secret_and_never_overwrites(
    tmp_path,
) -> None:
    first = CliRunner().invoke(app, ["init", "--name", "Harbour Notes"])
    assert first.exit_code == 0, first.output
    config, dotenv = tmp_path / "newsletter.toml", tmp_path / ".env"
    assert "# " in config.read_text() and (tmp_path / "articles").is_dir()
    assert dotenv.stat().st_mode & 0o077 == 0  # the secrets are readable by the owner only

    settings = load_settings()
    assert settings.name == "Harbour Notes"
    secret = settings.sender.secret.get_secret_value()
    assert len(secret) >= 32 and secret in dotenv.read_text()

    config.write_text(config.read_text() + "\n# my own note\n")
    again = CliRunner().invoke(app, ["init"])
    assert again.exit_code == 0 and "Kept" in again.output
    assert config.read_text().endswith("# my own note\n")
    assert load_settings().sender.secret.get_secret_value() == secret  # not regenerated

    status = CliRunner().invoke(app, ["status"])
    assert status.exit_code == 0, status.output


def test_a_second_newsletter_gets_its_own_secret(tmp_path) -> None:
    CliRunner().invoke(app, ["init", "one"])
    CliRunner().invoke(app, ["init", "two"])
    assert (tmp_path / "one" / ".env").read_text() != (tmp_path / "two" / ".env").read_text()
