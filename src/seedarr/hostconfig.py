"""The host-settings file ``<data dir>/config.toml`` and the data dir itself.

:func:`prepare_data_dir` creates the folders a process needs and fails with a clear message when it cannot.
:func:`ensure_api_key` generates the 32-hex API key at first start (unless the environment sets one) and
stores it encrypted in the file; :func:`regenerate_api_key` replaces it.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from seedarr.errors import ConfigurationError
from seedarr.fsutil import atomic_write_bytes
from seedarr.secrets import Secret, SecretBox
from seedarr.settings import Settings

__all__ = [
    "ensure_api_key",
    "prepare_data_dir",
    "read_host_file",
    "regenerate_api_key",
    "restrict_database_files",
    "write_host_file",
]


def prepare_data_dir(settings: Settings) -> Path:
    """Create the data dir and its ``logs/`` and ``Backups/`` folders; check they are writable."""
    data_dir = settings.data_dir
    try:
        # the data dir holds the key file, the database and backups: private to the user running Seedarr
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        for folder in (data_dir / "logs", data_dir / "Backups"):
            folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"cannot create the data dir {data_dir}: {exc.strerror}",
            hint="set SEEDARR_DATA_DIR to a writable folder",
        ) from exc
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise ConfigurationError(
            f"the data dir {data_dir} is not writable", hint="fix its permissions or set SEEDARR_DATA_DIR"
        )
    return data_dir


def restrict_database_files(settings: Settings) -> None:
    """Make an SQLite database in the data dir readable by its owner only (it holds password hashes)."""
    database = settings.data_dir / "seedarr.db"
    if not settings.database_url.endswith(str(database)):
        return
    for path in (database, database.with_name("seedarr.db-wal"), database.with_name("seedarr.db-shm")):
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(0o600)


def read_host_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"cannot read {path}: {exc}") from exc


def write_host_file(path: Path, content: dict[str, Any]) -> None:
    """Write atomically (temp file + rename), mode 0600: the file holds the encrypted API key."""
    atomic_write_bytes(path, tomli_w.dumps(content).encode(), mode=0o600)


def _store_api_key(settings: Settings, key: str) -> Secret:
    content = read_host_file(settings.host_file)
    auth = dict(content.get("auth", {}))
    auth.pop("apikey", None)
    auth["api_key"] = SecretBox.for_data_dir(settings.data_dir).encrypt(key)
    content["auth"] = auth
    write_host_file(settings.host_file, content)
    secret = Secret(key)
    settings.auth.api_key = secret
    return secret


def ensure_api_key(settings: Settings) -> Secret:
    """The API key: from the environment or the file, else a new one written to the file."""
    if settings.auth.api_key is not None:
        return settings.auth.api_key
    return _store_api_key(settings, secrets.token_hex(16))


def regenerate_api_key(settings: Settings) -> Secret:
    if "auth.api_key" in settings.env_overrides() or "auth.apikey" in settings.env_overrides():
        raise ConfigurationError("the API key is set by the environment (SEEDARR__AUTH__API_KEY)")
    return _store_api_key(settings, secrets.token_hex(16))
