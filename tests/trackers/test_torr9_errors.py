"""torr9: session renewal, the static-token fallback, error mapping, and secrets kept out of every text."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fakes.server import serve_in_thread
from fakes.torr9 import API_KEY, PASSWORD, USERNAME, FakeTorr9, torr9_adapter
from harness.tracker_samples import movie_release, uhd_remux_release
from seedarr.errors import ServiceUnavailable
from seedarr.trackers.base import (
    AlreadyOnTracker,
    SearchQuery,
    TrackerAuthError,
    TrackerRejected,
    UploadOutcomeUnknown,
)
from seedarr.trackers.custom.torr9 import Adapter

MOVIE_FILE = {"Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv": 30_000}
QUERY = SearchQuery("movie", title="Le Film", year=2021)
SEARCH, UPLOAD, LOGIN = "/api/v1/torrents", "/api/v1/torrents/upload", "/api/v1/auth/login"


@pytest.fixture(scope="module")
def _server() -> Iterator[tuple[FakeTorr9, str]]:
    fake = FakeTorr9(USERNAME, PASSWORD, API_KEY)
    with serve_in_thread(fake.app(), name="torr9", probe_path="/probe") as url:
        yield fake, url


@pytest.fixture
def fake(_server: tuple[FakeTorr9, str]) -> FakeTorr9:
    fake, url = _server
    fake.reset(expected_origin=url)
    return fake


@pytest.fixture
def make(_server: tuple[FakeTorr9, str], http: httpx.AsyncClient, fake: FakeTorr9) -> Callable[..., Adapter]:
    def factory(*, client: httpx.AsyncClient | None = None, **values: Any) -> Adapter:
        return torr9_adapter(_server[1], client or http, **values)

    return factory


@pytest.fixture
def torrent(make_torrent: Callable[..., Path]) -> Path:
    return make_torrent(MOVIE_FILE, source="TORR9")


async def test_an_expired_session_means_exactly_one_new_login(
    make: Callable[..., Adapter], fake: FakeTorr9, torrent: Path
) -> None:
    adapter = make()
    assert await adapter.search(QUERY) == []
    fake.expire_tokens()
    result = await adapter.upload(adapter.build_upload(movie_release("torr9", torrent)))
    assert result.torrent_id and (fake.logins, fake.uploads) == (2, 1)
    assert fake.paths() == [
        f"POST {LOGIN}",
        f"GET {SEARCH}",
        f"POST {UPLOAD}",
        f"POST {LOGIN}",
        f"POST {UPLOAD}",
    ]


async def test_a_token_about_to_expire_is_renewed_before_use(
    make: Callable[..., Adapter], fake: FakeTorr9
) -> None:
    fake.token_ttl_s = 10  # inside the adapter's safety margin
    adapter = make()
    await adapter.search(QUERY)
    await adapter.search(QUERY)
    assert fake.paths() == [f"POST {LOGIN}", f"GET {SEARCH}"] * 2


async def test_a_second_401_is_an_auth_error(make: Callable[..., Adapter], fake: FakeTorr9) -> None:
    adapter = make()
    await adapter.search(QUERY)
    fake.fail_next(401, count=2, path=SEARCH)
    with pytest.raises(TrackerAuthError) as caught:
        await adapter.search(QUERY)
    assert caught.value.status_code == 401 and caught.value.needs_user
    assert fake.logins == 2 and fake.paths().count(f"GET {SEARCH}") == 3


async def test_a_static_token_is_not_renewed(make: Callable[..., Adapter], fake: FakeTorr9) -> None:
    adapter = make(username=None, password=None, apiKey="not-the-right-key")
    with pytest.raises(TrackerAuthError, match="Invalid token"):
        await adapter.test_connection()
    assert fake.paths() == ["GET /api/v1/categories"]


async def test_a_refused_login_falls_back_to_the_static_token(
    make: Callable[..., Adapter], fake: FakeTorr9
) -> None:
    adapter = make(password="wrong-password-1", apiKey=API_KEY)
    assert await adapter.search(QUERY) == []
    assert await adapter.search(QUERY) == []
    assert fake.logins == 0 and fake.paths() == [f"POST {LOGIN}", f"GET {SEARCH}", f"GET {SEARCH}"]
    assert fake.received[-1].headers["authorization"] == f"Bearer {API_KEY}"
    assert adapter.session.uses_login is False


async def test_a_refused_login_without_a_token_is_an_auth_error(make: Callable[..., Adapter]) -> None:
    with pytest.raises(TrackerAuthError, match="Invalid credentials") as caught:
        await make(password="wrong-password-1").test_connection()
    assert "wrong-password-1" not in str(caught.value)


async def test_403_is_neither_retried_nor_a_reason_to_log_in_again(
    make: Callable[..., Adapter], fake: FakeTorr9
) -> None:
    adapter = make()
    await adapter.search(QUERY)
    fake.fail_next(403, count=3, path=SEARCH, message="Compte suspendu")
    with pytest.raises(TrackerAuthError, match="Compte suspendu"):
        await adapter.search(QUERY)
    assert fake.logins == 1 and fake.paths().count(f"GET {SEARCH}") == 2


async def test_the_same_torrent_twice_is_already_on_the_tracker(
    make: Callable[..., Adapter], fake: FakeTorr9, torrent: Path
) -> None:
    adapter = make()
    request = adapter.build_upload(movie_release("torr9", torrent))
    await adapter.upload(request)
    with pytest.raises(AlreadyOnTracker, match="Torrent already exists") as caught:
        await adapter.upload(request)
    assert caught.value.status_code == 409 and fake.uploads == 1
    assert fake.paths().count(f"POST {UPLOAD}") == 2  # not retried


async def test_a_validation_refusal_carries_the_site_message(
    make: Callable[..., Adapter], fake: FakeTorr9, torrent: Path
) -> None:
    fake.resolutions = {2, 3, 5, 6, 10}  # a site without a 2160p id
    adapter = make()
    with pytest.raises(TrackerRejected, match="Invalid resolution_id: 1") as caught:
        await adapter.upload(adapter.build_upload(uhd_remux_release("torr9", torrent)))
    assert caught.value.status_code == 422 and fake.uploads == 0
    assert fake.paths().count(f"POST {UPLOAD}") == 1


async def test_a_200_with_an_error_is_a_refusal(
    make: Callable[..., Adapter], fake: FakeTorr9, torrent: Path
) -> None:
    adapter = make()
    request = adapter.build_upload(movie_release("torr9", torrent))
    fake.fail_next(200, path=UPLOAD, message="Titre déjà utilisé")
    with pytest.raises(TrackerRejected, match="Titre déjà utilisé"):
        await adapter.upload(request)
    assert fake.uploads == 0


async def test_429_waits_for_retry_after(
    make: Callable[..., Adapter], fake: FakeTorr9, torrent: Path
) -> None:
    adapter = make()
    request = adapter.build_upload(movie_release("torr9", torrent))
    fake.fail_next(429, retry_after="1", path=UPLOAD)
    started = time.monotonic()
    await adapter.upload(request)
    assert time.monotonic() - started >= 0.9
    assert fake.uploads == 1 and fake.paths().count(f"POST {UPLOAD}") == 2


async def test_5xx_is_retried_then_gives_up(make: Callable[..., Adapter], fake: FakeTorr9) -> None:
    adapter = make()
    fake.fail_next(502, count=2, path=SEARCH)
    assert await adapter.search(QUERY) == []
    assert fake.paths().count(f"GET {SEARCH}") == 3
    fake.fail_next(500, count=10, path=SEARCH)
    with pytest.raises(ServiceUnavailable):
        await adapter.search(QUERY)
    assert fake.paths().count(f"GET {SEARCH}") == 3 + 4  # FAST_RETRY.attempts


async def test_an_upload_without_answer_is_not_resent(
    make: Callable[..., Adapter], fake: FakeTorr9, torrent: Path
) -> None:
    async with httpx.AsyncClient(timeout=httpx.Timeout(0.3)) as client:
        adapter = make(client=client, username=None, password=None, apiKey=API_KEY)
        request = adapter.build_upload(movie_release("torr9", torrent))
        fake.delay_s = 0.8
        with pytest.raises(UploadOutcomeUnknown):
            await adapter.upload(request)
    assert fake.paths().count(f"POST {UPLOAD}") == 1


async def test_no_secret_in_any_error_or_repr(
    make: Callable[..., Adapter], fake: FakeTorr9, torrent: Path
) -> None:
    adapter = make(apiKey=API_KEY)
    result = await adapter.upload(adapter.build_upload(movie_release("torr9", torrent)))
    (jwt,) = fake._tokens
    texts = [repr(adapter.__dict__), repr(adapter.session.__dict__), repr(adapter.settings), repr(result)]
    fake.fail_next(401, count=2, path=SEARCH)
    for failing in (adapter.search(QUERY), make(password="wrong-password-2").test_connection()):
        with pytest.raises(TrackerAuthError) as caught:
            await failing
        texts += [str(caught.value), repr(caught.value)]
    leaked = [
        s for s in (PASSWORD, API_KEY, jwt, fake.passkey, "wrong-password-2") if any(s in t for t in texts)
    ]
    assert not leaked
