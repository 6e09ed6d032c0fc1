"""Rigorous enclosures of closed real numbers (SymPy expressions) by mpmath interval arithmetic.

``enclose(expr, bits)`` returns an mpmath ``iv`` interval that contains the exact value, computed
at a working precision of `bits` bits with outward rounding. Rationals, ``E``, ``pi``,
``EulerGamma``, sums, products, powers, ``log``, ``exp``, ``sin``, ``cos``, ``tan``, ``Abs``,
``Max``, ``Min``, ``gamma`` and ``loggamma`` are enclosed rigorously by ``mpmath.iv``. Any other
function or constant (``polygamma``, ``erf``, ...) is evaluated by SymPy's ``evalf`` at more
digits than asked and widened by a relative 2**-(bits - 8): there the digits rest on mpmath's own
accuracy, not on a proof.

>>> from sympy import sqrt, Rational, log
>>> from mpmath import iv
>>> box = enclose(Rational(1, 8) + sqrt(2) / 10**40, 200)
>>> box.a > iv.mpf(1) / 8
True
>>> enclose(log(3) - 1, 64).b < 0.1
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy
from sympy import Expr, S

__all__ = ["NeedsMorePrecision", "enclose", "with_precision"]


class NeedsMorePrecision(ArithmeticError):
    """An enclosure touched a singularity (log of an interval reaching 0, a division by one containing 0)."""


def with_precision(bits: int, compute: Callable[[], Any]) -> Any:
    """Run compute() with mpmath's interval context at `bits` bits, restoring the old precision."""
    from mpmath import iv

    saved = iv.prec
    iv.prec = bits
    try:
        return compute()
    finally:
        iv.prec = saved


def enclose(expr: Expr, bits: int) -> Any:
    """An ``iv.mpf`` interval holding the value of the closed real expression `expr`.

    Raises :class:`NeedsMorePrecision` when a wider precision may succeed, ``ValueError``
    when the expression is not a real number.
    """
    return with_precision(bits, lambda: _enclose(sympy.sympify(expr), bits))


def _enclose(expr: Expr, bits: int) -> Any:
    from mpmath import iv

    if expr.is_Rational:
        return iv.mpf(int(expr.p)) / iv.mpf(int(expr.q)) if expr.q != 1 else iv.mpf(int(expr.p))
    if expr.is_Float:
        return _float(expr)
    constant = _CONSTANTS.get(expr)
    if constant is not None:
        return constant(iv)
    if expr.is_Add:
        total = iv.mpf(0)
        for term in expr.args:
            total += _enclose(term, bits)
        return total
    if expr.is_Mul:
        product = iv.mpf(1)
        for factor in expr.args:
            product *= _enclose(factor, bits)
        return product
    if expr.is_Pow:
        return _power(expr, bits)
    if expr is S.ImaginaryUnit or expr.is_extended_real is False:
        raise ValueError("not a real number")
    function = _FUNCTIONS.get(type(expr))
    if function is not None and len(expr.args) >= 1:
        return function(iv, [_enclose(argument, bits) for argument in expr.args])
    return _trusted(expr, bits)


def _float(value: sympy.Float) -> Any:
    """The exact binary value of a SymPy Float as a (point) interval."""
    from mpmath import iv

    sign, mantissa, exponent, _ = value._mpf_
    if not mantissa:
        if exponent:
            raise ValueError("an infinite or nan Float")
        return iv.mpf(0)
    return iv.mpf(int(mantissa)) * iv.mpf(2) ** int(exponent) * (-1 if sign else 1)


def _power(expr: Expr, bits: int) -> Any:
    from mpmath import iv

    base, exponent = expr.args
    if base is S.Exp1:
        return iv.exp(_enclose(exponent, bits))
    x = _enclose(base, bits)
    if exponent.is_Integer:
        return _power_of(x, int(exponent))
    if x.b < 0:
        raise ValueError("a negative number to a non-integer power is not real")
    if exponent.is_Rational and exponent.q == 2:
        if x.a < 0:
            raise NeedsMorePrecision("square root of an interval reaching below 0")
        root = iv.sqrt(x)
        return _power_of(root, int(exponent.p))
    if x.a <= 0:
        raise NeedsMorePrecision("a power of an interval reaching 0")
    return iv.exp(_enclose(exponent, bits) * iv.log(x))


def _power_of(x: Any, n: int) -> Any:
    """x**n for an integer n; a negative n needs an interval away from 0."""
    if n >= 0:
        return x**n
    if x.a <= 0 <= x.b:
        raise NeedsMorePrecision("division by an interval containing 0")
    return 1 / x ** (-n)


def _log(iv: Any, args: list[Any]) -> Any:
    (x,) = args
    if x.b <= 0:
        raise ValueError("log of a non-positive number")
    if x.a <= 0:
        raise NeedsMorePrecision("log of an interval reaching 0")
    return iv.log(x)


def _abs(iv: Any, args: list[Any]) -> Any:
    (x,) = args
    if x.a >= 0:
        return x
    if x.b <= 0:
        return -x
    return iv.mpf([0, max(-x.a, x.b)])


def _max(iv: Any, args: list[Any]) -> Any:
    return iv.mpf([max(x.a for x in args), max(x.b for x in args)])


def _min(iv: Any, args: list[Any]) -> Any:
    return iv.mpf([min(x.a for x in args), min(x.b for x in args)])


def _positive_only(name: str) -> Callable[[Any, list[Any]], Any]:
    def apply(iv: Any, args: list[Any]) -> Any:
        (x,) = args
        if x.a <= 0:
            raise NeedsMorePrecision(f"{name} is enclosed only for positive arguments")
        return getattr(iv, name)(x)

    return apply


_FUNCTIONS: dict[type, Callable[[Any, list[Any]], Any]] = {
    sympy.log: _log,
    sympy.exp: lambda iv, args: iv.exp(args[0]),
    sympy.sin: lambda iv, args: iv.sin(args[0]),
    sympy.cos: lambda iv, args: iv.cos(args[0]),
    sympy.tan: lambda iv, args: iv.tan(args[0]),
    sympy.Abs: _abs,
    sympy.Max: _max,
    sympy.Min: _min,
    sympy.gamma: _positive_only("gamma"),
    sympy.loggamma: _positive_only("loggamma"),
}

_CONSTANTS: dict[Expr, Callable[[Any], Any]] = {
    S.Exp1: lambda iv: iv.e,
    S.Pi: lambda iv: iv.pi,
    S.EulerGamma: lambda iv: iv.euler,
    S.GoldenRatio: lambda iv: (1 + iv.sqrt(iv.mpf(5))) / 2,
}


def _trusted(expr: Expr, bits: int) -> Any:
    """Functions mpmath.iv lacks: SymPy's evalf at more digits, widened by a relative 2**-(bits - 8)."""
    from mpmath import iv

    if expr.free_symbols:
        raise ValueError("the expression has free symbols")
    digits = int(bits * 0.30103) + 10
    value = expr.evalf(digits, strict=False)
    if not value.is_Float:
        if value.is_real is False or value.has(S.ImaginaryUnit):
            raise ValueError("not a real number")
        raise ValueError(f"{type(expr).__name__} has no numerical value")
    center = _float(value)
    radius = abs(center) * iv.mpf(2) ** (8 - bits) + iv.mpf(2) ** (-4 * bits)
    return center + iv.mpf([-radius.b, radius.b])
