"""Checked proof steps: every step is a claim that SymPy verifies, never an assertion taken on trust.

>>> steps = log_inequality_lemma()
>>> all(step.checked for step in steps)
True
>>> print(steps[0])
[checked] f(x) = x - 1 - log(x) vanishes at x = 1: f(1) = 0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy
from sympy import Expr, Symbol, log

from .canonical import canonical
from .terms import entr, rel_entr, xlogy

__all__ = [
    "ProofStep",
    "equality_residual",
    "gibbs_proof",
    "log_inequality_lemma",
    "nonnegative_entropy_proof",
    "pinsker_binary_proof",
]


@dataclass(frozen=True)
class ProofStep:
    """One step of a proof: what is claimed, the rule applied, and whether SymPy confirmed it."""

    claim: str
    justification: str
    checked: bool

    def __str__(self) -> str:
        mark = "checked" if self.checked else "NOT CHECKED"
        return f"[{mark}] {self.claim}: {self.justification}"


def is_zero(expr: Expr) -> bool:
    """Whether an expression in logs of positive quantities is identically 0 (targeted rewrites only).

    >>> x = sympy.Symbol("x", positive=True)
    >>> is_zero(sympy.log(2 * x) - sympy.log(2) - sympy.log(x)), is_zero(sympy.log(x))
    (True, False)
    """
    residual = equality_residual(expr)
    if residual == 0:
        return True
    if not residual.free_symbols:
        try:
            return bool(canonical(residual) == 0)
        except ValueError:
            return False
    return False


def _oriented(factor: Expr) -> tuple[Expr, int]:
    """factor or -factor, whichever has a positive constant term (else a positive leading coefficient)."""
    constant = factor.as_coeff_Add()[0] if factor.is_Add else (factor if factor.is_number else 0)
    if constant != 0:
        return (factor, 1) if constant > 0 else (sympy.expand(-factor), -1)
    leading = sympy.Poly(factor, *sorted(factor.free_symbols, key=str)).LC() if factor.free_symbols else factor
    return (factor, 1) if leading > 0 else (sympy.expand(-factor), -1)


def split_log(argument: Expr) -> Expr:
    """log of a positive rational function of positive quantities, as a sum of logs of its factors.

    Each irreducible factor is oriented so that it is one of the positive
    quantities it stands for (1 - a1 - a2 rather than a1 + a2 - 1); the
    numeric part goes to its canonical form. Falls back to log(argument)
    when the orientation does not account for the sign.

    >>> a, b = sympy.symbols("a b", positive=True)
    >>> split_log(2 * a / (a - 1) / (b - 1))
    log(a) - log(1 - a) - log(1 - b) + log(2)
    """
    try:
        return _split_rational_log(argument)
    except sympy.PolynomialError:  # not a rational function (exp, say): the plain log laws
        return sympy.expand_log(sympy.log(argument), force=True)


def _split_rational_log(argument: Expr) -> Expr:
    numerator, denominator = sympy.fraction(sympy.together(argument))
    terms: list[Expr] = []
    sign = 1
    constant = sympy.Integer(1)
    for part, direction in ((numerator, 1), (denominator, -1)):
        coefficient, factors = sympy.factor_list(sympy.expand(part))
        constant *= coefficient**direction
        for factor, multiplicity in factors:
            oriented, flip = _oriented(factor)
            sign *= flip**multiplicity
            terms.append(direction * multiplicity * sympy.log(oriented))
    constant *= sign
    if not constant.is_positive or not constant.is_Rational:
        return sympy.log(argument)
    return canonical(sympy.log(constant)) + sympy.Add(*terms)


def equality_residual(expr: Expr) -> Expr:
    """expr with 0 log 0 terms as logs, every log split into logs of positive factors, coefficients cancelled.

    Zero exactly when the identity holds for all positive values of the symbols.
    """
    rewritten = expr.rewrite(sympy.log) if expr.has(xlogy, entr, rel_entr) else expr
    rewritten = rewritten.replace(lambda e: isinstance(e, sympy.log), lambda e: split_log(e.args[0]))
    expanded = sympy.expand(rewritten)
    logs = sorted(expanded.atoms(sympy.log), key=sympy.default_sort_key)
    parts = sympy.collect(expanded, logs, evaluate=False)
    return sympy.Add(*(sympy.cancel(coefficient) * key for key, coefficient in parts.items()))


def log_inequality_lemma() -> list[ProofStep]:
    """log x <= x - 1 for x > 0, with equality only at x = 1: f(x) = x - 1 - log x is convex with f(1) = f'(1) = 0."""
    x = Symbol("x", positive=True)
    f = x - 1 - log(x)
    first, second = sympy.diff(f, x), sympy.diff(f, x, 2)
    stationary = sympy.solve(sympy.Eq(first, 0), x)
    from sympy.calculus.util import minimum

    steps = [
        ProofStep("f(x) = x - 1 - log(x) vanishes at x = 1", "f(1) = 0", f.subs(x, 1) == 0),
        ProofStep(
            "f'(x) = 1 - 1/x has the single zero x = 1 on x > 0",
            f"solve(f'(x) = 0) = {stationary}",
            sympy.cancel(first - (1 - 1 / x)) == 0 and stationary == [1],
        ),
        ProofStep("f''(x) = 1/x**2 > 0 for x > 0", "f is strictly convex", bool(second.is_positive)),
        ProofStep(
            "min of f over x > 0 is 0",
            "sympy.calculus.util.minimum(f, x, (0, oo))",
            minimum(f, x, sympy.Interval.open(0, sympy.oo)) == 0,
        ),
    ]
    steps.append(
        ProofStep(
            "log x <= x - 1 for every x > 0, equality only at x = 1",
            "f >= min f = 0; a strictly convex function has at most one minimiser, x = 1",
            steps_all_checked(steps),
        )
    )
    return steps


def gibbs_proof(P: Sequence[Expr], Q: Sequence[Expr]) -> list[ProofStep]:
    """D(P || Q) >= 0 term by term from log x <= x - 1 (Cover & Thomas, Theorem 2.6.3)."""
    steps = log_inequality_lemma()
    lemma_ok = all(step.checked for step in steps)
    i = sympy.Idx("i")
    p, q = sympy.IndexedBase("p", positive=True), sympy.IndexedBase("q", positive=True)
    x = Symbol("x", positive=True)
    f = x - 1 - log(x)
    bound = p[i] * (q[i] / p[i] - 1) - p[i] * log(q[i] / p[i])
    termwise = sympy.expand(bound - p[i] * f.subs(x, q[i] / p[i])) == 0
    steps.append(
        ProofStep(
            "p_i log(q_i/p_i) <= p_i (q_i/p_i - 1) = q_i - p_i for every i with p_i > 0",
            "the lemma at x = q_i/p_i, times p_i > 0: the gap is p_i f(q_i/p_i)",
            termwise and lemma_ok,
        )
    )
    total = sympy.cancel(sympy.together(sympy.Add(*Q) - sympy.Add(*P)))
    steps.append(
        ProofStep(
            "-D(P || Q) = sum p_i log(q_i/p_i) <= sum q_i - sum p_i = 0",
            f"summing the terms; sum q - sum p = {total} for these distributions (terms with p_i = 0 add 0 <= q_i)",
            total == 0,
        )
    )
    steps.append(
        ProofStep(
            "D(P || Q) = 0 only if q_i = p_i for every i",
            "each gap p_i f(q_i/p_i) is 0 only at q_i/p_i = 1 (lemma); then sum over the support of P is 1 = sum q",
            steps_all_checked(steps),
        )
    )
    return steps


def nonnegative_entropy_proof(P: Sequence[Expr]) -> list[ProofStep]:
    """H(P) >= 0: each -p log p >= 0 because 0 < p <= 1 (Cover & Thomas, Lemma 2.1.1)."""
    t = Symbol("t", positive=True)
    increasing = bool(sympy.diff(log(t), t).is_positive)
    total = sympy.expand(sympy.Add(*P) - 1)
    return [
        ProofStep("log is increasing on t > 0", "d/dt log t = 1/t > 0", increasing),
        ProofStep("log 1 = 0", "evaluation", log(1) == 0),
        ProofStep(
            "0 < p_i <= 1 for every entry",
            f"entries are nonnegative and sum to 1 (sum - 1 = {total})",
            total == 0,
        ),
        ProofStep(
            "-p_i log p_i >= 0 for every i, so H(P) >= 0",
            "log p_i <= log 1 = 0 by monotonicity, times p_i >= 0 (and 0 log 0 = 0)",
            increasing and total == 0,
        ),
    ]


def pinsker_binary_proof() -> list[ProofStep]:
    """D(Bern(p) || Bern(q)) >= 2 (p - q)**2 by a stationary point in q (Pinsker for n = 2, nats)."""
    p, q = sympy.symbols("p q", positive=True)
    g = p * log(p / q) + (1 - p) * log((1 - p) / (1 - q)) - 2 * (p - q) ** 2
    derivative = sympy.diff(g, q)
    factored = (q - p) * (2 * q - 1) ** 2 / (q * (1 - q))
    r = Symbol("r", positive=True)  # stands for 1 - q > 0
    steps = [
        ProofStep("g(q) = D(Bern(p) || Bern(q)) - 2 (p - q)**2 vanishes at q = p", "g(p) = 0", g.subs(q, p) == 0),
        ProofStep(
            "g'(q) = (q - p) (2q - 1)**2 / (q (1 - q))",
            "derivative, checked by cancelling the difference",
            sympy.cancel(derivative - factored) == 0,
        ),
        ProofStep(
            "(2q - 1)**2 / (q (1 - q)) >= 0 for 0 < q < 1",
            "a square over a product of positive numbers q and 1 - q",
            bool(((2 * q - 1) ** 2 / (q * r)).is_nonnegative),
        ),
    ]
    steps.append(
        ProofStep(
            "g decreases for q < p and increases for q > p, so g(q) >= g(p) = 0",
            "the sign of g' is the sign of q - p",
            steps_all_checked(steps),
        )
    )
    steps.append(
        ProofStep(
            "D(P || Q) >= 2 TV(P, Q)**2 for n = 2",
            "TV(Bern(p), Bern(q)) = |p - q|, and |p - q|**2 = (p - q)**2",
            steps_all_checked(steps) and sympy.expand(sympy.Abs(p - q) ** 2 - (p - q) ** 2) == 0,
        )
    )
    return steps


def steps_all_checked(steps: Sequence[ProofStep]) -> bool:
    """True when every step was confirmed."""
    return all(step.checked for step in steps)
