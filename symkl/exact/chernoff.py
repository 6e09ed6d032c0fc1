"""Chernoff information C(P, Q) = -min_{0 <= l <= 1} log sum p**l q**(1 - l): exact where a closed form
exists, otherwise a Float whose digits are guaranteed by a rigorous enclosure.

With f(l) = sum over the common support of q r**l, r = p/q, f is convex on [0, 1], so:

* P = Q gives 0, disjoint supports give oo;
* when f'(0) >= 0 (decided exactly: f'(0) = sum q log r is a rational-log number) the minimum is at
  l = 0 and C = -log Q(p > 0); when f'(1) <= 0 it is at l = 1 and C = -log P(q > 0);
* when the ratios p/q take two values r1 > 1 > r2 (every binary pair with full supports), with
  q-masses a and b, f'(l) = 0 has the root l* = log(-b log r2 / (a log r1)) / log(r1/r2) and
  C = -log b - l* log r2 - log(1 - log r2 / log r1), an exact SymPy expression;
* otherwise the root of f' is bracketed by bisection on the sign of f' in mpmath interval arithmetic
  (outward rounding, signs decided only when the interval excludes 0, precision doubled when not).
  On a bracket [lo, hi], min f <= f(x) for any x in it (an upper bound), and by convexity
  min f >= max(f(lo) + f'(lo)(hi - lo), f(hi) - f'(hi)(hi - lo)) (a lower bound). The bracket is
  narrowed until -log of these bounds, converted to the base, differ by less than half a unit in
  the last of ``digits`` significant digits; the midpoint, rounded to ``digits`` digits, is
  returned, so the true value is within one unit in its last digit.

>>> import symkl as sk
>>> sk.chernoff_information(["1/2", "1/2"], ["1/2", "1/2"]), sk.chernoff_information([1, 0], [0, 1])
(0, oo)
>>> sk.chernoff_information(["1/2", "1/2", 0], ["1/4", "1/4", "1/2"], base=2)  # minimum at l = 0
1
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

import sympy
from sympy import Expr, Rational, S

from ..errors import InvalidInput
from .canonical import LogLinear, from_log_linear, sign
from .distribution import DistributionLike
from .intervals import NeedsMorePrecision, enclose, with_precision
from .measures import Base, _fractions, _in_base, _pair, checked_base

__all__ = ["chernoff_information"]

#: Largest working precision (bits) of the interval bisection before it reports failure.
MAX_BITS = 8192


def chernoff_information(P: DistributionLike, Q: DistributionLike, base: Base = None, digits: int = 30) -> Expr:
    r"""chernoff_information(["1/2", "1/2"], ["1/2", "1/2"]) is 0: C = -min_l log sum p**l q**(1 - l).

    Exact for equal distributions, disjoint supports, a minimum at l = 0 or 1, and two distinct
    ratios p/q (binary distributions); otherwise a Float of ``digits`` significant digits, within
    one unit in the last digit by a rigorous interval enclosure (see the module docstring).
    Probabilities must be exact rationals.

    >>> c = chernoff_information(["1/2", "1/2"], ["1/4", "3/4"])  # two ratios p/q: a closed form
    >>> c.has(sympy.Float), c.evalf(20)
    (False, 0.034688185232017459384)
    >>> chernoff_information(["1/2", "1/3", "1/6"], ["1/6", "1/3", "1/2"], digits=20)
    0.093559749925728682374

    Parameters
    ----------
    P : Distribution or sequence or dict
        The first distribution (the truth). A :class:`~symkl.Distribution`, a sequence of exact probabilities (int,
        ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    Q : Distribution or sequence or dict
        The second distribution (the model), on the same outcomes. A :class:`~symkl.Distribution`, a sequence of exact
        probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
        Exact rationals.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).
    digits : int, optional
        Significant digits when there is no closed form (within one unit in the last digit).

    Returns
    -------
    sympy.Expr or sympy.Float
        Exact where a closed form exists, else a Float of ``digits`` guaranteed digits.

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        C(P, Q) = -\min_{0 \le \lambda \le 1} \log \sum_i p_i^\lambda q_i^{1 - \lambda}
    """
    P, Q = _pair(P, Q)
    ps, qs = _fractions(P.probabilities), _fractions(Q.probabilities)
    if ps is None or qs is None:
        raise InvalidInput("chernoff_information needs exact rational probabilities (no symbols)")
    if not isinstance(digits, int) or isinstance(digits, bool) or not 1 <= digits <= 1000:
        raise InvalidInput(f"digits must be an integer from 1 to 1000, got {digits!r}")
    common = [(p, q) for p, q in zip(ps, qs) if p > 0 and q > 0]
    if not common:
        return _in_base(LogLinear(infinity=1), base)
    if ps == qs:
        return S.Zero
    for weight_index in (1, 0):  # f'(0) = sum q log r >= 0: minimum at 0; f'(1) = sum p log r <= 0: at 1
        slope = LogLinear()
        for pair in common:
            slope.add_log(pair[0] / pair[1], pair[weight_index])
        direction = sign(from_log_linear(slope))
        at_zero = weight_index == 1
        if (at_zero and direction >= 0) or (not at_zero and direction <= 0):
            mass = sum((pair[weight_index] for pair in common), Fraction(0))
            return _in_base(LogLinear.from_log_of(mass, Fraction(-1)), base)
    masses: dict[Fraction, Fraction] = {}
    for p, q in common:
        masses[p / q] = masses.get(p / q, Fraction(0)) + q
    if len(masses) == 2:
        return _in_base(_two_ratios(masses), base)
    return _enclosed(masses, checked_base(base), digits)


def _two_ratios(masses: dict[Fraction, Fraction]) -> Expr:
    (r2, b), (r1, a) = sorted(masses.items())
    log_r1, log_r2 = sympy.log(_rational(r1)), sympy.log(_rational(r2))
    root = sympy.log(-_rational(b) * log_r2 / (_rational(a) * log_r1)) / sympy.log(_rational(r1 / r2))
    return -sympy.log(_rational(b)) - root * log_r2 - sympy.log(1 - log_r2 / log_r1)


def _rational(value: Fraction) -> Rational:
    return Rational(value.numerator, value.denominator)


def _enclosed(masses: dict[Fraction, Fraction], base: Expr, digits: int) -> Expr:
    if base.free_symbols:
        raise InvalidInput("chernoff_information: a symbolic base needs a closed form, and this pair has none")
    bits = max(64, int(digits * 3.33) + 40)
    while bits <= MAX_BITS:
        try:
            result = with_precision(bits, functools.partial(_bisect, masses, base, digits, bits))
        except NeedsMorePrecision:
            result = None
        if result is not None:
            return result
        bits *= 2
    raise ArithmeticError(f"chernoff_information: no {digits}-digit enclosure within {MAX_BITS} bits")


def _bisect(masses: dict[Fraction, Fraction], base: Expr, digits: int, bits: int) -> Expr | None:
    from mpmath import iv

    terms = [(enclose(_rational(q), bits), enclose(sympy.log(_rational(r)), bits)) for r, q in masses.items()]
    log_base = iv.mpf(1) if base is S.Exp1 else enclose(sympy.log(base), bits)

    def f_and_slope(point: Fraction) -> tuple[Any, Any]:
        x = enclose(_rational(point), bits)
        values = [q * iv.exp(x * log_r) for q, log_r in terms]
        return sum(values, iv.mpf(0)), sum((v * log_r for v, (_, log_r) in zip(values, terms)), iv.mpf(0))

    lo, hi = Fraction(0), Fraction(1)
    f_lo, d_lo = f_and_slope(lo)
    f_hi, d_hi = f_and_slope(hi)
    for _ in range(4 * bits):
        width = enclose(_rational(hi - lo), bits)
        lower = max((f_lo + d_lo * width).a, (f_hi - d_hi * width).a)
        upper = min(f_lo.b, f_hi.b)
        if lower > 0:
            c_low, c_high = -iv.log(iv.mpf([upper, upper])) / log_base, -iv.log(iv.mpf([lower, lower])) / log_base
            done = _rounded(iv.mpf([min(c_low.a, c_high.a), max(c_low.b, c_high.b)]), digits, bits)
            if done is not None:
                return done
        for share in (Fraction(1, 2), Fraction(3, 8), Fraction(5, 8)):  # a root exactly at a midpoint stays undecided
            mid = lo + (hi - lo) * share
            f_mid, d_mid = f_and_slope(mid)
            if d_mid.b < 0:
                lo, f_lo, d_lo = mid, f_mid, d_mid
                break
            if d_mid.a > 0:
                hi, f_hi, d_hi = mid, f_mid, d_mid
                break
        else:
            return None  # the sign of f' needs more precision
    return None


def _rounded(enclosure: Any, digits: int, bits: int) -> Expr | None:
    """The midpoint to `digits` significant digits when the enclosure is narrower than half a unit there."""
    import mpmath

    with mpmath.workprec(bits + 64):  # wider than the enclosure's endpoints: they convert exactly
        low, high = mpmath.mpf(enclosure.a), mpmath.mpf(enclosure.b)
        middle = (low + high) / 2
        if middle == 0:
            return None
        exponent = int(mpmath.floor(mpmath.log10(abs(middle))))
        unit = mpmath.mpf(10) ** (exponent - digits + 1)
        if high - low >= unit / 2:
            return None
        text = mpmath.nstr(middle, digits, strip_zeros=False)
    return sympy.Float(text, digits)
