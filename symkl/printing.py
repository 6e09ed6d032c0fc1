r"""Readable printing of exact answers: terms in reading order, log bases kept.

SymPy prints ``log(3)/log(2)`` as a fraction of natural logs, and its LaTeX
for ``log(3, 2, evaluate=False)`` drops the base (sympy #26897). Here a
term ``c*log(a)/log(b)`` prints as ``c \log_{b} a`` and sums of rational-log
terms read constant first, then by increasing log argument.

>>> from sympy import log
>>> exact_str(log(2) - log(3) / 2)
'log(2) - log(3)/2'
>>> latex(1 - log(3) / (2 * log(2)))
'1 - \\frac{1}{2} \\log_{2} 3'
>>> latex(log(2) - log(3) / 2)
'\\log 2 - \\frac{1}{2} \\log 3'
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import sympy
from sympy import Expr
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

__all__ = ["exact_str", "latex"]


@contextlib.contextmanager
def unlimited_int_digits() -> Iterator[None]:
    """Allow printing integers beyond Python's 4300-digit str() limit (exact atoms can be huge)."""
    getter = getattr(sys, "get_int_max_str_digits", None)
    if getter is None:
        yield
        return
    saved = getter()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(saved)


def _log_argument(term: Expr) -> Fraction | None:
    """The argument of the single log in the numerator of a rational-log term, if any."""
    logs = [factor for factor in sympy.Mul.make_args(term) if isinstance(factor, sympy.log)]
    if len(logs) == 1 and logs[0].args[0].is_Rational:
        argument = logs[0].args[0]
        return Fraction(int(argument.p), int(argument.q))
    return None


def _reading_order(expr: Expr, default: list[Expr]) -> list[Expr]:
    constants = [term for term in default if term.is_Rational]
    keyed = [(_log_argument(term), term) for term in default if not term.is_Rational]
    if any(key is None for key, _ in keyed):
        return default
    keyed.sort(key=lambda pair: pair[0])  # type: ignore[arg-type, return-value]
    return constants + [term for _, term in keyed]


class _ReadingOrderMixin:
    def _as_ordered_terms(self, expr: Expr, order: Any = None) -> list[Expr]:
        default = super()._as_ordered_terms(expr, order=order)  # type: ignore[misc]
        return _reading_order(expr, list(default))


class ExactStrPrinter(_ReadingOrderMixin, StrPrinter):
    """StrPrinter with sums of rational-log terms in reading order."""


class ExactLatexPrinter(_ReadingOrderMixin, LatexPrinter):
    r"""LatexPrinter with ``\log 3``, ``\log_{2} 3`` and reading order."""

    def _print_log(self, expr: Expr, exp: Any = None) -> str:
        (argument,) = expr.args
        if (argument.is_Integer and argument.is_positive) or argument.is_Symbol:
            body = rf"\log {self._print(argument)}"
        else:
            body = rf"\log{{\left({self._print(argument)} \right)}}"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"

    def _print_Mul(self, expr: Expr) -> str:
        factors = sympy.Mul.make_args(expr)
        bases = [f for f in factors if f.is_Pow and f.exp == -1 and isinstance(f.base, sympy.log)]
        logs = [f for f in factors if isinstance(f, sympy.log)]
        rest = [f for f in factors if f not in bases and f not in logs]
        if len(bases) == 1 and len(logs) == 1 and all(f.is_Rational for f in rest):
            base = bases[0].base.args[0]
            argument = logs[0].args[0]
            coefficient = sympy.Mul(*rest)
            argument_tex = self._print(argument) if argument.is_Integer else rf"\left({self._print(argument)}\right)"
            body = rf"\log_{{{self._print(base)}}} {argument_tex}"
            if coefficient == 1:
                return body
            if coefficient == -1:
                return "-" + body
            return f"{self._print(coefficient)} {body}"
        if len(logs) == 1 and not bases and len(rest) == 1 and rest[0].is_Rational:
            coefficient = rest[0]
            body = self._print(logs[0])
            if coefficient == -1:
                return "-" + body
            return f"{self._print(coefficient)} {body}"
        return super()._print_Mul(expr)


def exact_str(expr: Any) -> str:
    """Plain-text form of an exact answer, in reading order.

    >>> from sympy import log
    >>> exact_str(1 - log(3) / (2 * log(2)))
    '1 - log(3)/(2*log(2))'
    """
    with unlimited_int_digits():
        return ExactStrPrinter().doprint(expr)


def latex(expr: Any, **settings: Any) -> str:
    r"""LaTeX of an expression or measure with log bases kept (``\log_{2} 3``).

    >>> import symkl as sk
    >>> A = sk.Distribution(["1/2", "1/2"], name="A")
    >>> B = sk.Distribution(["1/4", "3/4"], name="B")
    >>> sk.latex(sk.KL(A, B))
    'D_{\\mathrm{KL}}(A \\parallel B)'
    >>> sk.latex(sk.kl_divergence(A, B, base=2))
    '1 - \\frac{1}{2} \\log_{2} 3'
    """
    with unlimited_int_digits():
        return ExactLatexPrinter(settings).doprint(expr)
