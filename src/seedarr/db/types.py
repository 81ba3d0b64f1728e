"""Column types: encrypted secrets and UTC timestamps.

:class:`EncryptedSecret` stores a :class:`~seedarr.secrets.Secret` as Fernet ciphertext (``enc:v1:…``) and
gives a ``Secret`` back; the plain value never reaches the database file. The box (key) comes from
:func:`use_secret_box`, called when a process opens its data dir.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from seedarr.errors import ConfigurationError
from seedarr.secrets import Secret, SecretBox

__all__ = ["EncryptedSecret", "UtcDateTime", "use_secret_box", "utcnow"]

_box: SecretBox | None = None


def use_secret_box(box: SecretBox) -> None:
    """Set the key used by every :class:`EncryptedSecret` column in this process."""
    global _box
    _box = box


def _current_box() -> SecretBox:
    if _box is None:
        raise ConfigurationError("secrets cannot be read or written before the data dir is opened")
    return _box


def utcnow() -> datetime:
    return datetime.now(UTC)


class EncryptedSecret(TypeDecorator[Secret]):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        secret = value if isinstance(value, Secret) else Secret(str(value))
        return _current_box().encrypt(secret)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Secret | None:
        if value is None:
            return None
        return Secret(_current_box().decrypt(value))


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on SQLite too (which stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
