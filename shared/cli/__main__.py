"""`python -m shared.cli` is `catalog`."""

from shared.cli import main

main()
