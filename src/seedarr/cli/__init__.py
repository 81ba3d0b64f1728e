"""The ``seedarr`` command line.

Start-up stays fast: ``--version`` answers before anything heavy is imported, and only the module of the
command being run is imported (``seedarr torrent …`` never loads the web app). Each command module in
:data:`COMMANDS` exposes ``register(app)``. Deliberate errors (:class:`~seedarr.errors.SeedarrError`) print
one line on stderr and exit with code 2, never a traceback.
"""

from __future__ import annotations

import sys
from importlib import import_module

__all__ = ["COMMANDS", "main"]

# command name -> module that registers it (a top-level command or a command group)
COMMANDS: dict[str, str] = {
    "serve": "seedarr.cli.serve",
    "db": "seedarr.cli.db",
    "doctor": "seedarr.cli.doctor",
    "auth": "seedarr.cli.auth",
    "torrent": "seedarr.cli.torrent",
    "media": "seedarr.cli.media",
    "identify": "seedarr.cli.identify",
    "release": "seedarr.cli.release",
}


def _wanted_modules(argv: list[str]) -> list[str]:
    """Only the module of the command named on the line; every module for help or an unknown name."""
    words = [a for a in argv if not a.startswith("-")]
    if words and words[0] in COMMANDS:
        return [COMMANDS[words[0]]]
    return list(dict.fromkeys(COMMANDS.values()))


def build_app(argv: list[str] | None = None) -> object:
    import typer

    from seedarr import __version__

    app = typer.Typer(
        name="seedarr",
        help="Seedarr: from a finished film or series on disk to a published, seeded release.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )

    def _version(value: bool) -> None:
        if value:
            print(f"seedarr {__version__}")
            raise typer.Exit()

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ) -> None:
        """Seedarr command line."""

    for module_name in _wanted_modules(sys.argv[1:] if argv is None else argv):
        import_module(module_name).register(app)
    return app


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``seedarr`` console script."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from seedarr import __version__

        print(f"seedarr {__version__}")
        return
    from seedarr.errors import SeedarrError

    app = build_app(args)
    try:
        app(args=args, prog_name="seedarr", standalone_mode=True)  # type: ignore[operator]
    except SeedarrError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
