"""Hypothesis profiles, registered before the plugin reads --hypothesis-profile.

`ci` (200 examples, derandomized) is the default under CI=true, `dev` (50) otherwise;
`python -m pytest --hypothesis-profile=thorough` runs 10,000 examples per property; `paranoid` (50,
derandomized) is CI's second pass with SYMKL_PARANOID=1.
"""

import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "database": None}
settings.register_profile("ci", max_examples=200, derandomize=True, **_COMMON)
settings.register_profile("dev", max_examples=50, **_COMMON)
settings.register_profile("thorough", max_examples=10_000, **_COMMON)
# the second CI pass, with SYMKL_PARANOID=1: every Theorem is also evaluated, so fewer examples
settings.register_profile("paranoid", max_examples=50, derandomize=True, **_COMMON)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def pdflatex() -> str:
    """The pdflatex executable: required under CI (.ci/run installs texlive-latex-base), else the test skips."""
    path = shutil.which("pdflatex")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("pdflatex is missing in CI: .ci/run must install texlive-latex-base")
        pytest.skip("pdflatex is not installed (apt-get install texlive-latex-base); CI installs it")
    return path
