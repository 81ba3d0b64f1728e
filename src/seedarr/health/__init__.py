"""Health checks: what is wrong right now, for ``/health/*``, ``/api/v1/health`` and ``seedarr doctor``."""

from seedarr.health.checks import CheckResult, CheckStatus, HealthCheck
from seedarr.health.service import HealthService

__all__ = ["CheckResult", "CheckStatus", "HealthCheck", "HealthService"]
