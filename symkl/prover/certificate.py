"""Exact certificates (gap = sum c_k * elemental_k + sum mu_j * constraint_j) and exact polymatroid witnesses.

Everything returned here has been checked in exact rationals; the floats of the LP
are only used to guess the support and the values.

>>> from symkl.prover.grammar import parse_statement
>>> from symkl.prover.forms import gap_form
>>> from symkl.prover.lp import Problem
>>> statement = parse_statement("H(X,Y) <= H(X) + H(Y)")
>>> problem = Problem(["X", "Y"], gap_form(statement), [])
>>> certificate = find_certificate(problem, problem.gap)
>>> [(str(c), str(t)) for c, t in certificate.terms]
[('1', 'I(X;Y)')]
>>> certificate.check()
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import Any

import numpy as np

from .deadline import NEVER, Deadline
from .exact import DENOMINATORS, rationalize, solve_exact
from .forms import Form, add_scaled, term_form
from .grammar import Term
from .lp import REWEIGHT_EPSILON, ColumnGeneration, Elemental, Problem, normalise

__all__ = ["Certificate", "Witness", "find_certificate", "search"]


@dataclass(frozen=True)
class Certificate:
    r"""gap == sum(c * term) + sum(mu * constraint form); every c >= 0 (and mu >= 0 for inequality constraints).

    Parameters
    ----------
    gap : dict of frozenset of str to Fraction
        The form shown >= 0.
    terms : tuple of (Fraction, Term)
        The elemental quantities with their coefficients c >= 0.
    multipliers : tuple of (Fraction, int, str, dict)
        For each constraint used: its multiplier mu, its index, its kind (``"eq"`` or ``"ge"``; mu >= 0 for
        ``"ge"``) and its form.

    Notes
    -----
    .. math::

        \text{gap} = \sum_k c_k \, \text{elemental}_k + \sum_j \mu_j \, \text{constraint}_j
    """

    gap: Form
    terms: tuple[tuple[Fraction, Term], ...]
    multipliers: tuple[tuple[Fraction, int, str, Form], ...]  # (mu, constraint index, kind, form)

    def check(self) -> bool:
        """The certificate identity and the signs, exactly in rationals."""
        if any(c <= 0 for c, _ in self.terms) or any(mu < 0 for mu, _, kind, _ in self.multipliers if kind == "ge"):
            return False
        total: Form = {}
        for c, term in self.terms:
            add_scaled(total, term_form(term), c)
        for mu, _, _, form in self.multipliers:
            add_scaled(total, form, mu)
        return total == self.gap

    def __len__(self) -> int:
        return len(self.terms) + len(self.multipliers)


@dataclass(frozen=True)
class Witness:
    """An integer polymatroid h (every elemental >= 0, constraints hold) with gap(h) < 0, checked exactly.

    Parameters
    ----------
    variables : tuple of str
        The variables.
    values : dict of frozenset of str to int
        The integer polymatroid h: its value on each set of variables.
    gap_value : Fraction
        gap(h), which is < 0.
    """

    variables: tuple[str, ...]
    values: dict[frozenset[str], int]
    gap_value: Fraction

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: h of every nonempty subset."""
        ordered = sorted(self.values.items(), key=lambda item: (len(item[0]), sorted(item[0])))
        return {
            "variables": list(self.variables),
            "h": [[sorted(subset, key=self.variables.index), value] for subset, value in ordered],
            "gap": str(self.gap_value),
        }


def _build(
    problem: Problem,
    gap: Form,
    elementals: Sequence[Elemental],
    weights: Sequence[Fraction],
    multipliers: Sequence[Fraction],
) -> Certificate:
    terms = tuple((w, problem.elemental_term(e)) for e, w in zip(elementals, weights) if w)
    given = tuple(
        (mu, k, problem.constraints[k][0], problem.constraints[k][1]) for k, mu in enumerate(multipliers) if mu
    )
    return Certificate(gap, terms, given)


def _exact_from_floats(
    problem: Problem,
    gap: Form,
    chosen: Sequence[int] | np.ndarray,
    weights: np.ndarray,
    multipliers: np.ndarray,
    deadline: Deadline = NEVER,
    depth: int = 0,
) -> Certificate | None:
    """The exact certificate on the support ``chosen`` (elemental indices) near the floats, checked; None if none.

    Tried in order: the floats read as fractions of small denominators; the exact solution of the linear system
    on the support (unique at a vertex of the LP); and, when the gap has parts of very different sizes (10**12 and
    1), the large part rounded and the exact remainder proved on its own (at most MAX_REFINEMENTS times).
    """
    elementals = [problem.elementals[k] for k in chosen]
    rounded: list[Certificate] = []
    for bound in DENOMINATORS:
        deadline.check("the exact rebuilding of the certificate")
        candidate = _build(problem, gap, elementals, rationalize(weights, bound), rationalize(multipliers, bound))
        if candidate.check():
            return candidate
        rounded.append(candidate)
    columns: list[dict[int, Fraction]] = [
        {m: Fraction(v) for m, v in problem.elemental_vector(e).items()} for e in elementals
    ]
    columns += [problem.form_vector(form) for _, form in problem.constraints]
    deadline.check("the exact rebuilding of the certificate")
    solution = solve_exact(columns, problem.form_vector(gap))
    if solution is not None:
        candidate = _build(problem, gap, elementals, solution[: len(elementals)], solution[len(elementals) :])
        if candidate.check():
            return candidate
    if depth >= MAX_REFINEMENTS:
        return None
    largest = max(abs(value) for value in gap.values())
    for candidate in rounded:
        if any(c < 0 for c, _ in candidate.terms):
            continue
        remainder = dict(gap)
        for c, term in candidate.terms:
            add_scaled(remainder, term_form(term), -c)
        for mu, _, _, form in candidate.multipliers:
            add_scaled(remainder, form, -mu)
        if not remainder or max(abs(value) for value in remainder.values()) > REMAINDER_RATIO * largest:
            continue
        rest = search(problem, remainder, deadline, depth + 1)
        if isinstance(rest, Certificate):
            merged = _merge(gap, candidate, rest)
            if merged.check():
                return merged
    return None


def _merge(gap: Form, first: Certificate, second: Certificate) -> Certificate:
    """The sum of two certificates (of gaps adding up to ``gap``), like terms and constraints collected."""
    terms: dict[Term, Fraction] = {}
    for c, term in (*first.terms, *second.terms):
        terms[term] = terms.get(term, Fraction(0)) + c
    given: dict[int, tuple[Fraction, str, Form]] = {}
    for mu, k, kind, form in (*first.multipliers, *second.multipliers):
        previous = given.get(k, (Fraction(0), kind, form))[0]
        given[k] = (previous + mu, kind, form)
    return Certificate(
        gap,
        tuple((c, term) for term, c in terms.items() if c),
        tuple((mu, k, kind, form) for k, (mu, kind, form) in sorted(given.items()) if mu),
    )


def _exact_witness(problem: Problem, gap: Form, h: np.ndarray, deadline: Deadline = NEVER) -> Witness | None:
    """h (floats, index = mask) read as fractions and checked exactly: a polymatroid with gap(h) < 0."""
    for bound in DENOMINATORS[1:]:
        deadline.check("the exact rebuilding of the polymatroid witness")
        values = rationalize(h[1:], bound)
        vector = {mask: values[mask - 1] for mask in range(1, problem.coordinate_count + 1)}
        witness = _checked_witness(problem, gap, vector)
        if witness is not None:
            return witness
    return None


def _value(vector: dict[int, Fraction], form: dict[int, Fraction] | dict[int, int]) -> Fraction:
    return sum((vector[mask] * value for mask, value in form.items()), Fraction(0))


def _checked_witness(problem: Problem, gap: Form, vector: dict[int, Fraction]) -> Witness | None:
    scale = 1
    for value in vector.values():
        scale = scale * value.denominator // gcd(scale, value.denominator)
    integers = [0] + [int(vector[mask] * scale) for mask in range(1, problem.coordinate_count + 1)]
    masks, coefficients = problem.elemental_arrays()
    if max(abs(value) for value in integers) < 1 << 60:  # every elemental exactly, in int64 (4 terms < 2**62)
        exact = np.array(integers, dtype=np.int64)
        if ((exact[masks] * coefficients).sum(1) < 0).any():
            return None
    elif any(_value(vector, problem.elemental_vector(e)) < 0 for e in problem.elementals):
        return None
    for kind, form in problem.constraints:
        value = _value(vector, problem.form_vector(form))
        if value < 0 or (kind == "eq" and value != 0):
            return None
    gap_value = _value(vector, problem.form_vector(gap))
    if gap_value >= 0:
        return None
    values = {frozenset(problem.names(mask)): integers[mask] for mask in range(1, problem.coordinate_count + 1)}
    return Witness(tuple(problem.variables), values, gap_value * scale)


def find_certificate(problem: Problem, gap: Form, deadline: Deadline = NEVER) -> Certificate | None:
    """An exact, checked certificate that gap >= 0, the shortest of the candidates found; None if there is none.

    Parameters
    ----------
    problem : Problem
        The variables and constraints.
    gap : dict of frozenset of str to Fraction
        The form to show >= 0.
    deadline : Deadline, optional
        The time limit (default: none).

    Returns
    -------
    Certificate or None
        The shortest exact certificate found, checked; None when there is none.

    Raises
    ------
    ProverTimeout
        The deadline passed.
    """
    found = search(problem, gap, deadline)
    return found if isinstance(found, Certificate) else None


#: Most reweighted-L1 rounds after the least-L1 certificate (each stops early once the support no longer shrinks).
PRUNE_ROUNDS = 3
#: A certificate with at most this many terms is kept as found (no reweighting rounds).
SHORT_ENOUGH = 3
#: A remainder at most this fraction of the gap (in its largest coefficient) is proved on its own.
REMAINDER_RATIO = 1e-6
#: How many times a remainder may be proved on its own (scales 10**12 and 1 need one).
MAX_REFINEMENTS = 3


def search(problem: Problem, gap: Form, deadline: Deadline = NEVER, depth: int = 0) -> Certificate | Witness | None:
    """A checked certificate (gap >= 0 is Shannon-type), or a checked witness, or None when neither was rebuilt.

    The gap is first made primitive (coprime integer coefficients, :func:`~symkl.prover.lp.normalise`), so
    its scale and how it was written do not matter. Column generation (:class:`~symkl.prover.lp.ColumnGeneration`)
    decides feasibility; the certificate kept is the shortest of the least-L1 one and reweighted least-L1 rounds
    from it (cost 1 / (w + REWEIGHT_EPSILON)), each rebuilt exactly on its support and checked.

    Parameters
    ----------
    problem : Problem
        The variables and constraints.
    gap : dict of frozenset of str to Fraction
        The form to show >= 0.
    deadline : Deadline, optional
        The time limit (default: none).
    depth : int, optional
        The recursion depth of the search (default 0; internal).

    Returns
    -------
    Certificate, Witness or None
        A checked certificate (the statement is Shannon-type), a checked witness against it, or None when
        neither could be rebuilt exactly.

    Raises
    ------
    ProverTimeout
        The deadline passed.
    """
    if not gap:
        return Certificate(gap, (), ())
    factor, primitive = normalise(gap)
    found = _search(problem, primitive, deadline, depth)
    if isinstance(found, Certificate):
        terms = tuple((c * factor, term) for c, term in found.terms)
        given = tuple((mu * factor, k, kind, form) for mu, k, kind, form in found.multipliers)
        certificate = Certificate(gap, terms, given)
        return certificate if certificate.check() else None
    if isinstance(found, Witness):
        return Witness(found.variables, found.values, found.gap_value * factor)
    return None


def _search(problem: Problem, gap: Form, deadline: Deadline, depth: int) -> Certificate | Witness | None:
    lp = ColumnGeneration(problem, gap, deadline)
    kind, answer = lp.feasibility()
    if kind == "witness":
        return _exact_witness(problem, gap, answer, deadline)
    if kind == "failed":  # HiGHS gave no answer (numerical trouble): no certificate and no witness, not a verdict
        return None
    candidates: list[Certificate] = []
    first = answer
    if len(lp.certificate(first)[0]) + int(np.count_nonzero(first.multipliers)) > SHORT_ENOUGH:
        least = lp.least_weight(grow=False)
        if least is not None:
            first = least
    masters = [first]
    weights = first.weights
    size = len(lp.certificate(first)[0])
    for _ in range(PRUNE_ROUNDS if size > SHORT_ENOUGH else 0):
        cost = 1.0 / (np.maximum(weights, 0.0) + REWEIGHT_EPSILON)
        master = lp.least_weight(cost)
        if master is None:
            break
        new_size = len(lp.certificate(master)[0])
        masters.append(master)
        if new_size >= 0.9 * size:
            break
        weights, size = master.weights, new_size
    for master in sorted(masters, key=lambda m: len(lp.certificate(m)[0])):
        chosen, values, multipliers = lp.certificate(master)
        exact = _exact_from_floats(problem, gap, chosen, values, multipliers, deadline, depth)
        if exact is not None:
            candidates.append(exact)
            break
    return min(candidates, key=len) if candidates else None
