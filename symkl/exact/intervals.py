"""Rigorous enclosures of closed real numbers (SymPy expressions) by mpmath interval arithmetic.

``enclose(expr, bits)`` returns an mpmath ``iv`` interval that contains the exact value, computed
at a working precision of `bits` bits with outward rounding. Rationals, ``E``, ``pi``,
``EulerGamma``, sums, products, powers, ``log``, ``exp``, ``sin``, ``cos``, ``tan``, ``cot``,
``sec``, ``csc``, ``sinh``, ``cosh``, ``tanh``, ``Abs``, ``Max``, ``Min``, ``gamma`` and
``loggamma`` are enclosed rigorously by ``mpmath.iv``; ``polygamma(m, x)`` for x > 0 (digamma in
Gamma and Beta divergences) by the recurrence and the asymptotic series, whose remainder is at most
the first omitted term (DLMF 5.11(ii), 5.15); ``erf`` and ``erfc`` by their alternating Taylor series
with the first omitted term as the error bound. Any other function or constant (``zeta``,
``polygamma`` at negative x, ``Ei``, ``Catalan``, ...) is evaluated by SymPy's ``evalf`` at more
digits than asked and widened by a relative 2**-(bits - 8): there the digits rest on mpmath's own
accuracy, not on a proof, and ``proven(expr)`` is False.

>>> from sympy import sqrt, Rational, log
>>> from mpmath import iv
>>> box = enclose(Rational(1, 8) + sqrt(2) / 10**40, 200)
>>> box.a > iv.mpf(1) / 8
True
>>> enclose(log(3) - 1, 64).b < 0.1
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import sympy
from sympy import Expr, S

__all__ = ["NeedsMorePrecision", "enclose", "proven", "with_precision"]


class NeedsMorePrecision(ArithmeticError):
    """An enclosure touched a singularity (log of an interval reaching 0, a division by one containing 0)."""


def with_precision(bits: int, compute: Callable[[], Any]) -> Any:
    """Run compute() with mpmath's interval context at `bits` bits, restoring the old precision.

    Parameters
    ----------
    bits : int
        The working precision, in bits.
    compute : callable
        The computation, called with no arguments.

    Returns
    -------
    object
        What ``compute()`` returns.
    """
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

    Parameters
    ----------
    expr : sympy.Expr
        A closed real expression.
    bits : int
        The working precision, in bits.

    Returns
    -------
    mpmath.iv.mpf
        An interval that holds the value.
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
    order = _polygamma_order(expr) if isinstance(expr, sympy.polygamma) else None
    if order is not None:
        x = _enclose(expr.args[1], bits)
        if x.a > 0:
            return _polygamma(order, x, bits)
        if x.b > 0:
            raise NeedsMorePrecision("polygamma of an interval reaching 0")
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


def _polygamma_order(expr: Expr) -> int | None:
    """m of polygamma(m, x) when m is a whole number, else None."""
    order = expr.args[0]
    return int(order) if order.is_Integer and order >= 0 else None


@functools.cache
def _bernoulli(k: int) -> tuple[int, int]:
    """B_k as (numerator, denominator).

    >>> _bernoulli(2), _bernoulli(12)
    ((1, 6), (-691, 2730))
    """
    value = sympy.bernoulli(k)
    return int(value.p), int(value.q)


def _polygamma(m: int, x: Any, bits: int) -> Any:
    """An enclosure of polygamma(m, x) for an interval x > 0.

    Shift x up to X ~ bits/8 by psi^(m)(x) = psi^(m)(x + N) - sum_j (-1)**m m!/(x + j)**(m + 1), then
    sum the asymptotic series of psi^(m)(X); for real X > 0 its remainder has at most the size of the
    first omitted term (the Bernoulli remainder of t/(1 - exp(-t)) is enveloping, and psi^(m) is its
    integral against a positive weight), which is added as a symmetric error.

    >>> import mpmath
    >>> from mpmath import iv, mpf, psi
    >>> box = with_precision(120, lambda: _polygamma(0, iv.mpf(1), 120))
    >>> with mpmath.workprec(200):
    ...     psi(0, mpf(1)) in box and box.delta < mpf(2) ** -100
    True
    """
    from mpmath import iv

    large = bits // 8 + 4 * m + 10
    shift = max(0, large - int(min(_upper(x), large)))
    factorial = iv.mpf(math.factorial(m))
    sign = -1 if m % 2 else 1
    total = iv.mpf(0)
    for j in range(shift):
        total -= sign * factorial / (x + j) ** (m + 1)
    y = x + shift
    if m == 0:
        total += iv.log(y) - 1 / (2 * y)
    else:
        total += -sign * (iv.mpf(math.factorial(m - 1)) / y**m + factorial / (2 * y ** (m + 1)))
    k, term = 1, None
    while k <= 4 * large:
        numerator, denominator = _bernoulli(2 * k)
        # B_2k (2k + m - 1)! / ((2k)! y**(2k + m)); for m = 0 it is B_2k / (2k y**2k)
        weight = iv.mpf(numerator) * iv.mpf(math.factorial(2 * k + m - 1)) / iv.mpf(denominator)
        term = -sign * weight / (iv.mpf(math.factorial(2 * k)) * y ** (2 * k + m))
        if abs(term).b < iv.mpf(2) ** (-bits - 20) * (1 + abs(total).a):
            break
        total += term
        k += 1
    error = abs(term).b if term is not None else iv.mpf(0)
    return total + iv.mpf([-error, error])


def _erf_point(x: Any, bits: int) -> Any:
    """An enclosure of erf at a point interval x, from the alternating Taylor series.

    >>> import mpmath
    >>> from mpmath import iv, mpf, erf
    >>> box = with_precision(100, lambda: _erf_point(iv.mpf(3) / 2, 100))
    >>> with mpmath.workprec(200):
    ...     erf(mpf(3) / 2) in box and box.delta < mpf(2) ** -90
    True
    """
    from mpmath import iv

    if x.b < 0:
        return -_erf_point(-x, bits)
    if x.a == 0 and x.b == 0:
        return iv.mpf(0)
    square = x * x
    if square.a > 4:  # erfc(x) <= exp(-x**2)/(x sqrt(pi)): erf is 1 to the precision asked when that is tiny
        tail = iv.exp(-square) / (x * iv.sqrt(iv.pi))
        if tail.b < iv.mpf(2) ** (-bits - 4):
            return iv.mpf([1 - tail.b, 1])
    largest = math.ceil(_upper(square))
    saved = iv.prec
    iv.prec = bits + int(largest * 1.45) + 20  # the terms grow to about exp(x**2) before they fall
    try:
        square = x * x  # again, at the working precision
        total, power, n = iv.mpf(0), x, 0
        while True:
            term = power / (iv.mpf(math.factorial(n)) * (2 * n + 1))
            if n > largest and term.b < iv.mpf(2) ** (-bits - 20):
                break  # past the largest term the magnitudes fall: the remainder is below this term
            total += term if n % 2 == 0 else -term
            power *= square
            n += 1
        return (total + iv.mpf([-term.b, term.b])) * 2 / iv.sqrt(iv.pi)
    finally:
        iv.prec = saved


def _upper(x: Any) -> float:
    """The upper end of an interval as a float (huge ends become inf)."""
    import mpmath

    return float(mpmath.mpf(x._mpi_[1]))


def _erf(iv: Any, args: list[Any]) -> Any:
    """erf is increasing: enclose it at both ends of the argument."""
    (x,) = args
    low, high = _erf_point(iv.mpf(x.a), iv.prec), _erf_point(iv.mpf(x.b), iv.prec)
    return iv.mpf([low.a, high.b])


def _erfc(iv: Any, args: list[Any]) -> Any:
    return 1 - _erf(iv, args)


def _reciprocal(name: str) -> Callable[[Any, list[Any]], Any]:
    def apply(iv: Any, args: list[Any]) -> Any:
        return _power_of(getattr(iv, name)(args[0]), -1)

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
    sympy.cot: lambda iv, args: iv.cos(args[0]) * _reciprocal("sin")(iv, args),
    sympy.sec: _reciprocal("cos"),
    sympy.csc: _reciprocal("sin"),
    sympy.sinh: lambda iv, args: (iv.exp(args[0]) - iv.exp(-args[0])) / 2,
    sympy.cosh: lambda iv, args: (iv.exp(args[0]) + iv.exp(-args[0])) / 2,
    sympy.tanh: lambda iv, args: 1 - 2 / (iv.exp(2 * args[0]) + 1),
    sympy.erf: _erf,
    sympy.erfc: _erfc,
}


def proven(expr: Expr) -> bool:
    """Whether :func:`enclose` encloses `expr` by proof alone, never by SymPy's evalf.

    >>> from sympy import erf, log, polygamma, sqrt, zeta
    >>> proven(log(3) + sqrt(2)), proven(polygamma(0, sqrt(2)) + erf(1))
    (True, True)
    >>> proven(zeta(3)), proven(polygamma(0, -sqrt(2)))
    (False, False)

    Parameters
    ----------
    expr : sympy.Expr
        A closed real expression.

    Returns
    -------
    bool
        True when the enclosure needs no evalf.
    """
    expr = sympy.sympify(expr)
    if expr.is_Rational or expr.is_Float or expr in _CONSTANTS:
        return True
    if expr.is_Add or expr.is_Mul or expr.is_Pow:
        return all(proven(argument) for argument in expr.args)
    if isinstance(expr, sympy.polygamma):
        return _polygamma_order(expr) is not None and expr.args[1].is_positive is True and proven(expr.args[1])
    return type(expr) in _FUNCTIONS and all(proven(argument) for argument in expr.args)


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
