"""Linear (group-characterisable) distributions over GF(q), screened by integer ranks.

>>> lattice = subspace_lattice(5, 2)
>>> len(lattice.bases), [int(d) for d in lattice.dims[:3]], lattice.bases[1]
(8, [0, 1, 1], ((1, 0),))

A candidate is k independent uniform sources U over GF(q) (q prime) and, for each random variable,
a subspace of the dual space GF(q)^k: the variable is the vector of linear forms of U in a basis of
that subspace. A set of variables then has entropy rank(sum of their subspaces) * log q, so a
candidate is screened with integers, many at a time (NumPy), against a statement's gap and its
constraints; a hit is rebuilt as an exact rational table (probability q**-rank on each outcome)
for the caller's exact check. The subspaces of GF(q)^k are enumerated once per (q, k) by their
reduced row echelon forms, with a table of sums (joins) of any two.

Shamir's (2, 4) threshold scheme over GF(5), secret S and shares X_i = S + i R, is such a candidate:

>>> rows = {"S": ((1, 0),), "X1": ((1, 1),), "X2": ((1, 2),), "X3": ((1, 3),), "X4": ((1, 4),)}
>>> table = linear_table(5, 2, list(rows.values()))
>>> len(table), sorted(set(table.values()))
(25, [Fraction(1, 25)])
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, product
from math import lcm
from typing import Any

import numpy as np

from .deadline import Deadline

__all__ = [
    "FIELDS",
    "Lattice",
    "Screen",
    "linear_hits",
    "linear_table",
    "subspace_lattice",
]

Basis = tuple[tuple[int, ...], ...]

#: (q, k) in the order searched: small fields and dimensions first; GF(5) and GF(7) give MDS
#: structures (threshold secret sharing) that GF(2) and GF(3) cannot.
FIELDS: tuple[tuple[int, int], ...] = ((2, 1), (2, 2), (3, 2), (2, 3), (5, 2), (7, 2), (3, 3), (2, 4), (5, 3))
#: At most this many (candidate, subset) rank evaluations per field: 2**21 is 131,072 candidates of 4
#: variables, exhaustive whenever the field has fewer.
WORK_PER_FIELD = 1 << 21
#: Candidates screened at once (the deadline is checked between chunks and every CHECK_MASKS masks).
CHUNK_WORK = 1 << 20
CHECK_MASKS = 1 << 10


def _rref(rows: Sequence[Sequence[int]], q: int, k: int) -> Basis:
    """The reduced row echelon form (nonzero rows) of the rows over GF(q).

    >>> _rref([(1, 1), (2, 2), (0, 1)], 3, 2)
    ((1, 0), (0, 1))
    """
    matrix = [list(row) for row in rows]
    pivot_row = 0
    for column in range(k):
        pivot = next((r for r in range(pivot_row, len(matrix)) if matrix[r][column] % q), None)
        if pivot is None:
            continue
        matrix[pivot_row], matrix[pivot] = matrix[pivot], matrix[pivot_row]
        inverse = pow(matrix[pivot_row][column], q - 2, q)
        matrix[pivot_row] = [value * inverse % q for value in matrix[pivot_row]]
        for r in range(len(matrix)):
            factor = matrix[r][column] % q
            if r != pivot_row and factor:
                matrix[r] = [(a - factor * b) % q for a, b in zip(matrix[r], matrix[pivot_row])]
        pivot_row += 1
    return tuple(tuple(row) for row in matrix[:pivot_row])


@dataclass(frozen=True)
class Lattice:
    """Every subspace of GF(q)^k (index -> reduced basis), their dimensions and the table of their sums.

    Parameters
    ----------
    q : int
        The field size.
    k : int
        The dimension of the space GF(q)^k.
    bases : tuple of Basis
        Each subspace's reduced basis, by index.
    dims : numpy.ndarray
        Each subspace's dimension.
    join : numpy.ndarray
        The index of the sum of two subspaces.
    """

    q: int
    k: int
    bases: tuple[Basis, ...]
    dims: Any  # numpy int array
    join: Any  # numpy int array, join[a, b] = index of the sum of subspaces a and b


def _all_bases(q: int, k: int) -> list[Basis]:
    bases: list[Basis] = [()]
    for dimension in range(1, k + 1):
        for pivots in combinations(range(k), dimension):
            free = [(i, c) for i, p in enumerate(pivots) for c in range(p + 1, k) if c not in pivots]
            for values in product(range(q), repeat=len(free)):
                rows = [[1 if c == p else 0 for c in range(k)] for p in pivots]
                for (i, c), value in zip(free, values):
                    rows[i][c] = value
                bases.append(tuple(tuple(row) for row in rows))
    return bases


@functools.cache
def subspace_lattice(q: int, k: int) -> Lattice:
    """The subspaces of GF(q)^k, computed once: sums with a line first, then any sum as sums with lines.

    Parameters
    ----------
    q : int
        The size of the field.
    k : int
        The dimension.

    Returns
    -------
    Lattice
        The lattice of subspaces.
    """
    bases = _all_bases(q, k)
    index = {basis: i for i, basis in enumerate(bases)}
    lines = {basis[0]: i for i, basis in enumerate(bases) if len(basis) == 1}
    with_line = {
        (a, line): index[_rref(bases[a] + (row,), q, k)] for a in range(len(bases)) for row, line in lines.items()
    }
    join = np.zeros((len(bases), len(bases)), dtype=np.int64)
    for a in range(len(bases)):
        for b, basis in enumerate(bases):
            current = a
            for row in basis:
                current = with_line[current, lines[row]]
            join[a, b] = current
    return Lattice(q, k, tuple(bases), np.array([len(b) for b in bases], dtype=np.int64), join)


@dataclass(frozen=True)
class Screen:
    """A statement and its constraints as integer coefficient rows over subset masks (bit i = variable i).

    ``gap`` must be >= 0 (== 0 when ``equality``); each of ``equalities`` == 0 and ``inequalities`` >= 0.

    Parameters
    ----------
    gap : dict of int to Fraction
        The statement's gap, a coefficient per subset mask (bit i = variable i) of joint entropies.
    equalities : tuple of dict of int to Fraction
        Constraint rows that must be 0.
    inequalities : tuple of dict of int to Fraction
        Constraint rows that must be >= 0.
    equality : bool
        Whether the statement is an equality (the gap must be 0).
    """

    gap: dict[int, Fraction]
    equalities: tuple[dict[int, Fraction], ...]
    inequalities: tuple[dict[int, Fraction], ...]
    equality: bool

    def rows(self, n: int) -> tuple[Any, int, int]:
        """One integer matrix (rows: gap, equalities, inequalities; columns: masks), and the two counts."""
        forms = [self.gap, *self.equalities, *self.inequalities]
        matrix = []
        for form in forms:
            scale = lcm(*(value.denominator for value in form.values())) if form else 1
            row = [0] * (1 << n)
            for mask, value in form.items():
                row[mask] = int(value * scale)
            matrix.append(row)
        bound = max((abs(v) for row in matrix for v in row), default=0) * n * 8 * (1 << n)
        dtype = np.int64 if bound < 1 << 62 else object
        return np.array(matrix, dtype=dtype).T, len(self.equalities), len(self.inequalities)

    def violated(self, ranks: Any, n: int) -> Any:
        """Rows of ``ranks`` (candidates x masks) that meet every constraint and violate the statement."""
        matrix, equalities, inequalities = self.rows(n)
        values = ranks.astype(matrix.dtype) @ matrix
        feasible = np.ones(len(ranks), dtype=bool)
        for column in range(1, 1 + equalities):
            feasible &= values[:, column] == 0
        for column in range(1 + equalities, 1 + equalities + inequalities):
            feasible &= values[:, column] >= 0
        bad = values[:, 0] != 0 if self.equality else values[:, 0] < 0
        return np.nonzero(feasible & bad)[0]


def _choices(size: int, n: int, budget: int, seed: int) -> Iterator[Any]:
    """Candidate index arrays (chunks): every choice when there are at most ``budget``, else a seeded sample."""
    chunk = max(1, CHUNK_WORK >> n)
    if size**n <= budget:
        grid = np.indices((size,) * n).reshape(n, -1).T
        for start in range(0, len(grid), chunk):
            yield grid[start : start + chunk]
        return
    generator = np.random.default_rng(seed)
    for start in range(0, budget, chunk):
        yield generator.integers(0, size, size=(min(chunk, budget - start), n))


def _ranks(lattice: Lattice, choice: Any, deadline: Deadline, phase: str) -> Any:
    """Rank of the sum of the chosen subspaces for every mask: candidates x 2**n."""
    count, n = choice.shape
    sums = np.zeros((count, 1 << n), dtype=np.int64)
    for mask in range(1, 1 << n):
        if mask % CHECK_MASKS == 0:
            deadline.check(phase)
        low = (mask & -mask).bit_length() - 1
        sums[:, mask] = lattice.join[sums[:, mask & (mask - 1)], choice[:, low]]
    return lattice.dims[sums]


def linear_hits(screen: Screen, n: int, deadline: Deadline, phase: str) -> Iterator[tuple[int, int, list[Basis]]]:
    """(q, k, bases) of linear candidates whose integer ranks violate the screen, one per rank vector.

    >>> s = Screen({1: Fraction(1), 2: Fraction(-1)}, (), (), False)  # H(X) >= H(Y)
    >>> q, k, bases = next(linear_hits(s, 2, Deadline(None), "a test"))
    >>> q, k, bases
    (2, 1, [(), ((1,),)])

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

    Yields
    ------
    tuple of (int, int, list of Basis)
        (q, k, bases): the field size, the dimension and each variable's subspace, one candidate per rank
        vector violating the screen.

    Raises
    ------
    ProverTimeout
        The deadline passed.
    """
    for q, k in FIELDS:
        deadline.check(phase)
        lattice = subspace_lattice(q, k)
        seen: set[bytes] = set()
        budget = max(1, WORK_PER_FIELD >> n)
        for choice in _choices(len(lattice.bases), n, budget, seed=100 * q + k):
            deadline.check(phase)
            ranks = _ranks(lattice, choice, deadline, phase)
            for row in screen.violated(ranks, n):
                key = ranks[row].tobytes()
                if key not in seen:
                    seen.add(key)
                    yield q, k, [lattice.bases[int(i)] for i in choice[row]]


def linear_table(q: int, k: int, bases: Sequence[Basis]) -> dict[tuple[int, ...], Fraction]:
    """The exact joint table of the variables (labelled 0, 1, ... in order of appearance) over uniform sources.

    Parameters
    ----------
    q : int
        The field size.
    k : int
        The dimension of the uniform source vector over GF(q).
    bases : sequence of Basis
        Each variable's subspace (the variable is the source's projection on it).

    Returns
    -------
    dict of tuple of int to Fraction
        The exact joint table of the variables, labelled 0, 1, ... in order of appearance.

    Notes
    -----
    A variable given by a subspace of dimension d has H = d log q, and joint entropies are ranks of sums of
    subspaces.
    """
    labels: list[dict[tuple[int, ...], int]] = [{} for _ in bases]
    table: dict[tuple[int, ...], Fraction] = {}
    weight = Fraction(1, q**k)
    for source in product(range(q), repeat=k):
        outcome = []
        for position, basis in enumerate(bases):
            value = tuple(sum(a * b for a, b in zip(row, source)) % q for row in basis)
            outcome.append(labels[position].setdefault(value, len(labels[position])))
        table[tuple(outcome)] = table.get(tuple(outcome), Fraction(0)) + weight
    return table
