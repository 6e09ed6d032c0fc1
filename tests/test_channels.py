"""Channel capacity: closed forms (BSC, BEC, Z-channel, weakly symmetric) and Blahut-Arimoto bounds
that bracket an independent 50-digit Blahut-Arimoto in mpmath."""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import pytest
import sympy
from sympy import Rational, log

import symkl as sk
from symkl.exact.channels import channel_capacity


def test_binary_symmetric_channel_is_one_minus_binary_entropy():
    for p in ("1/10", "1/3", "1/2"):
        c = channel_capacity([[1 - Rational(p), p], [p, 1 - Rational(p)]], base=2)
        assert c.method == "weakly symmetric"
        assert sk.compare(c.value, 1 - sk.entropy([p, 1 - Rational(p)], base=2)) == 0
        assert c.input == (Rational(1, 2), Rational(1, 2))
    assert channel_capacity([["1/2", "1/2"], ["1/2", "1/2"]]).value == 0


def test_weakly_symmetric_channel():
    W = [["1/3", "1/6", "1/2"], ["1/3", "1/2", "1/6"]]  # rows permuted, column sums 2/3, 2/3, 2/3
    c = channel_capacity(W, base=2)
    assert sk.compare(c.value, log(3) / log(2) - sk.entropy(W[0], base=2)) == 0


def test_binary_erasure_channel():
    for a in ("1/4", "1/2", "9/10"):
        c = channel_capacity([[1 - Rational(a), a, 0], [0, a, 1 - Rational(a)]], base=2)
        assert c.method == "erasure" and c.value == 1 - Rational(a)
    ternary = channel_capacity([["1/2", 0, 0, "1/2"], [0, "1/2", 0, "1/2"], [0, 0, "1/2", "1/2"]])
    assert sk.compare(ternary.value, log(3) / 2) == 0


def test_z_channel():
    c = channel_capacity([[1, 0], ["1/2", "1/2"]], base=2)
    assert c.method == "Z-channel"
    assert sk.compare(c.value, log(Rational(5, 4)) / log(2)) == 0
    assert c.input == (Rational(3, 5), Rational(2, 5))
    mirrored = channel_capacity([["1/2", "1/2"], [0, 1]], base=2)
    assert sk.compare(mirrored.value, c.value) == 0
    assert mirrored.input == (Rational(2, 5), Rational(3, 5))
    # p = 1/3: log(1 + (2/3) (1/3)**(1/2)); checked against mpmath
    third = channel_capacity([[1, 0], ["1/3", "2/3"]])
    with mpmath.workdps(40):
        expected = mpmath.log(1 + mpmath.mpf(2) / 3 * mpmath.sqrt(mpmath.mpf(1) / 3))
        assert abs(mpmath.mpf(third.digits(30)) - expected) < mpmath.mpf(10) ** -28


def mp_blahut_arimoto(W: list[list[Fraction]], digits: int = 50) -> mpmath.mpf:
    with mpmath.workdps(digits + 10):
        w = [[mpmath.mpf(e.numerator) / e.denominator for e in row] for row in W]
        n, m = len(w), len(w[0])
        r = [mpmath.mpf(1) / n] * n
        for _ in range(100000):
            q = [sum(r[x] * w[x][y] for x in range(n)) for y in range(m)]
            d = [sum(w[x][y] * mpmath.log(w[x][y] / q[y]) for y in range(m) if w[x][y]) for x in range(n)]
            low, high = sum(r[x] * d[x] for x in range(n)), max(d)
            if high - low < mpmath.mpf(10) ** -digits:
                return (low + high) / 2
            z = [r[x] * mpmath.exp(d[x]) for x in range(n)]
            r = [v / sum(z) for v in z]
    raise AssertionError("no convergence")


@pytest.mark.parametrize("seed", [1, 2])
def test_blahut_arimoto_bounds_bracket_an_independent_value(seed):
    rng = random.Random(seed)
    W = []
    for _ in range(3):
        weights = [rng.randint(1, 20) for _ in range(3)]
        W.append([Fraction(v, sum(weights)) for v in weights])
    c = channel_capacity([[str(e) for e in row] for row in W], base=2)
    assert c.method == "Blahut-Arimoto" and c.value is None
    with mpmath.workdps(60):
        reference = mp_blahut_arimoto(W) / mpmath.log(2)
        low, high = (mpmath.mpf(sk.decimal_string(v, 50)) for v in (c.lower, c.upper))
        assert low - mpmath.mpf(10) ** -45 <= reference <= high + mpmath.mpf(10) ** -45
        assert high - low < mpmath.mpf(10) ** -20
    assert sk.compare(c.lower, c.upper) <= 0
    assert sum(c.input) == 1 and all(p >= 0 for p in c.input)
    assert len(c.digits(15).strip("[]").split(",")) == 1  # the bounds share 15 digits


def test_invalid_channels():
    with pytest.raises(sk.InvalidInput, match="row 1 sums to 9/10, not 1"):
        channel_capacity([["1/2", "1/2"], ["1/2", "2/5"]])
    with pytest.raises(sk.InvalidInput, match=r"entry \(0, 0\) is negative"):
        channel_capacity([["-1/2", "3/2"]])
    with pytest.raises(sk.InvalidInput, match="row 1 has 1 entries"):
        channel_capacity([["1/2", "1/2"], [1]])
    with pytest.raises(sk.InvalidInput, match="exact rational"):
        channel_capacity([[sympy.Symbol("p"), 1 - sympy.Symbol("p")]])
