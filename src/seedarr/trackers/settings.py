"""A configured tracker's settings, checked against its definition's ``settings`` form.

:func:`validate_settings` takes what a person typed (or what the database stored) and returns
:class:`TrackerSettings`: unknown names, missing required values, wrong types, URLs that are not URLs and
values outside a select's options are refused with :class:`~seedarr.errors.ValidationFailed` naming the
field. Values whose field privacy is ``password`` or ``apiKey`` come back wrapped in
:class:`~seedarr.secrets.Secret`, so they never print. Defaults from the definition fill the gaps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from seedarr.errors import ValidationFailed
from seedarr.secrets import Secret
from seedarr.trackers.definition import SettingField, TrackerDefinition
from seedarr.validation import validate_url

__all__ = ["TrackerSettings", "validate_settings"]

SettingValue = str | int | bool | Secret | None


@dataclass(frozen=True, slots=True)
class TrackerSettings:
    """Checked values of one configured tracker, by setting name."""

    tracker_id: str
    values: Mapping[str, SettingValue]

    def text(self, name: str) -> str:
        """A plain or secret text value revealed (for the request it belongs to); ``""`` when empty."""
        value = self.values.get(name)
        if isinstance(value, Secret):
            return value.reveal()
        return "" if value is None else str(value)

    def flag(self, name: str) -> bool:
        return bool(self.values.get(name))

    def base_url(self, definition: TrackerDefinition) -> str:
        """The site's base URL: fixed by the definition, or the ``baseUrl`` the person entered."""
        return (definition.base_url or self.text("baseUrl")).rstrip("/")


def validate_settings(definition: TrackerDefinition, values: Mapping[str, Any]) -> TrackerSettings:
    """Check ``values`` against ``definition.settings``; ValidationFailed names the first bad field."""
    fields = {f.name: f for f in definition.settings}
    for name in values:
        if name not in fields:
            raise ValidationFailed(name, f"is not a setting of {definition.name}")
    checked: dict[str, SettingValue] = {}
    for field in definition.settings:
        raw = values.get(field.name, field.default)
        if raw is None or raw == "":
            if field.required:
                raise ValidationFailed(field.name, f"{field.label} is required")
            checked[field.name] = False if field.type == "checkbox" else None
            continue
        checked[field.name] = _check(field, raw)
    return TrackerSettings(definition.id, checked)


def _check(field: SettingField, raw: Any) -> SettingValue:
    if isinstance(raw, Secret):
        raw = raw.reveal()
    if field.type == "checkbox":
        if not isinstance(raw, bool):
            raise ValidationFailed(field.name, "must be true or false", raw)
        return raw
    if field.type == "number":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValidationFailed(field.name, "must be a whole number", raw)
        return raw
    if field.type == "select":
        for option in field.select_options:
            if option.value == raw and type(option.value) is type(raw):
                return option.value
        allowed = ", ".join(str(o.value) for o in field.select_options)
        raise ValidationFailed(field.name, f"must be one of {allowed}", raw)
    if not isinstance(raw, str):
        raise ValidationFailed(field.name, "must be text", "<hidden>" if field.type == "password" else raw)
    text = raw.strip()
    if field.type == "url" or (field.type == "password" and field.name.endswith("Url")):
        text = validate_url(text, field=field.name)
    if field.privacy in ("password", "apiKey") or field.type == "password":
        if any(ch.isspace() for ch in text):
            raise ValidationFailed(field.name, "must not contain spaces", "<hidden>")
        return Secret(text)
    return text
