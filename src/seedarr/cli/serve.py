"""``seedarr serve`` (web app + embedded worker) and ``seedarr worker``."""

from __future__ import annotations

import typer

__all__ = ["register"]


def serve(
    host: str | None = typer.Option(
        None, "--host", help="Address to bind (default: server.bind_address, 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, "--port", help="Port to listen on (default: server.port, 8411)."),
    no_worker: bool = typer.Option(False, "--no-worker", help="Do not start the embedded pipeline worker."),
) -> None:
    """Serve the web UI and the API (http://127.0.0.1:8411 by default)."""
    import uvicorn

    from seedarr.settings import load_settings
    from seedarr.web.app import create_app

    settings = load_settings()
    if host:
        settings.server.bind_address = host
    if port:
        if not 1 <= port <= 65535:
            raise typer.BadParameter("must be between 1 and 65535", param_hint="--port")
        settings.server.port = port
    if no_worker:
        settings.server.embedded_worker = False
    app = create_app(settings)
    uvicorn.run(
        app,
        host=settings.server.bind_address,
        port=settings.server.port,
        proxy_headers=False,
        access_log=False,
        log_config=None,
        server_header=False,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
