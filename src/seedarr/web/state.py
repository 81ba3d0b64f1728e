"""What the running web app holds: settings, database, the shared HTTP client and tracker helpers, checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from seedarr.health import HealthService
from seedarr.secrets import Secret
from seedarr.settings import Settings
from seedarr.trackers.adapters import TrackerServices
from seedarr.web.ratelimit import LoginThrottle

__all__ = ["AppState"]


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    http: httpx.AsyncClient
    health: HealthService
    api_key: Secret
    csrf_key: bytes
    started_at: datetime
    tracker_services: TrackerServices = field(default_factory=TrackerServices)
    login_throttle: LoginThrottle = field(default_factory=LoginThrottle)
