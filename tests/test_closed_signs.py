"""sk.sign and sk.compare on closed numbers outside the rational-log class (Renyi values at
non-integer orders, radicals), checked against mpmath at 80 digits, an independent evaluation."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import mpmath
import pytest
import sympy
from sympy import Rational, log, pi, sqrt, zeta

import symkl as sk
from symkl.errors import Undecidable

mpmath.mp.dps = 80


def mp_renyi_entropy(P: list[Fraction], alpha: Fraction, base: int | None) -> mpmath.mpf:
    a = mpmath.mpf(alpha.numerator) / alpha.denominator
    total = mpmath.fsum(mpmath.power(mpmath.mpf(p.numerator) / p.denominator, a) for p in P if p)
    value = mpmath.log(total) / (1 - a)
    return value / mpmath.log(base) if base else value


def mp_renyi_divergence(P: list[Fraction], Q: list[Fraction], alpha: Fraction, base: int | None) -> mpmath.mpf:
    a = mpmath.mpf(alpha.numerator) / alpha.denominator
    terms = []
    for p, q in zip(P, Q):
        if p:
            mp_p, mp_q = mpmath.mpf(p.numerator) / p.denominator, mpmath.mpf(q.numerator) / q.denominator
            terms.append(mpmath.power(mp_p, a) * mpmath.power(mp_q, 1 - a))
    value = mpmath.log(mpmath.fsum(terms)) / (a - 1)
    return value / mpmath.log(base) if base else value


def random_distribution(rng: random.Random, n: int) -> list[Fraction]:
    weights = [rng.randint(1, 9) for _ in range(n)]
    return [Fraction(w, sum(weights)) for w in weights]


def strings(P: list[Fraction]) -> list[str]:
    return [str(p) for p in P]


def test_the_issue_example_is_positive():
    value = sk.renyi_divergence(["1/5", "2/5", "2/5"], ["1/4", "1/2", "1/4"], "1/10")
    assert sk.sign(value) == 1
    assert sk.compare(value, 0) == 1
    assert sk.compare(0, value) == -1
    assert sk.compare(value, sk.kl_divergence(["1/5", "2/5", "2/5"], ["1/4", "1/2", "1/4"])) == -1


def values_and_references() -> list[tuple[sympy.Expr, mpmath.mpf]]:
    rng = random.Random(20240522)
    pairs = []
    for alpha, base in [
        (Fraction(1, 10), None),
        (Fraction(1, 3), 2),
        (Fraction(1, 2), None),
        (Fraction(2, 3), 2),
        (Fraction(3, 2), None),
        (Fraction(5, 2), 2),
    ]:
        P, Q = random_distribution(rng, 3), random_distribution(rng, 3)
        pairs.append((sk.renyi_divergence(strings(P), strings(Q), str(alpha), base=base), (P, Q, alpha, base)))
        pairs.append((sk.renyi_entropy(strings(P), str(alpha), base=base), (P, None, alpha, base)))
    result = []
    for value, (P, Q, alpha, base) in pairs:
        reference = mp_renyi_entropy(P, alpha, base) if Q is None else mp_renyi_divergence(P, Q, alpha, base)
        result.append((value, reference))
    # values of the rational-log class too, so that mixed relations are covered
    result.append((sk.kl_divergence(["1/5", "2/5", "2/5"], ["1/4", "1/2", "1/4"]), None))
    result.append((sk.entropy(["1/2", "1/4", "1/4"], base=2), mpmath.mpf(3) / 2))
    return result


def test_relations_between_renyi_values_agree_with_mpmath():
    pool = values_and_references()
    kl = pool[-2][0]
    pool[-2] = (kl, mpmath.mpf(sympy.N(kl, 90)))  # a rational-log value: mpmath's own reading of it
    checked = 0
    for (a, ref_a), (b, ref_b) in itertools.product(pool, repeat=2):
        expected = (ref_a > ref_b) - (ref_a < ref_b) if abs(ref_a - ref_b) > mpmath.mpf(10) ** -60 else 0
        assert sk.compare(a, b) == expected, (a, b)
        checked += 1
    for value, reference in pool:
        assert sk.sign(value) == (reference > 0) - (reference < 0)
    assert checked == len(pool) ** 2 >= 81


def test_exact_ties_between_radicals_are_zero():
    P = ["1/6", "1/3", "1/2"]
    assert sk.compare(sk.renyi_entropy(P, "1/2"), sk.renyi_entropy(list(reversed(P)), "1/2")) == 0
    # (1 + sqrt 2)**2 = 3 + 2 sqrt 2: equal logs written so that SymPy does not see it
    assert sk.sign(log(3 + 2 * sqrt(2)) / 2 - log(1 + sqrt(2))) == 0
    assert sk.compare(log(2 + sqrt(3)) / log(4), log(2 + sqrt(3)) / (2 * log(2))) == 0
    assert sk.sign((sqrt(2) + 1) * (sqrt(2) - 1) - 1) == 0
    assert sk.sign(sqrt(2) + sqrt(3) - sqrt(5 + 2 * sqrt(6))) == 0
    # the Renyi entropy of order 1/2 of a uniform distribution is log n, written as a radical sum
    assert sk.compare(sk.renyi_entropy(["1/3", "1/3", "1/3"], "1/2", base=2), log(3) / log(2)) == 0


def test_near_ties_are_decided():
    assert sk.sign(sqrt(2) - Rational(14142135623730950488, 10**19)) == 1
    tiny = Rational(1, 10**300)
    assert sk.compare(sqrt(2) + tiny, sqrt(2)) == 1
    assert sk.compare(log(1 + sqrt(2)) - tiny, log(1 + sqrt(2))) == -1
    assert sk.compare(pi, Rational(355, 113)) == -1


def test_infinities_and_errors():
    assert sk.compare(sympy.oo, sqrt(2)) == 1
    assert sk.compare(-sympy.oo, sqrt(2)) == -1
    with pytest.raises(Undecidable, match="free symbols x"):
        sk.sign(sqrt(sympy.Symbol("x")))
    with pytest.raises(Undecidable, match="no rigorous enclosure"):
        sk.sign(zeta(3) - Rational(6, 5))
    with pytest.raises(sk.InvalidInput, match="not an exact real number"):
        sk.sign(sympy.Float(0.5) - sqrt(2))
