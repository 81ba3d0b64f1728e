"""Bootstrap settings: what a process needs before it can open the database.

Sources, strongest first: explicit keyword arguments, the environment (``SEEDARR__SECTION__KEY``,
case-insensitive, plus ``SEEDARR_DATA_DIR`` and ``SEEDARR_DATABASE_URL``), the host-settings file
``<data dir>/config.toml`` and the defaults below. Runtime settings (trackers, services, templates) live in
the database, not here. The API key is kept encrypted in ``config.toml`` (``enc:`` prefix) with the key
file of :mod:`seedarr.secrets`; so may the image hosts' API keys (``image_hosts.<host>.api_key``).
"""

from __future__ import annotations

import json
import os
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

from seedarr.errors import ConfigurationError, ValidationFailed
from seedarr.secrets import ENCRYPTED_PREFIX, Secret, SecretBox

__all__ = [
    "DEFAULT_PORT",
    "AppSection",
    "AuthMethod",
    "AuthRequired",
    "AuthSection",
    "ImageHostsSection",
    "LogSection",
    "MediaSection",
    "ServerSection",
    "Settings",
    "default_data_dir",
    "load_settings",
]

DEFAULT_PORT = 8411
HOST_FILE_NAME = "config.toml"


def default_data_dir() -> Path:
    """``$SEEDARR_DATA_DIR``, else ``/config`` in a container, else ``~/.local/share/seedarr``."""
    env = os.environ.get("SEEDARR_DATA_DIR")
    if env:
        return Path(env).expanduser()
    if Path("/.dockerenv").exists() and Path("/config").is_dir():
        return Path("/config")
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "seedarr"


class AuthMethod(StrEnum):
    FORMS = "forms"
    EXTERNAL = "external"
    NONE = "none"


class AuthRequired(StrEnum):
    ENABLED = "enabled"
    DISABLED_FOR_LOCAL_ADDRESSES = "disabled_for_local_addresses"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ServerSection(_Section):
    bind_address: str = Field(
        default="127.0.0.1", validation_alias=AliasChoices("bind_address", "bindaddress", "host")
    )
    port: int = Field(default=DEFAULT_PORT, ge=1, le=65535)
    url_base: str = Field(default="", validation_alias=AliasChoices("url_base", "urlbase"))
    trusted_proxies: list[str] = Field(
        default_factory=list, validation_alias=AliasChoices("trusted_proxies", "trustedproxies")
    )
    embedded_worker: bool = True

    @field_validator("url_base")
    @classmethod
    def _normalise_url_base(cls, value: str) -> str:
        value = value.strip()
        if value in ("", "/"):
            return ""
        if not value.startswith("/"):
            value = "/" + value
        value = value.rstrip("/")
        if any(ch in value for ch in "?#\\ ") or "//" in value:
            raise ValueError("url_base must be a plain path such as /seedarr")
        return value


class AuthSection(_Section):
    api_key: Secret | None = Field(default=None, validation_alias=AliasChoices("api_key", "apikey"))
    method: AuthMethod = AuthMethod.FORMS
    required: AuthRequired = AuthRequired.ENABLED
    trust_cgnat: bool = Field(default=False, validation_alias=AliasChoices("trust_cgnat", "trustcgnat"))
    session_days: int = Field(default=30, ge=1, le=365)

    @field_validator("api_key", mode="before")
    @classmethod
    def _check_api_key(cls, value: object) -> object:
        from seedarr.validation import validate_api_key

        if value is None or value == "":
            return None
        raw = value.reveal() if isinstance(value, Secret) else str(value)
        if raw.startswith(ENCRYPTED_PREFIX):
            return Secret(raw)  # decrypted by Settings once the data dir (and its key file) is known
        try:
            return Secret(validate_api_key(raw, field="auth.api_key"))
        except ValidationFailed as exc:
            raise ValueError(exc.problem) from None


class LogSection(_Section):
    level: str = "info"
    json_console: bool = True
    file_size_limit_kb: int = Field(default=1024, ge=16)
    file_count: int = Field(default=50, ge=1)

    @field_validator("level")
    @classmethod
    def _check_level(cls, value: str) -> str:
        value = value.lower()
        if value == "warn":
            value = "warning"
        if value == "trace":
            value = "debug"
        if value not in ("debug", "info", "warning", "error"):
            raise ValueError("level must be one of trace, debug, info, warn, error")
        return value


class AppSection(_Section):
    instance_name: str = Field(
        default="Seedarr", validation_alias=AliasChoices("instance_name", "instancename")
    )


class MediaSection(_Section):
    roots: list[Path] = Field(default_factory=list)


class DatabaseSection(_Section):
    url: str | None = None


class ProwlarrSection(_Section):
    """The Prowlarr whose indexers can be imported as trackers and searched as a dupe fallback."""

    url: str | None = None
    api_key: Secret | None = Field(default=None, validation_alias=AliasChoices("api_key", "apikey"))

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        return _optional_url(value, "prowlarr.url")

    @field_validator("api_key", mode="before")
    @classmethod
    def _check_api_key(cls, value: object) -> object:
        return _host_api_key(value)


def _optional_url(value: str | None, field: str) -> str | None:
    if value is None or not value.strip():
        return None
    from seedarr.errors import ValidationFailed
    from seedarr.validation import validate_url

    try:
        return validate_url(value.strip(), field=field).rstrip("/")
    except ValidationFailed as exc:
        raise ValueError(exc.problem) from None


class FlareSolverrSection(_Section):
    """The FlareSolverr that solves Cloudflare challenges for trackers behind it (None: not configured)."""

    url: str | None = None
    max_timeout_s: float = Field(default=60.0, ge=5, le=300)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        return _optional_url(value, "flaresolverr.url")


def _host_api_key(value: object) -> Secret | None:
    """An image host's API key, blanks removed; an ``enc:`` value is decrypted later by ``Settings``."""
    from seedarr.domain.text import strip_invisible

    if value is None or value == "":
        return None
    raw = strip_invisible(value.reveal() if isinstance(value, Secret) else str(value)).strip()
    if not raw or len(raw) > 512 or any(ch.isspace() for ch in raw):
        raise ValueError("must be the API key the host gives, without spaces")
    return Secret(raw)


class _HostSection(_Section):
    base_url: str
    max_upload_bytes: int

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        from seedarr.validation import validate_url

        try:
            return validate_url(value, field="base_url").rstrip("/")
        except ValidationFailed as exc:
            raise ValueError(exc.problem) from None


class _KeyedHostSection(_HostSection):
    api_key: Secret | None = Field(default=None, validation_alias=AliasChoices("api_key", "apikey"))

    @field_validator("api_key", mode="before")
    @classmethod
    def _check_api_key(cls, value: object) -> object:
        return _host_api_key(value)


class ImgbbSection(_KeyedHostSection):
    base_url: str = "https://api.imgbb.com"
    max_upload_bytes: int = Field(default=32 * 1024 * 1024, ge=64 * 1024, le=32 * 1024 * 1024)
    expiration_s: int | None = Field(default=None, ge=60, le=15_552_000)  # ImgBB deletes it after; None keeps


class PtpimgSection(_KeyedHostSection):
    base_url: str = "https://ptpimg.me"
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=64 * 1024)


class PixhostSection(_HostSection):
    base_url: str = "https://api.pixhost.to"
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=64 * 1024, le=10 * 1024 * 1024)
    content_type: Literal[0, 1] = 0  # 0 family safe, 1 adult
    max_th_size: int = Field(default=420, ge=150, le=500)  # thumbnail size in pixels


class ImageHostsSection(_Section):
    """Screenshot hosts: ``order`` is the fallback order; a host without its API key is skipped."""

    order: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["imgbb", "ptpimg", "pixhost"])
    concurrency: int = Field(default=3, ge=1, le=8)
    timeout_s: float = Field(default=60.0, gt=0, le=600)
    imgbb: ImgbbSection = Field(default_factory=ImgbbSection)
    ptpimg: PtpimgSection = Field(default_factory=PtpimgSection)
    pixhost: PixhostSection = Field(default_factory=PixhostSection)

    @field_validator("order", mode="before")
    @classmethod
    def _split_order(cls, value: object) -> object:
        if isinstance(value, str):  # SEEDARR__IMAGE_HOSTS__ORDER=imgbb,pixhost (or a JSON list)
            text = value.strip()
            return json.loads(text) if text.startswith("[") else [p for p in text.split(",") if p.strip()]
        return value

    @field_validator("order")
    @classmethod
    def _known_hosts(cls, value: list[str]) -> list[str]:
        known = ("imgbb", "ptpimg", "pixhost")
        names = [name.strip().lower() for name in value]
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(f"unknown image host {unknown[0]!r} (known: {', '.join(known)})")
        if len(set(names)) != len(names):
            raise ValueError("names a host twice")
        return names

    def keyed_sections(self) -> tuple[_KeyedHostSection, ...]:
        return (self.imgbb, self.ptpimg)


class _HostFileSource(PydanticBaseSettingsSource):
    """Reads ``config.toml`` from the data dir; a broken file is a clear configuration error."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path) -> None:
        super().__init__(settings_cls)
        self.path = path

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            with self.path.open("rb") as handle:
                return tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigurationError(f"cannot read {self.path}: {exc}") from exc


class Settings(BaseSettings):
    """Everything a Seedarr process knows before the database is open."""

    model_config = SettingsConfigDict(
        env_prefix="SEEDARR__",
        env_nested_delimiter="__",
        case_sensitive=False,
        extra="ignore",
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    server: ServerSection = Field(default_factory=ServerSection)
    auth: AuthSection = Field(default_factory=AuthSection)
    log: LogSection = Field(default_factory=LogSection)
    app: AppSection = Field(default_factory=AppSection)
    media: MediaSection = Field(default_factory=MediaSection)
    database: DatabaseSection = Field(default_factory=DatabaseSection)
    image_hosts: ImageHostsSection = Field(default_factory=ImageHostsSection)
    flaresolverr: FlareSolverrSection = Field(default_factory=FlareSolverrSection)
    prowlarr: ProwlarrSection = Field(default_factory=ProwlarrSection)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        init_values = init_settings()
        data_dir = Path(init_values.get("data_dir") or default_data_dir())
        return (init_settings, env_settings, _HostFileSource(settings_cls, data_dir / HOST_FILE_NAME))

    @model_validator(mode="after")
    def _decrypt_file_secrets(self) -> Settings:
        key = self.auth.api_key
        if key is not None and key.reveal().startswith(ENCRYPTED_PREFIX):
            from seedarr.validation import validate_api_key

            plain = SecretBox.for_data_dir(self.data_dir).decrypt(key.reveal())
            self.auth.api_key = Secret(validate_api_key(plain, field="auth.api_key"))
        keyed: list[_KeyedHostSection | ProwlarrSection] = [*self.image_hosts.keyed_sections(), self.prowlarr]
        for section in keyed:
            if section.api_key is not None and section.api_key.reveal().startswith(ENCRYPTED_PREFIX):
                section.api_key = Secret(
                    SecretBox.for_data_dir(self.data_dir).decrypt(section.api_key.reveal())
                )
        return self

    @property
    def host_file(self) -> Path:
        return self.data_dir / HOST_FILE_NAME

    @property
    def database_url(self) -> str:
        """The async URL: ``SEEDARR_DATABASE_URL``, else ``database.url``, else SQLite in the data dir."""
        url = os.environ.get("SEEDARR_DATABASE_URL") or self.database.url
        if not url:
            return f"sqlite+aiosqlite:///{self.data_dir / 'seedarr.db'}"
        return normalise_database_url(url)

    def env_overrides(self) -> set[str]:
        """Dotted names of the settings the environment sets (the UI shows them read-only)."""
        found: set[str] = set()
        for key in os.environ:
            upper = key.upper()
            if upper.startswith("SEEDARR__"):
                found.add(upper.removeprefix("SEEDARR__").replace("__", ".").lower())
        return found


def normalise_database_url(url: str) -> str:
    """Map plain ``postgresql://`` and ``sqlite://`` URLs to their async drivers."""
    for plain, driver in (
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
        ("sqlite:///", "sqlite+aiosqlite:///"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    if url.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
        return url
    raise ConfigurationError(
        "unsupported database URL: use postgresql://user@host:port/db or sqlite:///path",
        hint="set SEEDARR_DATABASE_URL",
    )


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; invalid values raise :class:`ConfigurationError` naming the setting."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        raise ConfigurationError(f"invalid settings: {problems}") from None
