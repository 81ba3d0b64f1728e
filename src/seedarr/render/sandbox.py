"""The sandbox every user template renders in (templates spec §4): BBCode descriptions, NFOs, previews.

Jinja2's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` refuses underscore and dunder attributes,
unsafe method calls and changes to the context; on top of it: only the allowed filters exist, ``include``,
``import`` and ``extends`` are refused before rendering, the context must be plain data, the source is at
most 64 KiB, the output at most 256 KiB, and rendering stops after 2 s (a ``range`` loop checks the
deadline; a runaway render is abandoned in its worker thread). Undefined variables render empty. Every
failure is a :class:`TemplateFailure` naming the template, line and column.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import re
import time
from collections.abc import Callable, Iterator, Mapping
from types import TracebackType
from typing import Any, Literal

from jinja2 import ChainableUndefined, TemplateAssertionError, TemplateError, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS as DEFAULT_FILTERS
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment

from seedarr.errors import ValidationFailed
from seedarr.render import filters

__all__ = [
    "MAX_OUTPUT",
    "MAX_SOURCE",
    "RENDER_TIMEOUT",
    "SafeBBCode",
    "TemplateFailure",
    "TemplateKind",
    "compile_source",
    "convert_legacy",
    "parse_tree",
    "render",
]

TemplateKind = Literal["description", "nfo"]
MAX_SOURCE = 64 * 1024
MAX_OUTPUT = 256 * 1024
RENDER_TIMEOUT = 2.0
_ALLOWED = (
    "default",
    "upper",
    "lower",
    "title",
    "capitalize",
    "trim",
    "truncate",
    "replace",
    "join",
    "length",
    "first",
    "last",
    "round",
    "int",
    "string",
)
_OURS: dict[str, Callable[..., str]] = {
    "bbcode_escape": filters.bbcode_escape,
    "filesize": filters.filesize,
    "fr_date": filters.fr_date,
    "duration": filters.duration,
    "url_safe": filters.url_safe,
}
_FORBIDDEN = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "import",
    nodes.Extends: "extends",
}
_LEGACY_OPEN_RE = re.compile(r"\{\{\s*#\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_LEGACY_CLOSE_RE = re.compile(r"\{\{\s*/\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_deadline: contextvars.ContextVar[float] = contextvars.ContextVar("template_deadline", default=float("inf"))
_pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="template")


class SafeBBCode(str):
    """Ready-made BBCode built by Seedarr from escaped parts: rendered as is, never escaped again."""

    __slots__ = ()


class TemplateFailure(ValidationFailed):
    """A template cannot be compiled or rendered; ``line`` and ``column`` are 1-based (0 when unknown)."""

    def __init__(self, name: str, problem: str, line: int = 0, column: int = 0) -> None:
        where = f" (line {line}, column {column})" if line else ""
        super().__init__("template", f"{name}: {problem}{where}")
        self.template_name = name
        self.line = line
        self.column = column
        self.detail = problem


def _printable(value: Any, escape: Callable[[str], str]) -> Any:
    """What ``{{ value }}`` prints: text escaped, numbers as they are, lists joined, anything else empty."""
    if isinstance(value, SafeBBCode):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(str(_printable(v, escape)) for v in value if isinstance(v, str | int | float))
    return ""  # Undefined, generators, template references: nothing useful to print


def _finalize_bbcode(value: Any) -> Any:
    return _printable(value, filters.bbcode_escape)


def _finalize_text(value: Any) -> Any:
    return _printable(value, filters.clean_output)


def _bounded_range(*args: int) -> Iterator[int]:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range too big (maximum {MAX_RANGE} items)")
    return _timed(numbers, _deadline.get())


def _timed(numbers: range, deadline: float) -> Iterator[int]:
    for number in numbers:
        if time.monotonic() > deadline:
            raise SecurityError(f"rendering took longer than {RENDER_TIMEOUT:g} s")
        yield number


def _environment(kind: TemplateKind) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        autoescape=False,
        undefined=ChainableUndefined,
        finalize=_finalize_bbcode if kind == "description" else _finalize_text,
        keep_trailing_newline=True,
    )
    env.filters = {name: DEFAULT_FILTERS[name] for name in _ALLOWED}
    env.filters.update(_OURS)
    if kind == "nfo":
        env.filters["center"] = DEFAULT_FILTERS["center"]
        env.filters["wordwrap"] = DEFAULT_FILTERS["wordwrap"]
    env.globals = {"range": _bounded_range}
    return env


_ENVIRONMENTS: dict[TemplateKind, ImmutableSandboxedEnvironment] = {
    "description": _environment("description"),
    "nfo": _environment("nfo"),
}


def convert_legacy(source: str) -> str:
    """Previous-implementation sections ``{{#var}}…{{/var}}`` as ``{% if var %}…{% endif %}``."""
    return _LEGACY_CLOSE_RE.sub("{% endif %}", _LEGACY_OPEN_RE.sub(r"{% if \1 %}", source))


def _column(source: str, line: int, env: ImmutableSandboxedEnvironment) -> int:
    """The column of the first tag on ``line`` that does not compile on its own (else its first tag)."""
    lines = source.splitlines()
    if not 0 < line <= len(lines):
        return 1
    text = lines[line - 1]
    tags = list(_TAG_RE.finditer(text)) or list(re.finditer(r"\{[{%]", text))
    for match in tags:
        if match.group().startswith("{{"):
            try:
                env.compile_expression(match.group()[2:-2].strip() or "''")
            except TemplateError:
                return match.start() + 1
    return tags[0].start() + 1 if tags else 1


def compile_source(source: str, *, name: str = "template", kind: TemplateKind = "description") -> Any:
    """A compiled template, after the legacy conversion and the refusal of include/import/extends."""
    if len(source.encode()) > MAX_SOURCE:
        raise TemplateFailure(name, f"the template is larger than {MAX_SOURCE // 1024} KiB")
    env = _ENVIRONMENTS[kind]
    text = convert_legacy(source)
    try:
        tree = env.parse(text)
        for node_type, tag in _FORBIDDEN.items():
            for node in tree.find_all(node_type):
                raise TemplateFailure(
                    name, f"{{% {tag} %}} is not allowed", node.lineno, _column(text, node.lineno, env)
                )
        return env.from_string(text)
    except (TemplateSyntaxError, TemplateAssertionError) as exc:
        line = exc.lineno or 0
        raise TemplateFailure(name, exc.message or "syntax error", line, _column(text, line, env)) from None


def parse_tree(source: str, kind: TemplateKind = "description") -> nodes.Template:
    """The syntax tree of a (legacy-converted) template; call :func:`compile_source` first to check it."""
    return _ENVIRONMENTS[kind].parse(convert_legacy(source))


def _runtime_line(tb: TracebackType | None) -> int:
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _runtime_failure(
    name: str, problem: str, exc: BaseException, source: str, kind: TemplateKind
) -> TemplateFailure:
    line = _runtime_line(exc.__traceback__)
    column = _column(convert_legacy(source), line, _ENVIRONMENTS[kind]) if line else 0
    return TemplateFailure(name, problem, line, column)


def _check_plain(value: Any, where: str = "context") -> None:
    if value is None or isinstance(value, str | int | float | bool):
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _check_plain(item, f"{where}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_plain(item, f"{where}[{index}]")
        return
    raise TypeError(f"{where}: templates get plain data only, not {type(value).__name__}")


def _produce(template: Any, context: Mapping[str, Any], deadline: float) -> str:
    _deadline.set(deadline)
    parts: list[str] = []
    size = 0
    for chunk in template.generate(dict(context)):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise SecurityError(f"the output is larger than {MAX_OUTPUT // 1024} KiB")
        if time.monotonic() > deadline:
            raise SecurityError(f"rendering took longer than {RENDER_TIMEOUT:g} s")
        parts.append(chunk)
    return "".join(parts)


def render(
    source: str,
    context: Mapping[str, Any],
    *,
    name: str = "template",
    kind: TemplateKind = "description",
    timeout: float = RENDER_TIMEOUT,
) -> str:
    """``source`` rendered with ``context`` (plain data only) in the sandbox.

    Raises :class:`TemplateFailure` (syntax, forbidden construct, sandbox violation, limit, timeout).
    """
    _check_plain(context)
    template = compile_source(source, name=name, kind=kind)
    deadline = time.monotonic() + timeout
    future = _pool.submit(contextvars.copy_context().run, _produce, template, context, deadline)
    try:
        output = future.result(timeout=timeout + 0.5)
    except concurrent.futures.TimeoutError:
        future.cancel()
        raise TemplateFailure(name, f"rendering took longer than {timeout:g} s and was abandoned") from None
    except SecurityError as exc:
        raise _runtime_failure(name, f"refused by the sandbox: {exc}", exc, source, kind) from None
    except TemplateError as exc:
        raise _runtime_failure(name, str(exc), exc, source, kind) from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise _runtime_failure(name, f"{type(exc).__name__}: {exc}", exc, source, kind) from None
    return filters.clean_output(output)
