"""The ``symkl`` command line: ``main`` parses and dispatches; one module per group of subcommands.

Layer: the top; it may import every layer below (``render``, ``prover``, ``proof``, ...) and nothing
imports it but ``symkl.__main__``. ``common`` holds the parser and option types, ``inputs`` reads what
the user typed (strict grammar, never ``eval``), ``output`` prints answers, and ``measures``,
``catalogue`` and ``prove`` register their subcommands:

>>> main(["entropy", "1/2,1/2", "--base", "2"])
H(P) = 1 bit ≈ 1 bit
0
"""

from .main import main

__all__ = ["main"]
