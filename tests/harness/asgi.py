"""An httpx client talking to the app in-process, as if from a given address."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI


def asgi_client(application: FastAPI, client_ip: str = "127.0.0.1", **kwargs: Any) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=application, client=(client_ip, 50123))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", **kwargs)
