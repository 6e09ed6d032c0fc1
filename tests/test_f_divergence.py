"""f-divergences at the boundary (p = 0 < q, q = 0 < p, p = q = 0) against hand-written reference sums.

The references apply the conventions directly with exact fractions and mpmath: q f(0+) for p = 0 < q,
p lim f(t)/t for q = 0 < p, 0 for p = q = 0; they never call symkl.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Abs, log, oo, sqrt

import symkl as sk
from symkl import InvalidInput


@pytest.fixture(autouse=True)
def mpmath_precision():
    """50 digits for every reference here, whatever other test modules set; restored afterwards."""
    with mpmath.workdps(50):
        yield


INF = mpmath.inf


def mp(value: Fraction) -> mpmath.mpf:
    return mpmath.mpf(value.numerator) / value.denominator


def ref_kl(P: list[Fraction], Q: list[Fraction]) -> mpmath.mpf:
    total = mpmath.mpf(0)
    for p, q in zip(P, Q):
        if p == 0:
            continue
        if q == 0:
            return INF
        total += mp(p) * mpmath.log(mp(p) / mp(q))
    return total


def ref_tv(P: list[Fraction], Q: list[Fraction]) -> Fraction:
    return sum((abs(p - q) for p, q in zip(P, Q)), Fraction(0)) / 2


def ref_chi_square(P: list[Fraction], Q: list[Fraction]) -> Fraction | float:
    if any(q == 0 < p for p, q in zip(P, Q)):
        return float("inf")
    return sum(((p - q) ** 2 / q for p, q in zip(P, Q) if q), Fraction(0))


def ref_squared_hellinger_times_two(P: list[Fraction], Q: list[Fraction]) -> mpmath.mpf:
    # f(t) = (sqrt t - 1)**2: f(0) = 1, f(t)/t -> 1, so the sum is sum (sqrt p - sqrt q)**2 on every outcome
    return mpmath.fsum((mpmath.sqrt(mp(p)) - mpmath.sqrt(mp(q))) ** 2 for p, q in zip(P, Q))


def as_mpf(value: sympy.Expr) -> mpmath.mpf:
    if value is sympy.oo:
        return INF
    return mpmath.mpf(str(sympy.N(value, 45)))


def close(value: sympy.Expr, reference: mpmath.mpf) -> bool:
    ours = as_mpf(value)
    if reference == INF or ours == INF:
        return ours == reference
    return abs(ours - reference) <= mpmath.mpf(10) ** -40


def test_issue_examples():
    t_log_t = sk.f_divergence(["0", "1"], ["1/2", "1/2"], lambda t: t * log(t))
    assert t_log_t == log(2) and close(t_log_t, ref_kl([Fraction(0), Fraction(1)], [Fraction(1, 2)] * 2))
    assert sk.f_divergence(["0", "1"], ["1/2", "1/2"], lambda t: -log(t)) is oo


@pytest.mark.parametrize(
    "P, Q",
    [
        (["0", "1"], ["1/2", "1/2"]),
        (["1/2", "1/2"], ["0", "1"]),
        (["0", "1/2", "1/2"], ["1/2", "1/2", "0"]),
        (["1/3", "0", "2/3"], ["1/3", "0", "2/3"]),
        (["1/4", "0", "3/4"], ["1/4", "1/4", "1/2"]),
        (["1", "0"], ["0", "1"]),
    ],
)
def test_boundary_terms_for_classical_f(P, Q):
    Pf, Qf = [Fraction(p) for p in P], [Fraction(q) for q in Q]
    assert close(sk.f_divergence(P, Q, lambda t: t * log(t)), ref_kl(Pf, Qf))
    assert close(sk.f_divergence(P, Q, lambda t: -log(t)), ref_kl(Qf, Pf))  # reverse KL
    assert sk.f_divergence(P, Q, lambda t: Abs(t - 1) / 2) == sympy.Rational(ref_tv(Pf, Qf))
    chi = ref_chi_square(Pf, Qf)
    assert sk.f_divergence(P, Q, lambda t: (t - 1) ** 2) == (oo if chi == float("inf") else sympy.Rational(chi))
    assert close(sk.f_divergence(P, Q, lambda t: (sqrt(t) - 1) ** 2), ref_squared_hellinger_times_two(Pf, Qf))


def test_limit_diverging_to_minus_infinity_is_minus_oo():
    # log t is concave, not a valid f, but the convention still gives a number: q * lim log t = -oo
    assert sk.f_divergence(["0", "1"], ["1/2", "1/2"], lambda t: log(t)) is -oo


def test_undefined_limits_are_refused():
    with pytest.raises(InvalidInput, match=r"the limit of f\(t\) as t -> 0\+ does not exist"):
        sk.f_divergence(["0", "1"], ["1/2", "1/2"], lambda t: sympy.sin(1 / t))
    with pytest.raises(InvalidInput, match=r"both \+oo and -oo"):
        # f(0+) = -oo at the first outcome, lim f(t)/t = +oo at the second
        sk.f_divergence(["0", "1/2", "1/2"], ["1/2", "0", "1/2"], lambda t: log(t) + t**2 - 1)


@st.composite
def boundary_pair(draw) -> tuple[list[Fraction], list[Fraction]]:
    n = draw(st.integers(2, 5))
    P = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n).filter(any))
    Q = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n).filter(any))
    return [Fraction(w, sum(P)) for w in P], [Fraction(w, sum(Q)) for w in Q]


@settings(max_examples=25, deadline=None)
@given(boundary_pair())
def test_random_pairs_with_zeros(pair):
    P, Q = pair
    assert close(sk.f_divergence(P, Q, lambda t: t * log(t)), ref_kl(P, Q))
    assert close(sk.f_divergence(P, Q, lambda t: -log(t)), ref_kl(Q, P))
    assert sk.f_divergence(P, Q, lambda t: Abs(t - 1) / 2) == sympy.Rational(ref_tv(P, Q))
