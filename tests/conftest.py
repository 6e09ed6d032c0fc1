"""Shared test settings: hypothesis profiles and the worked example."""

import os

import pytest
from hypothesis import HealthCheck, settings

import symkl as sk

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "thorough", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def worked_example() -> tuple[sk.Distribution, sk.Distribution, sk.Distribution]:
    """The article's truth A and models B, C."""
    return (
        sk.Distribution(["1/2", "1/2"], name="A"),
        sk.Distribution(["1/4", "3/4"], name="B"),
        sk.Distribution(["1/8", "7/8"], name="C"),
    )
