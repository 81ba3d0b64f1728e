"""Naming profiles: the built-in ``fr`` and ``p2p`` switches (naming spec §3) and per-tracker overrides.

A :class:`NamingProfile` holds every switch a tracker may change: WEB-DL label, untouched codec style,
audio style, HDR position, service, VO, HDR10+ rendering, title casing and hyphens, NOTAG label, assumed
VFF, keeping the scene name, title language, and an optional template (§9). Tracker definitions will
supply overrides as plain mappings; :func:`resolve_profile` validates them against the switches (unknown
switch or wrong type → :class:`NamingProfileError` naming it). No tracker id lives here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin, get_type_hints

__all__ = [
    "BUILTIN_PROFILES",
    "AudioStyle",
    "NamingProfile",
    "NamingProfileError",
    "TrackerNaming",
    "profile_for_tracker",
    "profile_switches",
    "resolve_profile",
]

AudioStyle = Literal["fr", "p2p", "caps"]


class NamingProfileError(ValueError):
    """A profile name or an override is unknown or has the wrong type (the message names it)."""


@dataclass(frozen=True, slots=True)
class NamingProfile:
    """Every switch of a naming profile; defaults are the ``fr`` profile."""

    name: str = "fr"
    web_label: Literal["WEB", "WEB-DL"] = "WEB"
    untouched_codec_style: Literal["compact", "dotted"] = "compact"  # H264 / H.264
    audio_style: AudioStyle = "fr"
    hdr_position: Literal["before_audio", "after_audio"] = "before_audio"
    include_service: bool = False
    vo_label: bool = True  # write VO when the release has no French audio nor subtitles
    hdr10plus_label: Literal["HDR10+", "HDR10PLUS"] = "HDR10+"
    title_case: Literal["as_is", "capitalize"] = "as_is"
    title_hyphen: Literal["keep", "dot"] = "keep"
    notag_label: str = "NOTAG"
    assume_vff_when_unknown: bool = False
    keep_scene_name: bool = False
    title_language: Literal["fr", "original"] = "fr"
    use_light: bool = True  # HDLight / 4KLight / mHD
    uhd_label: Literal["never", "remux_or_disc"] = "never"
    allow_vfb_voq: bool = False
    tv_year: Literal["as_source", "always", "never"] = "as_source"
    known_groups: tuple[str, ...] = ()
    template: str | None = None  # movie template (§9); None = the order of §3 built from the switches
    tv_template: str | None = None


BUILTIN_PROFILES: dict[str, NamingProfile] = {
    "fr": NamingProfile(),
    "p2p": NamingProfile(
        name="p2p",
        web_label="WEB-DL",
        untouched_codec_style="dotted",
        audio_style="p2p",
        hdr_position="after_audio",
        include_service=True,
        vo_label=False,
        use_light=False,
    ),
}


@dataclass(frozen=True, slots=True)
class TrackerNaming:
    """What a tracker definition says about names: a base profile plus overrides of its switches."""

    tracker_id: str
    base: str = "fr"
    overrides: Mapping[str, Any] = dataclasses.field(default_factory=dict)


def _choices(name: str) -> tuple[str, ...]:
    hint = get_type_hints(NamingProfile)[name]
    return tuple(get_args(hint)) if get_origin(hint) is Literal else ()


def profile_switches() -> dict[str, str]:
    """Switch name → accepted values (or the kind of value), for documentation and error messages."""
    kinds = {bool: "true | false", tuple: "list of names", str: "text"}
    switches = {}
    for item in dataclasses.fields(NamingProfile):
        if item.name == "name":
            continue
        choices = _choices(item.name)
        default = getattr(BUILTIN_PROFILES["fr"], item.name)
        switches[item.name] = " | ".join(choices) if choices else kinds.get(type(default), "text or null")
    return switches


def _coerce(name: str, value: Any, default: Any) -> Any:
    choices = _choices(name)
    if choices:
        if value not in choices:
            raise NamingProfileError(f"naming switch {name!r}: {value!r} is not one of {', '.join(choices)}")
        return value
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise NamingProfileError(f"naming switch {name!r}: expected true or false, got {value!r}")
        return value
    if isinstance(default, tuple):
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise NamingProfileError(f"naming switch {name!r}: expected a list of names")
        if not all(isinstance(v, str) for v in value):
            raise NamingProfileError(f"naming switch {name!r}: expected a list of names")
        return tuple(value)
    if value is not None and not isinstance(value, str):
        raise NamingProfileError(f"naming switch {name!r}: expected text, got {value!r}")
    return value


def resolve_profile(base: str | NamingProfile, overrides: Mapping[str, Any] | None = None) -> NamingProfile:
    """The profile ``base`` (``fr``, ``p2p`` or a profile) with ``overrides`` applied and checked."""
    if isinstance(base, str):
        if base not in BUILTIN_PROFILES:
            known = ", ".join(BUILTIN_PROFILES)
            raise NamingProfileError(f"unknown naming profile {base!r} (built-in profiles: {known})")
        base = BUILTIN_PROFILES[base]
    if not overrides:
        return base
    values: dict[str, Any] = {}
    for name, value in overrides.items():
        if name not in NamingProfile.__dataclass_fields__ or name == "name":
            raise NamingProfileError(f"unknown naming switch {name!r}")
        values[name] = _coerce(name, value, getattr(base, name))
    return dataclasses.replace(base, **values)


def profile_for_tracker(tracker: str, registry: Mapping[str, TrackerNaming] | None = None) -> NamingProfile:
    """The profile of a built-in name (``fr``, ``p2p``) or of a tracker in ``registry`` (its definition's
    base profile plus overrides); raises :class:`NamingProfileError` for an unknown one."""
    if tracker in BUILTIN_PROFILES:
        return BUILTIN_PROFILES[tracker]
    entry = (registry or {}).get(tracker)
    if entry is None:
        known = ", ".join([*BUILTIN_PROFILES, *sorted(registry or {})])
        raise NamingProfileError(f"unknown tracker or profile {tracker!r} (known: {known})")
    return dataclasses.replace(resolve_profile(entry.base, entry.overrides), name=entry.tracker_id)
