"""Fixtures shared by the tests."""

import pytest

import symkl as sk


@pytest.fixture
def worked_example() -> tuple[sk.Distribution, sk.Distribution, sk.Distribution]:
    """The article's truth A and models B, C."""
    return (
        sk.Distribution(["1/2", "1/2"], name="A"),
        sk.Distribution(["1/4", "3/4"], name="B"),
        sk.Distribution(["1/8", "7/8"], name="C"),
    )
