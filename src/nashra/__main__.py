"""``python -m nashra`` runs the CLI."""

from nashra.cli import main

main()
