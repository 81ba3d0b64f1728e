"""Discover, merge and validate the tracker definitions shipped in ``trackers/definitions/*.yml``.

A site file that says ``family: unit3d`` is laid over ``trackers/families/unit3d.yml``: maps merge key by
key at every depth, lists of named entries (``settings``) merge by ``name`` (a site may replace one
setting or add its own), and any other value in the site file replaces the family's. The result is
validated as a :class:`~seedarr.trackers.definition.TrackerDefinition`; every problem becomes a
:class:`DefinitionError` naming the file and the dotted path of the bad key. Ids are the file names,
stable and unique, and a former id (``renamed_from``) may not be reused.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from seedarr.errors import ConfigurationError
from seedarr.trackers.definition import TrackerDefinition

__all__ = [
    "DEFINITIONS_DIR",
    "FAMILIES_DIR",
    "DefinitionError",
    "Registry",
    "deep_merge",
    "default_registry",
    "load_registry",
]

_HERE = Path(__file__).resolve().parent
DEFINITIONS_DIR = _HERE / "definitions"
FAMILIES_DIR = _HERE / "families"


class DefinitionError(ConfigurationError):
    """A definition file is unreadable, unknown to its family, or breaks the schema (file + key named)."""

    def __init__(self, file: Path | str, problem: str, *, key: str | None = None) -> None:
        where = f"{Path(file).parent.name}/{Path(file).name}"
        super().__init__(f"{where}: {key + ': ' if key else ''}{problem}")
        self.file = str(file)
        self.key = key
        self.problem = problem


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` laid over it (maps recursively, named lists by ``name``)."""
    merged: dict[str, Any] = dict(base)
    for key, value in override.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = deep_merge(old, value)
        elif isinstance(old, list) and _named_list(old) and _named_list(value):
            merged[key] = _merge_named(old, value)
        else:
            merged[key] = value
    return merged


def _named_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, Mapping) and "name" in v for v in value)


def _merge_named(base: list[Mapping[str, Any]], override: list[Mapping[str, Any]]) -> list[Any]:
    result: list[Any] = [dict(item) for item in base]
    index = {item["name"]: i for i, item in enumerate(result)}
    for item in override:
        if item["name"] in index:
            result[index[item["name"]]] = deep_merge(result[index[item["name"]]], item)
        else:
            result.append(dict(item))
    return result


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DefinitionError(path, f"cannot read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise DefinitionError(path, f"not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise DefinitionError(path, "must be a YAML mapping")
    return data


def _location(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc if not str(p).startswith(("function-", "tagged-union", "["))]
    return ".".join(parts) or "(top level)"


@dataclass(frozen=True)
class Registry:
    """Every known definition by id (``get`` also resolves former ids)."""

    definitions: Mapping[str, TrackerDefinition]
    renamed: Mapping[str, str] = field(default_factory=dict)

    def get(self, tracker_id: str) -> TrackerDefinition:
        """The definition of ``tracker_id`` (or its renamed id); ConfigurationError if unknown."""
        key = self.renamed.get(tracker_id, tracker_id)
        try:
            return self.definitions[key]
        except KeyError:
            known = ", ".join(sorted(self.definitions))
            raise ConfigurationError(f"unknown tracker {tracker_id!r} (known: {known})") from None

    def ids(self) -> list[str]:
        return sorted(self.definitions)

    def by_family(self, family: str) -> list[TrackerDefinition]:
        return [d for d in self.definitions.values() if d.family == family]

    def __iter__(self) -> Iterator[TrackerDefinition]:
        return iter(self.definitions[k] for k in self.ids())

    def __len__(self) -> int:
        return len(self.definitions)


def load_definition(path: Path, families_dir: Path = FAMILIES_DIR) -> TrackerDefinition:
    """Read one site file, merge its family, validate; DefinitionError names the file and the key."""
    raw = _read_yaml(path)
    if raw.get("id", path.stem) != path.stem:
        raise DefinitionError(path, f"id {raw.get('id')!r} differs from the file name", key="id")
    raw.setdefault("id", path.stem)
    family = raw.get("family")
    if family is not None:
        if not isinstance(family, str) or not (families_dir / f"{family}.yml").is_file():
            known = ", ".join(sorted(p.stem for p in families_dir.glob("*.yml"))) or "none"
            raise DefinitionError(path, f"unknown family {family!r} (known: {known})", key="family")
        raw = deep_merge(_read_yaml(families_dir / f"{family}.yml"), raw)
    try:
        return TrackerDefinition.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = _location(first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown key (typo?)"
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise DefinitionError(path, message + more, key=key) from None


def load_registry(definitions_dir: Path = DEFINITIONS_DIR, families_dir: Path = FAMILIES_DIR) -> Registry:
    """Load every ``*.yml`` of ``definitions_dir``; DefinitionError on the first bad file or clashing id."""
    definitions: dict[str, TrackerDefinition] = {}
    renamed: dict[str, str] = {}
    for path in sorted(definitions_dir.glob("*.yml")):
        definition = load_definition(path, families_dir)
        for old in definition.renamed_from:
            if old in renamed or old in definitions:
                raise DefinitionError(path, f"former id {old!r} is already taken", key="renamed_from")
            renamed[old] = definition.id
        definitions[definition.id] = definition
    clash = set(renamed) & set(definitions)
    if clash:
        raise DefinitionError(definitions_dir / "*.yml", f"ids reused after a rename: {sorted(clash)}")
    return Registry(definitions, renamed)


@cache
def default_registry() -> Registry:
    """The shipped definitions, loaded once per process."""
    return load_registry()
