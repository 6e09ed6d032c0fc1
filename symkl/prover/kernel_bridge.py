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
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from ..proof import kernel as K  # noqa: N812 (the kernel is K throughout symkl)
from ..statements.entropic import EntropyTerm, MutualInformationTerm, rv
from .certificate import Certificate
from .grammar import Entropy, Markov, Mutual, Statement, Term

__all__ = [
    "KernelProof",
    "constraint_relations",
    "expression",
    "gap_expression",
    "kernel_proof",
    "relation",
    "symbolic_term",
    "theorem_for",
]


def symbolic_term(term: Term) -> sympy.Expr:
    """The kernel's unevaluated quantity for a parsed term.

    >>> symbolic_term(Mutual(("X",), ("Y",), ("Z",)))
    I(X; Y | Z)

    Parameters
    ----------
    term : Term
        A parsed entropy, mutual information or divergence (:mod:`symkl.prover.grammar`).

    Returns
    -------
    sympy.Expr
        The kernel's unevaluated quantity (``H(X, Y | Z)``, ``I(X; Y | Z)``, ...).
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
    """sum c * term as a SymPy expression of unevaluated quantities.

    Parameters
    ----------
    pairs : sequence of (Term, Fraction)
        Terms with their rational coefficients.

    Returns
    -------
    sympy.Expr
        sum c * term, of unevaluated quantities.
    """
    return sympy.Add(*(_rational(c) * symbolic_term(t) for t, c in pairs))


def relation(statement: Statement, relation_symbol: str | None = None, unit: sympy.Expr = sympy.S.One) -> Any:
    """The statement as a SymPy relation (unevaluated); each constant c becomes c * unit.

    The kernel's entropies are read in nats (rule ``interpret``), so a constant in bits has ``unit`` log 2:

    >>> from symkl.prover.grammar import parse_statement
    >>> relation(parse_statement("I(X;Y) <= 1/2"), unit=sympy.log(2))
    I(X; Y) <= log(2)/2

    Parameters
    ----------
    statement : Statement
        A parsed statement.
    relation_symbol : str, optional
        A relation to use instead of the statement's own (``"<="``, ``">="``, ``"="``).
    unit : sympy.Expr, optional
        What a constant 1 stands for in nats: 1 (the default) for nats, ``log(2)`` for bits.

    Returns
    -------
    sympy relation
        ``lhs relation rhs``, unevaluated.
    """
    kind = {"<=": sympy.Le, ">=": sympy.Ge, "=": sympy.Eq}[relation_symbol or statement.relation]
    left, right = (_rational(c) * unit for c in statement.constants)
    return kind(expression(statement.lhs) + left, expression(statement.rhs) + right, evaluate=False)


def constraint_relations(constraint: Statement | Markov, unit: sympy.Expr = sympy.S.One) -> list[Any]:
    """The constraint as kernel facts: one Eq(I(...), 0) per Markov link, or the relation itself.

    Parameters
    ----------
    constraint : Statement or Markov
        A parsed constraint.
    unit : sympy.Expr, optional
        What a constant 1 stands for in nats (default 1).

    Returns
    -------
    list of sympy relations
        One ``Eq(I(...), 0)`` per link of a Markov chain, or the statement's relation.
    """
    if isinstance(constraint, Markov):
        return [sympy.Eq(symbolic_term(link), 0, evaluate=False) for link in constraint.links()]
    return [relation(constraint, unit=unit)]


def gap_expression(target: Any) -> sympy.Expr:
    """The kernel's gap of a relation: rhs - lhs for <=, lhs - rhs for >= and =.

    >>> from symkl.prover.grammar import parse_statement
    >>> gap_expression(relation(parse_statement("H(X) <= H(X,Y)")))
    -H(X) + H(X, Y)

    Parameters
    ----------
    target : sympy relation
        ``lhs <= rhs``, ``lhs >= rhs`` or ``Eq(lhs, rhs)``.

    Returns
    -------
    sympy.Expr
        rhs - lhs for ``<=``, lhs - rhs for ``>=`` and ``=``.
    """
    return target.rhs - target.lhs if isinstance(target, sympy.LessThan) else target.lhs - target.rhs


@dataclass(frozen=True)
class KernelProof:
    """One direction of a proof, row by row: each step a kernel Theorem ``previous relation value``.

    The rows are: the gap, = the certificate's combination (an identity in joint entropies), = or >= its
    elemental part (the constraints vanish or are >= 0), >= 0 (Shannon's axioms); ``theorem`` is the claim.

    Parameters
    ----------
    start : sympy.Expr
        The first row, the gap of the claim.
    steps : tuple of (str, str, sympy.Expr, Theorem)
        Each following row: its relation to the previous one, its justification, its value and the kernel
        Theorem ``previous relation value``.
    theorem : Theorem
        The kernel Theorem of the claim.
    """

    start: sympy.Expr
    steps: tuple[tuple[str, str, sympy.Expr, Any], ...]  # (label, relation, value, theorem)
    theorem: Any


def _quantities(*expressions: sympy.Expr) -> list[sympy.Expr]:
    found: set[sympy.Expr] = set()
    for expr in expressions:
        found |= expr.atoms(EntropyTerm, MutualInformationTerm)
    return sorted(found, key=sympy.default_sort_key)


def _axiom(term: Term) -> Any:
    symbolic = symbolic_term(term)
    if isinstance(term, Entropy):
        return K.shannon_entropy(symbolic.args[0].args, given=symbolic.args[1].args)
    return K.shannon_mutual(symbolic.args[0].args, symbolic.args[1].args, given=symbolic.args[2].args)


#: Premises per ``combine`` when a long elemental part is shown >= 0 (the kernel sums premises one by one).
BLOCK = 32


def _nonnegative(elemental: sympy.Expr, terms: Sequence[tuple[Fraction, Term]]) -> Any:
    """Theorem ``elemental >= 0`` from Shannon's axioms, in blocks of BLOCK premises, then the blocks."""
    axioms = [(_rational(c), _axiom(t)) for c, t in terms]
    if len(axioms) <= BLOCK:
        return K.combine(sympy.Ge(elemental, 0, evaluate=False), axioms)
    blocks = []
    for start in range(0, len(axioms), BLOCK):
        part = axioms[start : start + BLOCK]
        block_sum = sympy.Add(*(c * a.statement.lhs for c, a in part))
        blocks.append((1, K.combine(sympy.Ge(block_sum, 0, evaluate=False), part)))
    return K.combine(sympy.Ge(elemental, 0, evaluate=False), blocks)


def kernel_proof(target: Any, certificate: Certificate, facts: Sequence[Any]) -> KernelProof:
    """The rows of the proof of ``target`` from the certificate, each checked by the kernel, and the claim.

    ``facts`` are the constraint relations in the order of the problem's constraints. Only the first row
    (gap = combination) needs the definitions of the quantities; the others are checked term by term.
    A certificate that does not fit (a coefficient changed, a term dropped, a sign flipped) raises
    ``KernelError``.

    Parameters
    ----------
    target : sympy relation
        The claim, of unevaluated quantities (:func:`relation`).
    certificate : Certificate
        The certificate found by the linear programs.
    facts : sequence of sympy relations
        The constraint relations, in the order of the problem's constraints.

    Returns
    -------
    KernelProof
        The rows of the proof, each a kernel Theorem, and the claim's Theorem.

    Raises
    ------
    KernelError
        The certificate does not fit the claim.
    """
    gap = gap_expression(target)
    elemental = sympy.Add(*(_rational(c) * symbolic_term(t) for c, t in certificate.terms))
    given = [(_rational(mu), facts[index]) for mu, index, _, _ in certificate.multipliers]
    combination = elemental + sympy.Add(*(mu * gap_expression(fact) for mu, fact in given))
    using = [K.unfold(q) for q in _quantities(gap, combination)]
    steps: list[tuple[str, str, sympy.Expr, Any]] = []
    if combination != gap or not (given or certificate.terms):
        steps.append(("identity", "=", combination, K.rewrite(gap, combination, using=using)))
    if given:
        kind = "=" if all(isinstance(fact, sympy.Equality) for _, fact in given) else ">="
        step = {"=": sympy.Eq, ">=": sympy.Ge}[kind](combination, elemental, evaluate=False)
        steps.append(("given", kind, elemental, K.combine(step, [(mu, K.assume(fact)) for mu, fact in given])))
    if certificate.terms:
        steps.append(("shannon", ">=", sympy.S.Zero, _nonnegative(elemental, certificate.terms)))
    chained = steps[0][3]
    for _, _, _, theorem in steps[1:]:
        chained = K.chain(chained, theorem)
    return KernelProof(gap, tuple(steps), K.combine(target, [(1, chained)]))


def theorem_for(target: Any, certificate: Certificate, facts: Sequence[Any]) -> Any:
    """The kernel Theorem of ``target`` from the certificate (see :func:`kernel_proof`).

    Parameters
    ----------
    target : sympy relation
        The claim, of unevaluated quantities.
    certificate : Certificate
        The certificate found by the linear programs.
    facts : sequence of sympy relations
        The constraint relations, in the order of the problem's constraints.

    Returns
    -------
    Theorem
        The kernel Theorem of `target`.

    Raises
    ------
    KernelError
        The certificate does not fit the claim.
    """
    return kernel_proof(target, certificate, facts).theorem
