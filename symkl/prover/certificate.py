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


def _exact_from_floats(problem: Problem, gap: Form, weights: np.ndarray, multipliers: np.ndarray) -> Certificate | None:
    chosen = support(weights)
    elementals = [problem.elementals[k] for k in chosen]
    for bound in DENOMINATORS:
        candidate = _build(
            problem, gap, elementals, rationalize(weights[chosen], bound), rationalize(multipliers, bound)
        )
        if candidate.check():
            return candidate
    columns: list[dict[int, Fraction]] = [
        {m: Fraction(v) for m, v in problem.elemental_vector(e).items()} for e in elementals
    ]
    columns += [problem.form_vector(form) for _, form in problem.constraints]
    solution = solve_exact(columns, problem.form_vector(gap))
    if solution is None:
        return None
    candidate = _build(problem, gap, elementals, solution[: len(elementals)], solution[len(elementals) :])
    return candidate if candidate.check() else None


def _exact_witness(problem: Problem, gap: Form, h: np.ndarray) -> Witness | None:
    for bound in DENOMINATORS[1:]:
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


def find_certificate(problem: Problem, gap: Form) -> Certificate | None:
    """An exact, checked certificate that gap >= 0, the shortest of the candidates found; None if there is none."""
    found = search(problem, gap)
    return found if isinstance(found, Certificate) else None


#: Up to this many variables the least-L1 certificate LP is solved too and the shorter certificate kept.
SHORT_PROOF_LIMIT = 7


def search(problem: Problem, gap: Form) -> Certificate | Witness | None:
    """A checked certificate (gap >= 0 is Shannon-type), or a checked witness, or None when neither was rebuilt."""
    if not gap:
        return Certificate(gap, (), ())
    kind, answer = solve(problem, gap)
    if kind == "witness":
        return _exact_witness(problem, gap, answer)
    candidates = [_exact_from_floats(problem, gap, *answer)]
    if problem.n <= SHORT_PROOF_LIMIT or candidates[0] is None:
        primal = candidate_certificate(problem, gap)
        if primal is not None:
            candidates.append(_exact_from_floats(problem, gap, *primal))
    found = [c for c in candidates if c is not None]
    return min(found, key=len) if found else None
