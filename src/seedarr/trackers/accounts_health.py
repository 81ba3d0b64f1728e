"""``TrackerAuthCheck``: configured trackers whose site refused the credentials (the account flag).

A tracker account is flagged when a site answers 401/403 (connection test, sync or upload); the flag stays
until a good test clears it. This check lists the flagged, enabled accounts as an error so the person sees
it on the health page and in ``seedarr doctor``; no enabled account flagged is OK. Not ``required``: the
other trackers keep working.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from seedarr.db.models.tracker_account import TrackerAccount
from seedarr.domain.urls import mask_url_secrets
from seedarr.health import CheckStatus, HealthCheck

__all__ = ["tracker_auth_check"]

Probe = tuple[CheckStatus, str, str | None]


def tracker_auth_check(sessions: async_sessionmaker[AsyncSession]) -> HealthCheck:
    """The check over every enabled tracker account of the database behind ``sessions``."""

    async def probe() -> Probe:
        async with sessions() as db:
            query = select(TrackerAccount.name, TrackerAccount.auth_message).where(
                TrackerAccount.enabled.is_(True), TrackerAccount.auth_status == "failed"
            )
            flagged = (await db.execute(query.order_by(TrackerAccount.name))).all()
            total = len((await db.execute(select(TrackerAccount.id))).all())
        if not flagged:
            return CheckStatus.OK, f"{total} tracker account(s), none refused", None
        listed = "; ".join(
            f"{name}: {mask_url_secrets(message) if message else 'credentials refused'}"
            for name, message in flagged
        )
        return (
            CheckStatus.ERROR,
            f"{len(flagged)} tracker(s) refused the credentials ({listed})",
            "enter a valid API key in the tracker's settings, then press Test",
        )

    return HealthCheck("TrackerAuthCheck", "Tracker accounts", probe, required=False)
