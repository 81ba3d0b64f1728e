"""What ``seedarr doctor`` runs: the built-in checks plus the database as configured, without the web app."""

from __future__ import annotations

from seedarr.health.builtin import builtin_checks
from seedarr.health.checks import CheckResult, CheckStatus, HealthCheck
from seedarr.health.service import HealthService

__all__ = ["run_doctor"]


async def run_doctor() -> tuple[list[CheckResult], set[str]]:
    """Every check's result and the sources whose failure makes the doctor fail."""
    from seedarr.db.engine import create_engine
    from seedarr.errors import SeedarrError
    from seedarr.settings import load_settings

    settings = load_settings()
    engine = None
    extra: list[CheckResult] = []
    try:
        engine = create_engine(settings.database_url)
    except SeedarrError as exc:
        extra.append(
            CheckResult("DatabaseCheck", CheckStatus.ERROR, str(exc), hint="fix SEEDARR_DATABASE_URL")
        )
    checks: list[HealthCheck] = builtin_checks(settings, engine)
    if not settings.data_dir.exists():
        # nothing to check yet: the first start creates the folder (and the SQLite file in it)
        skipped = {"DataDirCheck"} | ({"DatabaseCheck"} if "sqlite" in settings.database_url else set())
        checks = [c for c in checks if c.source not in skipped]
        extra.append(
            CheckResult(
                "DataDirCheck", CheckStatus.NOTICE, f"{settings.data_dir} will be created at first start"
            )
        )
    try:
        results = await HealthService(checks, timeout_s=10.0).results(fresh=True)
    finally:
        if engine is not None:
            await engine.dispose()
    required = {c.source for c in checks if c.required} | {"DatabaseCheck"}
    return extra + results, required
