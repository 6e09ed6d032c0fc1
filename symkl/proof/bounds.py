r"""Pinsker, Hellinger against total variation, and the Renyi limits, derived by the kernel's rules.

Nothing here is trusted: each function returns a :class:`~symkl.proof.lemmas.Proof` whose theorem the
kernel made, or raises :class:`~symkl.errors.KernelError`.

* Pinsker, two outcomes: ``h(t) = x log(x/t) + (1-x) log((1-x)/(1-t)) - 2 (x-t)^2`` has ``h(x) = 0`` and
  ``(t - x) h'(t) = (t - x)^2 (1 - 2t)^2 / (t (1 - t)) >= 0`` on 0 < t < 1 (``mean_value``); more outcomes
  by grouping: in each case of the signs of ``p_i - q_i``, TV is ``p_A - q_A`` for the set A where
  ``p_i >= q_i``, and ``D(P || Q) >= D((p_A, 1 - p_A) || (q_A, 1 - q_A))`` by Gibbs on the two
  conditional distributions (Cover & Thomas, Lemma 11.6.1).
* ``Hel^2 <= TV``: ``|x - y| >= (sqrt x - sqrt y)^2`` termwise, in the two cases of the sign of x - y
  (``sqrt`` is increasing).
* ``TV <= sqrt 2 Hel``: in each case of the signs, ``2 Hel^2 - TV^2 = Hel^4 + (1/4) sum_{i<j} (c_i b_j -
  c_j b_i)^2`` with ``b_i = sqrt p_i + sqrt q_i`` and ``c_i = |sqrt p_i - sqrt q_i|`` (Lagrange's identity,
  the Cauchy-Schwarz step); then the square root of both sides.
* The Renyi limits: l'Hopital's rule at alpha = 1 on the unfolded quotient (``lhopital`` with the definition).

>>> import symkl as sk
>>> P, Q = sk.Distribution.symbolic(2, "a"), sk.Distribution.symbolic(2, "b")
>>> from symkl.proof.lemmas import simplex_facts
>>> hellinger_tv_lower(P, Q, simplex_facts(P, Q)).theorem.statement
Hel(A, B)**2 <= TV(A, B)
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import Any

import sympy
from sympy import Expr

from ..errors import KernelError
from ..exact.distribution import Distribution
from ..statements.unevaluated import KL, Entropy, Hellinger, RenyiDivergence, RenyiEntropy, TotalVariation
from .algebra import Facts
from .kernel import (
    Theorem,
    assume,
    cases,
    chain,
    combine,
    instantiate,
    lhopital,
    mean_value,
    monotone,
    positivity,
    rewrite,
    unfold,
)
from .lemmas import Proof, gibbs

__all__ = [
    "hellinger_tv_lower",
    "hellinger_tv_upper",
    "pinsker",
    "pinsker_binary",
    "renyi_divergence_limit",
    "renyi_entropy_limit",
]

_X, _T = sympy.symbols("x t", positive=True)
_Y = sympy.Symbol("y", positive=True)


def _sign_cases(p: Expr, q: Expr) -> tuple[sympy.Basic, sympy.Basic]:
    return sympy.Ge(p, q, evaluate=False), sympy.Lt(p, q, evaluate=False)


@functools.cache
def pinsker_binary() -> Theorem:
    """``x log(x/t) + (1-x) log((1-x)/(1-t)) >= 2 (x - t)^2`` for 0 < x, t < 1, by the mean value theorem.

    >>> pinsker_binary()
    t > 0, x > 0, t < 1, x < 1 |- x*log(x/t) + (1 - x)*log((1 - x)/(1 - t)) >= 2*(x - t)**2

    Returns
    -------
    Theorem
        The binary Pinsker inequality, proved by the kernel.
    """
    x, t = _X, _T
    facts = [sympy.Lt(x, 1, evaluate=False), sympy.Lt(t, 1, evaluate=False)]
    lhs = x * sympy.log(x / t) + (1 - x) * sympy.log((1 - x) / (1 - t))
    target = sympy.Ge(lhs, 2 * (x - t) ** 2, evaluate=False)
    h = lhs - 2 * (x - t) ** 2
    at_point = rewrite(h.subs(t, x), 0, facts=facts[:1])
    square = positivity((t - x) ** 2 * (1 - 2 * t) ** 2 / (t * (1 - t)), facts=facts, strict=False)
    slope = combine(sympy.Ge((t - x) * sympy.diff(h, t), 0, evaluate=False), [(1, square)], facts=facts)
    return mean_value(target, t, x, at_point, slope)


def _entries(P: Any) -> list[Expr]:
    return list(P.probabilities)


def pinsker(P: Distribution, Q: Distribution, facts: Sequence[sympy.Basic] = ()) -> Proof:
    r"""``D(P || Q) >= 2 TV(P, Q)^2`` (nats) for distributions of a given size with entries > 0.

    Parameters
    ----------
    P : Distribution
        The first distribution, usually symbolic (:meth:`~symkl.Distribution.symbolic`), entries > 0.
    Q : Distribution
        The second distribution, of the same size.
    facts : sequence of sympy relations, optional
        Hypotheses the kernel may use, such as :func:`~symkl.proof.lemmas.simplex_facts` (entries positive,
        summing to 1).

    Returns
    -------
    Proof
        A :class:`~symkl.proof.lemmas.Proof` whose theorem, ``facts |- D(P || Q) >= 2 TV(P, Q)**2``, the kernel made.

    Raises
    ------
    KernelError
        A step of the derivation is refused by the kernel (for instance when `facts` do not entail it), or
        P and Q differ in size or have fewer than two outcomes.

    Notes
    -----
    .. math::

        D(P \parallel Q) \ge 2\, \mathrm{TV}(P, Q)^2, \quad \mathrm{TV}(P, Q) = \tfrac12 \sum_i |p_i - q_i|
    """
    p, q = _entries(P), _entries(Q)
    if len(p) != len(q) or len(p) < 2:
        raise KernelError("pinsker: two distributions of the same size >= 2 are needed")
    target = sympy.Ge(KL(P, Q), 2 * TotalVariation(P, Q) ** 2, evaluate=False)
    using = [unfold(KL(P, Q)), unfold(TotalVariation(P, Q))]
    if len(p) == 2:
        binary = instantiate(pinsker_binary(), {_X: p[0], _T: q[0]}, facts)
        return Proof(combine(target, [(1, binary)], using=using, facts=facts), (), "mean-value")

    def leaf(signs: tuple[bool, ...]) -> Theorem:
        case_facts = [*facts, *(_sign_cases(p[i], q[i])[0 if s else 1] for i, s in enumerate(signs))]
        chosen = [i for i, s in enumerate(_signs_seen(p, q, case_facts)) if s]
        if not chosen or len(chosen) == len(p):  # TV = 0 identically: Gibbs alone
            base = gibbs(P, Q, facts).theorem
            return combine(target, [(1, base)], using=using, facts=case_facts)
        return _grouped_pinsker(P, Q, chosen, target, using, case_facts)

    return Proof(_split(p, q, (), leaf), (), "cases")


def _signs_seen(p: list[Expr], q: list[Expr], facts: list[Any]) -> tuple[bool, ...]:
    """How the kernel will open each ``|p_i - q_i|`` under the case's facts (True: as ``p_i - q_i``).

    In a case whose facts contradict each other (every ``p_i >= q_i`` and one strict) both signs are
    entailed and the kernel takes the first it finds; the proof follows the kernel's choice.
    """
    known = Facts(facts)
    signs = []
    for a, b in zip(p, q):
        inside = sympy.Abs(a - b).args[0]  # as SymPy writes it: a - b or b - a
        same = sympy.expand(inside - (a - b)) == 0
        opened_as_inside = known.nonnegative(inside)
        signs.append(opened_as_inside == same)
    return tuple(signs)


def _split(p: list[Expr], q: list[Expr], signs: tuple[bool, ...], leaf: Any) -> Theorem:
    """The leaf's theorem for every pattern of signs of p_i - q_i, joined by ``cases`` (2^n leaves)."""
    i = len(signs)
    if i == len(p):
        theorem: Theorem = leaf(signs)
        return theorem
    holds, _ = _sign_cases(p[i], q[i])
    return cases(holds, _split(p, q, (*signs, True), leaf), _split(p, q, (*signs, False), leaf))


def _grouped_pinsker(
    P: Distribution, Q: Distribution, chosen: list[int], target: Any, using: list[Theorem], facts: list[Any]
) -> Theorem:
    p, q = _entries(P), _entries(Q)
    rest = [i for i in range(len(p)) if i not in chosen]
    p_a, q_a = sympy.Add(*(p[i] for i in chosen)), sympy.Add(*(q[i] for i in chosen))
    premises: list[tuple[Expr, Theorem]] = []
    kls: list[Theorem] = []
    for group, weight_p, weight_q in ((chosen, p_a, q_a), (rest, 1 - p_a, 1 - q_a)):
        if len(group) < 2:
            continue  # one outcome: its conditional distributions are both (1), D = 0
        A = Distribution([p[i] / weight_p for i in group], name=f"P{len(kls) + 1}")
        B = Distribution([q[i] / weight_q for i in group], name=f"Q{len(kls) + 1}")
        premises.append((weight_p, gibbs(A, B, facts).theorem))
        kls.append(unfold(KL(A, B)))
    binary = instantiate(pinsker_binary(), {_X: p_a, _T: q_a}, facts)
    premises.append((sympy.Integer(1), binary))
    return combine(target, premises, using=[*using, *kls], facts=facts)


def _hellinger_term() -> Theorem:
    """``|x - y| >= x + y - 2 sqrt(x) sqrt(y)`` for x, y > 0, by cases on the sign of x - y."""
    x, y = _X, _Y
    target = sympy.Ge(sympy.Abs(x - y), x + y - 2 * sympy.sqrt(x) * sympy.sqrt(y), evaluate=False)
    holds, fails = _sign_cases(x, y)
    up = combine(target, [(2 * sympy.sqrt(y), monotone("sqrt", assume(holds)))], facts=[holds])
    down = combine(target, [(2 * sympy.sqrt(x), monotone("sqrt", assume(fails)))], facts=[fails])
    return cases(holds, up, down)


def hellinger_tv_lower(P: Distribution, Q: Distribution, facts: Sequence[sympy.Basic] = ()) -> Proof:
    r"""``Hel(P, Q)^2 <= TV(P, Q)``: the termwise bound at each (p_i, q_i), halved and summed.

    Parameters
    ----------
    P : Distribution
        The first distribution, usually symbolic (:meth:`~symkl.Distribution.symbolic`), entries > 0.
    Q : Distribution
        The second distribution, of the same size.
    facts : sequence of sympy relations, optional
        Hypotheses the kernel may use, such as :func:`~symkl.proof.lemmas.simplex_facts` (entries positive,
        summing to 1).

    Returns
    -------
    Proof
        A :class:`~symkl.proof.lemmas.Proof` whose theorem, ``facts |- Hel(P, Q)**2 <= TV(P, Q)``, the kernel made.

    Raises
    ------
    KernelError
        A step of the derivation is refused by the kernel (for instance when `facts` do not entail it).

    Notes
    -----
    .. math::

        \mathrm{Hel}(P, Q)^2 = \tfrac12 \sum_i (\sqrt{p_i} - \sqrt{q_i})^2 \le \mathrm{TV}(P, Q)
    """
    term = _hellinger_term()
    premises = tuple(
        (sympy.Rational(1, 2), instantiate(term, {_X: a, _Y: b}, facts)) for a, b in zip(_entries(P), _entries(Q))
    )
    target = sympy.Le(Hellinger(P, Q) ** 2, TotalVariation(P, Q), evaluate=False)
    using = [unfold(Hellinger(P, Q)), unfold(TotalVariation(P, Q))]
    note = "each term: |p_i - q_i| >= (sqrt p_i - sqrt q_i)^2, by cases on the sign of p_i - q_i"
    return Proof(combine(target, premises, using=using, facts=facts), premises, "hellinger-termwise", (note,))


def hellinger_tv_upper(P: Distribution, Q: Distribution, facts: Sequence[sympy.Basic] = ()) -> Proof:
    r"""``TV(P, Q) <= sqrt(2) Hel(P, Q)``: ``TV^2 <= 2 Hel^2`` in every case of the signs, then sqrt.

    Parameters
    ----------
    P : Distribution
        The first distribution, usually symbolic (:meth:`~symkl.Distribution.symbolic`), entries > 0.
    Q : Distribution
        The second distribution, of the same size.
    facts : sequence of sympy relations, optional
        Hypotheses the kernel may use, such as :func:`~symkl.proof.lemmas.simplex_facts` (entries positive,
        summing to 1).

    Returns
    -------
    Proof
        A :class:`~symkl.proof.lemmas.Proof` whose theorem, ``facts |- TV(P, Q) <= sqrt(2) Hel(P, Q)``, the kernel
        made.

    Raises
    ------
    KernelError
        A step of the derivation is refused by the kernel (for instance when `facts` do not entail it).

    Notes
    -----
    .. math::

        \mathrm{TV}(P, Q) \le \sqrt{2}\, \mathrm{Hel}(P, Q)
    """
    p, q = _entries(P), _entries(Q)
    squared = sympy.Le(TotalVariation(P, Q) ** 2, 2 * Hellinger(P, Q) ** 2, evaluate=False)
    using = [unfold(Hellinger(P, Q)), unfold(TotalVariation(P, Q))]
    root_p, root_q = [sympy.sqrt(a) for a in p], [sympy.sqrt(b) for b in q]
    affinity = sympy.Add(*(a * b for a, b in zip(root_p, root_q)))

    def leaf(signs: tuple[bool, ...]) -> Theorem:
        case_facts = [*facts, *(_sign_cases(p[i], q[i])[0 if s else 1] for i, s in enumerate(signs))]
        signs = _signs_seen(p, q, case_facts)
        if len(p) == 2:  # TV unfolds to |p1 - q1| (p2 - q2 = q1 - p1): one split, the second sign follows
            signs = (signs[0], not signs[0])
        c = [(a - b) if s else (b - a) for a, b, s in zip(root_p, root_q, signs)]
        b = [a + b for a, b in zip(root_p, root_q)]
        squares = sympy.Add(*((c[i] * b[j] - c[j] * b[i]) ** 2 for i, j in itertools.combinations(range(len(p)), 2)))
        rest = positivity((1 - affinity) ** 2 + squares / 4, case_facts, strict=False)
        return combine(squared, [(1, rest)], using=using, facts=case_facts)

    split = _split(p[:1], q[:1], (), leaf) if len(p) == 2 else _split(p, q, (), leaf)
    return Proof(monotone("sqrt", split), (), "cases")


def _limit_proof(measure: Expr, alpha: sympy.Symbol, value: Expr, facts: Sequence[sympy.Basic]) -> Proof:
    definition = unfold(measure)
    numerator, denominator = sympy.fraction(definition.statement.rhs)
    rule = lhopital(numerator, denominator, alpha, 1, facts, equal=definition)
    found = rewrite(rule.statement.rhs, value, facts, using=[unfold(value)])
    return Proof(chain(rule, found), (), "limit")


def renyi_entropy_limit(P: Distribution, alpha: sympy.Symbol, facts: Sequence[sympy.Basic] = ()) -> Proof:
    r"""``lim_{alpha -> 1} H_alpha(P) = H(P)`` by l'Hopital's rule.

    Parameters
    ----------
    P : Distribution
        The distribution, usually symbolic.
    alpha : sympy.Symbol
        The order, the variable of the limit.
    facts : sequence of sympy relations, optional
        Hypotheses the kernel may use, such as :func:`~symkl.proof.lemmas.simplex_facts` (entries positive,
        summing to 1).

    Returns
    -------
    Proof
        A :class:`~symkl.proof.lemmas.Proof` whose theorem, ``facts |- Limit(H_alpha(P), alpha, 1) = H(P)``, the
        kernel made.

    Raises
    ------
    KernelError
        A step of the derivation is refused by the kernel (for instance when `facts` do not entail it).

    Notes
    -----
    .. math::

        \lim_{\alpha \to 1} \frac{1}{1 - \alpha} \log \sum_i p_i^\alpha = -\sum_i p_i \log p_i
    """
    return _limit_proof(RenyiEntropy(P, alpha), alpha, Entropy(P), facts)


def renyi_divergence_limit(
    P: Distribution, Q: Distribution, alpha: sympy.Symbol, facts: Sequence[sympy.Basic] = ()
) -> Proof:
    r"""``lim_{alpha -> 1} D_alpha(P || Q) = D(P || Q)`` by l'Hopital's rule.

    Parameters
    ----------
    P : Distribution
        The first distribution, usually symbolic (:meth:`~symkl.Distribution.symbolic`), entries > 0.
    Q : Distribution
        The second distribution, of the same size.
    alpha : sympy.Symbol
        The order, the variable of the limit.
    facts : sequence of sympy relations, optional
        Hypotheses the kernel may use, such as :func:`~symkl.proof.lemmas.simplex_facts` (entries positive,
        summing to 1).

    Returns
    -------
    Proof
        A :class:`~symkl.proof.lemmas.Proof` whose theorem, ``facts |- Limit(D_alpha(P || Q), alpha, 1) = D(P ||
        Q)``, the kernel made.

    Raises
    ------
    KernelError
        A step of the derivation is refused by the kernel (for instance when `facts` do not entail it).

    Notes
    -----
    .. math::

        \lim_{\alpha \to 1} \frac{1}{\alpha - 1} \log \sum_i p_i^\alpha q_i^{1 - \alpha} = \sum_i p_i \log
        \frac{p_i}{q_i}
    """
    return _limit_proof(RenyiDivergence(P, Q, alpha), alpha, KL(P, Q), facts)
