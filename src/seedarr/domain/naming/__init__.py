"""Release naming (naming spec): pure functions from names, MediaInfo facts and TMDB to tracker-ready names.

Start at :func:`compose_release_name` with :class:`NamingInputs` and a :class:`NamingProfile`
(:func:`resolve_profile` gives ``fr``/``p2p`` plus per-tracker overrides). Every token of the returned
:class:`ReleaseName` carries its :class:`Evidence`.
"""

from seedarr.domain.naming.compose import (
    NamingError,
    NamingInputs,
    ReleaseName,
    compose_release_name,
    season_episode_label,
)
from seedarr.domain.naming.evidence import Evidence, Token
from seedarr.domain.naming.precedence import merge_names, order_names
from seedarr.domain.naming.profiles import (
    BUILTIN_PROFILES,
    NamingProfile,
    NamingProfileError,
    TrackerNaming,
    resolve_profile,
)
from seedarr.domain.naming.scan import scan_name

__all__ = [
    "BUILTIN_PROFILES",
    "Evidence",
    "NamingError",
    "NamingInputs",
    "NamingProfile",
    "NamingProfileError",
    "ReleaseName",
    "Token",
    "TrackerNaming",
    "compose_release_name",
    "merge_names",
    "order_names",
    "resolve_profile",
    "scan_name",
    "season_episode_label",
]
