"""The kernel's rules for absolute values, roots and calculus: cases, monotone, mean_value, lhopital, limit_of.

Each rule is attacked with false variants (a test that a false statement is *not* proved is worth more than
one that a true one is), and every theorem made here is also checked at random points by the paranoid
oracle, which shares none of the kernel's reasoning.
"""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Rational, log, sqrt

from symkl.errors import KernelError
from symkl.proof import kernel as K  # noqa: N812
from symkl.proof import paranoid

a, b = sympy.symbols("a b", positive=True)
t = sympy.Symbol("t", positive=True)
x = sympy.Symbol("x", positive=True)
r = sympy.Symbol("r", real=True)
z = sympy.Symbol("z")


def ge(lhs, rhs):
    return sympy.Ge(lhs, rhs, evaluate=False)


def le(lhs, rhs):
    return sympy.Le(lhs, rhs, evaluate=False)


def lt(lhs, rhs):
    return sympy.Lt(lhs, rhs, evaluate=False)


def gt(lhs, rhs):
    return sympy.Gt(lhs, rhs, evaluate=False)


def oracle(theorem):
    paranoid.check(theorem.statement, theorem.hypotheses(), always=True)
    return theorem


# ---------------------------------------------------------------------------------------------
# cases
def _abs_cases():
    target = ge(Abs(a - b), a - b)
    up = K.combine(target, [], facts=[ge(a, b)])
    down = K.combine(target, [(2, K.assume(lt(a, b)))])
    return target, up, down


def test_cases_discharges_exactly_the_two_halves_of_the_split():
    target, up, down = _abs_cases()
    theorem = oracle(K.cases(ge(a, b), up, down))
    assert theorem.statement == target and theorem.assumptions == ()
    wrong_split = K.cases(gt(a, b), up, down)  # a > b and a <= b are not the facts used: both stay
    assert ge(a, b) in wrong_split.assumptions and lt(a, b) in wrong_split.assumptions


def test_cases_refuses_different_statements_and_unreal_or_undefined_splits():
    _, up, _ = _abs_cases()
    other = K.combine(ge(Abs(a - b), b - a), [], facts=[lt(a, b)])
    with pytest.raises(KernelError, match="different statements"):
        K.cases(ge(a, b), up, other)
    with pytest.raises(KernelError, match="not shown to be real"):
        K.cases(ge(z, 0), K.assume(ge(z, 0)), K.assume(ge(z, 0)))
    same = K.compute(ge(1, 0))
    with pytest.raises(KernelError, match=r"not shown to be (real|nonzero)"):
        K.cases(ge(1 / (a - b), 0), same, same)
    with pytest.raises(KernelError, match="not exact"):
        K.cases(ge(a, sympy.Float("0.5")), same, same)


def test_the_absolute_value_law_needs_an_entailed_sign():
    with pytest.raises(KernelError, match="does not reduce"):
        K.rewrite(Abs(r), r)
    assert K.rewrite(Abs(r), r, facts=[ge(r, 0)]).statement == sympy.Eq(Abs(r), r, evaluate=False)
    with pytest.raises(KernelError, match="does not reduce"):
        K.rewrite(Abs(a - b), a - b, facts=[gt(b, a)])  # the wrong sign is never taken


def test_roots_of_products_split_only_over_nonnegative_factors():
    u, v = sympy.symbols("u v", real=True)
    with pytest.raises(KernelError, match="does not reduce"):
        K.rewrite(sqrt(u * v), sqrt(u) * sqrt(v))  # u = v = -1: 1 against -1
    oracle(K.rewrite(sqrt(u * v), sqrt(u) * sqrt(v), facts=[ge(u, 0), ge(v, 0)]))


def test_a_symbolic_exponent_of_unknown_sign_needs_a_nonzero_base():
    alpha = sympy.Symbol("alpha", positive=True)
    w = sympy.Symbol("w", nonnegative=True)  # w = 0, alpha = 2: 0**(-1) is undefined
    with pytest.raises(KernelError, match="not shown to be nonzero"):
        K.rewrite(w ** (1 - alpha) * w**alpha, w)


# ---------------------------------------------------------------------------------------------
# monotone
def test_monotone_carries_its_domain_condition_and_keeps_the_direction():
    theorem = oracle(K.monotone("sqrt", K.assume(le(r, 4))))
    assert ge(r, 0) in theorem.assumptions and theorem.statement == le(sqrt(r), 2)
    flipped = oracle(K.monotone("log", K.assume(ge(r, 1))))  # r >= 1 > 0: the smaller side is 1
    assert flipped.statement == ge(log(r), 0) and not any(
        isinstance(f, sympy.StrictGreaterThan) for f in flipped.assumptions
    )
    assert oracle(K.monotone("exp", K.assume(lt(r, 0)))).statement == lt(sympy.exp(r), 1)


def test_monotone_refuses_unknown_functions_and_false_domains():
    with pytest.raises(KernelError, match="is not one of"):
        K.monotone("square", K.assume(le(r, 4)))  # x**2 is not increasing on the reals
    with pytest.raises(KernelError, match="is false"):
        K.monotone("log", K.compute(le(-1, 2)))
    with pytest.raises(KernelError, match="is not =, <=, <, >= or >"):
        K.monotone("sqrt", K.assume(sympy.Ne(r, 1)))


# ---------------------------------------------------------------------------------------------
# mean_value
def _log_bound_parts(point=1):
    h = t - 1 - log(t)
    target = ge(t - 1, log(t))
    at_point = K.rewrite(h.subs(t, point), 0) if point == 1 else None
    square = K.positivity((t - 1) ** 2 / t, strict=False)
    slope = K.combine(ge((t - 1) * sympy.diff(h, t), 0), [(1, square)])
    return target, at_point, slope


def test_mean_value_proves_a_true_bound_and_the_oracle_agrees():
    target, at_point, slope = _log_bound_parts()
    theorem = oracle(K.mean_value(target, t, 1, at_point, slope))
    assert theorem.statement == target


def test_mean_value_refuses_a_slope_that_is_not_the_derivative():
    target, at_point, _ = _log_bound_parts()
    other = K.positivity((t - 1) ** 2, strict=False)  # (t - 1)^2 is not (t - 1) h'(t)
    with pytest.raises(KernelError, match="slope theorem is not"):
        K.mean_value(target, t, 1, at_point, other)
    false_target = ge(t - 1, 2 * log(t))  # h = t - 1 - 2 log t is negative near t = 2
    with pytest.raises(KernelError):
        K.mean_value(false_target, t, 1, K.rewrite((t - 1 - 2 * log(t)).subs(t, 1), 0), other)


def test_mean_value_needs_an_interval_a_smooth_gap_and_a_point_inside():
    s = sympy.Symbol("s", real=True)
    h = s**2  # s^2 >= 0 is true, but the attacks below go through facts that are not an interval
    bound = K.assume(ge(2 * s**2, 0))
    at_zero = K.compute(ge(0, 0))
    with pytest.raises(KernelError, match="not a bound"):
        K.mean_value(
            ge(h, 0), s, 0, at_zero, K.combine(ge(s * sympy.diff(h, s), 0), [(1, bound)], facts=[sympy.Ne(s, 1)])
        )
    with pytest.raises(KernelError, match="not a linear bound"):
        K.mean_value(ge(h, 0), s, 0, at_zero, K.combine(ge(s * sympy.diff(h, s), 0), [(1, bound)], facts=[lt(s**2, 1)]))
    pole = -1 / s  # -1/s: slope s * (1/s^2) = 1/s; on -1 < s < 1 the gap jumps at 0
    with pytest.raises(KernelError):
        K.mean_value(
            ge(pole, -2), s, Rational(1, 2), K.compute(ge(-2, -2)), K.assume(ge((s - Rational(1, 2)) / s**2, 0))
        )
    with pytest.raises(KernelError, match="not a smooth term"):
        K.mean_value(ge(Abs(s), 0), s, 0, at_zero, K.assume(ge(s, 0)))
    target, _, _ = _log_bound_parts()
    capped = K.combine(
        ge((t - 1) * sympy.diff(t - 1 - log(t), t), 0),
        [(1, K.positivity((t - 1) ** 2 / t, strict=False))],
        facts=[lt(t, Rational(1, 2))],
    )
    with pytest.raises(KernelError, match="outside the interval"):
        K.mean_value(target, t, 1, K.rewrite(0 * t + 0, 0), capped)


def test_mean_value_refuses_unreal_or_integer_variables_and_a_point_theorem_about_t():
    target, at_point, slope = _log_bound_parts()
    n = sympy.Symbol("n", integer=True, positive=True)
    with pytest.raises(KernelError, match="integers or rationals"):
        K.mean_value(target, n, 1, at_point, slope)
    with pytest.raises(KernelError, match="declared real"):
        K.mean_value(target, z, 1, at_point, slope)
    with pytest.raises(KernelError, match="mentions t"):
        K.mean_value(target, t, 1, K.assume(ge(t, 0)), slope)
    with pytest.raises(KernelError, match="contains the variable"):
        K.mean_value(target, t, t / 2, at_point, slope)


# ---------------------------------------------------------------------------------------------
# limits
def test_lhopital_proves_a_true_limit_and_the_oracle_agrees():
    theorem = oracle(K.lhopital(log(t), t - 1, t, 1))
    assert theorem.statement.rhs == 1
    renyi = oracle(K.lhopital(log(x**t + (1 - x) ** t), 1 - t, t, 1, facts=[lt(x, 1)]))
    assert sympy.expand(renyi.statement.rhs + x * log(x) + (1 - x) * log(1 - x)) == 0


def test_lhopital_refuses_what_is_not_its_case():
    with pytest.raises(KernelError, match="is not 0"):
        K.lhopital(log(t), t - 2, t, 1)
    with pytest.raises(KernelError, match="not shown nonzero"):
        K.lhopital(log(t), (t - 1) ** 2, t, 1)  # the limit is infinite
    s = sympy.Symbol("s", real=True)
    with pytest.raises(KernelError, match="not a smooth term"):
        K.lhopital(Abs(s), s, s, 0)  # |s|/s has no limit at 0
    with pytest.raises(KernelError, match="near"):
        K.lhopital(t, t, t, 0)  # t is declared positive: the two-sided limit at 0 is not its business
    with pytest.raises(KernelError, match="oo is not a number"):
        K.lhopital(log(t), t - 1, t, sympy.oo)
    with pytest.raises(KernelError, match="may not mention"):
        K.lhopital(log(t), t - 1, t, 1, facts=[gt(t, 0)])
    with pytest.raises(KernelError, match="is not 0"):
        K.lhopital(log(x + r), r, r, 0)  # log(x) / r: not 0/0 unless x = 1


def test_lhopital_with_an_equality_needs_it_near_the_point():
    s = sympy.Symbol("s", real=True)
    above = K.rewrite(Abs(s - 1) / (s - 1) * log(s) / (s - 1), log(s) / (s - 1), facts=[gt(s, 1)])  # s > 1 only
    with pytest.raises(KernelError, match="near"):
        K.lhopital(log(s), s - 1, s, 1, equal=above)  # |s - 1|/(s - 1) log(s) / (s - 1) has no limit at 1
    renyi = K.rewrite(log(t**2) / (2 * t - 2), log(t) / (t - 1), facts=[gt(t, 1)])
    with pytest.raises(KernelError, match="near"):
        K.lhopital(log(t), t - 1, t, 1, equal=renyi)
    punctured = K.rewrite(log(t**2) / (2 * t - 2), log(t) / (t - 1), facts=[sympy.Ne(t, 1)])  # t != 1: near 1
    ok = oracle(K.lhopital(log(t), t - 1, t, 1, equal=punctured))
    assert ok.statement.lhs.args[0] == log(t**2) / (2 * t - 2) and ok.assumptions == ()
    with pytest.raises(KernelError, match="not an equality"):
        K.lhopital(log(t), t - 1, t, 1, equal=K.assume(le(t, 1)))


def test_a_fact_true_at_the_point_but_not_beside_it_does_not_hold_near_it():
    """0**(t**2) is 1 at t = 0 and 0 beside it: a fact about it at the point says nothing near it."""
    s = sympy.Symbol("s", real=True)
    w = sympy.Symbol("w", nonnegative=True)
    for base in (sympy.Integer(0), w):
        jump = sympy.Pow(base, s**2) - Rational(1, 2)
        fact = gt(jump, 0)
        y = log(1 + s) / s + Abs(jump) - jump
        equal = K.rewrite(y, log(1 + s) / s, facts=[fact, sympy.Ne(s, 0)])
        with pytest.raises(KernelError, match="continuous"):
            K.lhopital(log(1 + s), s, s, 0, equal=equal)  # the forged limit would be 1; it is 2


def test_a_limit_is_never_an_atom_of_the_algebra_and_its_variable_is_bound():
    limit = K.lhopital(log(t), t - 1, t, 1)
    with pytest.raises(KernelError, match="bound index"):
        K.instantiate(limit, {t: 2})
    y = sympy.Symbol("y", positive=True)
    f = K.lhopital(log(t * y) - log(y), t - 1, t, 1)
    with pytest.raises(KernelError, match="captured"):
        K.instantiate(f, {y: t})
    assert K.chain(limit, K.compute(sympy.Le(1, 2, evaluate=False))).statement.lhs == limit.statement.lhs
    infinite = sympy.Limit(1 / t**2, t, 0, "+-")  # = oo: oo + 1 > oo is false, oo - oo undefined
    with pytest.raises(KernelError, match="not a number the algebra can use"):
        K.combine(gt(infinite + 1, infinite), [(1, K.compute(gt(1, 0)))])
    with pytest.raises(KernelError, match="not a number the algebra can use"):
        K.rewrite((infinite + 1) * (x + 1) - (infinite + 1) * x - infinite, 1)
    with pytest.raises(KernelError, match="not a number the algebra can use"):
        K.rewrite(limit.statement.lhs, limit.statement.lhs)  # even lim = lim: only lhopital says a limit exists
    with pytest.raises(KernelError, match="cannot be an assumption"):
        K.assume(sympy.Eq(infinite, 1, evaluate=False))
    for bad in (sympy.Limit(log(t), t, 1, "+"), sympy.Limit(log(t), t, sympy.oo, "+-")):
        with pytest.raises(KernelError, match="outside the kernel's term language"):
            K.rewrite(bad, bad)


def test_verify_does_not_prove_a_claim_that_does_arithmetic_with_a_limit():
    import symkl as sk
    from symkl.proof.identities import Identity

    infinite = sympy.Limit(1 / t**2, t, 0, "+-")
    weird = (infinite + 1) * (1 + sqrt(2)) - sqrt(2) * (infinite + 1) - infinite
    claim = Identity(
        "raw-limit",
        "H(P) + weird = H(P) + 1",
        "test",
        "one",
        "==",
        lambda i: (sk.Entropy(i.P) + weird, sk.Entropy(i.P) + 1),
    )
    symbolic = sk.verify(claim, methods=("symbolic",)).methods["symbolic"]
    assert symbolic.status != "proved" and symbolic.theorem is None


def test_the_paranoid_oracle_catches_a_false_limit():
    limit = sympy.Limit(log(t) / (t - 1), t, 1, "+-")
    with pytest.raises(KernelError, match="paranoid"):
        paranoid.check(sympy.Eq(limit, 2, evaluate=False), (), always=True)
    with pytest.raises(KernelError, match="paranoid"):
        paranoid.check(sympy.Eq(sympy.Limit(Abs(t - 1) / (t - 1), t, 1, "+-"), 1, evaluate=False), (), always=True)


# ---------------------------------------------------------------------------------------------
# cut and interpret
def test_cut_discharges_only_an_assumption_it_proves():
    fact = sympy.Eq(log(4), 2 * log(2), evaluate=False)
    conditional = K.combine(fact, [(1, K.assume(fact))])
    assert fact in conditional.assumptions
    assert oracle(K.cut(conditional, K.compute(fact))).assumptions == ()
    with pytest.raises(KernelError, match="is not an assumption"):
        K.cut(conditional, K.compute(sympy.Eq(log(9), 2 * log(3), evaluate=False)))
    carried = K.cut(conditional, K.assume(fact))  # a lemma that assumes what it proves discharges nothing
    assert fact in carried.assumptions


def test_interpret_reads_abstract_theorems_in_a_table_and_nothing_else():
    import symkl as sk
    from symkl.statements.entropic import rv

    X, Y, Z = rv("X"), rv("Y"), rv("Z")
    J = sk.JointDistribution([["1/4", "1/4"], ["1/8", "3/8"]])
    read = oracle(K.interpret(K.shannon_mutual((X,), (Y,)), J))
    assert read.statement == ge(sk.MutualInformation(J, ["X"], ["Y"]), 0)
    conditional = K.interpret(
        K.shannon_mutual((X,), (Y,), (Z,)),
        sk.JointDistribution({(0, 0, 0): Rational(1, 2), (1, 1, 1): Rational(1, 2)}, names=("X", "Y", "Z")),
    )
    assert "I(X; Y | Z)" in str(conditional.statement)
    with pytest.raises(KernelError, match="not a variable of the table"):
        K.interpret(K.shannon_mutual((X,), (Z,)), J)
    with pytest.raises(KernelError, match="not a JointDistribution"):
        K.interpret(K.shannon_mutual((X,), (Y,)), sk.Distribution(["1/2", "1/2"]))
    u = sympy.Symbol("u", positive=True)
    with pytest.raises(sk.InvalidDistribution, match="not identically 1"):  # a measure, not a distribution
        sk.JointDistribution([[u, u], [u, u]])
    from symkl.statements.entropic import EntropyTerm

    mixed = K.assume(ge(EntropyTerm((X,)), X))  # X a random variable and a number at once
    with pytest.raises(KernelError, match="random variable and a number"):
        K.interpret(mixed, J)


def test_interpret_needs_entries_decided_nonnegative_and_tables_refuse_undecidable_entries():
    """A red-team finding: exp(1000) - exp(1000 + 10**-200) is about -2e234, but SymPy cannot tell its sign."""
    import symkl as sk
    from symkl.statements.entropic import rv

    hidden = sympy.exp(1000) - sympy.exp(1000 + Rational(1, 10**200))
    with pytest.raises(sk.InvalidDistribution, match="cannot decide"):
        sk.JointDistribution({(0, 0): hidden, (0, 1): 0, (1, 0): Rational(1, 2) - hidden, (1, 1): Rational(1, 2)})
    with pytest.raises(sk.InvalidDistribution, match="cannot decide"):
        truncated = sympy.Rational(str(sympy.pi.evalf(130))[:122])  # pi to 120 digits: r - pi is about -1e-121
        sk.Distribution([truncated - sympy.pi, 1 - truncated + sympy.pi])
    root = sqrt(2) / 2  # decided: fine
    J = sk.JointDistribution({(0, 0): root, (1, 1): 1 - root})
    read = oracle(K.interpret(K.shannon_mutual((rv("X"),), (rv("Y"),)), J))
    assert read.assumptions == ()
