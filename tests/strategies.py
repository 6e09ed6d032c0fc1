"""Hypothesis strategies: random exact rational distributions, zeros included."""

from fractions import Fraction

from hypothesis import strategies as st

import symkl as sk


@st.composite
def weights(draw, size: int, allow_zero: bool = True) -> list[int]:
    low = 0 if allow_zero else 1
    values = draw(st.lists(st.integers(low, 10**6), min_size=size, max_size=size))
    if sum(values) == 0:
        values[draw(st.integers(0, size - 1))] = 1
    return values


def from_weights(values: list[int]) -> sk.Distribution:
    total = sum(values)
    return sk.Distribution([Fraction(v, total) for v in values])


@st.composite
def distributions(draw, size: int | None = None, allow_zero: bool = True) -> sk.Distribution:
    n = size if size is not None else draw(st.integers(1, 6))
    return from_weights(draw(weights(n, allow_zero)))


@st.composite
def pairs(draw, allow_zero: bool = True, positive_q: bool = False) -> tuple[sk.Distribution, sk.Distribution]:
    n = draw(st.integers(1, 6))
    P = draw(distributions(n, allow_zero))
    Q = draw(distributions(n, allow_zero and not positive_q))
    return P, Q
