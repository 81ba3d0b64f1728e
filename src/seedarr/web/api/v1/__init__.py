"""``/api/v1``: every router here requires the API key."""

from __future__ import annotations

from fastapi import APIRouter

from seedarr.web.api.v1 import filesystem, prowlarr, releases, system, templates, trackers
from seedarr.web.deps import ApiAccess

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1",
    dependencies=[ApiAccess],
    responses={401: {"description": "Missing or invalid API key."}},
)
router.include_router(system.router)
router.include_router(filesystem.router)
router.include_router(templates.router)
router.include_router(releases.router)
router.include_router(trackers.router)
router.include_router(prowlarr.router)
