"""One rate limit per tracker account, whichever adapter instance sends (the API builds one per request)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from fakes.unit3d import FakeUnit3d
from seedarr.errors import RateLimited
from seedarr.metadata.http import RetryOptions
from seedarr.trackers.families.unit3d import Unit3dAdapter


async def test_adapters_of_one_account_share_a_lane_and_others_do_not(
    make_adapter: Callable[..., Unit3dAdapter],
) -> None:
    first, second = make_adapter("unit3d"), make_adapter("unit3d")
    other_account = make_adapter("unit3d", apiKey="an0ther-t0ken-for-the-same-site")
    other_site = make_adapter("generation-free")
    lane = first._policy._lane()
    assert second._policy._lane() is lane  # same site, same credential: one limit
    assert other_account._policy._lane() is not lane
    assert other_site._policy._lane() is not lane


async def test_a_retry_after_pauses_every_adapter_of_the_account(
    make_adapter: Callable[..., Unit3dAdapter], unit3d_fake: FakeUnit3d
) -> None:
    second = make_adapter("unit3d")
    # the same account, trying once: the 429 comes back to it at once, with the pause recorded
    first = Unit3dAdapter(second.definition, second.settings, second._http, retry=RetryOptions(attempts=1))
    unit3d_fake.fail_next(429, retry_after="1")
    with pytest.raises(RateLimited):
        await first.test_connection()
    started = time.monotonic()
    await second.test_connection()  # another instance of the account waits out the pause first
    assert time.monotonic() - started >= 0.9
