"""The prover's normalisation, column generation and multi-scale rebuild: proof size does not depend on how a
statement is scaled or written, coefficient ratios of 10**12 are proved, and false statements never are.

Han's inequality at n = 12 is in ``benchmarks/prover.py``; here n <= 10 keeps every test under a few seconds.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from symkl.prover import lp
from symkl.prover.api import prove
from symkl.prover.certificate import Certificate, Witness, search
from symkl.prover.forms import gap_form
from symkl.prover.grammar import parse_statement
from symkl.prover.lp import Problem, normalise

BIG = 10**12


def _names(n: int) -> list[str]:
    return [f"X{i}" for i in range(1, n + 1)]


def _rest(n: int) -> list[str]:
    names = _names(n)
    return [f"H({','.join(x for x in names if x != y)})" for y in names]


def _all(n: int) -> str:
    return f"H({','.join(_names(n))})"


def han_forms(n: int) -> list[str]:
    """Han's inequality written six ways: the README's, summed, both sides swapped, scaled up and down, reordered."""
    rest = _rest(n)
    return [
        f"{_all(n)} <= 1/{n - 1} ({' + '.join(rest)})",
        f"{' + '.join(rest)} >= {n - 1} {_all(n)}",
        f"{n - 1} {_all(n)} <= {' + '.join(reversed(rest))}",
        f"{BIG * (n - 1)} {_all(n)} <= {' + '.join(f'{BIG} {r}' for r in rest)}",
        f"1/1000000000 ({' + '.join(rest)}) >= {n - 1}/1000000000 {_all(n)}",
        f"{' + '.join(rest[::2])} - {n - 1} {_all(n)} >= {' + '.join(f'-{r}' for r in rest[1::2])}",
    ]


def _certificate(text: str) -> Certificate:
    statement = parse_statement(text)
    problem = Problem(sorted(statement.names()), gap_form(statement), [])
    found = search(problem, problem.gap)
    assert isinstance(found, Certificate) and found.check()
    return found


@pytest.mark.parametrize("n", [4, 6, 8])
def test_han_has_one_proof_size_however_it_is_written(n: int) -> None:
    sizes = {len(_certificate(text)) for text in han_forms(n)}
    assert sizes == {n * (n - 1) // 2}  # the chain rule's proof, the shortest, in every form


def test_han_at_n_10_is_proved_in_both_forms_within_60_terms_and_checked_by_the_kernel() -> None:
    for text in han_forms(10)[:2]:
        result = prove(text, copies=False)
        assert result.verdict == "proved" and result.theorem is not None
        assert all(c.check() for c in result.certificates)
        assert len(result.certificates[0]) <= 60


def test_normalise_gives_coprime_integers_and_the_factor_back() -> None:
    form = {frozenset("X"): Fraction(BIG), frozenset("Y"): Fraction(-3, 7), frozenset("XY"): Fraction(1, 10**9)}
    factor, primitive = normalise(form)
    assert factor > 0 and all(v.denominator == 1 for v in primitive.values())
    assert np.gcd.reduce([int(v) for v in primitive.values()]) == 1
    assert {k: factor * v for k, v in primitive.items()} == form
    assert normalise({k: v * Fraction(5, 3) for k, v in form.items()})[1] == primitive


@pytest.mark.parametrize(
    "text",
    [
        f"{BIG} H(A,B) <= {BIG} H(A) + {BIG} H(B) + H(C)",
        "H(A,B) <= H(A) + H(B) + 1/1000000000000 H(C)",
        f"{BIG} I(A;B|C) + H(D|A) >= 0",
        f"{BIG} H(B|A) + I(A;B) >= 1/{BIG} I(A;B)",
        f"{BIG} H(A,B,C) <= {BIG} H(A,B) + {BIG} H(C) + I(A;C|B)",
        f"1/{BIG} H(A) <= 1/{BIG} H(A,B)",
    ],
)
def test_coefficient_ratios_of_10_to_the_12_are_proved_exactly(text: str) -> None:
    result = prove(text, copies=False, timeout=20)
    assert result.verdict == "proved" and result.theorem is not None
    assert all(c.check() for c in result.certificates)


@pytest.mark.parametrize(
    "text",
    [
        f"{BIG} H(A,B) <= {BIG} H(A) + {BIG} H(B) - H(C)",  # false by 1 part in 10**12
        "H(A,B) <= H(A) + H(B) - 1/1000000000000 H(C)",
        f"{BIG} I(A;B) <= {BIG} I(A;B|C) + I(A;C)",  # false for A = B = C a bit
        f"5 {_all(5)} <= {' + '.join(f'{BIG - 1}/{BIG} {r}' for r in _rest(5))}",  # Han, short by 10**-12
        f"{_all(6)} <= 1/6 ({' + '.join(_rest(6))})",  # Han with 1/n for 1/(n - 1)
    ],
)
def test_false_statements_at_every_scale_are_never_proved(text: str) -> None:
    result = prove(text, copies=False, timeout=20)
    assert result.verdict != "proved" and result.theorem is None
    statement = parse_statement(text)
    problem = Problem(sorted(statement.names()), gap_form(statement), [])
    found = search(problem, problem.gap)
    assert not isinstance(found, Certificate)


def test_column_generation_from_an_empty_pool_proves_and_refutes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the seed and with a small pool, the pool grows by pricing until the LP decides."""
    monkeypatch.setattr(lp, "POOL_ALL", 0)
    monkeypatch.setattr(lp, "seed", lambda problem, coordinates: np.array([], dtype=np.int64))
    assert len(_certificate(han_forms(6)[1])) == 15
    statement = parse_statement(f"{_all(6)} <= 1/6 ({' + '.join(_rest(6))})")
    problem = Problem(sorted(statement.names()), gap_form(statement), [])
    witness = search(problem, problem.gap)
    assert isinstance(witness, Witness) and witness.gap_value < 0
    h = {frozenset(subset): value for subset, value in witness.as_dict()["h"]}
    h[frozenset()] = 0
    masks, coefficients = problem.elemental_arrays()
    for row, signs in zip(masks, coefficients):  # every elemental >= 0 at the witness, in integers
        assert sum(int(c) * h[frozenset(problem.names(int(m)))] for m, c in zip(row, signs)) >= 0


def test_the_elemental_arrays_match_the_elementals() -> None:
    problem = Problem(_names(6), {}, [])
    masks, coefficients = problem.elemental_arrays()
    for k, elemental in enumerate(problem.elementals):
        vector: dict[int, int] = {}
        for mask, value in zip(masks[k], coefficients[k]):
            if value:
                vector[int(mask)] = vector.get(int(mask), 0) + int(value)
        assert vector == problem.elemental_vector(elemental)
