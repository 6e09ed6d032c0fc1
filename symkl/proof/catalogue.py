"""Proofs of the catalogued results on the kernel: a strategy proposes, the kernel decides.

:func:`prove` returns a :class:`~symkl.proof.lemmas.Proof` whose theorem's
statement is compared with the catalogue entry's own statement by the
caller; a strategy that proves something else proves nothing.

>>> from symkl.proof.identities import CATALOGUE
>>> entry = CATALOGUE["gibbs"]
>>> instance = entry.instance(2)
>>> prove(entry, instance).theorem.statement == entry.claim(instance)
True
>>> prove_general(CATALOGUE["entropy-upper-bound"]).theorem
n > 0, n is an integer, p[i] > 0, Sum(p[i], (i, 1, n)) = 1 |- H(P) <= log(n)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy

from ..errors import KernelError
from ..statements.unevaluated import KL
from .bounds import hellinger_tv_lower, hellinger_tv_upper, pinsker, renyi_divergence_limit, renyi_entropy_limit
from .identities import ALPHA, Identity, Instance, general_instance
from .kernel import chain, combine, compute, show, unfold, unsupported
from .language import as_term
from .lemmas import (
    Proof,
    _sum_facts,
    by_witness,
    entropy_nonnegative,
    entropy_upper_general,
    equality,
    function_entropy,
    gibbs,
    gibbs_general,
    js_upper,
    kl_chi_square,
    unfolds,
)

__all__ = ["instance_facts", "prove", "prove_general"]


#: Witness proofs whose normal form grows fast with n: the largest size attempted, and why (measured).
_LARGEST = {
    "markov": (2, "at n = 3 the Markov-chain witness identity takes about 4 minutes to check"),
    "mixture": (3, "at n = 4 the convexity witness takes over a minute to check"),
}


def instance_facts(instance: Instance) -> tuple[sympy.Basic, ...]:
    """Strict positivity of the entries of a symbolic instance: the last entry of each simplex, 1 - lambda.

    The free symbols are declared positive; these facts complete "every entry is > 0".

    Parameters
    ----------
    instance : Instance
        A symbolic instance of an identity (:func:`~symkl.proof.identities.build_instance`).

    Returns
    -------
    tuple of sympy relations
        ``entry > 0`` for the last entry of each simplex and for 1 - lambda.
    """
    facts = [sympy.Gt(1 - sympy.Add(*group), 0, evaluate=False) for group, _ in instance.simplices]
    facts += [sympy.Gt(1 - symbol, 0, evaluate=False) for symbol in instance.intervals]
    return tuple(facts)


def prove(entry: Identity, instance: Instance) -> Proof:
    """A kernel proof of the entry on a symbolic instance (raises KernelError when none is found).

    The theorem may rest only on the instance's own facts (every entry > 0) or on what they entail: a
    strategy that brings in another assumption (a witness whose entries need a1 >= 2, say) proves nothing.

    Parameters
    ----------
    entry : Identity
        An identity of the catalogue (:func:`~symkl.proof.identities.identities`).
    instance : Instance
        A symbolic instance of it.

    Returns
    -------
    Proof
        A proof whose theorem the kernel made from the instance's own facts.

    Raises
    ------
    KernelError
        No strategy proves the entry on this instance, or a proof rests on an assumption the instance does not
        entail.
    """
    proof = _propose(entry, instance)
    _rests_only_on(proof.theorem, instance_facts(instance))
    return proof


def _rests_only_on(theorem: Any, facts: Sequence[sympy.Basic]) -> None:
    """Raise unless every explicit assumption of the theorem is one of the facts or entailed by them."""
    extra = unsupported(theorem, facts)
    if extra:
        shown = ", ".join(show(fact) for fact in extra[:3])
        raise KernelError(f"the proof rests on assumptions the statement does not make: {shown}")


def _propose(entry: Identity, instance: Instance) -> Proof:
    claim = entry.claim(instance)
    facts = instance_facts(instance)
    if entry.proof == "limit":
        return _limit(entry, instance, facts)
    largest = _LARGEST.get(entry.kind)
    if largest is not None and instance.n > largest[0]:
        raise KernelError(f"proved on the kernel for n <= {largest[0]} only; {largest[1]}")
    if entry.kind == "fixed":
        definition = unfold(claim.lhs)
        return Proof(chain(definition, compute(sympy.Eq(definition.statement.rhs, claim.rhs, evaluate=False))))
    if entry.relation == "==":
        return equality(claim.lhs, claim.rhs, facts)
    if entry.witness is not None:
        return by_witness(claim, entry.witness(instance), facts)
    strategies: dict[str, Any] = {
        "gibbs": lambda: gibbs(instance.P, instance.Q, facts),
        "entropy-nonnegative": lambda: entropy_nonnegative(instance.P, facts),
        "js-upper": lambda: js_upper(instance.P, instance.Q, facts),
        "kl-chi-square": lambda: kl_chi_square(instance.P, instance.Q, facts),
        "function-reduces-entropy": lambda: function_entropy(instance.J, facts),
        "pinsker": lambda: pinsker(instance.P, instance.Q, facts),
        "hellinger-tv-lower": lambda: hellinger_tv_lower(instance.P, instance.Q, facts),
        "hellinger-tv-upper": lambda: hellinger_tv_upper(instance.P, instance.Q, facts),
    }
    strategy = strategies.get(entry.proof or entry.name)
    if strategy is None:
        raise KernelError(f"no proof strategy is known for {entry.name}")
    proof: Proof = strategy()
    return proof


def _limit(entry: Identity, instance: Instance, facts: Sequence[sympy.Basic]) -> Proof:
    """The Renyi limits at alpha = 1 (l'Hopital's rule on the unfolded quotient)."""
    if entry.kind == "one":
        return renyi_entropy_limit(instance.P, ALPHA, facts)
    if entry.kind == "pair":
        return renyi_divergence_limit(instance.P, instance.Q, ALPHA, facts)
    raise KernelError(f"no limit proof is known for {entry.name}")


def prove_general(entry: Identity) -> Proof | None:
    """A kernel proof for every n (distributions p_1..p_n), or None when the entry has none.

    Parameters
    ----------
    entry : Identity
        An identity of the catalogue.

    Returns
    -------
    Proof or None
        A proof for distributions p_1..p_n of every size n, or None when the entry has none.

    Raises
    ------
    KernelError
        A step of the general proof is refused, or it rests on more than sum p_i = sum q_i = 1 and positivity.
    """
    if not entry.general_n:
        return None
    instance = general_instance()
    proof = _propose_general(entry, instance)
    if proof is not None:
        allowed = [fact for d in (instance.P, instance.Q) for fact in d.facts()]
        _rests_only_on(proof.theorem, [*allowed, *(t.statement for t in _sum_facts(instance.P, instance.Q))])
    return proof


def _propose_general(entry: Identity, instance: Instance) -> Proof | None:
    claim = entry.claim(instance)
    P, Q = instance.P, instance.Q
    sums = _sum_facts(P, Q)
    if entry.relation == "==":
        return equality(claim.lhs, claim.rhs, extra=sums)
    if entry.name == "entropy-upper-bound":
        return entropy_upper_general(P)
    if entry.witness is not None:
        terms = entry.witness(instance)
        premises = tuple((as_term(w, "witness weight"), gibbs_general(A, B, sums).theorem) for w, A, B in terms)
        kls = [KL(A, B) for _, A, B in terms]
        using = [*unfolds(claim.lhs, claim.rhs, *kls), *sums]
        return Proof(combine(claim, premises, using=using), premises, "witness")
    strategies: dict[str, Any] = {
        "gibbs": lambda: gibbs_general(P, Q),
        "entropy-nonnegative": lambda: entropy_nonnegative(P),
        "js-upper": lambda: js_upper(P, Q),
    }
    if entry.proof not in strategies:
        return None
    proof: Proof = strategies[entry.proof]()
    return proof
