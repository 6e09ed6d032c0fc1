"""Canonical form, exact comparison and ranking (DESIGN section 3)."""

import time

import mpmath
import pytest
import sympy
from sympy import Integer, Rational, log, oo

import symkl as sk
from symkl import Undecidable
from symkl.exact.canonical import _coprime_basis, _split


def test_canonical_is_one_term_per_prime():
    value = sk.canonical(log(Rational(8, 9)) + Rational(1, 3) + log(6) / 2)
    assert value == Rational(1, 3) + Rational(7, 2) * log(2) - Rational(3, 2) * log(3)
    assert sk.canonical(log(12) - 2 * log(2) - log(3)) == 0


def test_canonical_with_bases():
    assert sk.canonical(log(3) / log(2)) == log(3) / log(2)
    assert sk.canonical(log(12) / log(4)) == 1 + log(3) / (2 * log(2))
    assert sk.canonical(log(8) / log(2)) == 3
    assert sk.canonical(log(36) / log(6)) == 2
    assert sk.canonical(2 - log(7) / (2 * log(2))) == 2 - log(7) / (2 * log(2))
    assert sk.canonical(log(Rational(1, 2)) / log(Rational(1, 4))) == Rational(1, 2)


def test_equal_numbers_have_identical_forms():
    a = Rational(1, 2) * log(Rational(1, 2) / Rational(1, 4)) + Rational(1, 2) * log(Rational(1, 2) / Rational(3, 4))
    b = log(2) - log(3) / 2
    assert sympy.srepr(sk.canonical(a)) == sympy.srepr(sk.canonical(b))


def test_not_canonical_inputs():
    with pytest.raises(Undecidable, match="free symbols x"):
        sk.canonical(log(sympy.Symbol("x")))
    with pytest.raises(ValueError, match="not a number built from rationals and logs of rationals"):
        sk.canonical(sympy.sqrt(2))
    with pytest.raises(ValueError, match="a product of two logs"):
        sk.canonical(log(2) * log(3))


def test_huge_integers_are_kept_as_coprime_atoms():
    big = Integer(10) ** 10000 + 7
    start = time.process_time()
    value = sk.canonical(log(big * 6, evaluate=False) - log(big, evaluate=False))
    assert value == log(2) + log(3)
    assert time.process_time() - start < 60  # a hang guard, not a speed target
    assert sk.compare(log(big, evaluate=False), log(big + 1, evaluate=False)) == -1


def test_coprime_basis_refines_by_gcd():
    basis = _coprime_basis([12, 18, 35])
    assert sorted(basis) == [2, 3, 35]  # pairwise coprime; 35 need not be split
    p, q = 2**89 - 1, 2**107 - 1  # Mersenne primes, beyond trial division
    basis = _coprime_basis([p * q, p * p])
    assert sorted(basis) == sorted([p, q])
    factors, rest = _split(2**5 * 3 * (2**521 - 1) * (2**607 - 1))
    assert dict(factors)[2] == 5 and dict(factors)[3] == 1
    assert rest == (2**521 - 1) * (2**607 - 1)  # too large to test for primality quickly: kept whole


def test_compare_decides_a_tie_by_10_to_the_minus_9996():
    p = Rational(1, 10**10000)
    d = sk.kl_divergence([p, 1 - p], ["1/2", "1/2"])
    assert sk.compare(log(2), d) == 1
    assert sk.compare(d, log(2)) == -1
    assert sk.compare(d, d) == 0
    assert sk.decimal_string(log(2) - d, 5) == "2.3027e-9996"


def test_compare_basics():
    assert sk.compare(log(3) / log(2), Rational(3, 2)) == 1
    assert sk.compare(log(2) - log(3) / 2, 2 * log(2) - log(7) / 2) == -1
    assert sk.compare(oo, 10**100) == 1
    assert sk.compare(oo, oo) == 0
    assert sk.compare(-oo, log(2)) == -1
    assert sk.compare(Rational(1, 3), 0.3) == 1  # 0.3 read as 3/10
    assert sk.compare(log(3) / log(2), log(5) / log(3)) == 1  # different bases, decided by intervals
    with pytest.raises(Undecidable, match="free symbols p"):
        sk.compare(sympy.Symbol("p"), 1)


def test_sign():
    assert sk.sign(log(9) - 2 * log(3)) == 0
    assert sk.sign(log(3) - Rational(11, 10)) == -1
    assert sk.sign(3 * log(2) - 2 * log(3) + Rational(1, 10**30)) == -1


def test_rank_worked_example(worked_example):
    A, B, C = worked_example
    ranking = sk.rank(A, [C, B])
    assert [(entry.rank, entry.candidate) for entry in ranking] == [(1, B), (2, C)]
    assert ranking[0].value == log(2) - log(3) / 2
    bits = sk.rank(A, [C, B], base=2)
    assert bits[0].value == 1 - log(3) / (2 * log(2))


def test_rank_keeps_ties(worked_example):
    A, B, _ = worked_example
    mirror = sk.Distribution(["3/4", "1/4"], name="B'")  # D(A||B) = D(A||B') by symmetry
    ranking = sk.rank(A, [B, mirror, A])
    assert [entry.rank for entry in ranking] == [1, 2, 2]
    assert ranking[0].candidate == A


@pytest.mark.parametrize("digits", [1, 5, 15, 40])
def test_decimal_string_against_mpmath(digits):
    mpmath.mp.dps = digits + 30
    value = 1 - log(3) / (2 * log(2))
    reference = 1 - mpmath.log(3) / (2 * mpmath.log(2))
    assert sk.decimal_string(value, digits) == mpmath.nstr(reference, digits, strip_zeros=False)


def test_decimal_string_rationals_and_specials():
    assert sk.decimal_string(Rational(7, 4)) == "1.75"
    assert sk.decimal_string(Rational(1, 3), 5) == "0.33333"
    assert sk.decimal_string(0) == "0"
    assert sk.decimal_string(oo) == "inf"
    assert sk.decimal_string(Rational(5, 2), 1) == "2"  # half-even
    assert sk.decimal_string(sympy.sqrt(2), 10) == "1.414213562"
