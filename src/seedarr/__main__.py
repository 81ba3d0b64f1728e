"""Allow ``python -m seedarr``."""

from seedarr.cli import main

main()
