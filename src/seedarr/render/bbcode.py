"""BBCode descriptions from user templates: render, check, and list unknown variables (templates spec).

Templates render in :mod:`seedarr.render.sandbox` with outside text escaped by the finalize hook.
:func:`check_template` compiles a template and names every variable that is not in the catalogue (with its
line and column); undefined variables render empty, so they are warnings unless ``strict`` is asked, in
which case the first one is a :class:`~seedarr.render.sandbox.TemplateFailure` naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import meta, nodes

from seedarr.render.sample import sample_context
from seedarr.render.sandbox import (
    TemplateFailure,
    TemplateKind,
    compile_source,
    convert_legacy,
    parse_tree,
    render,
)
from seedarr.render.variables import is_catalogue_variable

__all__ = ["UnknownVariable", "catalogue_names", "check_template", "render_description"]

_BUILTINS = frozenset({"loop", "range", "self", "signature", "nfo_video_codec"})


@dataclass(frozen=True, slots=True)
class UnknownVariable:
    name: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"unknown variable {self.name!r} (line {self.line}, column {self.column})"


def catalogue_names() -> frozenset[str]:
    """Every variable of the catalogue (numbered ones by their first members)."""
    return frozenset(sample_context()) | _BUILTINS


def _position(source: str, name: str, line: int) -> int:
    text = source.splitlines()[line - 1] if 0 < line <= len(source.splitlines()) else ""
    index = text.find(name)
    return index + 1 if index >= 0 else 1


def check_template(
    source: str, *, name: str = "template", kind: TemplateKind = "description", strict: bool = False
) -> list[UnknownVariable]:
    """Compile ``source`` (raises :class:`TemplateFailure` with line and column); list unknown variables."""
    compile_source(source, name=name, kind=kind)
    text = convert_legacy(source)
    tree = parse_tree(source, kind)
    undeclared = meta.find_undeclared_variables(tree)
    known = catalogue_names()
    unknown: list[UnknownVariable] = []
    for node in tree.find_all(nodes.Name):
        new = node.ctx == "load" and node.name in undeclared and all(u.name != node.name for u in unknown)
        if new and not is_catalogue_variable(node.name, known):
            unknown.append(UnknownVariable(node.name, node.lineno, _position(text, node.name, node.lineno)))
    if strict and unknown:
        first = unknown[0]
        raise TemplateFailure(name, f"unknown variable {first.name!r}", first.line, first.column)
    return unknown


def render_description(source: str, context: Mapping[str, Any], *, name: str = "description") -> str:
    """The BBCode description of ``context`` (plain data from ``build_context``)."""
    return render(source, context, name=name, kind="description").strip() + "\n"
