"""Evidence: why a release-name token has its value, so the UI and the CLI can explain a name.

Every token of a :class:`~seedarr.domain.naming.compose.ReleaseName` carries one :class:`Evidence`: where the
deciding fact came from (MediaInfo, a name, TMDB, the tracker profile, an inference) and a short sentence
naming that fact ("audio track 2: fr-CA → VFQ").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Evidence", "EvidenceSource", "Token"]

EvidenceSource = Literal[
    "mediainfo", "scene", "file", "folder", "tmdb", "profile", "inferred", "default", "user"
]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a value came from (``source``) and which fact decided it (``detail``)."""

    source: EvidenceSource
    detail: str

    def __str__(self) -> str:
        return f"{self.source}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Token:
    """One template variable of a release name, its rendered value (may be empty) and its evidence."""

    variable: str
    value: str
    evidence: Evidence
