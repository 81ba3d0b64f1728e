"""The tracker form of the UI: what the page draws for each setting, and a posted form read back.

A definition's ``settings`` list is the form (arr-conventions §7). :func:`field_views` turns the form's
:class:`~seedarr.trackers.accounts_form.FormField` values into :class:`FieldView` rows for the template:
one input per setting, in order, with its help text, its options and its error. A secret is drawn as the
mask ``********`` when one is stored, else empty: never its value. :func:`read_form` reads a posted form
(strings) into a :class:`PostedForm`, which gives the service its :class:`AccountInput` (checkbox, number
and select strings become the types the definition asks for) and the page the values to draw again when a
value is refused (the secrets typed are not drawn again; the person types them once more).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from seedarr.errors import ValidationFailed
from seedarr.observability.redaction import redact_text
from seedarr.secrets import MASK
from seedarr.trackers.accounts_form import FormField, form_fields
from seedarr.trackers.accounts_store import AccountInput, AccountView
from seedarr.trackers.definition import TrackerDefinition

__all__ = [
    "MASK",
    "FieldView",
    "PostedForm",
    "TrackerForm",
    "error_slot",
    "field_views",
    "form_for_account",
    "form_for_definition",
    "form_from_post",
    "message_of",
    "read_form",
]

SETTING_PREFIX = "settings."
ACCOUNT_FIELDS = ("name", "enabled", "priority")
DEFAULT_PRIORITY = 25
_HTML_KIND = {"textArea": "textarea", "keyValueList": "textarea", "url": "url", "number": "number"}


@dataclass(frozen=True, slots=True)
class FieldView:
    """One setting as the template draws it; ``value`` is never a secret's value."""

    name: str
    label: str
    kind: str  # text, url, number, password, checkbox, select, textarea
    value: str
    checked: bool
    options: tuple[tuple[str, str], ...]  # (value attribute, label)
    help_text: str | None
    help_link: str | None
    advanced: bool
    required: bool
    retype: bool  # a secret typed but refused with the form: it must be typed again

    @property
    def input_name(self) -> str:
        return SETTING_PREFIX + self.name

    @property
    def slot(self) -> str:
        return "s-" + self.name


@dataclass(frozen=True, slots=True)
class TrackerForm:
    """Everything the form template needs; ``errors`` maps a slot (see :func:`error_slot`) to a message."""

    definition: TrackerDefinition
    account_id: int | None
    name: str
    enabled: bool
    priority: str
    fields: list[FieldView]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def show_advanced(self) -> bool:
        """Advanced fields start shown when one of them (or the priority) holds the error."""
        advanced = {f.slot for f in self.fields if f.advanced} | {"priority"}
        return any(slot in advanced for slot in self.errors)

    @property
    def slots(self) -> list[str]:
        return ["form", *ACCOUNT_FIELDS, *(f.slot for f in self.fields)]


def option_text(value: str | int | bool | None) -> str:
    """A value as an HTML attribute: booleans as ``true``/``false``, the rest as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _view(item: FormField, retype: frozenset[str]) -> FieldView:
    secret = item.type == "password"
    kind = "password" if secret else _HTML_KIND.get(item.type, item.type)
    if kind not in ("password", "checkbox", "select", "textarea", "url", "number"):
        kind = "text"
    value = MASK if secret and item.value == MASK else "" if secret else option_text(item.value)
    return FieldView(
        name=item.name,
        label=item.label,
        kind=kind,
        value=value,
        checked=item.value is True,
        options=tuple((option_text(v), label) for v, label in item.select_options),
        help_text=item.help_text,
        help_link=item.help_link,
        advanced=item.advanced,
        required=item.required,
        retype=item.name in retype,
    )


def field_views(fields: Sequence[FormField], retype: frozenset[str] = frozenset()) -> list[FieldView]:
    return [_view(item, retype) for item in sorted(fields, key=lambda f: f.order)]


def form_for_definition(definition: TrackerDefinition) -> TrackerForm:
    """A new tracker's form: the definition's defaults, named after the definition."""
    fields = field_views(form_fields(definition))
    return TrackerForm(definition, None, definition.name, True, str(DEFAULT_PRIORITY), fields)


def form_for_account(definition: TrackerDefinition, view: AccountView) -> TrackerForm:
    """A saved tracker's form (its secrets masked by the service)."""
    fields = field_views(view.fields)
    return TrackerForm(definition, view.id, view.name, view.enabled, str(view.priority), fields)


@dataclass(frozen=True, slots=True)
class PostedForm:
    """A posted tracker form: checkboxes as booleans, everything else as the text typed."""

    name: str
    enabled: bool
    priority: str
    values: dict[str, str | bool]

    def secrets_typed(self, definition: TrackerDefinition) -> frozenset[str]:
        """The secret values typed (to be masked wherever a message could quote them)."""
        names = {s.name for s in definition.settings if s.type == "password"}
        return frozenset(
            v for k, v in self.values.items() if k in names and isinstance(v, str) and v and v != MASK
        )

    def to_input(self, definition: TrackerDefinition) -> AccountInput:
        """The service's input; ValidationFailed for a priority that is not a number from 1 to 50."""
        try:
            priority = int(self.priority.strip())
        except ValueError:
            priority = 0
        if not 1 <= priority <= 50:
            raise ValidationFailed("priority", "must be a whole number from 1 to 50", self.priority)
        values: dict[str, Any] = {}
        for setting in definition.settings:
            raw = self.values.get(setting.name, False if setting.type == "checkbox" else "")
            values[setting.name] = _typed(setting.type, raw, setting.select_options)
        return AccountInput(
            name=self.name,
            tracker_id=definition.id,
            enabled=self.enabled,
            priority=priority,
            values=values,
        )


def _typed(kind: str, raw: str | bool, options: Sequence[Any]) -> Any:
    """A posted string as the type the setting holds; a string the validator then names is left as is."""
    if isinstance(raw, bool):
        return raw
    if kind == "number" and raw.strip():
        try:
            return int(raw.strip())
        except ValueError:
            return raw
    if kind == "select":
        return next((o.value for o in options if option_text(o.value) == raw), raw)
    if kind in ("textArea", "keyValueList"):
        return raw.replace("\r\n", "\n")
    return raw


def read_form(definition: TrackerDefinition, form: FormData) -> PostedForm:
    """The posted form of ``definition``; unknown names are ignored, absent checkboxes are off."""

    def text(key: str) -> str:
        value = form.get(key)
        return value if isinstance(value, str) else ""

    values: dict[str, str | bool] = {}
    for setting in definition.settings:
        key = SETTING_PREFIX + setting.name
        values[setting.name] = key in form if setting.type == "checkbox" else text(key)
    return PostedForm(text("name"), "enabled" in form, text("priority"), values)


def form_from_post(
    definition: TrackerDefinition,
    account_id: int | None,
    posted: PostedForm,
    stored_secrets: frozenset[str],
    errors: Mapping[str, str],
) -> TrackerForm:
    """The form drawn again with what was typed; a secret shows the mask only when the stored one stays."""
    secret_names = {s.name for s in definition.settings if s.type == "password"}
    kept = frozenset(n for n in secret_names & stored_secrets if posted.values.get(n) == MASK)
    retype = frozenset(n for n in secret_names - kept if posted.values.get(n) not in ("", MASK))
    plain = {k: v for k, v in posted.values.items() if k not in secret_names}
    fields = field_views(form_fields(definition, plain, kept), retype)
    return TrackerForm(
        definition, account_id, posted.name, posted.enabled, posted.priority, fields, dict(errors)
    )


def error_slot(definition: TrackerDefinition, name: str) -> str:
    """Where a failure naming ``name`` is shown: next to its setting, its account field, or the form."""
    if any(s.name == name for s in definition.settings):
        return "s-" + name
    return name if name in ACCOUNT_FIELDS else "form"


def message_of(error: Exception, secrets: frozenset[str] = frozenset(), *, slot: str = "form") -> str:
    """A one-line message for a person (shown in ``slot``), with every known or typed secret masked."""
    if not isinstance(error, ValidationFailed):
        text = redact_text(str(error), extra_values=secrets)
    else:  # masked before the field is named: "API token: refused" would read as a token's value
        problem = redact_text(error.problem, extra_values=secrets)
        text = f"{error.field}: {problem}" if slot == "form" and error.field else problem
    return text[:1].upper() + text[1:]
