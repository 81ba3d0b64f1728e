"""The form side of tracker accounts: secret settings, Servarr-style fields, merging input with stored values.

A definition's ``settings`` list is the form (arr-conventions §7). :func:`form_fields` renders it as
:class:`FormField` values for a definition (defaults) or an account (its values), with every secret shown as
the mask ``********`` when set, never its value. :func:`merge_values` lays a person's input over stored
values the Servarr way: a secret sent as the mask, or left out, keeps the stored one. :func:`check_values`
validates through :func:`~seedarr.trackers.settings.validate_settings` without echoing a secret back, and
:func:`split_settings` separates what is stored in clear from what is encrypted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from seedarr.errors import DataError, ValidationFailed
from seedarr.secrets import MASK, Secret
from seedarr.trackers.base import TrackerMetadata
from seedarr.trackers.definition import SettingField, TrackerDefinition
from seedarr.trackers.settings import TrackerSettings, validate_settings

__all__ = [
    "FormField",
    "check_values",
    "decode_secrets",
    "encode_secrets",
    "form_fields",
    "is_secret",
    "merge_values",
    "metadata_json",
    "orphan_fields",
    "split_settings",
]

FieldValue = str | int | bool | None


@dataclass(frozen=True, slots=True)
class FormField:
    """One field of a tracker form, as Servarr's provider resources show it."""

    order: int
    name: str
    label: str
    type: str
    value: FieldValue
    privacy: str = "normal"
    advanced: bool = False
    required: bool = False
    help_text: str | None = None
    help_link: str | None = None
    select_options: tuple[tuple[str | int | bool, str], ...] = ()


def is_secret(field: SettingField) -> bool:
    """Whether the setting's value is a secret (encrypted at rest, masked in every answer)."""
    return field.privacy in ("password", "apiKey") or field.type == "password"


def _secret_names(definition: TrackerDefinition) -> frozenset[str]:
    return frozenset(f.name for f in definition.settings if is_secret(f))


def form_fields(
    definition: TrackerDefinition,
    values: Mapping[str, Any] | None = None,
    secrets_set: frozenset[str] = frozenset(),
) -> list[FormField]:
    """The form of ``definition``: defaults when ``values`` is None, else an account's (secrets masked)."""
    fields = []
    for order, setting in enumerate(definition.settings):
        value: FieldValue
        if is_secret(setting):
            value = MASK if setting.name in secrets_set else None
        elif values is None:
            value = setting.default
        else:
            value = values.get(setting.name, setting.default)
        fields.append(
            FormField(
                order=order,
                name=setting.name,
                label=setting.label,
                type=setting.type,
                value=value,
                privacy=setting.privacy,
                advanced=setting.advanced,
                required=setting.required,
                help_text=setting.help_text,
                help_link=setting.help_link,
                select_options=tuple((o.value, o.name) for o in setting.select_options),
            )
        )
    return fields


def orphan_fields(plain: Mapping[str, Any], secrets_set: frozenset[str]) -> list[FormField]:
    """Fields of an account whose definition is gone: stored values only, secrets masked."""
    fields = [FormField(i, name, name, "textbox", _scalar(v)) for i, (name, v) in enumerate(plain.items())]
    for name in sorted(secrets_set):
        fields.append(FormField(len(fields), name, name, "password", MASK, privacy="password"))
    return fields


def _scalar(value: Any) -> FieldValue:
    return value if isinstance(value, str | int | bool) or value is None else str(value)


def merge_values(
    definition: TrackerDefinition,
    plain: Mapping[str, Any],
    secrets: Mapping[str, str],
    incoming: Mapping[str, Any],
) -> dict[str, Any]:
    """Stored values of the definition's current settings, overlaid with ``incoming``.

    Left-out names keep their stored value; a secret sent as the mask keeps the stored secret (or stays
    unset on a new account); ``None`` or ``""`` clears a value.
    """
    known = {f.name for f in definition.settings}
    merged: dict[str, Any] = {k: v for k, v in {**plain, **secrets}.items() if k in known}
    secret_names = _secret_names(definition)
    for name, value in incoming.items():
        if name in secret_names and value == MASK:
            continue
        merged[name] = value
    return merged


def check_values(definition: TrackerDefinition, values: Mapping[str, Any]) -> TrackerSettings:
    """:func:`validate_settings`, with control characters refused (line breaks only in text areas) and
    secret values never echoed."""
    secret_names = _secret_names(definition)
    multi_line = {f.name for f in definition.settings if f.type in ("textArea", "keyValueList")}
    for name, value in values.items():
        allowed = "\n" if name in multi_line else ""  # a text area holds lines; nothing else holds controls
        if isinstance(value, str) and any(
            (ord(ch) < 32 or ord(ch) == 127) and ch not in allowed for ch in value
        ):
            shown = MASK if name in secret_names else value
            raise ValidationFailed(name, "contains control characters", shown)
    try:
        return validate_settings(definition, values)
    except ValidationFailed as exc:
        if exc.field not in secret_names:
            raise
        raw = values.get(exc.field)
        problem = exc.problem.replace(raw, MASK) if isinstance(raw, str) and raw else exc.problem
        raise ValidationFailed(exc.field, problem, MASK) from None


def split_settings(
    definition: TrackerDefinition, settings: TrackerSettings
) -> tuple[dict[str, Any], dict[str, str]]:
    """Checked values as (stored in clear, encrypted): every secret, and nothing else, goes to the second."""
    secret_names = _secret_names(definition)
    plain: dict[str, Any] = {}
    secrets: dict[str, str] = {}
    for name, value in settings.values.items():
        if isinstance(value, Secret):
            if value:
                secrets[name] = value.reveal()
        elif name not in secret_names:
            plain[name] = value
    return plain, secrets


def encode_secrets(secrets: Mapping[str, str]) -> Secret | None:
    """The secrets as one JSON object in a :class:`Secret` (None when there is none)."""
    return Secret(json.dumps(dict(secrets), sort_keys=True)) if secrets else None


def decode_secrets(stored: Secret | None) -> dict[str, str]:
    """The stored secrets by setting name; DataError when the decrypted text is not the expected object."""
    if stored is None:
        return {}
    try:
        data = json.loads(stored.reveal())
    except ValueError:
        data = None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise DataError("a tracker account's stored secrets are damaged: enter them again")
    return {str(k): v for k, v in data.items()}


def metadata_json(metadata: TrackerMetadata) -> dict[str, Any]:
    """``metadata`` as plain JSON (string or int ids kept as they are)."""
    data = {
        "origin": metadata.origin,
        "categories": dict(metadata.categories),
        "types": dict(metadata.types),
        "resolutions": dict(metadata.resolutions),
        "tags": dict(metadata.tags),
        "extra": dict(metadata.extra),
    }
    parsed: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return parsed
