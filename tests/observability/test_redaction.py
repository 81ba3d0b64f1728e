"""No secret reaches a log line or a response: planted values, query keys, announce passkeys, headers."""

from __future__ import annotations

import io
import json
import logging

import pytest
import structlog

from harness.asgi import asgi_client
from seedarr.observability.logging import LOG_FILE_NAME, configure_logging
from seedarr.observability.redaction import redact_text
from seedarr.secrets import Secret
from seedarr.web.app import create_app

PLANTED = "s3cr3t-planted-value-4f1c9a"
PASSKEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def captured_logs(tmp_path):
    stream = io.StringIO()
    configure_logging(level="debug", log_dir=tmp_path / "logs", stream=stream)
    yield stream, tmp_path / "logs" / LOG_FILE_NAME
    configure_logging(level="warning", stream=io.StringIO())


async def test_secrets_never_reach_logs_or_responses(make_settings, captured_logs, monkeypatch) -> None:
    stream, log_file = captured_logs
    monkeypatch.setenv("SEEDARR__AUTH__API_KEY", "c0ffee00c0ffee00c0ffee00c0ffee00")
    settings = make_settings()
    planted = Secret(PLANTED)
    app = create_app(settings, configure_logs=False)
    bodies: list[str] = []
    async with app.router.lifespan_context(app), asgi_client(app) as http:
        key = app.state.seedarr.api_key.reveal()
        for response in (
            await http.get("/api/v1/system/status", params={"apikey": key}),
            await http.get("/api/v1/system/status", headers={"X-Api-Key": key}),
            await http.get("/api/v1/system/status", headers={"Authorization": f"Bearer {key}"}),
            await http.get("/api/v1/health", params={"apikey": "wrong" + PLANTED}),
            await http.get("/health/detailed", params={"apikey": key}),
            await http.get(f"/api/v1/filesystem?path=/x&passkey={PASSKEY}", headers={"X-Api-Key": key}),
        ):
            bodies.append(response.text + json.dumps(dict(response.headers)))
        log = structlog.stdlib.get_logger("seedarr.test")
        log.info("tracker_call", announce=f"https://tracker.example/announce/{PASSKEY}", secret=planted)
        log.info(f"uploading with https://t.example/{PASSKEY}/announce and token {PLANTED}")
        logging.getLogger("httpx").warning("GET https://api.example/search?api_token=%s&q=x", PASSKEY)
        log.warning("headers", headers={"Authorization": f"Bearer {PLANTED}", "X-Api-Key": key})
    text = stream.getvalue()
    file_text = log_file.read_text()
    assert "tracker_call" in text and "tracker_call" in file_text
    for output in (text, file_text, *bodies):
        assert PLANTED not in output
        assert PASSKEY not in output
        assert key not in output
    assert "apikey=********" in text


async def test_log_lines_are_json_with_the_request_id(make_settings, captured_logs) -> None:
    stream, _ = captured_logs
    app = create_app(make_settings(), configure_logs=False)
    async with app.router.lifespan_context(app), asgi_client(app) as http:
        given = "5b3f1d2e9c8a4b7d8e6f5a4b3c2d1e0f"
        echoed = await http.get("/ping", headers={"X-Request-ID": given})
        generated = await http.get("/health/live")
    assert echoed.headers["x-request-id"] == given
    assert len(generated.headers["x-request-id"]) >= 32
    records = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    access = [r for r in records if r.get("event") == "http_request"]
    assert {r["request_id"] for r in access} >= {given, generated.headers["x-request-id"]}
    assert all({"timestamp", "level", "logger"} <= r.keys() for r in records)


@pytest.mark.parametrize(
    ("raw", "secret"),
    [
        ("GET /api?apikey=abcdef123456&x=1", "abcdef123456"),
        ("https://tracker.example/announce.php?passkey=9f8e7d6c5b4a3f2e", "9f8e7d6c5b4a3f2e"),
        ("https://tracker.example/announce/9f8e7d6c5b4a3f2e9f8e", "9f8e7d6c5b4a3f2e9f8e"),
        ("https://tracker.example/9f8e7d6c5b4a3f2e9f8e/announce", "9f8e7d6c5b4a3f2e9f8e"),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGciOiJIUzI1NiJ9.payload.sig"),
        ("cookie: SeedarrAuth=abcdefgh12345678", "abcdefgh12345678"),
        ('{"api_token": "tok_1234567890"}', "tok_1234567890"),
    ],
)
def test_redact_text_patterns(raw: str, secret: str) -> None:
    assert secret not in redact_text(raw)
    assert "********" in redact_text(raw)


def test_redaction_keeps_ordinary_text() -> None:
    text = "Uploaded Film.2024.1080p.WEB-DL to 3 trackers in 12.5 s"
    assert redact_text(text) == text
