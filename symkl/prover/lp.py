"""The linear programs (SciPy's HiGHS): a candidate certificate, or a candidate polymatroid witness.

Coordinates are bitmasks over the variables (bit i = variable i); row ``mask - 1`` of
every matrix is h(mask). The LP answers are floats: they are only *candidates*, which
:mod:`symkl.prover.certificate` rebuilds in exact rationals and checks exactly.

>>> problem = Problem(["X", "Y"], {frozenset("X"): Fraction(1)}, [])
>>> problem.elemental_count, problem.coordinate_count
(3, 3)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import Any

import numpy as np

from .deadline import NEVER, Deadline
from .forms import Form
from .grammar import Entropy, Mutual, Term

__all__ = ["Elemental", "Problem", "candidate_certificate", "solve", "support"]

#: An elemental inequality: ("H", i, rest_mask) is H(Xi | rest) >= 0, ("I", i, j, K) is I(Xi;Xj|K) >= 0.
Elemental = tuple[Any, ...]
TOLERANCE = 1e-9


@dataclass
class Problem:
    """The variables (in order), the gap form to show >= 0, and the constraints (kind, form)."""

    variables: list[str]
    gap: Form
    constraints: list[tuple[str, Form]]
    _elementals: list[Elemental] | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        """The number of variables."""
        return len(self.variables)

    @property
    def coordinate_count(self) -> int:
        """2^n - 1 coordinates h(S), S nonempty."""
        return (1 << self.n) - 1

    def mask(self, subset: frozenset[str]) -> int:
        """The bitmask of a set of variables."""
        return sum(1 << self.variables.index(name) for name in subset)

    def names(self, mask: int) -> tuple[str, ...]:
        """The variables of a bitmask, in order."""
        return tuple(name for i, name in enumerate(self.variables) if mask >> i & 1)

    @property
    def elementals(self) -> list[Elemental]:
        """All elemental inequalities of the variables."""
        if self._elementals is None:
            n, full = self.n, (1 << self.n) - 1
            result: list[Elemental] = [("H", i, full ^ (1 << i)) for i in range(n)]
            for i, j in combinations(range(n), 2):
                rest = [k for k in range(n) if k not in (i, j)]
                for size in range(len(rest) + 1):
                    for chosen in combinations(rest, size):
                        result.append(("I", i, j, sum(1 << k for k in chosen)))
            self._elementals = result
        return self._elementals

    @property
    def elemental_count(self) -> int:
        """n + C(n,2) 2^(n-2)."""
        return len(self.elementals)

    def elemental_vector(self, elemental: Elemental) -> dict[int, int]:
        """The elemental quantity as {mask: coefficient} (h(empty set) = 0 dropped)."""
        if elemental[0] == "H":
            _, i, rest = elemental
            parts = [(rest | 1 << i, 1), (rest, -1)]
        else:
            _, i, j, given = elemental
            parts = [(given | 1 << i, 1), (given | 1 << j, 1), (given | 1 << i | 1 << j, -1), (given, -1)]
        vector: dict[int, int] = {}
        for mask, value in parts:
            if mask:
                vector[mask] = vector.get(mask, 0) + value
        return {mask: value for mask, value in vector.items() if value}

    def elemental_term(self, elemental: Elemental) -> Term:
        """The elemental quantity as a term H(Xi|rest) or I(Xi;Xj|K)."""
        if elemental[0] == "H":
            return Entropy((self.variables[elemental[1]],), self.names(elemental[2]))
        _, i, j, given = elemental
        return Mutual((self.variables[i],), (self.variables[j],), self.names(given))

    def form_vector(self, form: Form) -> dict[int, Fraction]:
        """A form as {mask: coefficient}."""
        return {self.mask(subset): value for subset, value in form.items()}

    def dense(self, form: Form) -> np.ndarray:
        """A form as a dense float vector over the coordinates."""
        vector = np.zeros(self.coordinate_count)
        for mask, value in self.form_vector(form).items():
            vector[mask - 1] = float(value)
        return vector

    def elemental_matrix(self) -> Any:
        """The sparse matrix with one column per elemental inequality (rows: coordinates)."""
        from scipy.sparse import csc_matrix

        rows, cols, data = [], [], []
        for column, elemental in enumerate(self.elementals):
            for mask, value in self.elemental_vector(elemental).items():
                rows.append(mask - 1)
                cols.append(column)
                data.append(value)
        return csc_matrix((data, (rows, cols)), shape=(self.coordinate_count, len(self.elementals)))

    def constraint_matrix(self) -> Any:
        """The sparse matrix with one column per constraint form."""
        from scipy.sparse import csc_matrix

        rows, cols, data = [], [], []
        for column, (_, form) in enumerate(self.constraints):
            for mask, value in self.form_vector(form).items():
                rows.append(mask - 1)
                cols.append(column)
                data.append(float(value))
        return csc_matrix((data, (rows, cols)), shape=(self.coordinate_count, len(self.constraints)))


#: Added to each weight before reweighting (cost 1 / (weight + REWEIGHT_EPSILON)).
REWEIGHT_EPSILON = 1e-2


def _linprog(deadline: Deadline, phase: str, **kwargs: Any) -> Any:
    """scipy's linprog (HiGHS) within the deadline; a run stopped by the time limit raises ProverTimeout."""
    from scipy.optimize import linprog

    deadline.check(phase)
    result = linprog(options=deadline.options(), **kwargs)
    if result.status == 1 and deadline.expired():
        deadline.check(phase)
    return result


def candidate_certificate(
    problem: Problem, gap: Form, weights: np.ndarray | None = None, deadline: Deadline = NEVER
) -> tuple[np.ndarray, np.ndarray] | None:
    """Floats (elemental weights >= 0, constraint multipliers) with sum = gap, least weighted L1; None if infeasible.

    Each elemental costs 1, or 1 / (w + REWEIGHT_EPSILON) given earlier weights w (reweighted L1, which drives
    the support down: Han's inequality at n = 10 falls from 896 terms to 45 in one round). Multipliers of "ge"
    constraints are >= 0; those of "eq" constraints are free.
    """
    from scipy.sparse import hstack

    elemental = problem.elemental_matrix()
    given = problem.constraint_matrix()
    kinds = [kind for kind, _ in problem.constraints]
    equalities = [k for k, kind in enumerate(kinds) if kind == "eq"]
    blocks = [elemental, given]
    if equalities:
        blocks.append(-given[:, equalities])
    matrix = hstack(blocks, format="csc")
    cost = np.ones(matrix.shape[1])
    if weights is not None:
        cost[: elemental.shape[1]] = 1.0 / (np.maximum(weights, 0.0) + REWEIGHT_EPSILON)
    result = _linprog(
        deadline,
        "the search for a short proof (HiGHS)",
        c=cost,
        A_eq=matrix,
        b_eq=problem.dense(gap),
        bounds=(0, None),
        method="highs-ipm",
    )
    if result.status != 0:
        return None
    x = result.x
    m, c = elemental.shape[1], len(kinds)
    multipliers = x[m : m + c].copy()
    for offset, k in enumerate(equalities):
        multipliers[k] -= x[m + c + offset]
    return x[:m], multipliers


def solve(problem: Problem, gap: Form, deadline: Deadline = NEVER) -> tuple[str, Any]:
    """One LP: min gap(h) over polymatroids h with the constraints and h(all) <= 1.

    Returns ("witness", h) when the minimum is negative, else ("certificate", (weights, multipliers)) read from
    the dual values: gap = sum weights_k * elemental_k + sum multipliers_j * constraint_j (candidates, in floats).
    """
    from scipy.sparse import csr_matrix, vstack

    elemental = problem.elemental_matrix().T.tocsr()
    full = problem.coordinate_count
    normalisation = csr_matrix(([1.0], ([0], [full - 1])), shape=(1, full))
    given = problem.constraint_matrix().T.tocsr()
    ge = [k for k, (kind, _) in enumerate(problem.constraints) if kind == "ge"]
    eq = [k for k, (kind, _) in enumerate(problem.constraints) if kind == "eq"]
    upper_blocks = [-elemental, *([-given[ge]] if ge else []), normalisation]
    kwargs: dict[str, Any] = {"A_eq": given[eq], "b_eq": np.zeros(len(eq))} if eq else {}
    rhs = np.zeros(sum(block.shape[0] for block in upper_blocks))
    rhs[-1] = 1.0
    result = _linprog(
        deadline,
        "the linear program (HiGHS)",
        c=problem.dense(gap),
        A_ub=vstack(upper_blocks, format="csr"),
        b_ub=rhs,
        bounds=(None, None),
        method="highs-ipm",
        **kwargs,
    )
    if result.status != 0:
        raise RuntimeError(f"the linear program failed: {result.message}")
    if result.fun < -TOLERANCE:
        return "witness", np.asarray(result.x)
    duals = -np.asarray(result.ineqlin.marginals)
    m = elemental.shape[0]
    multipliers = np.zeros(len(problem.constraints))
    multipliers[ge] = duals[m : m + len(ge)]
    if eq:
        multipliers[eq] = np.asarray(result.eqlin.marginals)
    return "certificate", (duals[:m], multipliers)


def support(values: Sequence[float] | np.ndarray) -> list[int]:
    """Indices of the entries above the tolerance in absolute value."""
    return [k for k, value in enumerate(values) if abs(value) > TOLERANCE]
