"""Worked derivation of D(X || Y) for random variables: honest about what the kernel proves."""

import math
from pathlib import Path

import scipy.integrate
import sympy
from sympy.stats import Exponential, Normal

import symkl as sk
import symkl.continuous
from symkl.render.worked import derive_kl_rv


def test_derive_kl_rv_lives_in_the_derivation_layer():
    assert sk.derive_kl_rv is derive_kl_rv
    assert not hasattr(symkl.continuous, "derive_kl_rv")
    source = Path(symkl.continuous.__file__).read_text()
    assert "from .derivation" not in source and "import derivation" not in source


def test_log_laws_are_proved_the_expectation_is_flagged():
    l1, l2 = sympy.symbols("l1 l2", positive=True)
    derivation = derive_kl_rv(Exponential("X", l1), Exponential("Y", l2))
    rows = [row for row in derivation.rows if row.value is not None]
    assert rows[1].verdict == "proved" and rows[1].theorem.rule == "rewrite"
    assert rows[-1].verdict == "unknown" and "no kernel rule" in rows[-1].evidence
    assert not derivation.proved  # SymPy's integration is not a kernel rule
    assert "UNPROVED" in derivation.to_text() and "UNPROVED" in derivation.to_latex()
    # the value shown is right: independent quadrature of p log(p/q) at l1 = 2, l2 = 3
    value = float(rows[-1].value.subs({l1: 2, l2: 3}))
    reference, _ = scipy.integrate.quad(lambda x: 2 * math.exp(-2 * x) * (math.log(2 / 3) + x), 0, math.inf)
    assert abs(value - reference) < 1e-9


def test_normal_rows_are_typeset():
    m1, m2 = sympy.symbols("m1 m2", real=True)
    s1, s2 = sympy.symbols("s1 s2", positive=True)
    derivation = derive_kl_rv(Normal("X", m1, s1), Normal("Y", m2, s2))
    assert derivation.rows[-1].value == sk.kl_divergence(Normal("X", m1, s1), Normal("Y", m2, s2))
    assert "\\mathbb{E}" in derivation.to_document() and "**" not in derivation.to_text()
