"""Build the adapter of a configured tracker: its family's engine or its custom module.

A definition names exactly one engine: ``family: unit3d`` (the :class:`~seedarr.trackers.families.unit3d.
Unit3dAdapter`) or ``adapter: <module>`` (``seedarr.trackers.custom.<module>.Adapter``). Every adapter is
constructed the same way: ``Adapter(definition, settings, http, retry=…, services=…)``, where
:class:`TrackerServices` carries what several trackers share (the FlareSolverr solver and its breaker).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from seedarr.errors import ConfigurationError
from seedarr.metadata.http import RetryOptions
from seedarr.trackers.base import TrackerAdapter
from seedarr.trackers.cloudflare import CloudflareSolver
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.settings import TrackerSettings

if TYPE_CHECKING:
    from seedarr.settings import Settings

__all__ = ["TrackerServices", "adapter_class", "build_adapter", "tracker_services"]

_FAMILY_ENGINES = {"unit3d": ("seedarr.trackers.families.unit3d", "Unit3dAdapter")}


@dataclass(frozen=True, slots=True)
class TrackerServices:
    """Shared helpers some adapters use; ``cloudflare`` is the FlareSolverr solver (None: not configured)."""

    cloudflare: CloudflareSolver | None = None


def adapter_class(definition: TrackerDefinition) -> type[Any]:
    """The adapter class of ``definition``; ConfigurationError when its engine does not exist."""
    if definition.adapter is not None:
        module_name, attribute = f"seedarr.trackers.custom.{definition.adapter}", "Adapter"
    else:
        engine = _FAMILY_ENGINES.get(definition.family or "")
        if engine is None:
            raise ConfigurationError(f"{definition.id}: no engine for family {definition.family!r}")
        module_name, attribute = engine
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise ConfigurationError(f"{definition.id}: adapter module {module_name} is missing") from exc
    cls = getattr(module, attribute, None)
    if not isinstance(cls, type):
        raise ConfigurationError(f"{definition.id}: {module_name} has no {attribute} class")
    return cls


def build_adapter(
    definition: TrackerDefinition,
    settings: TrackerSettings,
    http: httpx.AsyncClient,
    *,
    retry: RetryOptions | None = None,
    services: TrackerServices | None = None,
) -> TrackerAdapter:
    """The adapter of one configured tracker, sharing ``http`` and ``services``."""
    cls = adapter_class(definition)
    adapter: TrackerAdapter = cls(
        definition, settings, http, retry=retry, services=services or TrackerServices()
    )
    return adapter


def tracker_services(settings: Settings, http: httpx.AsyncClient) -> TrackerServices:
    """The shared helpers of tracker adapters: a FlareSolverr solver when ``flaresolverr.url`` is set."""
    from seedarr.trackers.cloudflare import CloudflareSolver

    section = settings.flaresolverr
    if section.url is None:
        return TrackerServices()
    return TrackerServices(
        cloudflare=CloudflareSolver(section.url, http, max_timeout_s=section.max_timeout_s)
    )
