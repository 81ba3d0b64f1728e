"""Secrets mask themselves and are encrypted at rest."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel
from sqlalchemy import text

from seedarr.db import migrate
from seedarr.db.engine import create_engine, session_factory
from seedarr.db.models import Setting
from seedarr.db.types import use_secret_box
from seedarr.errors import ConfigurationError, DataError
from seedarr.secrets import MASK, Secret, SecretBox

VALUE = "passkey-0f1e2d3c4b5a69788796a5b4"


def test_secret_masks_itself_everywhere() -> None:
    secret = Secret(VALUE)
    assert VALUE not in repr(secret)
    assert str(secret) == MASK
    assert f"{secret}" == MASK
    assert f"{secret!r}" == f"Secret('{MASK}')"
    assert secret.reveal() == VALUE

    class Model(BaseModel):
        key: Secret

    model = Model(key=VALUE)
    assert VALUE not in model.model_dump_json()
    assert json.loads(model.model_dump_json()) == {"key": MASK}
    assert VALUE not in repr(model)
    assert Model.model_json_schema()["properties"]["key"]["writeOnly"] is True


def test_secret_box_key_file_and_round_trip(tmp_path) -> None:
    box = SecretBox.for_data_dir(tmp_path)
    key_file = tmp_path / "secret.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    token = box.encrypt(VALUE)
    assert token.startswith("enc:v1:") and VALUE not in token
    assert box.decrypt(token) == VALUE
    other = SecretBox.for_data_dir(tmp_path / "other")
    with pytest.raises(DataError, match="cannot be decrypted"):
        other.decrypt(token)


def test_damaged_key_file_is_a_clear_error(tmp_path) -> None:
    (tmp_path / "secret.key").write_text("not a key")
    with pytest.raises(ConfigurationError, match="damaged"):
        SecretBox.for_data_dir(tmp_path)


async def test_secret_column_stores_ciphertext_only(tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/db.sqlite"
    use_secret_box(SecretBox.for_data_dir(tmp_path))
    await migrate.upgrade(url)
    engine = create_engine(url)
    try:
        sessions = session_factory(engine)
        async with sessions() as db:
            db.add(Setting(key="tracker.passkey", value=None, secret=Secret(VALUE)))
            await db.commit()
        async with engine.connect() as connection:
            raw = (await connection.execute(text("SELECT secret FROM settings"))).scalar_one()
        assert raw.startswith("enc:v1:")
        assert VALUE not in raw
        async with sessions() as db:
            stored = await db.get(Setting, "tracker.passkey")
            assert stored is not None and stored.secret is not None
            assert stored.secret.reveal() == VALUE
    finally:
        await engine.dispose()
    assert VALUE.encode() not in (tmp_path / "db.sqlite").read_bytes()


async def test_data_dir_and_database_are_private(app, settings) -> None:
    assert settings.data_dir.stat().st_mode & 0o777 == 0o700
    assert (settings.data_dir / "seedarr.db").stat().st_mode & 0o777 == 0o600
