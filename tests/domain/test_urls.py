"""Secrets in URLs are masked, the rest of the URL stays readable."""

from __future__ import annotations

import pytest

from seedarr.domain.urls import mask_url_secrets


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("https://t.example/announce/0123456789abcdef0123456789abcdef", "https://t.example/announce/***"),
        ("https://t.example/announce?passkey=s3cr3t&x=1", "https://t.example/announce?passkey=***&x=1"),
        (
            "https://t.example/a.php?apikey=k&api_token=t&token=z",
            "https://t.example/a.php?apikey=***&api_token=***&token=***",
        ),
        ("https://t.example/Ab3dE5gH7jK9mN1pQ/announce", "https://t.example/***/announce"),
        ("https://user:pw@t.example/announce", "https://***@t.example/announce"),
        ("https://t.example/announcements/latest", "https://t.example/announcements/latest"),
        ("udp://tracker.example:1337/announce", "udp://tracker.example:1337/announce"),
        ("https://t.example/api?PassKey=abc", "https://t.example/api?PassKey=***"),
    ],
)
def test_mask_url_secrets(url: str, masked: str) -> None:
    assert mask_url_secrets(url) == masked


def test_never_raises_on_garbage() -> None:
    assert mask_url_secrets("http://[::1") == "***"
