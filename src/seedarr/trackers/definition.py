"""The schema of a tracker definition: everything Seedarr knows about a site, as data.

A definition is one YAML file (``trackers/definitions/<id>.yml``), optionally completed by its family's
defaults (``trackers/families/<family>.yml``, merged by :mod:`seedarr.trackers.registry`). It says where the
site lives (``base_url``, ``api_base``, ``endpoints``), how to authenticate, which ``source`` flag and piece
length rule its torrents use, how to get the announce URL, how fast to call it, how to name releases, which
ids it uses for categories, types and resolutions, which upload fields it accepts (``upload.fields``) and
which site extensions it adds, how to search it for duplicates, and the ``settings`` a person fills in (the
provider form of arr-conventions §7). Every model forbids unknown keys, so a typo in a YAML file fails
loudly. :func:`definition_json_schema` exports the JSON schema editors and CI validate files against.
"""

from __future__ import annotations

import re
import string
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from seedarr.domain.naming.profiles import NamingProfileError, resolve_profile
from seedarr.domain.piece_length import rule_from_text

__all__ = [
    "AnnounceSpec",
    "AuthSpec",
    "ExtensionField",
    "IdMaps",
    "NamingSpec",
    "RateLimitSpec",
    "SearchSpec",
    "SelectOption",
    "SettingField",
    "TrackerDefinition",
    "UploadFieldRule",
    "UploadSpec",
    "definition_json_schema",
]

TRACKER_ID_RE = r"^[a-z0-9][a-z0-9-]{1,39}$"
SETTING_NAME_RE = r"^[a-z][A-Za-z0-9]*$"
FieldKind = Literal[
    "textbox", "password", "number", "checkbox", "select", "url", "path", "tag", "textArea", "keyValueList"
]
Privacy = Literal["normal", "password", "apiKey", "userName"]
MediaKind = Literal["movie", "tv"]
# The vocabulary the id maps translate from (what Seedarr knows about a release).
ReleaseType = Literal["full_disc", "remux", "encode", "web-dl", "webrip", "hdtv"]
ResolutionKey = Literal[
    "4320p", "2160p", "1080p", "1080i", "720p", "576p", "576i", "480p", "480i", "other"
]  # fmt: skip
ReleaseFact = Literal["dv", "hdr", "hdr10p", "season_pack"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SelectOption(_Strict):
    value: str | int | bool
    name: str


class SettingField(_Strict):
    """One field of the tracker form (arr-conventions §7); its position in the list is its order."""

    name: str = Field(pattern=SETTING_NAME_RE)
    label: str = Field(min_length=1)
    type: FieldKind
    privacy: Privacy = "normal"
    advanced: bool = False
    required: bool = False
    default: str | int | bool | None = None
    help_text: str | None = Field(default=None, alias="helpText")
    help_link: str | None = Field(default=None, alias="helpLink")
    select_options: tuple[SelectOption, ...] = Field(default=(), alias="selectOptions")

    @model_validator(mode="after")
    def _consistent(self) -> SettingField:
        if self.type == "select" and not self.select_options:
            raise ValueError(f"setting {self.name!r}: a select needs selectOptions")
        if self.type != "select" and self.select_options:
            raise ValueError(f"setting {self.name!r}: selectOptions only make sense for a select")
        if self.privacy in ("password", "apiKey") and self.type != "password":
            raise ValueError(f"setting {self.name!r}: a {self.privacy} must have type password")
        return self


class AuthSpec(_Strict):
    """How requests prove who they are; ``setting`` names the secret setting that holds the token."""

    style: Literal["bearer", "header", "query"]
    setting: str = Field(pattern=SETTING_NAME_RE)
    header: str | None = None  # style "header": the header name
    param: str | None = None  # style "query": the query parameter name

    @model_validator(mode="after")
    def _complete(self) -> AuthSpec:
        if self.style == "header" and not self.header:
            raise ValueError("auth style header needs 'header'")
        if self.style == "query" and not self.param:
            raise ValueError("auth style query needs 'param'")
        return self


class AnnounceSpec(_Strict):
    """``template`` builds the URL from settings (``{base_url}``, ``{passkey}``…); ``ask`` takes it pasted."""

    mode: Literal["template", "ask"]
    template: str | None = None
    setting: str = Field(default="announceUrl", pattern=SETTING_NAME_RE)

    @model_validator(mode="after")
    def _complete(self) -> AnnounceSpec:
        if (self.mode == "template") != bool(self.template):
            raise ValueError("announce: give a template exactly when mode is template")
        return self


class RateLimitSpec(_Strict):
    per_second: float = Field(default=1.0, gt=0, le=50)
    burst: int = Field(default=1, ge=1, le=50)


class NamingSpec(_Strict):
    """A built-in naming profile and the switches this site changes (checked against the profile)."""

    profile: str = "fr"
    switches: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_switches(self) -> NamingSpec:
        try:
            resolve_profile(self.profile, self.switches)
        except NamingProfileError as exc:
            raise ValueError(str(exc)) from None
        return self


class IdMaps(_Strict):
    """The site's ids for what Seedarr knows; a missing key means the site has no such entry."""

    category: dict[MediaKind, int] = Field(default_factory=dict)
    type: dict[ReleaseType, int] = Field(default_factory=dict)
    resolution: dict[ResolutionKey, int] = Field(default_factory=dict)

    def lookup(self, dimension: Literal["category", "type", "resolution"], key: str | None) -> int | None:
        """The site's id for ``key`` in ``dimension`` (None when the site has none)."""
        table: dict[str, int] = getattr(self, dimension)
        return table.get(key) if key is not None else None


class UploadFieldRule(_Strict):
    """What the site accepts for one multipart field of the upload."""

    kind: Literal["file", "string", "int", "bool"]
    required: Literal["always", "tv", "movie_tv", "never"] = "never"
    only_for: tuple[MediaKind, ...] | None = None  # sent for these media kinds only, prohibited otherwise
    max_length: int | None = Field(default=None, ge=1)


class ExtensionField(_Strict):
    """A site-only upload field; its value comes from exactly one of a setting, a release fact, a constant."""

    kind: Literal["string", "int", "bool"]
    setting: str | None = Field(default=None, pattern=SETTING_NAME_RE)
    fact: ReleaseFact | None = None
    constant: str | int | bool | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ExtensionField:
        if sum(x is not None for x in (self.setting, self.fact, self.constant)) != 1:
            raise ValueError("an extension field takes its value from exactly one of setting, fact, constant")
        return self


class UploadSpec(_Strict):
    fields: dict[str, UploadFieldRule]
    extensions: dict[str, ExtensionField] = Field(default_factory=dict)


class SearchSpec(_Strict):
    """Dupe search: the site's own API (``native``) or a Torznab indexer; ``filter_by`` narrows the query."""

    style: Literal["native", "torznab"] = "native"
    filter_by: tuple[Literal["category", "type", "resolution"], ...] = ("category", "type", "resolution")
    per_page: int = Field(default=100, ge=1, le=100)


class TrackerDefinition(_Strict):
    """A complete (family-merged) tracker definition."""

    id: str = Field(pattern=TRACKER_ID_RE)
    name: str = Field(min_length=1)
    description: str = ""
    family: str | None = None
    # a custom site's engine: the module ``seedarr.trackers.custom.<adapter>`` (its class ``Adapter``)
    adapter: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    renamed_from: tuple[str, ...] = ()  # older ids, so stored trackers survive a rename
    base_url: str | None = None  # None: the person enters it (setting ``baseUrl``)
    api_base: str = "{base_url}"
    endpoints: dict[str, str] = Field(default_factory=dict)
    torrent_page: str = "{base_url}/torrents/{id}"
    auth: AuthSpec
    source: str | None = Field(default=None, max_length=64)
    piece_length: str = "auto"
    announce: AnnounceSpec
    rate_limit: RateLimitSpec = Field(default_factory=RateLimitSpec)
    naming: NamingSpec = Field(default_factory=NamingSpec)
    ids: IdMaps = Field(default_factory=IdMaps)
    upload: UploadSpec
    search: SearchSpec = Field(default_factory=SearchSpec)
    settings: tuple[SettingField, ...]
    # the site may answer with a Cloudflare challenge: its adapter can solve it through FlareSolverr
    cloudflare: bool = False
    # image hosts the site accepts screenshots from, in order of preference (empty: any host)
    image_hosts: tuple[str, ...] = ()
    # site data only its custom adapter reads; that adapter validates it with its own schema
    custom: dict[str, Any] = Field(default_factory=dict)

    @field_validator("base_url")
    @classmethod
    def _plain_url(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", value):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/") if value else value

    @field_validator("piece_length")
    @classmethod
    def _piece_rule(cls, value: str) -> str:
        try:
            rule_from_text(value)
        except ValueError as exc:
            raise ValueError(f"unknown piece length rule {value!r}: {exc}") from None
        return value

    @model_validator(mode="after")
    def _coherent(self) -> TrackerDefinition:
        names = [s.name for s in self.settings]
        if len(set(names)) != len(names):
            raise ValueError("settings: two settings share a name")
        by_name = {s.name: s for s in self.settings}
        if self.base_url is None and getattr(by_name.get("baseUrl"), "type", None) != "url":
            raise ValueError("base_url: without a fixed base_url the settings need a 'baseUrl' url field")
        secret = by_name.get(self.auth.setting)
        if secret is None or secret.type != "password":
            raise ValueError(f"auth.setting: {self.auth.setting!r} must be a password setting")
        if (self.family is None) == (self.adapter is None):
            raise ValueError("a definition names exactly one engine: a family or a custom adapter")
        if self.announce.setting not in by_name and self.announce.mode == "ask":
            raise ValueError(f"announce.setting: no setting named {self.announce.setting!r}")
        for name, ext in self.upload.extensions.items():
            if ext.setting is not None and ext.setting not in by_name:
                raise ValueError(f"upload.extensions.{name}: no setting named {ext.setting!r}")
            if name in self.upload.fields:
                raise ValueError(f"upload.extensions.{name}: already an upstream upload field")
        for place in (self.api_base, self.torrent_page, *(self.endpoints.values())):
            self._check_placeholders(place, {"base_url", "id"})
        if self.announce.template:
            self._check_placeholders(self.announce.template, {"base_url", *names})
        return self

    @staticmethod
    def _check_placeholders(template: str, allowed: set[str]) -> None:
        for _, field_name, _, _ in string.Formatter().parse(template):
            if field_name is not None and field_name not in allowed:
                raise ValueError(f"{template!r}: unknown placeholder {{{field_name}}}")

    def setting(self, name: str) -> SettingField:
        """The setting called ``name``; KeyError names it when the definition has none."""
        for item in self.settings:
            if item.name == name:
                return item
        raise KeyError(f"{self.id}: no setting {name!r}")


def definition_json_schema() -> dict[str, Any]:
    """The JSON schema of a complete definition (what ``trackers/definition.schema.json`` ships)."""
    schema = TrackerDefinition.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Seedarr tracker definition"
    return schema
