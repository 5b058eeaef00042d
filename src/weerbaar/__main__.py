"""``python -m weerbaar`` runs the command line."""

from weerbaar.cli import main

main()
