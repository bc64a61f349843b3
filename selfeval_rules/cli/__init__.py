"""The `selfeval` command: the only place that prints, reads argv, or chooses an exit status."""

from ._app import EXIT_BAD_INPUT, EXIT_FOUND, EXIT_INTERNAL, EXIT_OK, main

__all__ = ["EXIT_BAD_INPUT", "EXIT_FOUND", "EXIT_INTERNAL", "EXIT_OK", "main"]
