"""Ways to forge "proved", one section per class of the soundness review; each test failed before its fix.

Every attack uses public names only. A test that a false variant is refused is worth more than one that a
true variant passes, so most tests here expect a KernelError (or an "unknown"/"not proved" verdict).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from sympy import Float, IndexedBase, Rational, Sum, Symbol, log, sqrt

import symkl as sk
from symkl.errors import KernelError
from symkl.proof import kernel as K  # noqa: N812

x = Symbol("x", positive=True)
i = Symbol("i", integer=True)
n = Symbol("n", integer=True, positive=True)
HIDDEN_ZERO = log(6) - log(2) - log(3)  # SymPy does not see that it is 0


def le(a, b):
    return sympy.Le(a, b, evaluate=False)


def eq(a, b):
    return sympy.Eq(a, b, evaluate=False)


# ---------------------------------------------------------------------------------------------
# 1. hidden zero divisors
def test_combine_refuses_a_multiplier_that_is_a_hidden_zero():
    premise = K.compute(eq(log(6), log(2) + log(3)))
    with pytest.raises(KernelError, match="not decided nonzero"):
        K.combine(eq(1, 0), [(1 / HIDDEN_ZERO, premise)])


@pytest.mark.parametrize(
    "zero",
    [HIDDEN_ZERO, sqrt(2) * sqrt(8) - 4, (sqrt(2) + 1) * (sqrt(2) - 1) - 1, log(8) / log(2) - 3],
    ids=["logs", "roots", "product", "base-change"],
)
def test_no_rule_divides_by_a_hidden_zero(zero):
    with pytest.raises(KernelError):
        K.rewrite(x / zero, x / zero + 1)
    with pytest.raises(KernelError):
        K.positivity(1 / zero + x)
    with pytest.raises(KernelError):
        K.combine(le(0, x / zero), [(1 / zero, K.positivity(x))])


def test_a_nonzero_number_divides_as_before():
    assert K.rewrite(x / (log(3) - log(2)), x / log(Rational(3, 2))).rule == "rewrite"


# ---------------------------------------------------------------------------------------------
# 2. floats anywhere in a term
@pytest.mark.parametrize(
    "number", [0.3333333333333333, Float(0.25, precision=1), Float("1e-30"), Float("-0.5")], ids=str
)
def test_floats_are_refused_in_every_term_and_side(number):
    with pytest.raises(KernelError, match="float"):
        K.rewrite(x / 3, number * x)
    with pytest.raises(KernelError):
        K.combine(le(x / 3, number * x + x), [(1, K.positivity(x))])
    with pytest.raises(KernelError, match="float"):
        K.combine(le(0, x), [(number + 1, K.positivity(x))])
    with pytest.raises(KernelError, match="float"):
        K.assume(le(x, number * x))
    with pytest.raises(KernelError, match="float"):
        K.positivity(x, facts=[le(number * x, x)])


def test_a_float_that_cancels_is_still_refused():
    one_bit = Float(0.25, precision=1)  # x/3 - one_bit*x has no Float left: the old check looked only there
    with pytest.raises(KernelError, match="floating-point"):
        K.rewrite(x / 3, one_bit * x)
    with pytest.raises(KernelError, match="floating-point"):
        K.rewrite(sympy.Add(x, Float(0.5), -Float(0.5), evaluate=False), x)


def test_a_derivation_with_a_float_row_is_not_proved():
    derivation = sk.Derivation(x / 3).step(0.3333333333333333 * x, "float")
    assert derivation.rows[-1].verdict != "proved"


def test_python_floats_are_not_terms():
    with pytest.raises(KernelError, match="float"):
        K.instantiate(K.LOG_BOUND, {K.LOG_BOUND_VARIABLE: 0.5})
    assert K.instantiate(K.LOG_BOUND, {K.LOG_BOUND_VARIABLE: Fraction(1, 2)}).statement == le(-log(2), -Rational(1, 2))


# ---------------------------------------------------------------------------------------------
# 3. bound variables
def test_a_rule_about_a_free_index_does_not_reach_a_bound_one():
    with pytest.raises(KernelError, match="does not reduce to 0"):
        K.rewrite(Sum(i**2, (i, 1, n)), n, using=[K.assume(eq(i**2, 1))])
    with pytest.raises(KernelError):
        K.combine(eq(Sum(i**2, (i, 1, n)), n), [], using=[K.assume(eq(i**2, 1))])


def test_a_rule_about_a_whole_sum_still_applies():
    whole = Sum(i**2, (i, 1, n))
    assert K.rewrite(whole + 1, 6, using=[K.assume(eq(whole, 5))]).rule == "rewrite"


@pytest.mark.parametrize("relation", [eq, le])
def test_sum_over_refuses_a_reversed_range_for_every_relation(relation):
    p = IndexedBase("x")
    with pytest.raises(KernelError, match="reversed"):
        K.sum_over(K.assume(relation(p[i], 0)), i, 3, 0)
    assert sympy.Sum(p[i], (i, 3, 0)).doit() != 0  # why: SymPy sums a reversed range as minus a sum


def test_sum_over_a_symbolic_range_carries_its_length():
    p = IndexedBase("x")
    m = Symbol("m", integer=True)
    theorem = K.sum_over(K.assume(eq(p[i], 0)), i, 1, m)
    assert sympy.Ge(m, 0, evaluate=False) in theorem.assumptions


def test_an_empty_range_is_fine():
    p = IndexedBase("x")
    assert K.sum_over(K.assume(eq(p[i], 0)), i, 3, 2).rule == "sum_over"


# ---------------------------------------------------------------------------------------------
# 5. user classes
A = sk.Distribution(["1/2", "1/2"], name="A")
B = sk.Distribution(["1/4", "3/4"], name="B")


def test_unfold_refuses_a_subclass_of_a_measure():
    class Lying(sk.KL):
        def doit(self, **hints):
            return sympy.Integer(0)

    with pytest.raises(KernelError, match="exact class"):
        K.unfold(Lying(A, B))


def test_the_kernel_refuses_subclasses_of_symbols_relations_and_distributions():
    class Odd(Symbol):
        pass

    class LyingDistribution(sk.Distribution):
        @property
        def probabilities(self):
            return (Rational(1, 2), Rational(1, 2))

    class AlwaysTrue(sympy.Equality):
        pass

    with pytest.raises(KernelError, match="term language"):
        K.positivity(Odd("y", positive=True))
    with pytest.raises(KernelError, match="term language"):
        K.unfold(sk.KL(LyingDistribution(["1/4", "3/4"]), B))
    with pytest.raises(KernelError, match="term language"):
        K.assume(AlwaysTrue(x, 1, evaluate=False))
    with pytest.raises(KernelError, match="not a function the kernel knows"):
        K.rewrite(sympy.Function("f")(x), sympy.Function("f")(x))


def test_premises_must_be_theorems():
    class Fake:
        statement = eq(1, 0)
        assumptions = ()

    with pytest.raises(KernelError, match="not a Theorem"):
        K.combine(eq(1, 0), [(1, Fake())])
    with pytest.raises(KernelError, match="not a Theorem"):
        K.chain(Fake(), Fake())
