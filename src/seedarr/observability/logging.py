"""Structured logging: JSON lines to stderr and to a rotating file in ``<data dir>/logs/``.

Every record, ours or a library's (uvicorn, SQLAlchemy, httpx), goes through one structlog pipeline whose
last step is :func:`~seedarr.observability.redaction.redact_event`. Context variables bound for a request
(``request_id``) or a job (``job_id``) appear on every line written while they are bound.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from typing import Any

import structlog

from seedarr.observability.redaction import redact_event

__all__ = ["LOG_FILE_NAME", "configure_logging", "get_logger"]

LOG_FILE_NAME = "seedarr.log"
_FILE_HANDLER_NAME = "seedarr-file"
_CONSOLE_HANDLER_NAME = "seedarr-console"


def _shared_processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
    ]


def _drop_color_message(_logger: object, _method: str, event_dict: Any) -> Any:
    """uvicorn duplicates its messages with ANSI colour codes in ``color_message``: keep the plain one."""
    event_dict.pop("color_message", None)
    return event_dict


def _formatter(json_output: bool) -> structlog.stdlib.ProcessorFormatter:
    renderer: Any = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json_output
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            _drop_color_message,
            structlog.processors.format_exc_info,
            redact_event,
            renderer,
        ],
    )


def configure_logging(
    *,
    level: str = "info",
    log_dir: Path | None = None,
    json_console: bool = True,
    file_size_limit_kb: int = 1024,
    file_count: int = 50,
    stream: Any = None,
) -> None:
    """Route every logger through structlog with redaction; idempotent (handlers are replaced)."""
    structlog.configure(
        processors=[
            *_shared_processors(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() in (_FILE_HANDLER_NAME, _CONSOLE_HANDLER_NAME):
            root.removeHandler(handler)
            handler.close()

    console = logging.StreamHandler(stream or sys.stderr)
    console.set_name(_CONSOLE_HANDLER_NAME)
    console.setFormatter(_formatter(json_console))
    root.addHandler(console)

    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            log_dir / LOG_FILE_NAME,
            maxBytes=file_size_limit_kb * 1024,
            backupCount=file_count,
            encoding="utf-8",
        )
        file_handler.set_name(_FILE_HANDLER_NAME)
        file_handler.setFormatter(_formatter(True))
        root.addHandler(file_handler)

    root.setLevel(level.upper())
    # uvicorn's own access log is replaced by ours (which redacts query strings)
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    for noisy in ("httpx", "httpcore", "aiosqlite", "asyncio", "multipart", "alembic.runtime.migration"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def get_logger(name: str | None = None) -> Any:
    """A structlog logger bound to ``name``."""
    return structlog.stdlib.get_logger(name)
