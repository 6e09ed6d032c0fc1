"""Search for a real distribution that violates a statement: structured candidates first, then random tables.

Structured candidates are linear: independent uniform sources U over GF(q)^k, each variable
a linear function of U (constants, copies, XORs / sums mod q, pairs). Their entropy vectors
are ranks times log q, so candidates are screened with integers; every hit is then rebuilt as
an exact rational table and re-checked exactly with symkl's measures and :func:`symkl.compare`.

>>> from symkl.prover.grammar import parse_statement
>>> found = find_counterexample(parse_statement("I(X;Y|Z) <= I(X;Y)"), [])
>>> found.variables, sorted(found.table.items())[:2]
(('X', 'Y', 'Z'), [((0, 0, 0), Fraction(1, 4)), ((0, 1, 1), Fraction(1, 4))])
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, product
from typing import Any

from ..exact import measures
from ..exact.canonical import canonical, compare
from ..exact.distribution import JointDistribution
from .deadline import NEVER, Deadline
from .forms import Form, combination_form, gap_form
from .grammar import Entropy, Markov, Mutual, Statement, Term

__all__ = ["Counterexample", "exact_value", "find_counterexample"]

#: Most linear candidates screened per field and dimension.
MAX_CANDIDATES = 40_000
RANDOM_TABLES = 300
#: The deadline is checked every this many linear candidates.
CHECK_EVERY = 256
PHASE = "the counterexample search"


@dataclass(frozen=True)
class Counterexample:
    """An exact joint distribution (outcome tuple -> probability) of the variables, and the exact sides."""

    variables: tuple[str, ...]
    table: dict[tuple[int, ...], Fraction]
    lhs: Any
    rhs: Any

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready as in DESIGN 7b: variables and [[outcome, "p"], ...]."""
        return {
            "variables": list(self.variables),
            "probabilities": [[list(outcome), str(p)] for outcome, p in sorted(self.table.items())],
            "lhs": str(self.lhs),
            "rhs": str(self.rhs),
        }


def _span(vectors: Sequence[tuple[int, ...]], q: int, k: int) -> frozenset[tuple[int, ...]]:
    space = {(0,) * k}
    for vector in vectors:
        space = {tuple((a + c * b) % q for a, b in zip(v, vector)) for v in space for c in range(q)}
    return frozenset(space)


def _subspaces(q: int, k: int) -> list[tuple[frozenset[tuple[int, ...]], tuple[tuple[int, ...], ...]]]:
    """Every subspace of GF(q)^k (q prime) with a basis, smallest first."""
    vectors = [v for v in product(range(q), repeat=k) if any(v)]
    found: dict[frozenset[tuple[int, ...]], tuple[tuple[int, ...], ...]] = {frozenset({(0,) * k}): ()}
    for size in range(1, k + 1):
        for basis in combinations(vectors, size):
            space = _span(basis, q, k)
            if len(space) == q**size and space not in found:
                found[space] = basis
    return sorted(found.items(), key=lambda item: len(item[0]))


def _screen(masks: list[tuple[int, Fraction]], rank: list[int]) -> Fraction:
    return sum((value * rank[mask] for mask, value in masks), Fraction(0))


def _candidates(n: int, q: int, k: int, seed: int) -> Any:
    spaces = _subspaces(q, k)
    total = len(spaces) ** n
    if total <= MAX_CANDIDATES:
        yield from ((spaces, choice) for choice in product(range(len(spaces)), repeat=n))
        return
    generator = random.Random(seed)
    for _ in range(MAX_CANDIDATES):
        yield spaces, tuple(generator.randrange(len(spaces)) for _ in range(n))


def _ranks(spaces: list[Any], choice: tuple[int, ...], q: int, k: int, cache: dict[Any, Any]) -> list[int]:
    n = len(choice)
    sums: list[frozenset[tuple[int, ...]]] = [frozenset({(0,) * k})] * (1 << n)
    rank = [0] * (1 << n)
    for mask in range(1, 1 << n):
        low = (mask & -mask).bit_length() - 1
        key = (sums[mask & (mask - 1)], choice[low])
        if key not in cache:
            cache[key] = _span(list(key[0]) + list(spaces[choice[low]][1]), q, k) if key[0] else None
        space = cache[key] if key[0] else spaces[choice[low]][0]
        sums[mask] = space
        rank[mask] = len(space).bit_length() - 1 if q == 2 else _log(len(space), q)
    return rank


def _log(size: int, q: int) -> int:
    power = 0
    while size > 1:
        size //= q
        power += 1
    return power


def _table(spaces: list[Any], choice: tuple[int, ...], q: int, k: int) -> dict[tuple[int, ...], Fraction]:
    labels: list[dict[tuple[int, ...], int]] = [{} for _ in choice]
    table: dict[tuple[int, ...], Fraction] = {}
    weight = Fraction(1, q**k)
    for source in product(range(q), repeat=k):
        outcome = []
        for position, index in enumerate(choice):
            value = tuple(sum(a * b for a, b in zip(row, source)) % q for row in spaces[index][1])
            outcome.append(labels[position].setdefault(value, len(labels[position])))
        table[tuple(outcome)] = table.get(tuple(outcome), Fraction(0)) + weight
    return table


def exact_value(joint: Any, pairs: Sequence[tuple[Term, Fraction]]) -> Any:
    """sum c * term evaluated exactly on a symkl JointDistribution (nats), with symkl's measures."""
    import sympy

    total = sympy.S.Zero
    for term, value in pairs:
        if isinstance(term, Entropy):
            if term.given:
                quantity = measures.conditional_entropy(joint, list(term.variables), given=list(term.given))
            else:
                quantity = measures.joint_entropy(joint.marginal(list(term.variables)))
        elif isinstance(term, Mutual):
            if term.given:
                quantity = measures.conditional_mutual_information(
                    joint, list(term.first), list(term.second), given=list(term.given)
                )
            else:
                quantity = measures.mutual_information(joint, list(term.first), list(term.second))
        else:
            raise TypeError(f"{term} is not a quantity of random variables")
        total += sympy.Rational(value.numerator, value.denominator) * quantity
    return total


def _violates(
    statement: Statement, constraints: Sequence[Statement | Markov], variables: Sequence[str], table: dict
) -> Counterexample | None:
    """The exact check: every constraint holds and the statement fails, by symkl.compare on exact values."""
    joint = JointDistribution({key: str(value) for key, value in table.items()}, names=tuple(variables))
    for constraint in constraints:
        if isinstance(constraint, Markov):
            for link in constraint.links():
                if compare(exact_value(joint, [(link, Fraction(1))]), 0) != 0:
                    return None
        elif not _holds(joint, constraint):
            return None
    if _holds(joint, statement):
        return None
    lhs, rhs = exact_value(joint, statement.lhs), exact_value(joint, statement.rhs)
    return Counterexample(tuple(variables), dict(table), canonical(lhs), canonical(rhs))


def _holds(joint: Any, statement: Statement) -> bool:
    sign = compare(exact_value(joint, statement.lhs), exact_value(joint, statement.rhs))
    return {"<=": sign <= 0, ">=": sign >= 0, "=": sign == 0}[statement.relation]


def _masks(form: Form, variables: Sequence[str]) -> list[tuple[int, Fraction]]:
    return [(sum(1 << variables.index(v) for v in subset), value) for subset, value in form.items()]


def _linear_search(
    statement: Statement, constraints: Sequence[Any], variables: list[str], deadline: Deadline
) -> Counterexample | None:
    gap = _masks(gap_form(statement), variables)
    equalities, inequalities = [], []
    for constraint in constraints:
        if isinstance(constraint, Markov):
            equalities += [_masks(combination_form([(link, Fraction(1))]), variables) for link in constraint.links()]
        elif constraint.relation == "=":
            equalities.append(_masks(gap_form(constraint), variables))
        else:
            inequalities.append(_masks(gap_form(constraint), variables))
    n = len(variables)
    for q, k in ((2, 1), (2, 2), (3, 1), (2, 3), (3, 2)):
        cache: dict[Any, Any] = {}
        for count, (spaces, choice) in enumerate(_candidates(n, q, k, seed=q * 10 + k)):
            if count % CHECK_EVERY == 0:
                deadline.check(PHASE)
            rank = _ranks(spaces, choice, q, k, cache)
            if any(_screen(e, rank) != 0 for e in equalities) or any(_screen(f, rank) < 0 for f in inequalities):
                continue
            value = _screen(gap, rank)
            if value < 0 or (statement.relation == "=" and value != 0):
                found = _violates(statement, constraints, variables, _table(spaces, choice, q, k))
                if found is not None:
                    return found
    return None


def _random_search(
    statement: Statement, constraints: Sequence[Any], variables: list[str], deadline: Deadline
) -> Counterexample | None:
    """Random exact tables on small alphabets (only when no equality constraint must hold)."""
    import math

    if any(isinstance(c, Markov) or c.relation == "=" for c in constraints) or len(variables) > 4:
        return None
    generator = random.Random(2024)
    gap = _masks(gap_form(statement), variables)
    for attempt in range(RANDOM_TABLES):
        deadline.check(PHASE)
        size = 2 if attempt % 2 == 0 else 3
        cells = list(product(range(size), repeat=len(variables)))
        weights = [generator.choice((0, 0, 1, 1, 2, 3, 5, 8)) for _ in cells]
        if not sum(weights):
            continue
        table = {cell: Fraction(w, sum(weights)) for cell, w in zip(cells, weights) if w}
        entropies = [0.0] * (1 << len(variables))
        for mask in range(1, 1 << len(variables)):
            marginal: dict[tuple[int, ...], float] = {}
            for cell, p in table.items():
                key = tuple(cell[i] for i in range(len(variables)) if mask >> i & 1)
                marginal[key] = marginal.get(key, 0.0) + float(p)
            entropies[mask] = -sum(p * math.log(p) for p in marginal.values() if p > 0)
        value = sum(float(c) * entropies[m] for m, c in gap)
        if value < -1e-9 or (statement.relation == "=" and abs(value) > 1e-9):
            found = _violates(statement, constraints, variables, table)
            if found is not None:
                return found
    return None


def find_counterexample(
    statement: Statement, constraints: Sequence[Statement | Markov], deadline: Deadline = NEVER
) -> Counterexample | None:
    """An exact distribution satisfying the constraints and violating the statement, or None if none was found.

    The deadline is checked every CHECK_EVERY linear candidates and before every random table.
    """
    names = set(statement.names()).union(*(c.names() for c in constraints)) if constraints else statement.names()
    variables = sorted(names)
    return _linear_search(statement, constraints, variables, deadline) or _random_search(
        statement, constraints, variables, deadline
    )
