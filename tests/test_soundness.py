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


# ---------------------------------------------------------------------------------------------
# 6. displayed statements come from the mathematics, never from text supplied beside it
def test_a_derivation_row_is_printed_from_its_value():
    with pytest.raises(TypeError):
        sk.Derivation(x / 3).step(x / 3, text_form="x/2")  # the parameter is gone
    row = sk.Derivation(x / 3).step(x / 3 + 0).rows[-1]
    assert row.text == "x/3"


def test_verify_shows_the_proved_statement_not_the_identity_text():
    from symkl.proof.identities import Identity

    lie = Identity("lie", "D(P || Q) <= 0", "nowhere", "pair", ">=", lambda i: (sk.KL(i.P, i.Q), 0), proof="gibbs")
    result = sk.verify(lie, methods=("symbolic",))
    assert result.verdict == "proved"
    assert result.statement == "D_KL(P || Q) >= 0"
    assert result.as_dict()["statement"] == "D_KL(P || Q) >= 0"
    assert result.as_dict()["as_written"] == "D(P || Q) <= 0"


# ---------------------------------------------------------------------------------------------
# 7. bases below 1 flip every sign, infinities included; a base equal to 1 in disguise is refused
HALF = Rational(1, 2)
DISJOINT = (sk.Distribution([1, 0]), sk.Distribution([0, 1]))


def test_infinite_divergences_in_a_base_below_one_are_minus_infinity():
    P, Q = DISJOINT
    assert sk.kl_divergence(P, Q, base=HALF) == -sympy.oo
    assert sk.kl_divergence(P, Q, base=2) == sympy.oo
    assert sk.cross_entropy(P, Q, base=Rational(1, 3)) == -sympy.oo
    assert sk.renyi_divergence(P, Q, 2, base=HALF) == -sympy.oo
    assert sk.renyi_divergence(P, Q, sympy.oo, base=HALF) == -sympy.oo
    assert sk.information(0, base=HALF) == -sympy.oo
    assert K.unfold(sk.KL(P, Q, base=HALF)).statement.rhs == -sympy.oo


def test_ranking_in_a_base_below_one_keeps_the_closest_model_first():
    A, B, C = (
        sk.Distribution(p, name=name) for p, name in ((["1/2"] * 2, "A"), (["1/4", "3/4"], "B"), (["1/8", "7/8"], "C"))
    )
    assert [r.candidate.name for r in sk.rank(A, [C, B], base=HALF)] == ["B", "C"]
    assert [r.candidate.name for r in sk.rank(A, [C, B], base=2)] == ["B", "C"]


def test_a_base_that_is_one_in_disguise_is_refused():
    for disguised in (log(6) - log(2) - log(3) + 1, sqrt(2) * sqrt(2) / 2, (log(8) / log(2)) / 3):
        with pytest.raises(sk.InvalidInput, match="base must be positive and not 1"):
            sk.kl_divergence(A, B, base=disguised)


def test_a_base_just_above_one_is_a_base():
    value = sk.entropy(A, base=1 + Rational(1, 10**100))
    assert sk.decimal_string(value, 5) == "6.9315e+99"


# ---------------------------------------------------------------------------------------------
# 8. no string from the API is run as code
EVIL = "__import__('os').system('touch /tmp/symkl-pwned')"


@pytest.mark.parametrize(
    "call",
    [
        lambda: sk.Derivation(x).step(EVIL),
        lambda: sk.Derivation(x).unchecked("y", EVIL, "why"),
        lambda: K.instantiate(K.LOG_BOUND, {K.LOG_BOUND_VARIABLE: EVIL}),
        lambda: K.combine(le(0, x), [(EVIL, K.positivity(x))]),
        lambda: K.sum_over(K.compute(le(0, 1)), i, EVIL, 2),
        lambda: K.rewrite(EVIL, x),
        lambda: sk.f_divergence(A, B, lambda t: EVIL),
        lambda: sk.lambdify(x, EVIL, rewrite=False),
        lambda: sk.canonical(EVIL),
        lambda: sk.compare(EVIL, 1),
    ],
)
def test_strings_are_refused_or_read_by_the_strict_grammar(call, tmp_path):
    import os

    marker = "/tmp/symkl-pwned"
    if os.path.exists(marker):
        os.remove(marker)
    with pytest.raises((KernelError, sk.InvalidInput, ValueError, TypeError)):
        call()
    assert not os.path.exists(marker)


# ---------------------------------------------------------------------------------------------
# 10. floats inside SymPy entries
def test_a_float_inside_a_sympy_entry_is_refused():
    with pytest.raises(sk.InvalidDistribution, match=r"floating-point number 0\.5"):
        sk.entropy([Float(0.5) * sqrt(2), 1 - Float(0.5) * sqrt(2)])
    assert sk.entropy([Float(0.5), Float(0.5)]) == log(2)  # a plain Float reads as its decimal, as a float does


def test_a_random_variable_against_a_list_is_a_clear_error():
    from sympy.stats import Normal

    with pytest.raises(sk.InvalidInput, match="the second argument is a list"):
        sk.kl_divergence(Normal("X", 0, 1), [Rational(1, 2), Rational(1, 2)])


# ---------------------------------------------------------------------------------------------
# 4. variables are identified by the objects, never by their printed names
def test_a_variable_name_that_cannot_be_read_back_is_refused():
    from symkl.statements.entropic import EntropyTerm

    odd = Symbol("X) - H(X")
    with pytest.raises(sk.errors.InvalidStatement, match="not an identifier"):
        sk.prove(sympy.Le(EntropyTerm((odd,)), 0))


def test_two_variables_with_one_name_are_refused():
    from symkl.statements.entropic import EntropyTerm

    plain, declared = Symbol("X"), Symbol("X", positive=True)
    with pytest.raises(sk.errors.InvalidStatement, match="two different variables are named 'X'"):
        sk.prove(sympy.Eq(EntropyTerm((plain, declared)), EntropyTerm((plain,))))
    with pytest.raises(sk.errors.InvalidStatement, match="two different variables"):  # across the constraints too
        sk.prove(sympy.Ge(EntropyTerm((plain,)), 0), given=[sympy.Eq(EntropyTerm((declared,)), 0)])


def test_the_same_variable_twice_is_fine():
    from symkl.statements.entropic import EntropyTerm, MutualInformationTerm

    X, Y = Symbol("X"), Symbol("Y")
    assert sk.prove(sympy.Le(MutualInformationTerm((X,), (Y,)), EntropyTerm((X,)))).verdict == "proved"


# ---------------------------------------------------------------------------------------------
# 9. verdicts carry their evidence
@pytest.mark.parametrize(
    "statement",
    ["1/1000000000 H(X) >= 0", "12345678901234567890123456789012345678 H(X) >= 0", "H(X) >= 1/10000000000000 H(X)"],
)
def test_scaled_shannon_inequalities_are_proved(statement):
    result = sk.prove(statement)
    assert result.verdict == "proved" and result.certificate.check()


def test_not_shannon_type_comes_with_a_checked_witness():
    result = sk.prove("I(A;B) <= I(A;B|C) + I(A;B|D) + I(C;D)")  # Ingleton
    assert result.verdict in ("not-shannon-type", "refuted")
    if result.verdict == "not-shannon-type":
        assert result.witness is not None and result.witness.gap_value < 0


# ---------------------------------------------------------------------------------------------
# found by an independent red team after the fixes above
def test_a_fact_about_a_free_index_does_not_justify_a_step_inside_a_sum_over_it():
    positive_i = sympy.Gt(i, 0, evaluate=False)
    s1 = Sum(log(i**2), (i, -1, -1))  # log(1) = 0
    s2 = Sum(log(i), (i, -1, -1))  # log(-1) = i*pi
    with pytest.raises(KernelError):
        K.rewrite(s1, 2 * s2, facts=[positive_i])
    with pytest.raises(KernelError, match="denominator"):
        K.rewrite(Sum(1 / i, (i, -1, 1)), Sum(1 / i, (i, -1, 1)), facts=[positive_i])


@pytest.mark.parametrize(
    "declaration", [{"infinite": True}, {"extended_real": True}, {"extended_positive": True}, {"finite": False}]
)
def test_symbols_that_may_be_infinite_are_refused(declaration):
    s = Symbol("s", **declaration)
    with pytest.raises(KernelError, match="may be infinite"):
        K.rewrite(sympy.Add(s, -s, evaluate=False), 0)  # oo - oo is not 0
    with pytest.raises(KernelError, match="may be infinite"):
        K.rewrite(sympy.Mul(0, s, evaluate=False), 0)


def test_symbol_names_must_read_back_and_be_distinct():
    with pytest.raises(KernelError, match="not an identifier"):
        K.rewrite(2 * Symbol("x + 1"), Symbol("x + 1") + Symbol("x + 1"))
    with pytest.raises(KernelError, match="noncommutative"):
        a, b = sympy.symbols("a b", commutative=False)
        K.rewrite(log(a * b), log(b * a))
    with pytest.raises(KernelError, match=r"two different symbols \(or distributions\) are named 'x'"):
        K.rewrite(Symbol("x") + x, 2 * x)
    with pytest.raises(
        KernelError, match=r"two different symbols \(or distributions\) are named 'x'"
    ):  # across statement and facts
        K.positivity(x, facts=[sympy.Gt(Symbol("x"), 1, evaluate=False)])


def test_decided_sign_and_witness_weights_never_run_text():
    import os

    from symkl.exact.canonical import decided_sign
    from symkl.proof.identities import Identity

    marker = "/tmp/symkl-pwned-2"
    if os.path.exists(marker):
        os.remove(marker)
    with pytest.raises(sk.InvalidInput):
        decided_sign(f"__import__('os').system('touch {marker}') or 1")
    evil = f"__import__('os').system('touch {marker}') + 1"
    identity = Identity(
        "evil",
        "D >= 0",
        "t",
        "pair",
        ">=",
        lambda inst: (sk.KL(inst.P, inst.Q), 0),
        witness=lambda inst: [(evil, inst.P, inst.Q)],
    )
    result = sk.verify(identity, methods=("symbolic",))
    assert result.methods["symbolic"].status == "not proved"
    assert not os.path.exists(marker)


def test_an_error_inside_sympy_is_a_refusal():
    with pytest.raises(KernelError):
        K.rewrite(log(log(x) * log(HIDDEN_ZERO)), sympy.expand_log(log(log(x) * log(HIDDEN_ZERO)), force=True))


# ---------------------------------------------------------------------------------------------
# robustness found in the same audit
def test_a_fifo_is_refused_without_blocking(tmp_path):
    import os
    import subprocess
    import sys

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "symkl", "entropy", f"@{fifo}"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert (
        done.stderr
        == f"symkl: error: distribution: {str(fifo)!r} is not a regular file (a pipe or a device); give a file\n"
    )


def test_api_sizes_are_bounded():
    with pytest.raises(sk.errors.InvalidStatement, match="n must be an integer from 1 to 8"):
        sk.prove("H(P,Q) = H(P) + D(P||Q)", n=10**6)
    with pytest.raises(sk.InvalidInput, match="at most 10000"):
        sk.renyi_entropy(["1/3", "2/3"], 10**6)
    assert sk.renyi_entropy(["1/2", "1/2"], sympy.oo) == log(2)


def test_too_many_variables_are_refused_before_any_work():
    names = ",".join(f"X{k}" for k in range(24))
    with pytest.raises(sk.errors.InvalidStatement, match="24 random variables; the prover takes at most 14"):
        sk.prove(f"H({names}) >= 0")


# ---------------------------------------------------------------------------------------------
# one engine: a catalogued result and the same statement typed by a user get the same verdict
@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("gibbs", "D(P||Q) >= 0"),
        ("js-nonnegative", "JS(P,Q) >= 0"),
        ("cross-entropy-decomposition", "H(P,Q) = H(P) + D(P||Q)"),
        ("conditioning-reduces-entropy", "H(X|Y) <= H(X)"),
        ("independence-bound", "H(X,Y) <= H(X) + H(Y)"),
        ("mi-nonnegative", "I(X;Y) >= 0"),
        ("cmi-nonnegative", "I(X;Y|Z) >= 0"),
    ],
)
def test_verify_and_prove_agree_on_catalogued_statements(name, typed):
    assert sk.verify(name, n=2, samples=2).verdict == "proved"
    assert sk.prove(typed, n=2 if "P" in typed else None).verdict == "proved"


def test_a_dummy_and_a_symbol_that_print_alike_are_refused():
    with pytest.raises(KernelError, match=r"two different symbols \(or distributions\) are named '_x'"):
        K.positivity(Symbol("_x", positive=True) + sympy.Dummy("x", positive=True))


def test_two_distributions_with_one_name_are_refused():
    P = sk.Distribution(["1/2", "1/2"], name="P")
    Q1, Q2 = sk.Distribution(["1/4", "3/4"], name="Q"), sk.Distribution(["1/3", "2/3"], name="Q")
    target = sympy.Le(sk.KL(P, Q2), sk.KL(P, Q1), evaluate=False)  # would print D(P || Q) <= D(P || Q)
    with pytest.raises(KernelError, match="are named 'Q'"):
        K.combine(target, [], using=[K.unfold(sk.KL(P, Q1)), K.unfold(sk.KL(P, Q2))])
