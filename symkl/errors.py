"""Exceptions raised by symkl.

>>> import symkl as sk
>>> issubclass(sk.InvalidDistribution, ValueError)
True
"""

from __future__ import annotations

__all__ = ["InvalidDistribution", "InvalidInput", "InvalidStatement", "KernelError", "MissingDependency", "Undecidable"]


class InvalidInput(ValueError):
    """A number or expression given by the user could not be read.

    >>> from symkl.exact.parsing import parse_number
    >>> parse_number("1/")
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: '1/' is not a number or an allowed expression: invalid syntax
    """


class InvalidDistribution(InvalidInput):
    """A distribution failed exact validation; the message names the problem and where.

    >>> import symkl as sk
    >>> sk.Distribution(["1/2", "1/3"])
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidDistribution: entries sum to 5/6, not 1
    """


class InvalidStatement(InvalidInput):
    """A statement or constraint for ``symkl prove`` could not be read; the message shows where.

    >>> from symkl.prover.grammar import parse_statement
    >>> parse_statement("H(X|Y) <= H(X")
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidStatement: expected ')' at position 14 (end of text):
      H(X|Y) <= H(X
                   ^
    """

    def __init__(self, message: str, text: str = "", position: int | None = None) -> None:
        self.text, self.position = text, position
        if position is not None:
            where = "end of text" if position >= len(text) else repr(text[position])
            message = f"{message} at position {position + 1} ({where}):\n  {text}\n  {' ' * position}^"
        super().__init__(message)


class Undecidable(ValueError):
    """An exact question (equality, sign) cannot be decided, e.g. because of free symbols.

    >>> import sympy, symkl as sk
    >>> sk.compare(sympy.Symbol("x"), 0)
    Traceback (most recent call last):
    ...
    symkl.errors.Undecidable: cannot compare an expression with free symbols x exactly
    """


class KernelError(ValueError):
    """A rule of the proof kernel refused its input: the claimed step could not be checked.

    >>> import sympy
    >>> from symkl.proof import kernel
    >>> kernel.compute(sympy.Eq(sympy.log(4), 3 * sympy.log(2), evaluate=False))
    Traceback (most recent call last):
    ...
    symkl.errors.KernelError: compute: log(4) = 3*log(2) is false (exact comparison)
    """


class MissingDependency(ImportError):
    """An optional package that a feature needs is not installed; the message names the pip extra.

    >>> issubclass(MissingDependency, ImportError)
    True

    Drawing information diagrams (``sk.idiagram(...).save(...)``) needs matplotlib, the ``plot``
    extra: ``pip install 'symkl[plot]'``.
    """
