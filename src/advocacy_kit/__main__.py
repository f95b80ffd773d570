"""Allow ``python -m advocacy_kit``."""

from advocacy_kit.cli.app import main

main()
