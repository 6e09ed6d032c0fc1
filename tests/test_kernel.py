"""The proof kernel and the ways a false statement could be called proved (each class, several instances)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Rational, log, sqrt

import symkl as sk
from symkl.errors import KernelError
from symkl.proof import kernel as K  # noqa: N812
from symkl.proof.derivation import Derivation
from symkl.proof.identities import Identity
from symkl.proof.lemmas import gibbs, simplex_facts
from symkl.render.worked import derive_identity
from symkl.statements.entropic import EntropyTerm, MutualInformationTerm, rv

PACKAGE = Path(sk.__file__).parent
x = sympy.Symbol("x", positive=True)
r = sympy.Symbol("r", real=True)


def le(a, b):
    return sympy.Le(a, b, evaluate=False)


def ge(a, b):
    return sympy.Ge(a, b, evaluate=False)


def eq(a, b):
    return sympy.Eq(a, b, evaluate=False)


# ---------------------------------------------------------------------------------------------
# the kernel is the only maker of Theorems
def test_theorem_is_constructed_nowhere_outside_the_kernel():
    pattern = re.compile(r"\bTheorem\(|_make\(|_TOKEN")  # calls as ruff formats them ("a Theorem (its..." is prose)
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "kernel.py" and pattern.search(path.read_text())
    ]
    assert offenders == []


def test_theorem_constructor_and_attributes_are_closed():
    with pytest.raises(TypeError, match="only by the rules"):
        K.Theorem(object(), eq(1, 1), (), "forged")
    theorem = K.compute(eq(log(4), 2 * log(2)))
    with pytest.raises(AttributeError, match="immutable"):
        theorem._statement = eq(1, 2)  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        theorem.statement = eq(1, 2)  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# 1. a named proof is not tied to the statement: borrowed strategies prove nothing
BORROWED = [
    ("D(P||Q) <= 0", "gibbs", lambda i: (sk.KL(i.P, i.Q), 0), "<="),
    ("JS <= log(2)/2", "js-upper", lambda i: (sk.JS(i.P, i.Q), log(2) / 2), "<="),
    ("H(P) <= 0", "entropy-nonnegative", lambda i: (sk.Entropy(i.P), 0), "<="),
    ("TV <= sqrt(D/4)", "pinsker", lambda i: (sk.TotalVariation(i.P, i.Q), sqrt(sk.KL(i.P, i.Q) / 4)), "<="),
    ("H(P,Q) >= H(P) + 1", "gibbs", lambda i: (sk.CrossEntropy(i.P, i.Q), sk.Entropy(i.P) + 1), ">="),
]


@pytest.mark.parametrize(("text", "proof", "sides", "relation"), BORROWED)
def test_borrowed_proof_is_not_a_proof(text, proof, sides, relation):
    kind = "one" if "H(P) <=" in text else "pair"
    identity = Identity("borrowed", text, "test", kind, relation, sides, proof=proof)
    result = sk.verify(identity, n=2, samples=10)
    assert result.methods["symbolic"].status != "proved"
    assert result.methods["symbolic"].theorem is None
    assert result.verdict != "proved"


def test_false_witness_is_not_a_proof():
    """A witness that is not the gap: the kernel's identity check refuses it."""
    identity = Identity(
        "bad-witness",
        "H(P) <= log(n) - 1",
        "test",
        "one",
        "<=",
        lambda i: (sk.Entropy(i.P), log(i.n) - 1),
        witness=lambda i: [(1, i.P, sk.uniform(i.n))],
    )
    result = sk.verify(identity, n=2, samples=10)
    assert result.methods["symbolic"].status == "not proved"
    assert result.verdict == "failed"


# ---------------------------------------------------------------------------------------------
# 2. and 3. derivation rows: no lemma by name, no words as justification
def test_derivation_step_needs_a_theorem_of_that_step():
    y = sympy.Symbol("y", positive=True)
    d = Derivation(y).step(y - 5, relation="<=", by=K.LOG_BOUND)
    assert d.rows[-1].verdict == "unknown" and not d.proved
    d = Derivation(y).step(y - 5, relation="<=")
    assert d.rows[-1].verdict == "unknown"
    with pytest.raises(TypeError):
        Derivation(y).step(y - 5, relation="<=", lemma="gibbs")  # type: ignore[call-arg]
    assert not hasattr(Derivation, "note")


def test_words_never_make_a_row_proved():
    d = Derivation(log(2)).intertext("trust me: this is 1")
    assert [row.verdict for row in d.rows] == ["given", "given"]
    with pytest.raises(sk.DerivationError):
        d.step(1, "because I say so")


def test_a_theorem_resting_on_unstated_assumptions_does_not_prove_a_row():
    false_premise = K.assume(le(x, x - 5))
    d = Derivation(x).step(x - 5, relation="<=", by=false_premise)
    assert d.rows[-1].verdict == "unknown" and not d.proved
    assert "does not state: x <= x - 5" in d.rows[-1].evidence
    stated = Derivation(x, facts=(le(x, x - 5),)).step(x - 5, relation="<=", by=false_premise)
    assert stated.proved  # proved under the stated (false) assumption, which the derivation shows


def test_a_matching_theorem_proves_the_row():
    bound = K.instantiate(K.LOG_BOUND, {K.LOG_BOUND_VARIABLE: x})
    d = Derivation(log(x)).step(x - 1, relation="<=", by=bound)
    assert d.proved and d.rows[-1].theorem is bound


# ---------------------------------------------------------------------------------------------
# 4. too close to tell is not equal
R80 = Rational(sympy.floor(sqrt(2) * 10**80), 10**80)


@pytest.mark.parametrize(
    "statement",
    [eq(sqrt(2), R80), ge(sqrt(2), R80 + Rational(1, 10**75)), eq(log(2) + sqrt(3), log(2) + R80), eq(sqrt(2), 1)],
)
def test_near_equal_irrationals_are_not_computed(statement):
    with pytest.raises(KernelError):
        K.compute(statement)


@pytest.mark.parametrize(
    ("sides", "relation"),
    [(lambda i: (sqrt(2), R80), "=="), (lambda i: (sqrt(2), R80 + Rational(1, 10**75)), ">=")],
)
def test_near_equal_statements_fail_verification(sides, relation):
    identity = Identity("near", "sqrt 2 vs its decimal", "test", "fixed", relation, sides)
    result = sk.verify(identity)
    assert result.methods["symbolic"].status == "not proved"
    assert result.methods["exact"].status == "failed"
    assert result.verdict == "failed"


def test_numbers_that_are_equal_are_computed_and_unequal_ones_refuted():
    assert K.compute(eq(log(Rational(8, 9)), 3 * log(2) - 2 * log(3))).rule == "compute"
    with pytest.raises(KernelError, match="is false"):
        K.compute(eq(log(Rational(8, 9)), 3 * log(2) - 2 * log(3) + Rational(1, 10**100)))
    big = 10**10000
    tie = sk.kl_divergence([Rational(1, big), 1 - Rational(1, big)], ["1/2", "1/2"])
    assert K.compute(sympy.Lt(tie, log(2), evaluate=False)).rule == "compute"


# ---------------------------------------------------------------------------------------------
# 5. positivity is entailed, never presumed
@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (log(r**2), 2 * log(r)),
        (log((x - 1) ** 2), 2 * log(1 - x)),
        (log((x - 1) ** 2), 2 * log(x - 1)),
        (log(x * r), log(x) + log(r)),
        (log(-x), log(x)),
        (log(1 - x) - log(x - 1), 0),
    ],
)
def test_log_laws_need_entailed_positivity(lhs, rhs):
    with pytest.raises(KernelError):
        K.rewrite(lhs, rhs)


def test_log_laws_apply_when_the_facts_entail_positivity():
    theorem = K.rewrite(log((1 - x) ** 2), 2 * log(1 - x), facts=[sympy.Gt(1 - x, 0, evaluate=False)])
    assert theorem.assumptions == (sympy.Gt(1 - x, 0, evaluate=False),)


def test_gibbs_over_entries_that_may_be_negative_is_refused():
    """(x, 1 - x) with x > 0 only: 1 - x may be negative, so Gibbs has no theorem without the fact 1 - x > 0."""
    P = sk.Distribution([x, 1 - x], name="P")
    Q = sk.Distribution(["1/2", "1/2"], name="Q")
    with pytest.raises(KernelError):
        gibbs(P, Q, facts=())
    proved = gibbs(P, Q, facts=simplex_facts(P, Q)).theorem
    assert sympy.Gt(1 - x, 0, evaluate=False) in proved.assumptions


def test_denominators_must_be_nonzero():
    a, b = sympy.symbols("a b", positive=True)
    premise = K.assume(eq(a, b))
    with pytest.raises(KernelError, match="not shown to be nonzero"):
        K.combine(eq(1, 0), [(1 / (a - b), premise)])


# ---------------------------------------------------------------------------------------------
# 6. floats are not exact
@pytest.mark.parametrize(
    "make",
    [
        lambda: K.compute(eq(Rational(1, 3), sympy.Float("0.3333333333333333"))),
        lambda: K.rewrite(x / 3, sympy.Float("0.3333333333333333") * x),
        lambda: K.instantiate(K.LOG_BOUND, {K.LOG_BOUND_VARIABLE: sympy.Float(0.5)}),
        lambda: K.combine(le(log(x), x - 1), [(sympy.Float(1.0), K.LOG_BOUND)]),
        lambda: K.assume(sympy.Gt(x, sympy.Float(0.1), evaluate=False)),
    ],
)
def test_floats_are_refused(make):
    with pytest.raises(KernelError, match="floating-point"):
        make()


def test_float_rows_are_not_proved():
    with pytest.raises(sk.DerivationError, match="is false"):  # the double is not 1/3
        Derivation(Rational(1, 3)).step(sympy.Float("0.3333333333333333"), "rounding")
    y = sympy.Symbol("y")
    with pytest.raises(sk.DerivationError, match="differ"):
        Derivation(y / 3).step(sympy.Float("0.3333333333333333") * y, "rounding")


# ---------------------------------------------------------------------------------------------
# 7. claims beyond the proof
def test_sizes_are_named_and_not_overclaimed():
    pinsker = sk.verify("pinsker", n=3, samples=5).methods["symbolic"]
    assert pinsker.status == "proved" and pinsker.sizes == "n = 3" and pinsker.general is None
    mixture = sk.verify("kl-convexity", n=4, samples=5)
    assert mixture.methods["symbolic"].status == "not proved" and "n <= 3" in mixture.methods["symbolic"].detail
    assert mixture.verdict == "checked"
    assert derive_identity("kl-convexity", 4) is None
    gibbs_result = sk.verify("gibbs", n=3, samples=5).methods["symbolic"]
    assert gibbs_result.status == "proved" and "every n" in gibbs_result.sizes
    chain = sk.verify("chain-rule", n=2, samples=5).methods["symbolic"]
    assert chain.status == "proved" and chain.sizes == "n = 2" and chain.general is None
    grouping = sk.verify("grouping-rule", n=2, samples=5).methods["symbolic"]
    assert "n = 3 only" in grouping.detail


def test_every_catalogue_proof_states_the_catalogue_claim():
    from symkl.proof.catalogue import prove, prove_general
    from symkl.proof.identities import CATALOGUE, general_instance

    for name in ("cross-entropy-decomposition", "entropy-upper-bound", "js-upper-bound", "mi-nonnegative"):
        entry = CATALOGUE[name]
        instance = entry.instance(entry.size(2))
        assert prove(entry, instance).theorem.statement == entry.claim(instance)
        general = prove_general(entry)
        if general is not None:
            assert general.theorem.statement == entry.claim(general_instance())


# ---------------------------------------------------------------------------------------------
# the rules refuse what they cannot check
def test_combine_refuses_negative_weights_and_unsupported_strictness():
    with pytest.raises(KernelError, match="not shown >= 0"):
        K.combine(ge(log(x), x - 1), [(-1, K.LOG_BOUND)])
    with pytest.raises(KernelError, match="strict"):
        K.combine(sympy.Lt(log(x), x - 1, evaluate=False), [(1, K.LOG_BOUND)])
    with pytest.raises(KernelError, match="does not follow"):
        K.combine(eq(log(x), x - 1), [(1, K.LOG_BOUND)])


def test_chain_and_sum_over_refuse_bad_shapes():
    up = K.instantiate(K.LOG_BOUND, {K.LOG_BOUND_VARIABLE: x})
    down = K.assume(ge(x - 1, 0))
    with pytest.raises(KernelError, match="opposite"):
        K.chain(up, down)
    i = sympy.Symbol("i", integer=True)
    strict = K.assume(sympy.Lt(i, i + 1, evaluate=False))
    with pytest.raises(KernelError, match="strict"):
        K.sum_over(strict, i, 1, 3)
    positive_index = sympy.Symbol("k", integer=True, positive=True)
    with pytest.raises(KernelError, match="sign or parity assumption"):
        K.sum_over(K.assume(ge(positive_index, 1)), positive_index, 0, 3)


def test_instantiate_carries_what_it_cannot_discharge():
    y = sympy.Symbol("y")
    carried = K.instantiate(K.LOG_BOUND, {K.LOG_BOUND_VARIABLE: y - 1})
    assert sympy.Gt(y - 1, 0, evaluate=False) in carried.assumptions
    with pytest.raises(KernelError, match="becomes false"):
        K.instantiate(K.LOG_BOUND, {K.LOG_BOUND_VARIABLE: 0})


def test_shannon_axioms_do_not_prove_non_shannon_statements():
    X, Y, Z = rv("X"), rv("Y"), rv("Z")
    target = le(EntropyTerm((X,), (Z,)), MutualInformationTerm((X,), (Y,), (Z,)))
    definitions = [K.unfold(t) for t in (EntropyTerm((X,), (Z,)), MutualInformationTerm((X,), (Y,), (Z,)))]
    with pytest.raises(KernelError):
        K.combine(target, [(1, K.shannon_entropy((X,), (Y, Z)))], using=definitions)


# ---------------------------------------------------------------------------------------------
# properties: exact instances through compute, false variants refused
probability = st.integers(min_value=1, max_value=50)


@settings(max_examples=25, deadline=None)
@given(st.lists(probability, min_size=2, max_size=4), st.lists(probability, min_size=2, max_size=4))
def test_gibbs_computed_exactly_and_its_negation_refused(p_weights, q_weights):
    size = min(len(p_weights), len(q_weights))
    P = [Rational(w, sum(p_weights[:size])) for w in p_weights[:size]]
    Q = [Rational(w, sum(q_weights[:size])) for w in q_weights[:size]]
    value = sk.kl_divergence(P, Q)
    assert K.compute(ge(value, 0)).statement == ge(value, 0)
    if P != Q:
        with pytest.raises(KernelError, match="is false"):
            K.compute(le(value, 0))
        with pytest.raises(KernelError, match="is false"):
            K.compute(eq(value, 0))


# ---------------------------------------------------------------------------------------------
# signs from products of stated facts: only what the facts entail, each certificate checked exactly
a_, b_, l_ = sympy.symbols("a b l", positive=True)
BOX = [sympy.Gt(1 - a_, 0), sympy.Gt(1 - b_, 0), sympy.Gt(1 - l_, 0)]


def test_product_certificates_show_mixture_signs():
    from symkl.proof.algebra import Facts

    facts = Facts(BOX)
    assert facts.positive(1 - a_ * l_ - b_ * (1 - l_))  # (1 - a) l + (1 - b)(1 - l)
    assert facts.positive(a_**2 - 2 * a_ * b_ + b_)  # (a - b)**2 + b (1 - b)
    assert facts.nonnegative(a_**2 - 2 * a_ * b_ + b_**2) and not facts.positive(a_**2 - 2 * a_ * b_ + b_**2)


@pytest.mark.parametrize(
    "expr",
    [
        1 - a_ - b_,  # a = b = 3/4
        a_ * b_ - Rational(1, 4),  # a = b = 1/4
        1 - a_ * l_ - 2 * b_ * (1 - l_),  # l small, b near 1
        a_ - b_,
        (a_ - b_) ** 2,  # zero at a = b: not strictly positive
        a_ * l_ + b_ * (1 - l_) - 1,
    ],
)
def test_product_certificates_refuse_what_the_facts_do_not_entail(expr):
    from symkl.proof.algebra import Facts

    assert not Facts(BOX).positive(expr)


def test_squares_only_of_real_symbols():
    from symkl.proof.algebra import Facts

    u, v = sympy.symbols("u v")  # complex: (u - v)**2 may be negative
    assert not Facts([]).nonnegative(u**2 - 2 * u * v + v**2)
    assert not Facts([]).nonnegative(sympy.expand((u - v) ** 2) + 1 - 1)


def test_a_wrong_certificate_fails_the_exact_check():
    from symkl.proof.positivity import _checks

    f = 1 - a_ * l_ - b_ * (1 - l_)
    right = [(Rational(1), (1 - a_, l_)), (Rational(1), (1 - b_, 1 - l_))]
    strictness = {(1 - a_, l_): True, (1 - b_, 1 - l_): True}
    assert _checks(f, right, strictness, strict=True)
    assert not _checks(f, [(Rational(1), (1 - a_, l_))], strictness, strict=True)  # a term dropped
    assert not _checks(f, [(Rational(2), (1 - a_, l_)), right[1]], strictness, strict=True)  # a weight changed
    assert not _checks(f + 1 - 1 - a_, right, strictness, strict=True)  # a different f
    assert not _checks(f, [(Rational(-1), (1 - a_, l_)), (Rational(1), (1 - b_, 1 - l_))], strictness, strict=False)
    assert not _checks(f, right, {(1 - a_, l_): False, (1 - b_, 1 - l_): False}, strict=True)  # only >= 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=6, max_size=6), st.lists(st.integers(1, 9), min_size=2, max_size=2))
def test_product_certificates_are_sound_on_random_quadratics(coefficients, point):
    """Whenever f > 0 is entailed on the box 0 < a, b < 1, f is positive at rational points of the box."""
    from fractions import Fraction

    from symkl.proof.algebra import Facts

    c0, c1, c2, c3, c4, c5 = coefficients
    f = c0 + c1 * a_ + c2 * b_ + c3 * a_**2 + c4 * a_ * b_ + c5 * b_**2
    if not Facts(BOX[:2]).positive(f):
        return
    for av, bv in [(Fraction(point[0], 10), Fraction(point[1], 10)), (Fraction(1, 1000), Fraction(999, 1000))]:
        value = c0 + c1 * av + c2 * bv + c3 * av**2 + c4 * av * bv + c5 * bv**2
        assert value > 0, (f, av, bv)


@pytest.mark.parametrize(
    ("name", "sizes"),
    [("kl-convexity", (2,)), ("kl-chi-square", (2, 3)), ("function-reduces-entropy", (2, 3, 4))],
)
def test_convexity_chi_square_and_function_bounds_are_kernel_theorems(name, sizes):
    from symkl.proof.catalogue import instance_facts, prove
    from symkl.proof.identities import CATALOGUE

    entry = CATALOGUE[name]
    for size in sizes:
        instance = entry.instance(size)
        theorem = prove(entry, instance).theorem
        assert theorem.statement == entry.claim(instance)
        stated = set(instance_facts(instance))
        assert all(fact in stated or fact.lhs.is_Symbol for fact in theorem.hypotheses()), theorem.hypotheses()


REVERSED = [
    (
        "function-reduces-entropy",
        "H(g(X)) >= H(X)",
        "function",
        ">=",
        lambda i: (sk.JointEntropy(i.J, ["G"]), sk.JointEntropy(i.J, ["X"])),
    ),
    ("kl-chi-square", "D >= log(1 + chi2)", "pair", ">=", lambda i: (sk.KL(i.P, i.Q), log(1 + sk.ChiSquare(i.P, i.Q)))),
    (
        "kl-chi-square",
        "D <= log(1 + chi2) - 1/10",
        "pair",
        "<=",
        lambda i: (sk.KL(i.P, i.Q), log(1 + sk.ChiSquare(i.P, i.Q)) - Rational(1, 10)),
    ),
]


@pytest.mark.parametrize(("name", "text", "kind", "relation", "sides"), REVERSED)
def test_false_variants_of_the_new_proofs_are_not_proved(name, text, kind, relation, sides):
    identity = Identity(name, text, "test", kind, relation, sides)
    result = sk.verify(identity, n=3, samples=10)
    assert result.methods["symbolic"].status != "proved"
    assert result.verdict != "proved"


def test_log_of_exp_splits_only_for_real_exponents():
    y, m = sympy.Symbol("y"), sympy.Symbol("m", real=True)
    two_exp = sympy.Mul(2, sympy.exp(m), evaluate=False)
    assert K.rewrite(log(two_exp), m + log(2)).statement == eq(log(two_exp), m + log(2))
    with pytest.raises(KernelError, match="not shown to be positive"):
        K.rewrite(log(2 * sympy.exp(y)), y + log(2))  # y complex: log(e^y) need not be y
    with pytest.raises(KernelError, match="I is outside the kernel's term language"):  # no complex numbers at all
        K.rewrite(log(sympy.exp(sympy.I * m) * 2), sympy.I * m + log(2))
    s = sympy.Symbol("s", positive=True)
    assert K.rewrite(log(2 * sympy.pi * s), log(2) + log(sympy.pi) + log(s)).rule == "rewrite"
    with pytest.raises(KernelError):
        K.rewrite(log(2 * sympy.pi * s), log(2) + log(sympy.pi))


def test_the_normal_log_density_row_is_proved_and_the_expectation_is_not():
    from sympy.stats import Normal

    m1, m2 = sympy.symbols("m1 m2", real=True)
    s1, s2 = sympy.symbols("s1 s2", positive=True)
    derivation = sk.derive_kl_rv(Normal("X", m1, s1), Normal("Y", m2, s2))
    verdicts = [row.verdict for row in derivation.rows[1:]]
    assert verdicts[0] == "proved" and verdicts[-1] != "proved"


# ---------------------------------------------------------------------------------------------
# holes found by an independent review (each was a false theorem through public names)
def test_reversed_sum_ranges_prove_nothing():
    i, m = sympy.Symbol("i", integer=True), sympy.Symbol("m", integer=True)
    one = K.compute(le(0, 1))
    with pytest.raises(KernelError, match="reversed"):
        K.sum_over(one, i, 5, 1)  # SymPy: Sum(1, (i, 5, 1)) = -3
    summed = K.sum_over(one, i, 1, m)
    assert ge(m, 0) in summed.assumptions  # m >= 0 is carried, not presumed
    with pytest.raises(KernelError):
        K.positivity(sympy.Sum(1, (i, 1, m)), strict=False)
    n = sympy.Symbol("n", integer=True, positive=True)
    assert K.positivity(sympy.Sum(1, (i, 1, n)), strict=False).assumptions == ()


def test_even_powers_of_possibly_complex_bases_are_not_positive():
    z = sympy.Symbol("z")
    with pytest.raises(KernelError):
        K.positivity(z**2, [sympy.Ne(z, 0)])  # z = I gives -1
    with pytest.raises(KernelError):
        K.positivity(z**2, [], strict=False)
    assert K.positivity(r**2, [sympy.Ne(r, 0)]).statement == sympy.Gt(r**2, 0)


def test_theorem_cannot_be_subclassed():
    with pytest.raises(TypeError, match="cannot be subclassed"):

        class Fake(K.Theorem):
            pass


def test_signs_of_integrals_and_sums_are_not_taken_from_evalf():
    t = sympy.Symbol("t")
    integral = sympy.Integral(sympy.sin(1 / t) / t, (t, 0, 1))  # about 0.6247; evalf says 0
    with pytest.raises(KernelError):
        K.positivity(Rational(1, 2) - integral)
    with pytest.raises(KernelError):
        K.positivity(integral - Rational(1, 2))


def test_a_bound_index_cannot_be_instantiated():
    i, n = sympy.Symbol("i", integer=True), sympy.Symbol("n", integer=True, positive=True)
    xs = sympy.IndexedBase("x")
    summed = K.sum_over(K.assume(le(xs[i], 0)), i, 1, n)
    with pytest.raises(KernelError, match="bound index"):
        K.instantiate(summed, {i: 1})


def test_compute_with_an_infinite_side_decides_the_other_side():
    with pytest.raises(KernelError):
        K.compute(sympy.Gt(sympy.oo, sympy.I, evaluate=False))
    with pytest.raises(KernelError):
        K.compute(sympy.Gt(sympy.oo, 1 / (log(6) - log(2) - log(3)), evaluate=False))
    assert K.compute(sympy.Gt(sympy.oo, log(3), evaluate=False)).rule == "compute"


def test_declared_kinds_are_shown_with_the_theorem():
    p = sympy.Symbol("p", prime=True)
    theorem = K.positivity(p - 2, strict=False)
    assert "p is prime" in repr(theorem)
    w = sympy.Symbol("w", nonzero=True, real=True)
    assert [K.show(f) for f in K.declared_facts(w)] == ["w != 0", "w is real"]


def test_derivations_show_every_fact_their_rows_rest_on():
    d = Derivation(x * log(2), facts=(eq(log(2), 1),)).step(x)
    assert d.proved
    assert "log 2 = 1" in d.to_text() and r"\log 2 = 1" in d.to_markdown()
    p = sympy.Symbol("p", prime=True)
    at_least_two = K.combine(ge(p, 2), [(1, K.positivity(p - 2, strict=False))])
    shown = Derivation(p, title="any p").step(2, relation=">=", by=at_least_two).to_text()
    assert "p is prime" in shown


def test_data_processing_is_proved_for_n_2_and_says_why_not_beyond():
    proved = sk.verify("data-processing", n=2, samples=3).methods["symbolic"]
    assert proved.status == "proved" and proved.sizes == "n = 2"
    beyond = sk.verify("data-processing", n=3, samples=3)  # past the witness: the Shannon prover, read in the table
    assert beyond.methods["symbolic"].status == "proved" and beyond.verdict == "proved"
    assert beyond.methods["symbolic"].theorem.statement == sk.identities.CATALOGUE["data-processing"].statement(3)
    from symkl.proof.catalogue import prove as catalogue_prove
    from symkl.proof.identities import CATALOGUE

    entry = CATALOGUE["data-processing"]
    with pytest.raises(KernelError, match="n <= 2 only"):
        catalogue_prove(entry, entry.instance(3))  # the catalogue's own strategy says why it stops


# ---------------------------------------------------------------------------------------------
# holes found by a second independent review
def test_instantiate_refuses_a_value_the_sum_would_capture():
    i, n = sympy.Symbol("i", integer=True), sympy.Symbol("n", integer=True, positive=True)
    y = sympy.Symbol("y")
    total = K.rewrite(sympy.Sum(y, (i, 1, n)), n * y)
    with pytest.raises(KernelError, match="captured by the bound index"):
        K.instantiate(total, {y: i})  # Sum(i, (i, 1, n)) = n*i is false
    assert K.instantiate(total, {y: 3}).statement == eq(sympy.Sum(3, (i, 1, n)), 3 * n)


def test_a_sum_index_with_a_declared_sign_is_refused():
    n = sympy.Symbol("n", integer=True, positive=True)
    i = sympy.Symbol("i", integer=True, positive=True)  # but the range -n..n takes it below 0
    for strict, body in ((True, i), (False, i - 1)):
        with pytest.raises(KernelError):
            K.positivity(sympy.Sum(body, (i, -n, n)), strict=strict)
    with pytest.raises(KernelError, match="index"):
        K.rewrite(sympy.Sum(1 / i, (i, -n, n)), 0)


def test_facts_about_one_index_do_not_reach_inside_a_sum_over_it():
    i, n = sympy.Symbol("i", integer=True), sympy.Symbol("n", integer=True, positive=True)
    p = sympy.IndexedBase("p")
    with pytest.raises(KernelError):
        K.rewrite(sympy.Sum(p[i], (i, 1, n)), n / 2, facts=[eq(p[i], Rational(1, 2))])
    with pytest.raises(KernelError):
        K.positivity(sympy.Sum(p[i], (i, 1, n)), facts=[sympy.Gt(p[i], 0)])


def test_every_declaration_a_sign_rule_may_use_is_shown_or_obliged():
    y, z = sympy.Symbol("y", extended_real=True), sympy.Symbol("z", imaginary=True)
    with pytest.raises(KernelError, match="may be infinite"):  # y = oo is allowed: outside the language
        K.positivity(y**2, strict=False)
    r = sympy.Symbol("r", real=True, finite=True)
    square = K.positivity(r**2, strict=False)
    assert "r is real" in repr(square)
    with pytest.raises(KernelError, match="I is outside the kernel's term language"):
        K.instantiate(square, {r: sympy.I})
    assert "z is imaginary" in repr(K.positivity(-(z**2), strict=False))
    f = sympy.Function("f", positive=True)
    with pytest.raises(KernelError, match="not a function the kernel knows"):  # declared, but not in the language
        K.positivity(f(x))


def test_measures_in_a_base_below_one_claim_no_sign():
    P = sk.Distribution(["1/2", "1/2"], name="P")
    half = Rational(1, 2)
    assert sk.Entropy(P, base=half).is_extended_nonnegative is None
    assert sk.Entropy(P, base=2).is_extended_nonnegative is True
    assert sk.RenyiDivergence(P, P, 2).is_extended_nonnegative is None  # a sign for some alpha only
    b = sympy.Symbol("b", positive=True)
    with pytest.raises(KernelError):
        K.positivity(sympy.atan(sk.Entropy(P, base=b)), strict=False)


def test_signs_are_not_guessed_through_special_functions():
    """SymPy's assumptions would judge zeta(3) - 6/5 by floating-point evaluation: no sign is entailed."""
    for expr in (x + sympy.zeta(3) - Rational(6, 5), x * (sympy.zeta(3) - 1), x + sympy.atan(x)):
        with pytest.raises(KernelError):
            K.positivity(expr)
    assert K.positivity(x * (sympy.pi - 3)).rule == "positivity"  # pi - 3: a rigorous enclosure decides it


# ---------------------------------------------------------------------------------------------
# holes found by a third review
def test_sum_over_refuses_an_index_declared_even_odd_or_nonzero():
    y = sympy.Symbol("y", negative=True)
    for declaration in ({"even": True}, {"odd": True}, {"nonzero": True}):
        i = sympy.Symbol("i", integer=True, **declaration)
        with pytest.raises(KernelError, match="exponent i \\+ 1 is not a rational number"):
            K.positivity(-(y ** (i + 1)), strict=False)  # the term language has rational exponents only
        with pytest.raises(KernelError, match="sign or parity"):
            K.sum_over(K.compute(le(0, 1)), i, 1, 2)


def test_instantiate_decides_obligations_rigorously_or_carries_them():
    t = sympy.Symbol("t")
    value = Rational(1, 2) - sympy.Integral(sympy.sin(1 / t) / t, (t, 0, 1))  # about -0.1247; evalf says > 0
    a = sympy.Symbol("a", positive=True)
    with pytest.raises(KernelError, match="Integral is not a term the kernel knows"):
        K.instantiate(K.positivity(a), {a: value})  # outside the term language: not even carried
    with pytest.raises(KernelError, match="becomes false"):
        K.instantiate(K.positivity(a), {a: log(2) - 1})


def test_a_proof_resting_on_assumptions_the_statement_does_not_make_proves_nothing():
    def witness(i):
        a1 = i.P.probabilities[0]
        A = sk.Distribution([a1 - 2, 3 - a1], name="A")  # its entries need a1 >= 2, against a1 < 1
        return [(a1 - 3, i.P, i.Q), (2 - a1, i.P, i.Q), (sympy.Integer(0), A, A.with_name("B"))]

    identity = Identity(
        "kl-nonpositive", "D(P || Q) <= 0", "test", "pair", "<=", lambda i: (sk.KL(i.P, i.Q), 0), witness=witness
    )
    symbolic = sk.verify(identity, n=2, methods=("symbolic",)).methods["symbolic"]
    assert symbolic.status == "not proved" and "assumptions the statement does not make" in symbolic.detail


def test_a_positive_base_to_an_extended_real_power_is_not_positive():
    y = sympy.Symbol("y", extended_real=True)  # y = -oo gives 2**y = 0
    with pytest.raises(KernelError, match="outside the kernel's term language"):
        K.positivity(2**y)
    i = sympy.Symbol("i", integer=True)  # an integer exponent could carry parity: outside the language
    with pytest.raises(KernelError, match="is not a rational number"):
        K.positivity(2**i)
    for complex_exponent in (sympy.Symbol("z"), sympy.I * sympy.Symbol("w", real=True)):
        with pytest.raises(KernelError):
            K.positivity(2**complex_exponent)
    assert K.positivity(2 ** sympy.Symbol("w", real=True)).statement.lhs == 2 ** sympy.Symbol("w", real=True)
