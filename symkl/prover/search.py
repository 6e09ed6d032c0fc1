"""Search for a real distribution that violates a statement: linear distributions, small supports, random tables.

Three families of candidates, each screened cheaply, every hit then rebuilt as an exact rational
table and re-checked exactly with symkl's measures and :func:`symkl.compare` (a hit that fails
the exact check is dropped; ``refuted`` never rests on floats):

- linear (group-characterisable) distributions over GF(q), q = 2, 3, 5, 7 (:mod:`.linear`):
  uniform sources and linear maps; entropies are integer ranks times log q, so the screen is exact;
- small supports (:mod:`.local`): at most 6 atoms, mirror descent on the float gap from many
  starts, hill-climbing over labellings, then rational rounding (this is how Ingleton falls:
  linear distributions satisfy it);
- random tables on alphabets of 2 or 3 (at most 4 variables, no equality constraints).

>>> from symkl.prover.grammar import parse_statement
>>> found = find_counterexample(parse_statement("I(X;Y|Z) <= I(X;Y)"), [])
>>> found.variables, sorted(found.table.items())[:2]
(('X', 'Y', 'Z'), [((0, 0, 0), Fraction(1, 4)), ((0, 1, 1), Fraction(1, 4))])
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import islice, product
from typing import Any

from ..exact import measures
from ..exact.canonical import canonical, compare
from ..exact.distribution import JointDistribution
from .deadline import NEVER, Deadline
from .forms import Form, combination_form, gap_form
from .grammar import Entropy, Markov, Mutual, Statement, Term
from .linear import Screen, linear_hits, linear_table
from .local import local_hits

__all__ = ["Counterexample", "exact_value", "find_counterexample"]

RANDOM_TABLES = 300
#: Most hits of one family checked exactly (a linear hit is exact already; a rounded one may fail).
EXACT_CHECKS = 12
PHASE = "the counterexample search"


@dataclass(frozen=True)
class Counterexample:
    """An exact joint distribution (outcome tuple -> probability) of the variables, and the exact sides.

    Parameters
    ----------
    variables : tuple of str
        The variables, in the order of the table's outcome tuples.
    table : dict of tuple of int to Fraction
        The exact joint distribution: outcome tuple -> probability.
    lhs : sympy.Expr
        The exact value of the statement's left side on it (nats).
    rhs : sympy.Expr
        The exact value of its right side.
    """

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


def exact_value(joint: Any, pairs: Sequence[tuple[Term, Fraction]]) -> Any:
    """sum c * term evaluated exactly on a symkl JointDistribution (nats), with symkl's measures.

    Parameters
    ----------
    joint : JointDistribution
        The exact joint distribution.
    pairs : sequence of (Term, Fraction)
        Coefficients c and terms (entropies, mutual informations, divergences) of the combination.

    Returns
    -------
    sympy.Expr
        The exact value of sum c * term, in nats.
    """
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


def _masks(form: Form, variables: Sequence[str]) -> dict[int, Fraction]:
    return {sum(1 << variables.index(v) for v in subset): value for subset, value in form.items()}


def _screen(statement: Statement, constraints: Sequence[Statement | Markov], variables: list[str]) -> Screen:
    """The statement's gap and the constraints as forms over subset masks of the variables."""
    equalities, inequalities = [], []
    for constraint in constraints:
        if isinstance(constraint, Markov):
            equalities += [_masks(combination_form([(link, Fraction(1))]), variables) for link in constraint.links()]
        elif constraint.relation == "=":
            equalities.append(_masks(gap_form(constraint), variables))
        else:
            inequalities.append(_masks(gap_form(constraint), variables))
    return Screen(
        _masks(gap_form(statement), variables), tuple(equalities), tuple(inequalities), statement.relation == "="
    )


def _first_exact(
    tables: Iterator[dict[tuple[int, ...], Fraction]],
    statement: Statement,
    constraints: Sequence[Statement | Markov],
    variables: list[str],
) -> Counterexample | None:
    """The first of at most EXACT_CHECKS float or integer hits that the exact check confirms."""
    for table in islice(tables, EXACT_CHECKS):
        found = _violates(statement, constraints, variables, table)
        if found is not None:
            return found
    return None


def _random_tables(screen: Screen, n: int, deadline: Deadline) -> Iterator[dict[tuple[int, ...], Fraction]]:
    """Random exact tables on alphabets of 2 or 3 whose float gap violates the statement (at most 4
    variables, no equality constraint; inequality constraints are left to the exact check)."""
    if screen.equalities or n > 4:
        return
    generator = random.Random(2024)
    for attempt in range(RANDOM_TABLES):
        deadline.check(PHASE)
        size = 2 if attempt % 2 == 0 else 3
        cells = list(product(range(size), repeat=n))
        weights = [generator.choice((0, 0, 1, 1, 2, 3, 5, 8)) for _ in cells]
        if not sum(weights):
            continue
        table = {cell: Fraction(w, sum(weights)) for cell, w in zip(cells, weights) if w}
        entropies = [0.0] * (1 << n)
        for mask in range(1, 1 << n):
            marginal: dict[tuple[int, ...], float] = {}
            for cell, p in table.items():
                key = tuple(cell[i] for i in range(n) if mask >> i & 1)
                marginal[key] = marginal.get(key, 0.0) + float(p)
            entropies[mask] = -sum(p * math.log(p) for p in marginal.values() if p > 0)
        value = sum(float(c) * entropies[m] for m, c in screen.gap.items())
        if value < -1e-9 or (screen.equality and abs(value) > 1e-9):
            yield table


def find_counterexample(
    statement: Statement, constraints: Sequence[Statement | Markov], deadline: Deadline = NEVER
) -> Counterexample | None:
    """An exact distribution satisfying the constraints and violating the statement, or None if none was found.

    Linear candidates first (exact integer screen), then small supports, then random tables; the
    deadline is checked between chunks of linear candidates, every few descent steps and before
    every random table, and a search without a hit stops after a fixed budget (deterministic).

    Parameters
    ----------
    statement : Statement
        The parsed inequality or equality (:func:`~symkl.prover.grammar.parse_statement`).
    constraints : sequence of Statement or Markov
        Constraints the distribution must satisfy exactly.
    deadline : Deadline
        The time limit, checked between steps (default: none).

    Returns
    -------
    Counterexample or None
        An exact joint distribution meeting the constraints and violating the statement, or None when none was
        found within the budget (not a proof that none exists).

    Raises
    ------
    ProverTimeout
        The deadline passed.
    """
    names = set(statement.names()).union(*(c.names() for c in constraints)) if constraints else statement.names()
    variables = sorted(names)
    if not variables:  # every quantity cancelled: the statement is 0 <= 0, 0 >= 0 or 0 = 0
        return None
    screen = _screen(statement, constraints, variables)
    n = len(variables)
    linear = (linear_table(q, k, bases) for q, k, bases in linear_hits(screen, n, deadline, PHASE))
    for family in (linear, local_hits(screen, n, deadline, PHASE), _random_tables(screen, n, deadline)):
        found = _first_exact(family, statement, constraints, variables)
        if found is not None:
            return found
    return None
