"""The one seam between exact certificates and the proof kernel: a certificate becomes a kernel Theorem.

>>> from symkl.prover.grammar import parse_statement
>>> from symkl.prover.forms import gap_form
>>> from symkl.prover.lp import Problem
>>> from symkl.prover.certificate import find_certificate
>>> statement = parse_statement("I(X;Y|Z) <= H(X|Z)")
>>> problem = Problem(["X", "Y", "Z"], gap_form(statement), [])
>>> theorem_for(relation(statement), find_certificate(problem, problem.gap), [])
|- I(X; Y | Z) <= H(X | Z)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy

from ..entropic import EntropyTerm, MutualInformationTerm, rv
from ..proof import kernel as K  # noqa: N812 (the kernel is K throughout symkl)
from .certificate import Certificate
from .grammar import Entropy, Markov, Mutual, Statement, Term

__all__ = ["constraint_relations", "expression", "relation", "symbolic_term", "theorem_for"]


def symbolic_term(term: Term) -> sympy.Expr:
    """The kernel's unevaluated quantity for a parsed term.

    >>> symbolic_term(Mutual(("X",), ("Y",), ("Z",)))
    I(X; Y | Z)
    """
    if isinstance(term, Entropy):
        return EntropyTerm([rv(v) for v in term.variables], [rv(v) for v in term.given])
    if isinstance(term, Mutual):
        return MutualInformationTerm(
            [rv(v) for v in term.first], [rv(v) for v in term.second], [rv(v) for v in term.given]
        )
    raise TypeError(f"{term} is not a quantity of random variables")


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def expression(pairs: Sequence[tuple[Term, Fraction]]) -> sympy.Expr:
    """sum c * term as a SymPy expression of unevaluated quantities."""
    return sympy.Add(*(_rational(c) * symbolic_term(t) for t, c in pairs))


def relation(statement: Statement, relation_symbol: str | None = None) -> Any:
    """The statement as a SymPy relation (unevaluated)."""
    kind = {"<=": sympy.Le, ">=": sympy.Ge, "=": sympy.Eq}[relation_symbol or statement.relation]
    return kind(expression(statement.lhs), expression(statement.rhs), evaluate=False)


def constraint_relations(constraint: Statement | Markov) -> list[Any]:
    """The constraint as kernel facts: one Eq(I(...), 0) per Markov link, or the relation itself."""
    if isinstance(constraint, Markov):
        return [sympy.Eq(symbolic_term(link), 0, evaluate=False) for link in constraint.links()]
    return [relation(constraint)]


def theorem_for(target: Any, certificate: Certificate, facts: Sequence[Any]) -> Any:
    """K.combine(target, c_k * elemental axioms + mu_j * assumed constraints), every quantity unfolded.

    ``facts`` are the constraint relations in the order of the problem's constraints.
    """
    premises: list[tuple[Any, Any]] = []
    quantities: set[sympy.Expr] = set(target.atoms(EntropyTerm, MutualInformationTerm))
    for c, term in certificate.terms:
        symbolic = symbolic_term(term)
        quantities.add(symbolic)
        if isinstance(term, Entropy):
            axiom = K.shannon_entropy(symbolic.args[0].args, given=symbolic.args[1].args)
        else:
            axiom = K.shannon_mutual(symbolic.args[0].args, symbolic.args[1].args, given=symbolic.args[2].args)
        premises.append((_rational(c), axiom))
    for mu, index, _, _ in certificate.multipliers:
        fact = facts[index]
        quantities |= fact.atoms(EntropyTerm, MutualInformationTerm)
        premises.append((_rational(mu), K.assume(fact)))
    using = [K.unfold(q) for q in sorted(quantities, key=sympy.default_sort_key)]
    return K.combine(target, premises, using=using)
