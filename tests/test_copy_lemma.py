"""Beyond Shannon: the copy lemma (kernel rule ``copy_lemma``) and the prover's search over copies.

Zhang-Yeung is proved in the forms a user may write it; false variants and Ingleton are never proved;
the rule refuses facts that are not the copy's, a copy the statement mentions, and a mismatched T.
"""

from __future__ import annotations

import pytest
import sympy

from symkl.errors import KernelError
from symkl.proof import kernel as K  # noqa: N812
from symkl.proof import paranoid
from symkl.prover import prove
from symkl.statements.entropic import EntropyTerm, MutualInformationTerm, rv

ZHANG_YEUNG = "2 I(C;D) <= I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B)"


@pytest.mark.parametrize(
    "text",
    [
        ZHANG_YEUNG,
        "I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B) >= 2 I(C;D)",  # sides exchanged
        "4 I(C;D) <= 2 I(A;B) + 2 I(A;C,D) + 6 I(C;D|A) + 2 I(C;D|B)",  # scaled
        "2 I(Y;Z) <= I(W;X) + I(W;Y,Z) + 3 I(Y;Z|W) + I(Y;Z|X)",  # renamed
        "2 I(D;C) <= I(C,D;A) + I(B;A) + I(C;D|B) + 3 I(D;C|A)",  # reordered
    ],
)
def test_zhang_yeung_is_proved_by_a_copy_and_checked_by_the_kernel(text):
    result = prove(text)
    assert result.verdict == "proved" and "copy" in result.checks
    theorem = result.theorem
    assert theorem.assumptions == () and theorem.rule == "copy_lemma"
    assert not {v.name for v in theorem.statement.atoms(sympy.Symbol)} & {"A1", "B1", "C1", "D1", "W1", "X1"}
    paranoid.check(theorem.statement, theorem.hypotheses(), always=True)  # random distributions agree
    assert "copy lemma" in str(result.derivation)


def test_false_variants_and_ingleton_are_never_proved():
    weaker = prove("2 I(C;D) <= I(A;B) + I(A;C,D) + 2 I(C;D|A) + I(C;D|B)")
    assert weaker.verdict != "proved"
    if weaker.verdict != "refuted":  # then every copy was tried, and none proved it
        assert weaker.checks["copies_tried"] > 0 and weaker.witness is not None
    ingleton = prove("I(A;B) <= I(A;B|C) + I(A;B|D) + I(C;D)")
    assert ingleton.verdict == "refuted"  # a distribution first: no copy is ever tried on a false statement


def _zy_with_copy():
    """Zhang-Yeung proved with A1 a copy of A over C, D, before the copy's facts are discharged."""
    result = prove(ZHANG_YEUNG)
    (_, _, proof) = result._proofs[0]
    return proof.theorem


def test_the_rule_discharges_exactly_the_copy_facts():
    conditional = _zy_with_copy()
    A, A1, B, C, D = (rv(name) for name in ("A", "A1", "B", "C", "D"))
    assert conditional.assumptions  # the copy's facts, used
    assert K.copy_lemma(conditional, {A: A1}, [C, D]).assumptions == ()
    with pytest.raises(KernelError, match="not a fact of the copy"):
        K.copy_lemma(conditional, {A: A1}, [C])  # another T: other facts
    with pytest.raises(KernelError, match="not a fact of the copy"):
        K.copy_lemma(conditional, {A: A1}, [B, C, D])
    with pytest.raises(KernelError, match="distinct"):
        K.copy_lemma(conditional, {A: A1}, [A1])


def test_the_rule_refuses_other_facts_about_the_copy_and_a_statement_about_it():
    A, A1, B = rv("A"), rv("A1"), rv("B")
    zero = sympy.Eq(EntropyTerm([A1]), 0, evaluate=False)  # H(A1) = 0 is no fact of a copy of A
    same = sympy.Eq(EntropyTerm([A1]), EntropyTerm([A]), evaluate=False)
    forged = K.combine(sympy.Le(EntropyTerm([A]), 0, evaluate=False), [(1, K.assume(same)), (-1, K.assume(zero))])
    with pytest.raises(KernelError, match="not a fact of the copy"):
        K.copy_lemma(forged, {A: A1}, [])  # H(A) <= 0 from H(A1) = 0: refused
    about_copy = K.shannon_entropy([A1], given=[A])
    with pytest.raises(KernelError, match="mentions the copy"):
        K.copy_lemma(about_copy, {A: A1}, [])
    independence = sympy.Eq(MutualInformationTerm([A1], [A]), 0, evaluate=False)  # T empty: A1 independent of A
    with pytest.raises(KernelError, match="S and T must be variables"):
        K.copy_lemma(K.assume(independence), {A: A1}, [B])
