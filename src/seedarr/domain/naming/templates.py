"""Naming templates (naming spec §9): ``{variable}`` placeholders, French aliases, and the §3 cleanup.

Variables are lower case (``[a-z_]+``); unknown or empty ones render empty, then runs of dots collapse,
``.-`` becomes ``-`` and leading or trailing dots and hyphens go. Templates of the previous implementation
keep working through the French aliases (``{titre}``, ``{annee}``, ``{langue}``, ``{codec_video}``…).
A placeholder that is not a lower-case name, or an unbalanced brace, raises :class:`NameTemplateError`
with its column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = [
    "ALIASES",
    "VARIABLES",
    "NameTemplateError",
    "clean_name",
    "default_template",
    "render_name_template",
    "unknown_variables",
]

VARIABLES = frozenset({
    "title", "title_fr", "title_original", "title_lower", "title_fr_lower", "title_original_lower", "year",
    "edition", "repack", "language", "language_variant", "resolution", "service", "source", "remux", "light",
    "quality", "hdr", "audio", "audio_codec", "audio_channels", "video_codec", "season", "episode",
    "season_episode", "group",
})  # fmt: skip
ALIASES = {
    "titre": "title", "titre_fr": "title_fr", "titre_en": "title_original", "titre_lower": "title_lower",
    "titre_fr_lower": "title_fr_lower", "titre_en_lower": "title_original_lower", "annee": "year",
    "langue": "language", "vff": "language_variant", "codec_audio_full": "audio",
    "codec_audio": "audio_codec", "codec_video": "video_codec", "saison": "season",
}  # fmt: skip
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
_NAME_RE = re.compile(r"[a-z_]+")


class NameTemplateError(ValueError):
    """A naming template is malformed; ``column`` is 1-based."""

    def __init__(self, problem: str, column: int) -> None:
        super().__init__(f"column {column}: {problem}")
        self.problem = problem
        self.column = column


def _check(template: str) -> list[tuple[int, str]]:
    found = []
    covered: set[int] = set()
    for match in _PLACEHOLDER_RE.finditer(template):
        name = match.group(1).strip()
        if not _NAME_RE.fullmatch(name):
            raise NameTemplateError(
                f"{{{match.group(1)}}} is not a variable name (a-z and _)", match.start() + 1
            )
        found.append((match.start() + 1, name))
        covered.update(range(match.start(), match.end()))
    for index, char in enumerate(template):
        if char in "{}" and index not in covered:
            raise NameTemplateError(f"unbalanced {char!r}", index + 1)
    return found


def unknown_variables(template: str) -> list[str]:
    """Placeholders that are neither variables nor aliases (they render empty; the editor warns)."""
    return [n for _, n in _check(template) if n not in VARIABLES and n not in ALIASES]


def clean_name(text: str) -> str:
    """The §3 cleanup: no empty segments, ``.-`` → ``-``, no leading or trailing dot or hyphen."""
    text = re.sub(r"\s+", ".", text.strip())
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"\.+-", "-", text)
    text = re.sub(r"-\.+", "-", text)
    return text.strip(".-")


def render_name_template(template: str, values: Mapping[str, str]) -> str:
    """``template`` with its placeholders replaced by ``values`` (aliases resolved), then cleaned."""
    _check(template)

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        return values.get(ALIASES.get(name, name), "") or ""

    return clean_name(_PLACEHOLDER_RE.sub(substitute, template))


def default_template(*, tv: bool, hdr_after_audio: bool, service: bool, light: bool) -> str:
    """The token order of spec §3 for a profile's switches."""
    parts = ["title", "year"] + (["season_episode"] if tv else [])
    parts += ["edition", "repack", "language", "resolution"] + (["service"] if service else [])
    parts += ["source", "remux"] + (["light"] if light else [])
    parts += ["audio", "hdr"] if hdr_after_audio else ["hdr", "audio"]
    parts.append("video_codec")
    return ".".join(f"{{{p}}}" for p in parts) + "-{group}"
