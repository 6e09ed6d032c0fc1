r"""Lemmas derived by the kernel's rules: Gibbs' inequality, termwise bounds, witness combinations.

Nothing here is trusted: every function returns a kernel :class:`Theorem`
(or raises :class:`~symkl.errors.KernelError`), and a :class:`Proof`
records the combination it used so that a derivation can show the algebra.

>>> import symkl as sk
>>> P, Q = sk.Distribution.symbolic(2, "a"), sk.Distribution.symbolic(2, "b")
>>> facts = simplex_facts(P, Q)
>>> gibbs(P, Q, facts).theorem
a1 > 0, b1 > 0, 1 - a1 > 0, 1 - b1 > 0 |- D_KL(A || B) >= 0
>>> general = gibbs_general(GeneralDistribution.symbolic("p"), GeneralDistribution.symbolic("q"))
>>> general.theorem.statement
D_KL(P || Q) >= 0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy import Expr

from ..exact.general import INDEX, SIZE, GeneralDistribution
from ..statements.unevaluated import JS, KL, ChiSquare, Entropy, Information, JointEntropy, Measure, _JointMeasure
from .kernel import (
    LOG_BOUND,
    LOG_BOUND_VARIABLE,
    Theorem,
    assume,
    combine,
    instantiate,
    positivity,
    rewrite,
    sum_over,
    unfold,
)
from .language import as_term

__all__ = [
    "Proof",
    "by_witness",
    "entropy_nonnegative",
    "entropy_upper_general",
    "function_entropy",
    "gibbs",
    "gibbs_general",
    "js_upper",
    "kl_chi_square",
    "measures_in",
    "simplex_facts",
    "unfolds",
]


@dataclass(frozen=True)
class Proof:
    """A theorem and how it was combined: gap = sum c_k * gap_k, each premise proved.

    Parameters
    ----------
    theorem : Theorem
        The theorem, made by the kernel.
    premises : tuple of (sympy.Expr, Theorem), optional
        The premises c_k, theorem_k whose gaps, weighted by c_k, add up to the theorem's gap.
    method : str, optional
        How it was combined (``"gibbs"``, ``"termwise"``, ``"witness"``, ...).
    notes : tuple of str, optional
        Lines for a human reader (the termwise bound used, ...).
    """

    theorem: Theorem
    premises: tuple[tuple[Expr, Theorem], ...] = ()
    method: str = ""
    notes: tuple[str, ...] = field(default=())


def simplex_facts(*distributions: Any) -> tuple[sympy.Basic, ...]:
    """Strict positivity of every entry not already known positive (``1 - a1 > 0``), as stated facts.

    >>> import symkl as sk
    >>> simplex_facts(sk.Distribution.symbolic(3, "a"))
    (-a1 - a2 + 1 > 0,)

    Parameters
    ----------
    *distributions : Distribution
        Distributions, usually symbolic.

    Returns
    -------
    tuple of sympy relations
        ``entry > 0`` for each entry not already known positive (such as the last entry 1 - a1 - a2).
    """
    facts: list[sympy.Basic] = []
    for distribution in distributions:
        entries = getattr(distribution, "probabilities", None)
        if entries is None:
            entries = distribution.joint.probabilities
        for entry in entries:
            if entry.free_symbols and not entry.is_positive:
                facts.append(sympy.Gt(entry, 0, evaluate=False))
    return tuple(dict.fromkeys(facts))


def measures_in(*exprs: Expr) -> list[Expr]:
    """The measures (KL, H, I, ...) occurring in expressions, each once, in a fixed order.

    Parameters
    ----------
    *exprs : sympy.Expr
        Expressions holding unevaluated measures.

    Returns
    -------
    list of sympy.Expr
        Each measure (KL, H, I, ...) once, in SymPy's default sort order.
    """
    found: set[Expr] = set()
    for expr in exprs:
        found |= expr.atoms(Measure, _JointMeasure, Information)
    return sorted(found, key=sympy.default_sort_key)


def unfolds(*exprs: Expr) -> list[Theorem]:
    """The definitions of every measure in the expressions.

    Parameters
    ----------
    *exprs : sympy.Expr
        Expressions holding unevaluated measures.

    Returns
    -------
    list of Theorem
        The kernel's definition of each measure in them (``unfold``).
    """
    return [unfold(measure) for measure in measures_in(*exprs)]


def _log_bound(value: Expr, facts: Sequence[sympy.Basic]) -> Theorem:
    return instantiate(LOG_BOUND, {LOG_BOUND_VARIABLE: value}, facts)


def gibbs(P: Any, Q: Any, facts: Sequence[sympy.Basic] = ()) -> Proof:
    r"""D(P || Q) >= 0 for distributions of a given size: log x <= x - 1 at x = q_i/p_i, times p_i, summed.

    Parameters
    ----------
    P : Distribution
        The first distribution, usually symbolic, entries > 0 (zero entries of P are skipped).
    Q : Distribution
        The second distribution, of the same size.
    facts : sequence of sympy relations, optional
        Hypotheses the kernel may use, such as :func:`simplex_facts` (entries positive).

    Returns
    -------
    Proof
        Its theorem, ``facts |- D(P || Q) >= 0``, made by the kernel.

    Raises
    ------
    KernelError
        The kernel refuses a step (for instance when `facts` do not entail a sign it needs).

    Notes
    -----
    .. math::

        D(P \parallel Q) = -\sum_i p_i \log \frac{q_i}{p_i} \ge -\sum_i p_i \left(\frac{q_i}{p_i} - 1\right) = 0
    """
    premises = tuple((p, _log_bound(q / p, facts)) for p, q in zip(P.probabilities, Q.probabilities) if not p.is_zero)
    target = sympy.Ge(KL(P, Q), 0, evaluate=False)
    theorem = combine(target, premises, using=[unfold(KL(P, Q))], facts=facts)
    return Proof(theorem, premises, "gibbs", ("each term: p_i log(q_i/p_i) <= q_i - p_i by log x <= x - 1",))


def _sum_facts(*distributions: GeneralDistribution) -> list[Theorem]:
    facts = [fact for d in distributions for fact in d.facts() if isinstance(fact, sympy.Equality)]
    return [assume(fact) for fact in dict.fromkeys(facts)]


def _summed(term: Theorem) -> Theorem:
    return sum_over(term, INDEX, 1, SIZE)


def gibbs_general(P: GeneralDistribution, Q: GeneralDistribution, sums: Sequence[Theorem] | None = None) -> Proof:
    r"""D(P || Q) >= 0 for every n: the termwise bound summed over i = 1..n, then sum p_i = sum q_i = 1.

    Parameters
    ----------
    P : GeneralDistribution
        The first distribution, of symbolic size n (entry p_i).
    Q : GeneralDistribution
        The second distribution, of the same size n.
    sums : sequence of Theorem, optional
        The theorems sum p_i = 1 and sum q_i = 1 to use (default: the distributions' own facts).

    Returns
    -------
    Proof
        Its theorem, ``D(P || Q) >= 0``, made by the kernel, for every n.

    Raises
    ------
    KernelError
        The kernel refuses a step.

    Notes
    -----
    .. math::

        D(P \parallel Q) \ge \sum_{i=1}^n (p_i - q_i) = 0
    """
    p, q = P.entry, Q.entry
    term = combine(sympy.Le(p * sympy.log(q / p), q - p, evaluate=False), [(p, _log_bound(q / p, ()))])
    summed = _summed(term)
    sums = list(sums) if sums is not None else _sum_facts(P, Q)
    target = sympy.Ge(KL(P, Q), 0, evaluate=False)
    theorem = combine(target, [(1, summed)], using=[unfold(KL(P, Q)), *sums])
    return Proof(theorem, ((sympy.Integer(1), summed),), "gibbs")


def entropy_nonnegative(P: Any, facts: Sequence[sympy.Basic] = ()) -> Proof:
    r"""H(P) >= 0: -p log p >= p (1 - p) >= 0 from log p <= p - 1 and p <= 1 (any size, or every n).

    Parameters
    ----------
    P : Distribution or GeneralDistribution
        The distribution, of a given size or of symbolic size n.
    facts : sequence of sympy relations, optional
        Hypotheses the kernel may use, such as :func:`simplex_facts` (entries positive).

    Returns
    -------
    Proof
        Its theorem, ``facts |- H(P) >= 0``, made by the kernel.

    Raises
    ------
    KernelError
        The kernel refuses a step (for instance when `facts` do not entail a sign it needs).

    Notes
    -----
    .. math::

        -p \log p \ge p (1 - p) \ge 0 \quad (0 < p \le 1)
    """
    target = sympy.Ge(Entropy(P), 0, evaluate=False)
    if isinstance(P, GeneralDistribution):
        p = P.entry
        bound = assume(sympy.Le(p, 1, evaluate=False))
        term = combine(sympy.Ge(-p * sympy.log(p), 0, evaluate=False), [(p, _log_bound(p, ())), (p, bound)])
        summed = _summed(term)
        return Proof(combine(target, [(1, summed)], using=[unfold(Entropy(P))]), ((sympy.Integer(1), summed),))
    premises: list[tuple[Expr, Theorem]] = []
    for p in P.probabilities:
        if p.is_zero:
            continue
        premises.append((p, _log_bound(p, facts)))
        premises.append((p, positivity(1 - p, facts, strict=False)))
    theorem = combine(target, premises, using=[unfold(Entropy(P))], facts=facts)
    return Proof(theorem, tuple(premises), "termwise")


def entropy_upper_general(P: GeneralDistribution) -> Proof:
    r"""H(P) <= log n for every n: log x <= x - 1 at x = 1/(n p_i), times p_i, summed.

    Parameters
    ----------
    P : GeneralDistribution
        The distribution, of symbolic size n.

    Returns
    -------
    Proof
        Its theorem, ``H(P) <= log n``, made by the kernel, for every n.

    Raises
    ------
    KernelError
        The kernel refuses a step.

    Notes
    -----
    .. math::

        H(P) - \log n = \sum_i p_i \log \frac{1}{n p_i} \le \sum_i \left(\frac1n - p_i\right) = 0
    """
    p = P.entry
    term = combine(
        sympy.Le(p * sympy.log(1 / (SIZE * p)), 1 / SIZE - p, evaluate=False), [(p, _log_bound(1 / (SIZE * p), ()))]
    )
    summed = _summed(term)
    target = sympy.Le(Entropy(P), sympy.log(SIZE), evaluate=False)
    theorem = combine(target, [(1, summed)], using=[unfold(Entropy(P)), *_sum_facts(P)])
    return Proof(theorem, ((sympy.Integer(1), summed),), "termwise")


def _js_term(p: Expr, q: Expr, facts: Sequence[sympy.Basic]) -> list[tuple[Expr, Theorem]]:
    m = p + q
    return [
        (p / 2, _log_bound(p / m, facts)),
        (q / 2, _log_bound(q / m, facts)),
        (sympy.Integer(1), positivity(p * q / m, facts, strict=False)),
    ]


def js_upper(P: Any, Q: Any, facts: Sequence[sympy.Basic] = ()) -> Proof:
    r"""JS(P, Q) <= log 2: log(p/(p + q)) <= -q/(p + q) termwise (and the same with p, q exchanged).

    Parameters
    ----------
    P : Distribution or GeneralDistribution
        The first distribution.
    Q : Distribution or GeneralDistribution
        The second distribution, of the same size.
    facts : sequence of sympy relations, optional
        Hypotheses the kernel may use, such as :func:`simplex_facts` (entries positive).

    Returns
    -------
    Proof
        Its theorem, ``facts |- JS(P, Q) <= log 2``, made by the kernel.

    Raises
    ------
    KernelError
        The kernel refuses a step (for instance when `facts` do not entail a sign it needs).

    Notes
    -----
    .. math::

        \mathrm{JS}(P, Q) = \tfrac12 \sum_i \left(p_i \log \frac{2 p_i}{p_i + q_i} + q_i \log \frac{2 q_i}{p_i +
        q_i}\right) \le \log 2
    """
    target = sympy.Le(JS(P, Q), sympy.log(2), evaluate=False)
    if isinstance(P, GeneralDistribution):
        p, q = P.entry, Q.entry
        gap = -p / 2 * sympy.log(2 * p / (p + q)) - q / 2 * sympy.log(2 * q / (p + q)) + (p + q) / 2 * sympy.log(2)
        term = combine(sympy.Ge(gap, 0, evaluate=False), _js_term(p, q, ()))
        summed = _summed(term)
        theorem = combine(target, [(1, summed)], using=[unfold(JS(P, Q)), *_sum_facts(P, Q)])
        return Proof(theorem, ((sympy.Integer(1), summed),), "termwise")
    premises = [premise for p, q in zip(P.probabilities, Q.probabilities) for premise in _js_term(p, q, facts)]
    theorem = combine(target, premises, using=[unfold(JS(P, Q))], facts=facts)
    return Proof(theorem, tuple(premises), "termwise")


def kl_chi_square(P: Any, Q: Any, facts: Sequence[sympy.Basic] = ()) -> Proof:
    r"""D(P || Q) <= log(1 + chi2(P || Q)): log x <= x - 1 at x = p_i / (q_i S), S = 1 + chi2, times p_i, summed.

    The bounds add up to sum p_i^2 / (q_i S) - 1 = 0, since S = sum p_i^2 / q_i (Jensen's inequality for log).

    Parameters
    ----------
    P : Distribution
        The first distribution, usually symbolic, entries > 0 (zero entries of P are skipped).
    Q : Distribution
        The second distribution, of the same size.
    facts : sequence of sympy relations, optional
        Hypotheses the kernel may use, such as :func:`simplex_facts` (entries positive).

    Returns
    -------
    Proof
        Its theorem, ``facts |- D(P || Q) <= log(1 + chi2(P || Q))``, made by the kernel.

    Raises
    ------
    KernelError
        The kernel refuses a step (for instance when `facts` do not entail a sign it needs).

    Notes
    -----
    .. math::

        D(P \parallel Q) \le \log\left(1 + \chi^2(P \parallel Q)\right), \quad 1 + \chi^2(P \parallel Q) = \sum_i
        \frac{p_i^2}{q_i}
    """
    chi2 = ChiSquare(P, Q)
    definition = unfold(chi2)
    total = 1 + definition.statement.rhs
    premises = tuple(
        (p, _log_bound(p / (q * total), facts)) for p, q in zip(P.probabilities, Q.probabilities) if not p.is_zero
    )
    target = sympy.Le(KL(P, Q), sympy.log(1 + chi2), evaluate=False)
    theorem = combine(target, premises, using=[unfold(KL(P, Q)), definition], facts=facts)
    return Proof(theorem, premises, "termwise")


def function_entropy(J: Any, facts: Sequence[sympy.Basic] = ()) -> Proof:
    r"""H(G) <= H(X) for G a function of X (the joint table of (X, G) has one nonzero cell per x).

    For the outcomes x of a group with total s = p(G = g): log(p_x / s) <= p_x / s - 1, times p_x; the
    bounds leave (s^2 - sum p_x^2) / s, a sum of products 2 p_x p_y / s >= 0.

    Parameters
    ----------
    J : JointDistribution
        The joint table of (X, G), with one nonzero cell per outcome x (G a function of X).
    facts : sequence of sympy relations, optional
        Hypotheses the kernel may use, such as :func:`simplex_facts` (entries positive).

    Returns
    -------
    Proof
        Its theorem, ``facts |- H(G) <= H(X)``, made by the kernel.

    Raises
    ------
    KernelError
        The kernel refuses a step (for instance when `facts` do not entail a sign it needs).

    Notes
    -----
    .. math::

        H(G) \le H(X) \quad \text{for } G = g(X)
    """
    groups: dict[Any, list[Expr]] = {}
    for (_, g), p in zip(J.joint.outcomes, J.joint.probabilities):
        if not p.is_zero:
            groups.setdefault(g, []).append(p)
    premises: list[tuple[Expr, Theorem]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        total = sympy.Add(*members)
        premises += [(p, _log_bound(p / total, facts)) for p in members]
        rest = (total**2 - sympy.Add(*(p**2 for p in members))) / total
        premises.append((sympy.Integer(1), positivity(rest, facts, strict=False)))
    target = sympy.Le(JointEntropy(J, [J.names[1]]), JointEntropy(J, [J.names[0]]), evaluate=False)
    theorem = combine(target, premises, using=unfolds(target.lhs, target.rhs), facts=facts)
    return Proof(theorem, tuple(premises), "termwise")


def by_witness(target: sympy.Basic, terms: Sequence[tuple[Expr, Any, Any]], facts: Sequence[sympy.Basic]) -> Proof:
    r"""The target's gap is sum w_k D(A_k || B_k); each D >= 0 by Gibbs, so the gap is >= 0.

    Parameters
    ----------
    target : sympy relation
        The inequality to prove, ``lhs >= rhs`` or ``lhs <= rhs`` of measures.
    terms : sequence of (weight, Distribution, Distribution)
        The witness: weights w_k >= 0 and pairs (A_k, B_k) with the target's gap equal to sum w_k D(A_k || B_k).
    facts : sequence of sympy relations
        Hypotheses the kernel may use.

    Returns
    -------
    Proof
        Its theorem, ``facts |- target``, made by the kernel.

    Raises
    ------
    KernelError
        The gap is not the weighted sum of the divergences, a Gibbs step is refused, or a weight is not an
        exact term (a float, a bool).

    Notes
    -----
    .. math::

        \text{gap} = \sum_k w_k D(A_k \parallel B_k) \ge 0
    """
    premises = tuple((as_term(w, "witness weight"), gibbs(A, B, facts).theorem) for w, A, B in terms)
    kls = [KL(A, B) for _, A, B in terms]
    theorem = combine(target, premises, using=unfolds(target.lhs, target.rhs, *kls), facts=facts)
    return Proof(theorem, premises, "witness")


def equality(lhs: Expr, rhs: Expr, facts: Sequence[sympy.Basic] = (), extra: Sequence[Theorem] = ()) -> Proof:
    """lhs = rhs from the definitions of the measures in it and the log laws."""
    return Proof(rewrite(lhs, rhs, facts, using=[*unfolds(lhs, rhs), *extra]), (), "rewrite")
