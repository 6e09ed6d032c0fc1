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
from typing import Any

import numpy as np

from .deadline import NEVER, Deadline
from .exact import DENOMINATORS, rationalize, solve_exact
from .forms import Form, add_scaled, term_form
from .grammar import Term
from .lp import Elemental, Problem, candidate_certificate, solve, support

__all__ = ["Certificate", "Witness", "find_certificate", "search"]


@dataclass(frozen=True)
class Certificate:
    """gap == sum(c * term) + sum(mu * constraint form); every c >= 0 (and mu >= 0 for inequality constraints)."""

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
    """An integer polymatroid h (every elemental >= 0, constraints hold) with gap(h) < 0, checked exactly."""

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
    problem: Problem, gap: Form, weights: np.ndarray, multipliers: np.ndarray, deadline: Deadline = NEVER
) -> Certificate | None:
    chosen = support(weights)
    elementals = [problem.elementals[k] for k in chosen]
    for bound in DENOMINATORS:
        deadline.check("the exact rebuilding of the certificate")
        candidate = _build(
            problem, gap, elementals, rationalize(weights[chosen], bound), rationalize(multipliers, bound)
        )
        if candidate.check():
            return candidate
    columns: list[dict[int, Fraction]] = [
        {m: Fraction(v) for m, v in problem.elemental_vector(e).items()} for e in elementals
    ]
    columns += [problem.form_vector(form) for _, form in problem.constraints]
    deadline.check("the exact rebuilding of the certificate")
    solution = solve_exact(columns, problem.form_vector(gap))
    if solution is None:
        return None
    candidate = _build(problem, gap, elementals, solution[: len(elementals)], solution[len(elementals) :])
    return candidate if candidate.check() else None


def _exact_witness(problem: Problem, gap: Form, h: np.ndarray, deadline: Deadline = NEVER) -> Witness | None:
    for bound in DENOMINATORS[1:]:
        deadline.check("the exact rebuilding of the polymatroid witness")
        values = rationalize(h, bound)
        vector = {mask: values[mask - 1] for mask in range(1, problem.coordinate_count + 1)}
        witness = _checked_witness(problem, gap, vector)
        if witness is not None:
            return witness
    return None


def _value(vector: dict[int, Fraction], form: dict[int, Fraction] | dict[int, int]) -> Fraction:
    return sum((vector[mask] * value for mask, value in form.items()), Fraction(0))


def _checked_witness(problem: Problem, gap: Form, vector: dict[int, Fraction]) -> Witness | None:
    if any(_value(vector, problem.elemental_vector(e)) < 0 for e in problem.elementals):
        return None
    for kind, form in problem.constraints:
        value = _value(vector, problem.form_vector(form))
        if value < 0 or (kind == "eq" and value != 0):
            return None
    gap_value = _value(vector, problem.form_vector(gap))
    if gap_value >= 0:
        return None
    scale = 1
    for value in vector.values():
        scale = scale * value.denominator // np.gcd(scale, value.denominator)
    values = {frozenset(problem.names(mask)): int(value * scale) for mask, value in vector.items()}
    return Witness(tuple(problem.variables), values, gap_value * scale)


def find_certificate(problem: Problem, gap: Form, deadline: Deadline = NEVER) -> Certificate | None:
    """An exact, checked certificate that gap >= 0, the shortest of the candidates found; None if there is none."""
    found = search(problem, gap, deadline)
    return found if isinstance(found, Certificate) else None


#: Up to this many variables the reweighting also starts from plain least L1 (cheap there; shorter at n = 7, 8).
UNIFORM_START_LIMIT = 8
#: A certificate with at most this many terms is kept as found (no pruning rounds).
SHORT_ENOUGH = 3
#: Most reweighted-L1 rounds from one start (each stops early once the support no longer shrinks).
PRUNE_ROUNDS = 3


def _pruned(problem: Problem, gap: Form, weights: np.ndarray | None, deadline: Deadline) -> list[Certificate]:
    """Exact certificates from reweighted least-L1 rounds, starting from the given weights (None: plain L1)."""
    found: list[Certificate] = []
    size = None if weights is None else len(support(weights))
    for _ in range(PRUNE_ROUNDS):
        candidate = candidate_certificate(problem, gap, weights, deadline)
        if candidate is None:
            break
        new_size = len(support(candidate[0]))
        exact = _exact_from_floats(problem, gap, candidate[0], candidate[1], deadline)
        if exact is not None:
            found.append(exact)
        if size is not None and new_size >= 0.9 * size:
            break
        weights, size = candidate[0], new_size
    return found


def search(problem: Problem, gap: Form, deadline: Deadline = NEVER) -> Certificate | Witness | None:
    """A checked certificate (gap >= 0 is Shannon-type), or a checked witness, or None when neither was rebuilt.

    The certificate kept is the shortest of: the LP's dual vertex, then reweighted least-L1 rounds
    from it (and, up to UNIFORM_START_LIMIT variables, from plain least L1), each rebuilt exactly.
    """
    if not gap:
        return Certificate(gap, (), ())
    # The LP works in floats with a fixed tolerance: scale the gap so that its largest coefficient is 1
    # (a positive factor changes nothing), so 10**-9 H(X) >= 0 or a 38-digit coefficient is no harder than H(X).
    scale = max(abs(value) for value in gap.values())
    if scale != 1:
        found = _search({key: value / scale for key, value in gap.items()}, problem, deadline)
        if isinstance(found, Certificate):
            terms = tuple((c * scale, term) for c, term in found.terms)
            given = tuple((mu * scale, k, kind, form) for mu, k, kind, form in found.multipliers)
            certificate = Certificate(gap, terms, given)
            return certificate if certificate.check() else None
        if isinstance(found, Witness):
            return Witness(found.variables, found.values, found.gap_value * scale)
        return None
    return _search(gap, problem, deadline)


def _search(gap: Form, problem: Problem, deadline: Deadline) -> Certificate | Witness | None:
    try:
        kind, answer = solve(problem, gap, deadline)
    except RuntimeError:  # HiGHS gave no answer (numerical trouble): no certificate and no witness, not a verdict
        return None
    if kind == "witness":
        return _exact_witness(problem, gap, answer, deadline)
    candidates: list[Certificate] = []
    if len(support(answer[0])) + len(support(answer[1])) > SHORT_ENOUGH:
        candidates += _pruned(problem, gap, answer[0], deadline)
        if problem.n <= UNIFORM_START_LIMIT:
            candidates += _pruned(problem, gap, None, deadline)
    if not candidates:  # the dual vertex itself, rebuilt only when no shorter certificate was
        first = _exact_from_floats(problem, gap, answer[0], answer[1], deadline)
        candidates = [] if first is None else [first]
    return min(candidates, key=len) if candidates else None
