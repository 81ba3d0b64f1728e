"""The template sandbox: escaping, forbidden constructs, limits, errors with line and column."""

from __future__ import annotations

import pytest

from seedarr.render.bbcode import check_template, render_description
from seedarr.render.sandbox import SafeBBCode, TemplateFailure, convert_legacy, render

CONTEXT = {"title": "[url=https://evil.example]clic[/url] [REC]", "safe": SafeBBCode("[b]ok[/b]"), "n": 3}


def test_outside_text_cannot_inject_bbcode() -> None:
    assert render("{{ title }}", CONTEXT) == "clic [REC]"
    assert render("{{ safe }}", CONTEXT) == "[b]ok[/b]"
    assert render("{{ '[[b]b]x' }}", {}) == "x"


def test_values_are_not_regex_replacements() -> None:
    assert render("{{ v }}", {"v": r"a\1b\n"}) == r"a\1b\n"


def test_invisible_characters_and_crlf_are_removed() -> None:
    assert render("a\r\n{{ v }}", {"v": "x\u202ey\u200b\x07z"}) == "a\nxyz"


def test_undefined_variables_render_empty() -> None:
    assert render("[{{ nothing }}|{{ nothing.deeper.still }}]", {}) == "[|]"


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ cycler.__init__ }}",
        "{{ self }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ lipsum.__globals__ }}",
        "{{ config }}",
        "{{ n.__class__.__base__ }}",
        "{{ range.__globals__['os'] }}",
    ],
)
def test_python_internals_render_nothing_or_fail(source: str) -> None:
    try:
        output = render(source, CONTEXT)
    except TemplateFailure as failure:
        output = f"refused on line {failure.line}"
    assert output in ("", "refused on line 1")


@pytest.mark.parametrize(
    ("source", "problem", "line", "column"),
    [
        ("{% include 'x.txt' %}", "include", 1, 1),
        ("a\n{% import 'x' as y %}", "import", 2, 1),
        ("{% extends 'base' %}", "extends", 1, 1),
        ("ok\n  {{ title | nope }}", "nope", 2, 3),
        ("line\nline\n x {{ title + }}", "unexpected", 3, 4),
        ("{% if title %}never closed", "endif", 1, 1),
        ("a\n {{ 1 / 0 }}", "ZeroDivisionError", 2, 2),
    ],
)
def test_failures_give_line_and_column(source: str, problem: str, line: int, column: int) -> None:
    with pytest.raises(TemplateFailure) as caught:
        render(source, CONTEXT, name="mine")
    failure = caught.value
    assert problem in failure.detail
    assert (failure.line, failure.column) == (line, column)
    assert failure.field == "template" and "mine" in str(failure)


def test_limits() -> None:
    with pytest.raises(TemplateFailure, match="larger than 64 KiB"):
        render("x" * (65 * 1024), {})
    with pytest.raises(TemplateFailure, match="256 KiB"):
        render("{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}", {})
    with pytest.raises(TemplateFailure, match="range too big"):
        render("{% for i in range(10**9) %}{% endfor %}", {})


def test_runaway_render_is_stopped() -> None:
    source = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateFailure, match="longer than"):
        render(source, {}, timeout=0.3)


def test_context_must_be_plain_data() -> None:
    with pytest.raises(TypeError, match="plain data"):
        render("{{ x }}", {"x": object()})


def test_legacy_sections_are_converted() -> None:
    legacy = "{{#tagline}}[i]« {{tagline}} »[/i]{{/tagline}}"
    assert convert_legacy(legacy) == "{% if tagline %}[i]« {{tagline}} »[/i]{% endif %}"
    assert render(legacy, {"tagline": "Hi"}) == "[i]« Hi »[/i]"
    assert render(legacy, {"tagline": ""}) == ""


def test_only_allowed_filters_exist() -> None:
    assert (
        render("{{ 'a b' | title }} {{ 3.14159 | round(2) }} {{ [1,2] | join('-') }}", {}) == "A B 3.14 1-2"
    )
    for forbidden in ("attr('x')", "map('upper') | list", "pprint", "tojson", "xmlattr"):
        with pytest.raises(TemplateFailure, match="No filter"):
            render("{{ title | " + forbidden + " }}", CONTEXT)


def test_unknown_variables_are_listed_or_refused() -> None:
    unknown = check_template(
        "{{ title }}\n{% set mine = 1 %}{{ mine }} {{ colour }}{% for a in cast %}{{ a.name }}{% endfor %}"
    )
    assert [(u.name, u.line, u.column) for u in unknown] == [("colour", 2, 33)]
    with pytest.raises(TemplateFailure, match="unknown variable 'colour'"):
        check_template("{{ colour }}", strict=True)
    assert check_template("{{ cast_4_card }} {{ screenshot_12_thumb }}") == []


def test_render_description_trims_and_ends_with_a_newline() -> None:
    assert render_description("\n\n[b]{{ t }}[/b]\n\n", {"t": "x"}) == "[b]x[/b]\n"
