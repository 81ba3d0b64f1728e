"""Secrets: a value type that never shows itself, and encryption at rest.

:class:`Secret` wraps an API key, passkey, password or webhook URL. Its ``repr``/``str`` and its JSON form are
a mask; only :meth:`Secret.reveal` returns the value, and every value wrapped is remembered so the log
redactor can strip it from any line. :class:`SecretBox` encrypts values with Fernet using a key file
(``secret.key``, mode 0600) in the data dir; stored ciphertext carries the ``enc:v1:`` prefix.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from seedarr.errors import ConfigurationError, DataError

__all__ = ["ENCRYPTED_PREFIX", "MASK", "Secret", "SecretBox", "known_secret_values"]

MASK = "********"
ENCRYPTED_PREFIX = "enc:v1:"
KEY_FILE_NAME = "secret.key"
# Values shorter than this are not remembered for redaction: a 3-letter "secret" would mask ordinary words.
_MIN_REDACT_LENGTH = 6

_known_lock = threading.Lock()
_known_values: set[str] = set()


def known_secret_values() -> frozenset[str]:
    """Every secret value this process has wrapped, for the log redactor."""
    with _known_lock:
        return frozenset(_known_values)


class Secret:
    """A string that masks itself everywhere except :meth:`reveal`."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        self._value = str(value)
        if len(self._value) >= _MIN_REDACT_LENGTH:
            with _known_lock:
                _known_values.add(self._value)

    def reveal(self) -> str:
        """The real value: call only where it is sent to the service it belongs to."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            import hmac

            return hmac.compare_digest(self._value.encode(), other._value.encode())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: Any) -> Secret:
            if isinstance(value, Secret):
                return value
            if isinstance(value, str):
                return cls(value)
            raise ValueError("must be a string")

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda _v: MASK),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "format": "password", "writeOnly": True}


class SecretBox:
    """Fernet encryption with the data dir's key file (created on first use, mode 0600)."""

    _cache: dict[Path, SecretBox] = {}
    _cache_lock = threading.Lock()

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._fernet = Fernet(key)

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> SecretBox:
        path = (Path(data_dir) / KEY_FILE_NAME).resolve()
        with cls._cache_lock:
            box = cls._cache.get(path)
            if box is None:
                box = cls(_load_or_create_key(path))
                cls._cache[path] = box
            return box

    def derive_key(self, purpose: bytes) -> bytes:
        """A separate 32-byte key for ``purpose`` (CSRF signing, …), derived from the data dir's key."""
        import hashlib
        import hmac

        return hmac.new(self._key, purpose, hashlib.sha256).digest()

    def encrypt(self, value: str | Secret) -> str:
        plain = value.reveal() if isinstance(value, Secret) else value
        return ENCRYPTED_PREFIX + self._fernet.encrypt(plain.encode()).decode()

    def decrypt(self, stored: str) -> str:
        if not stored.startswith(ENCRYPTED_PREFIX):
            raise DataError("stored secret is not encrypted with Seedarr's format")
        try:
            return self._fernet.decrypt(stored[len(ENCRYPTED_PREFIX) :].encode()).decode()
        except InvalidToken:
            raise DataError(
                "a stored secret cannot be decrypted: the key file does not match the data",
                hint=f"restore the original {KEY_FILE_NAME} or enter the secret again",
            ) from None


def _load_or_create_key(path: Path) -> bytes:
    try:
        key = path.read_bytes().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Fernet.generate_key()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process won the race: use its key
            return path.read_bytes().strip()
        with os.fdopen(fd, "wb") as handle:
            handle.write(key + b"\n")
        return key
    except OSError as exc:
        raise ConfigurationError(f"cannot read the key file {path}: {exc.strerror}") from exc
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    try:
        Fernet(key)
    except ValueError:
        raise ConfigurationError(f"the key file {path} is damaged (not a Fernet key)") from None
    return key
