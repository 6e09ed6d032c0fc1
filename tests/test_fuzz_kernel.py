"""A fuzzer for the kernel: random terms (floats, subclasses, hidden zeros, binders, empty and reversed ranges)
go into every rule; each Theorem that comes out is evaluated at random admissible points by the paranoid
check (mpmath, 50 digits), which shares none of the kernel's reasoning. A rule may refuse anything; it may
never return a false Theorem.

Hypothesis runs 200 examples per property under CI=true (50 otherwise).
"""

from __future__ import annotations

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import Rational, log, sqrt

from symkl.errors import KernelError
from symkl.proof import kernel as K  # noqa: N812
from symkl.proof import paranoid


class Shadow(sympy.Symbol):
    """A Symbol subclass (the kernel must refuse it)."""


x = sympy.Symbol("x", positive=True)
y = sympy.Symbol("y", real=True)
z = sympy.Symbol("z")
w = sympy.Symbol("w", nonnegative=True)
i = sympy.Symbol("i", integer=True)
n = sympy.Symbol("n", integer=True, positive=True)
p = sympy.IndexedBase("p", positive=True)
HIDDEN_ZEROS = [log(6) - log(2) - log(3), sqrt(2) * sqrt(8) - 4, log(8) / log(2) - 3]

atoms = st.one_of(
    st.sampled_from([x, y, z, w, x + 1, 1 - x, Shadow("s", positive=True)]),
    st.fractions(min_value=-5, max_value=5, max_denominator=7).map(lambda f: Rational(f.numerator, f.denominator)),
    st.sampled_from([*HIDDEN_ZEROS, sympy.Float("0.5"), sympy.Float(0.25, precision=1), sympy.pi, sympy.E]),
)


def _combine(children: st.SearchStrategy) -> st.SearchStrategy:
    pairs = st.tuples(children, children)
    return st.one_of(
        pairs.map(lambda ab: ab[0] + ab[1]),
        pairs.map(lambda ab: ab[0] * ab[1]),
        pairs.map(lambda ab: ab[0] / ab[1] if ab[1] != 0 else ab[0]),
        st.tuples(children, st.sampled_from([2, 3, -1, Rational(1, 2), Rational(-1, 2)])).map(lambda b: b[0] ** b[1]),
        children.map(log),
        children.map(sympy.exp),
        children.map(sympy.Abs),
    )


terms = st.recursive(atoms, _combine, max_leaves=6)
relations = st.sampled_from([sympy.Eq, sympy.Le, sympy.Ge, sympy.Lt, sympy.Gt])
PROFILE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _holds(theorem: K.Theorem) -> None:
    """The theorem is true at random admissible points (raises KernelError with the point otherwise)."""
    paranoid.check(theorem.statement, theorem.hypotheses(), always=True, seed=7)


def _attempt(rule, *args, **kwargs) -> None:
    try:
        theorem = rule(*args, **kwargs)
    except (KernelError, ValueError, TypeError, ZeroDivisionError, RecursionError):
        return  # refusing is always allowed
    _holds(theorem)


@PROFILE
@given(terms, terms)
def test_rewrite_of_random_pairs_is_never_false(a, b):
    _attempt(K.rewrite, a, b)


@PROFILE
@given(terms)
def test_rewrite_against_forced_log_laws_is_never_false(a):
    """expand_log(force=True) ignores signs (log(y**2) -> 2 log y for real y): the kernel must check them."""
    _attempt(K.rewrite, a, sympy.expand_log(a, force=True))
    _attempt(K.rewrite, a, sympy.logcombine(a, force=True))


@PROFILE
@given(terms, st.booleans())
def test_positivity_is_never_false(a, strict):
    _attempt(K.positivity, a, strict=strict)
    _attempt(K.positivity, a, facts=[sympy.Gt(1 - x, 0, evaluate=False)], strict=strict)


@PROFILE
@given(terms, terms, relations, terms)
def test_combine_with_random_multipliers_is_never_false(a, b, relation, multiplier):
    premises = [K.positivity(x), K.compute(sympy.Eq(log(6), log(2) + log(3), evaluate=False))]
    for premise in premises:
        _attempt(K.combine, relation(a, b, evaluate=False), [(multiplier, premise)])


@PROFILE
@given(terms, relations, terms)
def test_compute_of_closed_numbers_is_never_false(a, relation, b):
    closed = {x: 2, y: -3, z: Rational(1, 2), w: 0}
    _attempt(K.compute, relation(a.xreplace(closed), b.xreplace(closed), evaluate=False))


@PROFILE
@given(terms, terms)
def test_instantiate_the_log_bound_is_never_false(value, fact_value):
    _attempt(K.instantiate, K.LOG_BOUND, {K.LOG_BOUND_VARIABLE: value})
    _attempt(K.instantiate, K.positivity(x), {x: value}, facts=[sympy.Gt(fact_value, 0, evaluate=False)])


@PROFILE
@given(
    st.integers(-3, 4),
    st.sampled_from([-2, 0, 1, 2, 3, n, n - 5]),
    st.sampled_from([sympy.Eq, sympy.Le, sympy.Ge]),
    st.sampled_from([0, 1, p[i], i, i**2, p[i] - 1]),
)
def test_sum_over_with_random_ranges_is_never_false(lower, upper, relation, rhs):
    _attempt(K.sum_over, K.assume(relation(p[i], rhs, evaluate=False)), i, lower, upper)
    _attempt(K.sum_over, K.positivity(p[i]), i, lower, upper)


@PROFILE
@given(st.sampled_from([i**2, i, p[i], 2 * i - 1]), st.sampled_from([1, 2, i, n]), st.integers(1, 4))
def test_rules_about_a_free_index_never_reach_a_bound_one(body, value, size):
    summed = sympy.Sum(body, (i, 1, n))
    rule = K.assume(sympy.Eq(body, value, evaluate=False))
    for target in (n * value, summed - n * value, value):
        try:
            theorem = K.rewrite(summed, target, using=[rule])
        except KernelError:
            continue
        instance = K.instantiate(theorem, {n: size})
        _holds(instance)


def test_the_oracle_catches_a_false_statement():
    """The fuzzer's oracle is not vacuous: a false relation at admissible points is reported."""
    with pytest.raises(KernelError, match="paranoid check"):
        paranoid.check(sympy.Le(x, log(x), evaluate=False), (), always=True)
    with pytest.raises(KernelError, match="paranoid check"):
        paranoid.check(sympy.Eq(sympy.Sum(i**2, (i, 1, n)), n, evaluate=False), (), always=True)
