"""Exact rational linear algebra for rebuilding LP answers: rounding candidates and a sparse exact solve.

>>> solve_exact([{0: Fraction(1), 1: Fraction(1)}, {1: Fraction(1)}], {0: Fraction(3), 1: Fraction(1)})
[Fraction(3, 1), Fraction(-2, 1)]
>>> rationalize([0.3333333333, 0.5], 1000)
[Fraction(1, 3), Fraction(1, 2)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

__all__ = ["rationalize", "solve_exact"]

#: Denominator bounds tried, in order, when reading floats from the LP as fractions.
DENOMINATORS = (1, 2, 6, 12, 60, 840, 2520, 10**4, 10**6)


def rationalize(values: Iterable[float], max_denominator: int) -> list[Fraction]:
    """Each float as the nearest fraction with denominator at most max_denominator (a candidate, to be checked).

    Parameters
    ----------
    values : iterable of float
        The floating-point values.
    max_denominator : int
        The largest denominator allowed.

    Returns
    -------
    list of Fraction
        The candidate fractions.
    """
    return [Fraction(value).limit_denominator(max_denominator) for value in values]


def solve_exact(columns: Sequence[dict[int, Fraction]], target: dict[int, Fraction]) -> list[Fraction] | None:
    """x with sum_k x_k * columns[k] == target exactly (free variables set to 0), or None when inconsistent.

    Columns and target are sparse {row: value}; the reduced row echelon form is computed by SymPy's sparse
    ``DomainMatrix`` over QQ (gmpy2 rationals when installed), exactly.

    Parameters
    ----------
    columns : sequence of dict of int to Fraction
        The sparse columns of the system.
    target : dict of int to Fraction
        The sparse right-hand side.

    Returns
    -------
    list of Fraction or None
        The exact solution, or None when the system is inconsistent.
    """
    from sympy import QQ
    from sympy.polys.matrices import DomainMatrix
    from sympy.polys.matrices.sdm import SDM

    width = len(columns)
    rows: dict[int, dict[int, Any]] = {}
    for k, column in enumerate(columns):
        for row, value in column.items():
            if value:
                rows.setdefault(row, {})[k] = QQ(value.numerator, value.denominator)
    for row, value in target.items():
        if value:
            rows.setdefault(row, {})[width] = QQ(value.numerator, value.denominator)
    index = {row: position for position, row in enumerate(sorted(rows))}
    matrix = SDM({index[row]: entries for row, entries in rows.items()}, (len(index), width + 1), QQ)
    reduced, pivots = DomainMatrix.from_rep(matrix).rref()
    if width in pivots:
        return None
    solution = [Fraction(0)] * width
    echelon = reduced.to_sdm()
    for position, column in enumerate(pivots):
        value = echelon.get(position, {}).get(width)
        if value is not None:
            solution[column] = Fraction(int(value.numerator), int(value.denominator))
    return solution
