"""Small-support distributions: local search in floats on a few atoms, then rational rounding.

>>> from fractions import Fraction
>>> from symkl.prover.linear import Screen
>>> ingleton = {3: 1, 5: 1, 6: 1, 9: 1, 10: 1, 12: -1, 1: -1, 2: -1, 7: -1, 11: -1}
>>> screen = Screen({m: Fraction(v) for m, v in ingleton.items()}, (), (), False)
>>> table = next(local_hits(screen, 4, Deadline(None), "a test"))
>>> len(table) <= MAX_ATOMS, sum(table.values())
(True, Fraction(1, 1))

A candidate is a support of m <= MAX_ATOMS atoms, each random variable a labelling of the atoms
(a function from atoms to a small alphabet), and a probability vector p on the atoms. For a fixed
labelling the joint entropy of a set s of variables is -sum_a p_a log M_s(a), M_s(a) the mass of
the block of atoms that agree with atom a on s; its gradient in p_a is -log M_s(a) - 1. Many
starts are run at once (NumPy): mirror descent on the simplex (multiplicative steps, each start
with its own step size, grown on success and halved on failure) lowers the statement's gap plus a
quadratic penalty for the constraints; a start that stalls has one label changed and is kept if
that helps (hill-climbing over labellings). A float violation is rounded to rationals of growing
denominators, re-screened in floats, and yielded as an exact table; the caller checks it exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import numpy as np

from .deadline import Deadline
from .linear import Screen

__all__ = ["MAX_ATOMS", "MAX_VARIABLES", "local_hits"]

#: Most atoms of a support.
MAX_ATOMS = 6
#: Most random variables searched (2**n masks per start).
MAX_VARIABLES = 8
#: Starts run together, and batches per search.
BATCH = 256
BATCHES = 4
#: Label changes tried after the first descent.
MUTATIONS = 4
STEPS = 40
PENALTY = 50.0
#: Denominators tried when rounding a float violation.
DENOMINATORS = (6, 12, 24, 60, 120, 840, 5040, 100_000)
#: A float gap counts as a violation below -MARGIN (and a constraint as met within TOLERANCE).
MARGIN = 1e-7
TOLERANCE = 1e-6


class _Batch:
    """Starts of one support size: labels (starts x variables x atoms) and the forms over the masks used."""

    def __init__(self, screen: Screen, labels: Any, sign: float) -> None:
        forms = [screen.gap, *screen.equalities, *screen.inequalities]
        self.masks = sorted({mask for form in forms for mask in form})
        self.weights = np.array([[float(form.get(mask, 0)) for mask in self.masks] for form in forms])
        self.weights[0] *= sign
        self.equalities = len(screen.equalities)
        self.labels = labels
        self.same = self._same(labels)

    def _same(self, labels: Any) -> Any:
        """same[b, s, j, a] = 1.0 when atoms j and a agree on every variable of mask s (start b)."""
        starts, n, atoms = labels.shape
        codes = np.zeros((starts, len(self.masks), atoms), dtype=np.int64)
        for position, mask in enumerate(self.masks):
            for i in range(n):
                if mask >> i & 1:
                    codes[:, position] = codes[:, position] * 4 + labels[:, i]
        return (codes[:, :, :, None] == codes[:, :, None, :]).astype(float)

    def values(self, p: Any) -> tuple[Any, Any]:
        """The forms' values (starts x forms, nats) and log M (starts x masks x atoms)."""
        mass = np.einsum("bsja,ba->bsj", self.same, p)
        logs = np.log(np.maximum(mass, 1e-300))
        entropies = -np.einsum("ba,bsa->bs", p, logs)
        return entropies @ self.weights.T, logs

    def objective(self, p: Any) -> tuple[Any, Any, Any]:
        """gap + penalty per start, its gradient in p, and the forms' values."""
        values, logs = self.values(p)
        equalities = values[:, 1 : 1 + self.equalities]
        inequalities = np.minimum(values[:, 1 + self.equalities :], 0.0)
        outer = np.concatenate([np.ones((len(p), 1)), 2 * PENALTY * equalities, 2 * PENALTY * inequalities], axis=1)
        total = values[:, 0] + PENALTY * ((equalities**2).sum(1) + (inequalities**2).sum(1))
        gradient = -np.einsum("bs,bsa->ba", outer @ self.weights, logs)
        return total, gradient, values

    def violated(self, values: Any, tolerance: float) -> Any:
        """Per start: the gap is below -MARGIN and every constraint holds within ``tolerance``."""
        equalities = values[:, 1 : 1 + self.equalities]
        inequalities = values[:, 1 + self.equalities :]
        return (
            (values[:, 0] < -MARGIN)
            & np.all(np.abs(equalities) <= tolerance, axis=1)
            & np.all(inequalities >= -tolerance, axis=1)
        )

    def descend(self, p: Any, deadline: Deadline, phase: str) -> tuple[Any, Any, Any]:
        """Mirror descent from p, every start with its own step size."""
        value, gradient, values = self.objective(p)
        step = np.full(len(p), 0.5)
        for iteration in range(STEPS):
            if iteration % 10 == 0:
                deadline.check(phase)
            exponent = -step[:, None] * (gradient - gradient.min(axis=1, keepdims=True))
            moved = p * np.exp(np.maximum(exponent, -700.0))
            moved /= moved.sum(axis=1, keepdims=True)
            new_value, new_gradient, new_values = self.objective(moved)
            better = new_value < value
            p = np.where(better[:, None], moved, p)
            gradient = np.where(better[:, None], new_gradient, gradient)
            values = np.where(better[:, None], new_values, values)
            value = np.where(better, new_value, value)
            step = np.where(better, step * 1.5, step * 0.5)
        return value, p, values


def _rounded(p: Any) -> Iterator[list[Fraction]]:
    """p rounded to rationals of growing denominators, each list summing to 1 exactly."""
    seen = set()
    for denominator in DENOMINATORS:
        rounded = [Fraction(float(x)).limit_denominator(denominator) for x in p]
        total = sum(rounded)
        if total <= 0:
            continue
        rounded = [x / total for x in rounded]
        key = tuple(rounded)
        if key not in seen:
            seen.add(key)
            yield rounded


def _table(labels: Any, probabilities: list[Fraction]) -> dict[tuple[int, ...], Fraction]:
    table: dict[tuple[int, ...], Fraction] = {}
    for atom, p in enumerate(probabilities):
        if p > 0:
            outcome = tuple(int(row[atom]) for row in labels)
            table[outcome] = table.get(outcome, Fraction(0)) + p
    return table


def local_hits(
    screen: Screen, n: int, deadline: Deadline, phase: str, seed: int = 7, batches: int = BATCHES
) -> Iterator[dict[tuple[int, ...], Fraction]]:
    """Exact rational tables on at most MAX_ATOMS atoms whose float gap violates the screen (constraints met).

    Deterministic for a seed; the deadline is checked every few descent steps.

    Parameters
    ----------
    screen : Screen
        The statement and its constraints as coefficient rows over subset masks.
    n : int
        The number of variables.
    deadline : Deadline
        The time limit, checked between steps.
    phase : str
        The phase named when the deadline passes.
    seed : int, optional
        The seed of the random starts (default 7).
    batches : int, optional
        How many batches of random starts to descend from (default 4).

    Yields
    ------
    dict of tuple of int to Fraction
        Exact rational tables on at most ``MAX_ATOMS`` atoms meeting the constraints whose gap violates the
        screen.

    Raises
    ------
    ProverTimeout
        The deadline passed.
    """
    if n > MAX_VARIABLES:
        return
    generator = np.random.default_rng(seed)
    for batch in range(batches):
        sign = -1.0 if screen.equality and batch % 2 else 1.0
        atoms = (4, 5, 6, 3)[batch % 4]
        alphabet = generator.choice((2, 2, 2, 3), size=(BATCH, n, 1))
        labels = generator.integers(0, 1 << 20, size=(BATCH, n, atoms)) % alphabet
        problem = _Batch(screen, labels, sign)
        value, p, values = problem.descend(generator.dirichlet(np.ones(atoms), size=BATCH), deadline, phase)
        for _ in range(MUTATIONS):
            stalled = ~problem.violated(values, TOLERANCE)
            if not stalled.any():
                break
            changed = labels.copy()
            rows = np.nonzero(stalled)[0]
            variables = generator.integers(0, n, size=len(rows))
            columns = generator.integers(0, atoms, size=len(rows))
            changed[rows, variables, columns] = (
                generator.integers(0, 1 << 20, size=len(rows)) % alphabet[rows, variables, 0]
            )
            trial = _Batch(screen, changed, sign)
            trial_value, trial_p, trial_values = trial.descend(p, deadline, phase)
            keep = stalled & (trial_value < value)
            labels = np.where(keep[:, None, None], changed, labels)
            p = np.where(keep[:, None], trial_p, p)
            values = np.where(keep[:, None], trial_values, values)
            value = np.where(keep, trial_value, value)
            problem = _Batch(screen, labels, sign)
        for start in np.nonzero(problem.violated(values, TOLERANCE))[0]:
            single = _Batch(screen, labels[start : start + 1], sign)
            for probabilities in _rounded(p[start]):
                exact = np.array([[float(x) for x in probabilities]])
                if single.violated(single.values(exact)[0], 1e-12)[0]:
                    yield _table(labels[start], probabilities)
                    break
