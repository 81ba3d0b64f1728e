"""Bootstrap settings: environment nesting, Servarr aliases, the host file, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from seedarr.errors import ConfigurationError
from seedarr.settings import (
    DEFAULT_PORT,
    AuthRequired,
    default_data_dir,
    load_settings,
    normalise_database_url,
)


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.server.port == DEFAULT_PORT == 8411
    assert settings.server.bind_address == "127.0.0.1"
    assert settings.server.url_base == ""
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path / 'seedarr.db'}"


def test_default_data_dir_is_under_home(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / ".local" / "share" / "seedarr"
    monkeypatch.setenv("SEEDARR_DATA_DIR", str(tmp_path / "elsewhere"))
    assert default_data_dir() == tmp_path / "elsewhere"
    assert load_settings().data_dir == tmp_path / "elsewhere"


def test_environment_sections_and_aliases(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SEEDARR__SERVER__PORT", "9000")
    monkeypatch.setenv("seedarr__server__urlbase", "/sd/")
    monkeypatch.setenv("SEEDARR__AUTH__REQUIRED", "disabled_for_local_addresses")
    monkeypatch.setenv("SEEDARR__LOG__LEVEL", "WARN")
    monkeypatch.setenv("SEEDARR__MEDIA__ROOTS", '["/media", "/data"]')
    settings = load_settings(data_dir=tmp_path)
    assert settings.server.port == 9000
    assert settings.server.url_base == "/sd"
    assert settings.auth.required is AuthRequired.DISABLED_FOR_LOCAL_ADDRESSES
    assert settings.log.level == "warning"
    assert settings.media.roots == [Path("/media"), Path("/data")]
    assert {"server.port", "server.urlbase"} <= settings.env_overrides()


def test_environment_wins_over_the_host_file(monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[server]\nport = 7000\nurl_base = "/fromfile"\n')
    settings = load_settings(data_dir=tmp_path)
    assert settings.server.port == 7000
    assert settings.server.url_base == "/fromfile"
    monkeypatch.setenv("SEEDARR__SERVER__PORT", "7001")
    assert load_settings(data_dir=tmp_path).server.port == 7001


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("SEEDARR__SERVER__PORT", "99999", "server.port"),
        ("SEEDARR__SERVER__URL_BASE", "/a b", "server.url_base"),
        ("SEEDARR__AUTH__API_KEY", "not-a-key", "auth.api_key"),
        ("SEEDARR__LOG__LEVEL", "loud", "log.level"),
    ],
)
def test_invalid_settings_name_the_setting(
    monkeypatch, tmp_path: Path, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as excinfo:
        load_settings(data_dir=tmp_path)
    assert named in str(excinfo.value)
    assert value not in str(excinfo.value) or variable.endswith("PORT") or variable.endswith("LEVEL")


def test_broken_host_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[server\nport=")
    with pytest.raises(ConfigurationError, match=r"cannot read .*config.toml"):
        load_settings(data_dir=tmp_path)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h:5432/db", "postgresql+asyncpg://u@h:5432/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite+aiosqlite:////tmp/x.db"),
    ],
)
def test_database_urls(given: str, expected: str, monkeypatch, tmp_path: Path) -> None:
    assert normalise_database_url(given) == expected
    monkeypatch.setenv("SEEDARR_DATABASE_URL", given)
    assert load_settings(data_dir=tmp_path).database_url == expected


def test_unsupported_database_url() -> None:
    with pytest.raises(ConfigurationError, match="unsupported database URL"):
        normalise_database_url("mysql://x")
