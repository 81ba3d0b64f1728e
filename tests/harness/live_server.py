"""A real uvicorn server running Seedarr in a background thread on a free loopback port."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn

from harness.ports import free_port
from seedarr.settings import Settings
from seedarr.web.app import create_app


@dataclass
class LiveServer:
    url: str
    settings: Settings

    @property
    def api_key(self) -> str:
        key = self.settings.auth.api_key
        assert key is not None
        return key.reveal()


@contextmanager
def run_live_server(settings: Settings, *, configure_logs: bool = False) -> Iterator[LiveServer]:
    port = free_port()
    settings.server.port = port
    app = create_app(settings, configure_logs=configure_logs)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"seedarr-live-{port}", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}{settings.server.url_base}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.started:
            try:
                if httpx.get(f"{base}/ping", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
        if not thread.is_alive():
            raise RuntimeError("the live server stopped during start-up")
        time.sleep(0.05)
    else:
        server.should_exit = True
        raise RuntimeError("the live server did not start within 30 s")
    try:
        yield LiveServer(url=base, settings=settings)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
