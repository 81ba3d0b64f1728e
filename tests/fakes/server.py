"""Run an ASGI app (a fake service) with uvicorn in a background thread on a free loopback port."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from starlette.types import ASGIApp

from harness.ports import free_port

__all__ = ["serve_in_thread"]


@contextmanager
def serve_in_thread(app: ASGIApp, *, name: str, probe_path: str = "/") -> Iterator[str]:
    """Yield ``http://127.0.0.1:PORT`` once the server answers ``probe_path`` (any status)."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="off", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"fake-{name}-{port}", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        if server.started:
            try:
                httpx.get(url + probe_path, timeout=2)
                break
            except httpx.HTTPError:
                pass
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the fake {name} server did not start")
        time.sleep(0.02)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
