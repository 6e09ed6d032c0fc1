"""One engine for ``sk.verify`` and ``sk.prove``: a catalogued result gets every search a typed statement gets.

The catalogue's strategies come first (:func:`symkl.proof.catalogue.prove`); a statement about the random
variables of a joint table that they do not prove (``I(X; Y) >= I(X; Z)`` for a Markov chain of
three-letter alphabets, beyond the witness's reach) goes to the Shannon prover, as ``symkl prove`` would
take it: its kernel theorem about abstract random variables is read in the instance's table (kernel rule
``interpret``), and each hypothesis (``I(X; Z | Y) = 0``) is proved on the table and discharged (``cut``).

>>> result = verify("data-processing", n=3, samples=2)
>>> result.verdict, result.methods["symbolic"].status
('proved', 'proved')
"""

from __future__ import annotations

from typing import Any

import sympy

from ..errors import KernelError
from ..proof import kernel as K  # noqa: N812 (the kernel is K throughout symkl)
from ..proof import verification
from ..proof.catalogue import instance_facts
from ..proof.catalogue import prove as catalogue_prove
from ..proof.identities import Identity, Instance
from ..proof.lemmas import Proof, unfolds
from ..statements.unevaluated import (
    ConditionalEntropy,
    ConditionalMutualInformation,
    JointEntropy,
    MutualInformation,
)
from .api import prove as prove_statement

__all__ = ["prove_entry", "verify"]

_CONSTRAINTS = {"markov": "X -> Y -> Z"}  # the hypothesis each kind of instance is built to satisfy


def prove_entry(entry: Identity, instance: Instance) -> Proof:
    """The catalogue's proof of the entry on the instance, else the Shannon prover's (KernelError if none).

    Parameters
    ----------
    entry : Identity
        An identity of the catalogue, or one made by the user.
    instance : Instance
        A symbolic instance of it.

    Returns
    -------
    Proof
        The catalogue's proof if it has one, else the Shannon prover's.

    Raises
    ------
    KernelError
        Neither finds a proof.
    """
    try:
        return catalogue_prove(entry, instance)
    except KernelError as refused:
        shannon = _by_shannon(entry, instance)
        if shannon is None:
            raise refused from None
        return shannon


def _term_text(measure: Any) -> str:
    groups = [",".join(name.name for name in group) for group in measure.args[1:-1]]
    if isinstance(measure, JointEntropy):
        return f"H({groups[0]})"
    if isinstance(measure, ConditionalEntropy):
        return f"H({groups[0]}|{groups[1]})"
    if isinstance(measure, MutualInformation):
        return f"I({groups[0]};{groups[1]})"
    return f"I({groups[0]};{groups[1]}|{groups[2]})"


_ENTROPIC = (JointEntropy, ConditionalEntropy, MutualInformation, ConditionalMutualInformation)


def _side_text(side: sympy.Expr) -> str | None:
    parts = []
    for term in sympy.Add.make_args(side):
        coefficient, measure = term.as_coeff_Mul()
        if measure == 1 and coefficient == 0:
            continue
        if not isinstance(measure, _ENTROPIC) or not coefficient.is_Rational or measure.base != sympy.E:
            return None
        parts.append(f"{'+' if coefficient > 0 else '-'} {abs(coefficient)} {_term_text(measure)}")
    return " ".join(parts) if parts else "0"


def _by_shannon(entry: Identity, instance: Instance) -> Proof | None:
    """The Shannon prover's theorem for an entropic inequality on the instance's table, or None."""
    claim = entry.claim(instance)
    joint = instance.values.get("J")
    if joint is None or entry.relation == "==":
        return None
    sides = [_side_text(side) for side in (claim.lhs, claim.rhs)]
    if None in sides:
        return None
    text = f"{sides[0]} {'>=' if entry.relation == '>=' else '<='} {sides[1]}"
    given = _CONSTRAINTS.get(entry.kind, ())
    result = prove_statement(text, given=given)
    if result.verdict != "proved" or result.theorem is None:
        return None
    facts = instance_facts(instance)
    theorem = K.interpret(result.theorem, joint)
    for hypothesis in theorem.assumptions:
        if isinstance(hypothesis, sympy.Equality) and isinstance(hypothesis.lhs, _ENTROPIC) and hypothesis.rhs == 0:
            lemma = K.rewrite(hypothesis.lhs, 0, facts, using=unfolds(hypothesis.lhs))
            theorem = K.cut(theorem, lemma)
    final = K.combine(claim, [(1, theorem)], facts=facts)
    if K.unsupported(final, facts):
        return None
    return Proof(final, (), "shannon")


def verify(
    identity: str | Identity,
    n: int = 2,
    samples: int = 20,
    seed: int = 0,
    methods: tuple[str, ...] = ("symbolic", "exact", "numeric"),
) -> verification.VerificationResult:
    """Verify a catalogued (or user-made) identity by every method, the Shannon prover included.

    See :func:`symkl.proof.verification.verify`; the symbolic proof is searched by :func:`prove_entry`.

    Parameters
    ----------
    identity : str or Identity
        A name from the catalogue (``symkl list``) or an ``Identity``.
    n : int, optional
        The size of the symbolic and random distributions (1 to 8).
    samples : int, optional
        Random instances per checking method.
    seed : int, optional
        Seed of the random instances.
    methods : tuple of str, optional
        Any of ``"symbolic"``, ``"exact"``, ``"numeric"``.

    Returns
    -------
    VerificationResult
        One entry per method with its status; ``verdict`` is ``proved`` only for a kernel Theorem of the statement
        itself.

    Raises
    ------
    KeyError
        Unknown identity name.
    InvalidInput
        ``n`` or ``samples`` out of range.
    """
    return verification.verify(identity, n, samples, seed, methods, engine=prove_entry)
