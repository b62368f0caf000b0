"""``python -m services`` is the ``festplan`` command (handy where the console script is not on PATH)."""

from services.cli import main

main()
