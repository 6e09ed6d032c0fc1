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

__all__ = ["brief", "exact_str", "latex"]


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


#: Integers with more digits than this are shown in messages as an excerpt.
_BRIEF_DIGITS = 24


def _digit_count(n: int) -> int:
    """Number of decimal digits of n > 0, without converting n to text."""
    count = max(1, int(n.bit_length() * 0.30102999566398120))
    while 10**count <= n:
        count += 1
    while count > 1 and 10 ** (count - 1) > n:
        count -= 1
    return count


def _integer_excerpt(n: int) -> str:
    """'123456789012...345678 (10001 digits)' for a huge integer; plain digits for a short one."""
    sign = "-" if n < 0 else ""
    n = abs(n)
    count = _digit_count(n)
    if count <= _BRIEF_DIGITS:
        return sign + str(n)
    head = n // 10 ** (count - 12)
    tail = str(n % 10**6).rjust(6, "0")
    return f"{sign}{head}...{tail} ({count} digits)"


def _rational_excerpt(value: Fraction) -> str:
    """A huge rational as '~1.234e-324' (its magnitude is what a message needs), else p/q."""
    if value.denominator == 1:
        return _integer_excerpt(value.numerator)
    sizes = (_digit_count(abs(value.numerator) or 1), _digit_count(value.denominator))
    if max(sizes) <= _BRIEF_DIGITS:
        return f"{value.numerator}/{value.denominator}"
    sizes_text = f"(a fraction of {sizes[0]} and {sizes[1]} digits)"
    nearest = round(value)
    rest = value - nearest
    if nearest and abs(rest) < Fraction(1, 10**6):  # 1 + 5e-324 reads better as that than as ~1.000
        joint = " - " if rest < 0 else " + "
        return f"{_integer_excerpt(nearest)}{joint}{_approximate(abs(rest))} {sizes_text}"
    return f"{_approximate(value)} {sizes_text}"


def _approximate(value: Fraction) -> str:
    import mpmath

    with mpmath.workprec(40):
        approximate = mpmath.mpf(value.numerator) / mpmath.mpf(value.denominator)
        return "~" + mpmath.nstr(approximate, 4)


def brief(value: Any, limit: int = 160) -> str:
    """A short text of a number or expression for error messages: huge integers become excerpts.

    Never converts a huge integer to text in full, so a 100,000-digit value costs no more than a
    small one, and the whole text is cut to `limit` characters.

    >>> brief(sympy.Integer(10) ** 100000)
    '100000000000...000000 (100001 digits)'
    >>> brief(sympy.Rational(1, 2 * 10**323))
    '~5.0e-324 (a fraction of 1 and 324 digits)'
    >>> brief(1 + sympy.Rational(1, 2 * 10**323))
    '1 + ~5.0e-324 (a fraction of 324 and 324 digits)'
    >>> brief(sympy.sqrt(2) + sympy.Rational(3, 4))
    '3/4 + sqrt(2)'
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return _cut(_integer_excerpt(value), limit)
    if isinstance(value, Fraction):
        return _cut(_rational_excerpt(value), limit)
    if not isinstance(value, sympy.Basic):
        return _cut(repr(value) if not isinstance(value, str) else value, limit)
    if value.is_Rational:
        return _cut(_rational_excerpt(Fraction(int(value.p), int(value.q))), limit)
    huge = {
        atom: sympy.Symbol(_rational_excerpt(Fraction(int(atom.p), int(atom.q))))
        for atom in value.atoms(sympy.Rational)
        if max(abs(atom.p).bit_length(), atom.q.bit_length()) > 3.33 * _BRIEF_DIGITS
    }
    return _cut(exact_str(value.xreplace(huge) if huge else value), limit)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
