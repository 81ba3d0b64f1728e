"""What ``seedarr doctor`` runs: the built-in checks and every configured service, without the web app."""

from __future__ import annotations

from seedarr.health.builtin import builtin_checks
from seedarr.health.checks import CheckResult, CheckStatus, HealthCheck
from seedarr.health.service import HealthService

__all__ = ["run_doctor"]


async def run_doctor() -> tuple[list[CheckResult], set[str]]:
    """Every check's result and the sources whose failure makes the doctor fail."""
    import httpx

    from seedarr.db.engine import create_engine, session_factory
    from seedarr.db.types import use_secret_box
    from seedarr.errors import SeedarrError
    from seedarr.health.services import service_checks
    from seedarr.secrets import SecretBox
    from seedarr.settings import load_settings
    from seedarr.trackers.adapters import tracker_services

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
    http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
    if engine is not None and settings.data_dir.exists():
        # configured services: their settings live in the database, whose secrets need the data dir's key
        use_secret_box(SecretBox.for_data_dir(settings.data_dir))
        checks += service_checks(settings, session_factory(engine), http, tracker_services(settings, http))
    try:
        results = await HealthService(checks, timeout_s=10.0).results(fresh=True)
    finally:
        await http.aclose()
        if engine is not None:
            await engine.dispose()
    required = {c.source for c in checks if c.required} | {"DatabaseCheck"}
    return extra + results, required
