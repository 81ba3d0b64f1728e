"""The image_uploads table: nothing uploaded twice across a database round trip, delete links encrypted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fakes.imgbb import FakeImgbb
from fakes.pixhost import FakePixhost
from seedarr.db.engine import create_engine, session_factory
from seedarr.imagehosts.base import HostedImage
from seedarr.imagehosts.chain import ImageHostChain
from seedarr.imagehosts.imgbb import ImgbbHost
from seedarr.imagehosts.pixhost import PixhostHost
from seedarr.imagehosts.store import DbUploadStore, MemoryUploadStore, UploadStore, file_sha256
from seedarr.secrets import Secret

Sessions = async_sessionmaker[AsyncSession]


async def test_a_second_run_after_a_database_round_trip_uploads_nothing(
    db_url: str,
    sessions: Sessions,
    make_imgbb: Callable[..., ImgbbHost],
    make_pixhost: Callable[..., PixhostHost],
    imgbb_fake: FakeImgbb,
    pixhost_fake: FakePixhost,
    shots: list[Path],
) -> None:
    first = await ImageHostChain([make_imgbb(), make_pixhost()], DbUploadStore(sessions)).upload(shots)
    assert (first.uploaded, imgbb_fake.uploads) == (4, 4)

    engine = create_engine(db_url)  # another process: a new engine, new hosts, a new chain
    try:
        store = DbUploadStore(session_factory(engine))
        second = await ImageHostChain([make_imgbb(), make_pixhost()], store).upload(shots)
        stored = await store.find(await file_sha256(shots[0]))
    finally:
        await engine.dispose()

    assert (second.uploaded, second.reused) == (0, 4)
    assert (imgbb_fake.uploads, len(imgbb_fake.received), pixhost_fake.uploads) == (4, 4, 0)
    assert second.links == first.links
    (row,) = stored
    assert row.delete_url is not None and first.images[0].delete_url is not None
    assert row.delete_url.reveal() == first.images[0].delete_url.reveal()


async def test_the_delete_link_is_encrypted_at_rest(sessions: Sessions, db_url: str) -> None:
    delete = "https://ibb.co/abc1234/0f9e8d7c6b5a49382716a5b4c3d2e1f0"
    image = HostedImage(
        "imgbb", "https://i.ibb.co/a/x.png", "https://i.ibb.co/t/x.png", "https://ibb.co/a", Secret(delete)
    )
    await DbUploadStore(sessions).save("ab" * 32, image)

    async with sessions() as session:
        stored = (await session.execute(text("SELECT delete_url, full_url FROM image_uploads"))).one()
    assert stored.delete_url.startswith("enc:v1:") and delete not in stored.delete_url
    assert stored.full_url == image.full_url
    assert delete.encode() not in _database_bytes(db_url)
    assert b"enc:v1:" in _database_bytes(db_url)  # the files do hold the row, encrypted


def _database_bytes(url: str) -> bytes:
    """The SQLite file and its write-ahead log, as stored on disk."""
    database = Path(url.removeprefix("sqlite+aiosqlite:///"))
    files = [database, database.with_name(database.name + "-wal")]
    return b"".join(path.read_bytes() for path in files if path.exists())


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["db", "memory"])
def store_and_clock(request: pytest.FixtureRequest, sessions: Sessions) -> tuple[UploadStore, _Clock]:
    clock = _Clock()
    store: UploadStore = (
        DbUploadStore(sessions, clock=clock) if request.param == "db" else MemoryUploadStore(clock=clock)
    )
    return store, clock


async def test_an_expired_copy_is_not_offered(store_and_clock: tuple[UploadStore, _Clock]) -> None:
    store, clock = store_and_clock
    expires = clock.now + timedelta(hours=1)
    await store.save(
        "cd" * 32, HostedImage("imgbb", "https://i/full.png", "https://i/t.png", "https://v", None, expires)
    )
    await store.save(
        "cd" * 32, HostedImage("pixhost", "https://img1/full.png", "https://t1/t.png", "https://s")
    )

    assert {i.host for i in await store.find("cd" * 32)} == {"imgbb", "pixhost"}
    clock.now += timedelta(hours=2)
    assert [i.host for i in await store.find("cd" * 32)] == ["pixhost"]
    assert await store.find("ef" * 32) == []


async def test_a_new_copy_on_the_same_host_replaces_the_old_one(
    store_and_clock: tuple[UploadStore, _Clock],
) -> None:
    store, _ = store_and_clock
    await store.save(
        "12" * 32, HostedImage("ptpimg", "https://p/old.png", "https://p/old.png", "https://p/old.png")
    )
    await store.save(
        "12" * 32, HostedImage("ptpimg", "https://p/new.png", "https://p/new.png", "https://p/new.png")
    )

    (image,) = await store.find("12" * 32)
    assert image.full_url == "https://p/new.png" and image.delete_url is None
