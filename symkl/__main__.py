"""``python -m symkl``: the same program as the ``symkl`` command."""

from .cli import main

raise SystemExit(main())
