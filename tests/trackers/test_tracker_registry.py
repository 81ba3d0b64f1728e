"""Tracker definitions: schema, family inheritance, clear errors, settings form validation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError as PydanticValidationError

from seedarr.errors import ValidationFailed
from seedarr.secrets import Secret
from seedarr.trackers.definition import SettingField, definition_json_schema
from seedarr.trackers.registry import (
    DEFINITIONS_DIR,
    FAMILIES_DIR,
    DefinitionError,
    deep_merge,
    load_definition,
    load_registry,
)
from seedarr.trackers.settings import validate_settings

SCHEMA_FILE = DEFINITIONS_DIR.parent / "definition.schema.json"


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the shipped families and no site: tests write their own site files."""
    families = tmp_path / "families"
    shutil.copytree(FAMILIES_DIR, families)
    sites = tmp_path / "definitions"
    sites.mkdir()
    return sites, families


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_definitions_load_with_unique_ids() -> None:
    registry = load_registry()
    assert len(registry) >= 5
    assert len(set(registry.ids())) == len(registry)
    assert {d.family for d in registry if d.adapter is None} == {"unit3d"}  # the rest are custom sites
    generic = registry.get("unit3d")
    assert generic.base_url is None and generic.setting("baseUrl").type == "url"


def test_the_shipped_json_schema_is_current() -> None:
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == definition_json_schema(), (
        "regenerate trackers/definition.schema.json from definition_json_schema()"
    )


def test_site_inherits_family_defaults_and_overrides_only_what_it_states(tree: tuple[Path, Path]) -> None:
    sites, families = tree
    path = write(
        sites,
        "site-a",
        "name: Site A\nfamily: unit3d\nbase_url: https://a.example/\n"
        "ids:\n  type: {remux: 11}\n"
        "settings:\n  - {name: anonymous, label: Anonyme, type: checkbox, default: true}\n",
    )
    definition = load_definition(path, families)
    assert definition.id == "site-a" and definition.base_url == "https://a.example"
    assert definition.ids.type["remux"] == 11
    assert definition.ids.type["encode"] == 3  # from the family, deep-merged
    assert definition.ids.resolution["1080i"] == 4
    assert definition.auth.style == "bearer" and definition.endpoints["upload"] == "/torrents/upload"
    anonymous = definition.setting("anonymous")
    assert anonymous.label == "Anonyme" and anonymous.default is True
    assert [s.name for s in definition.settings][:2] == ["apiKey", "announceUrl"]


def test_a_typo_in_a_yaml_key_names_the_file_and_the_key(tree: tuple[Path, Path]) -> None:
    sites, families = tree
    body = "name: B\nfamily: unit3d\nbase_url: https://b.example\nsearch:\n  filtre_by: []\n"
    path = write(sites, "site-b", body)
    with pytest.raises(DefinitionError) as caught:
        load_definition(path, families)
    assert "definitions/site-b.yml" in str(caught.value)
    assert "search.filtre_by" in str(caught.value) and "unknown key" in str(caught.value)


def test_an_unknown_family_fails_naming_it(tree: tuple[Path, Path]) -> None:
    sites, families = tree
    path = write(sites, "site-c", "name: C\nfamily: gazelle\nbase_url: https://c.example\n")
    with pytest.raises(DefinitionError, match=r"site-c\.yml: family: unknown family 'gazelle'"):
        load_definition(path, families)


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("naming:\n  switches: {web_lable: WEB}\n", "naming"),
        ("piece_length: huge\n", "piece_length"),
        ("ids:\n  resolution: {1440p: 3}\n", "ids.resolution.1440p"),
        ("torrent_page: '{base_url}/t/{slug}'\n", "(top level)"),
    ],
)
def test_bad_values_name_the_key(tree: tuple[Path, Path], body: str, key: str) -> None:
    sites, families = tree
    path = write(sites, "site-d", f"name: D\nfamily: unit3d\nbase_url: https://d.example\n{body}")
    with pytest.raises(DefinitionError) as caught:
        load_definition(path, families)
    assert caught.value.key == key


def test_id_must_match_the_file_name_and_renames_stay_unique(tree: tuple[Path, Path]) -> None:
    sites, families = tree
    path = write(sites, "site-e", "id: other\nname: E\nfamily: unit3d\nbase_url: https://e.example\n")
    with pytest.raises(DefinitionError, match="differs from the file name"):
        load_definition(path, families)
    path.unlink()
    write(sites, "new-f", "name: F\nfamily: unit3d\nbase_url: https://f.example\nrenamed_from: [old-f]\n")
    registry = load_registry(sites, families)
    assert registry.get("old-f").id == "new-f"
    write(sites, "old-f", "name: F2\nfamily: unit3d\nbase_url: https://f2.example\n")
    with pytest.raises(DefinitionError, match=r"already taken|reused"):
        load_registry(sites, families)


def test_deep_merge_merges_maps_and_named_lists() -> None:
    base = {"a": {"x": 1, "y": {"z": 2}}, "s": [{"name": "k", "v": 1}], "l": [1, 2]}
    merged = deep_merge(base, {"a": {"y": {"w": 3}}, "s": [{"name": "n"}, {"name": "k", "v": 9}], "l": [3]})
    assert merged == {
        "a": {"x": 1, "y": {"z": 2, "w": 3}},
        "s": [{"name": "k", "v": 9}, {"name": "n"}],
        "l": [3],
    }
    assert base["s"] == [{"name": "k", "v": 1}]


def test_settings_form_validation() -> None:
    definition = load_registry().get("unit3d")
    good = {
        "baseUrl": "https://tracker.example",
        "apiKey": "tok3n-value-123",
        "announceUrl": "https://tracker.example/announce/abcdef0123456789",
    }
    settings = validate_settings(definition, good)
    assert isinstance(settings.values["apiKey"], Secret)
    assert "tok3n" not in repr(settings)
    assert settings.flag("anonymous") is False
    assert settings.base_url(definition) == "https://tracker.example"
    with pytest.raises(ValidationFailed, match="apiKey"):
        validate_settings(definition, {**good, "apiKey": ""})
    with pytest.raises(ValidationFailed, match="baseUrl"):
        validate_settings(definition, {**good, "baseUrl": "ftp://x"})
    with pytest.raises(ValidationFailed, match="passkey"):
        validate_settings(definition, {**good, "passkey": "x"})
    with pytest.raises(ValidationFailed, match="anonymous"):
        validate_settings(definition, {**good, "anonymous": "yes"})


def test_select_settings_and_field_shape_rules() -> None:
    definition = load_registry().get("unit3d")
    select = SettingField.model_validate(
        {"name": "quality", "label": "Quality", "type": "select",
         "selectOptions": [{"value": 1, "name": "One"}, {"value": 2, "name": "Two"}]}
    )  # fmt: skip
    with_select = definition.model_copy(update={"settings": (*definition.settings, select)})
    base = {"baseUrl": "https://t.example", "apiKey": "key-123456", "announceUrl": "https://t.example/a/k"}
    assert validate_settings(with_select, {**base, "quality": 2}).values["quality"] == 2
    with pytest.raises(ValidationFailed, match="quality: must be one of 1, 2"):
        validate_settings(with_select, {**base, "quality": "2"})
    with pytest.raises(PydanticValidationError, match="needs selectOptions"):
        SettingField.model_validate({"name": "q", "label": "Q", "type": "select"})
    with pytest.raises(PydanticValidationError, match="must have type password"):
        SettingField.model_validate({"name": "k", "label": "K", "type": "textbox", "privacy": "apiKey"})
    with pytest.raises(PydanticValidationError, match="helptext"):
        SettingField.model_validate({"name": "k", "label": "K", "type": "textbox", "helptext": "typo"})
