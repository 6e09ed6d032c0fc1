"""Verification engine: each catalogued result proved symbolically, checked exactly and numerically.

>>> import symkl as sk
>>> result = sk.verify("cross-entropy-decomposition", n=2)
>>> {method: entry.status for method, entry in result.methods.items()}
{'symbolic': 'passed', 'exact': 'passed', 'numeric': 'passed'}
>>> result.passed
True

A false statement fails with a counterexample:

>>> from symkl.identities import Identity
>>> wrong = Identity("wrong", "H(P, Q) = H(P) - D(P || Q)", "test", "pair", "==",
...                  lambda i: (sk.CrossEntropy(i.P, i.Q), sk.Entropy(i.P) - sk.KL(i.P, i.Q)))
>>> result = sk.verify(wrong, n=2)
>>> result.methods["exact"].status, result.passed
('failed', False)
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any, Literal

import sympy
from sympy import Expr

from .canonical import compare, decided_sign
from .distribution import Distribution
from .evaluation import exact_value
from .identities import CATALOGUE, Identity, Instance
from .proofs import (
    ProofStep,
    gibbs_proof,
    is_zero,
    nonnegative_entropy_proof,
    pinsker_binary_proof,
    steps_all_checked,
)

__all__ = ["MethodResult", "VerificationResult", "lookup", "verify"]

Status = Literal["passed", "failed", "not available"]


@dataclass
class MethodResult:
    """The outcome of one method: passed, failed (with a counterexample) or not available (with why)."""

    status: Status
    detail: str
    cases: int = 0
    counterexample: str | None = None
    steps: list[ProofStep] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "detail": self.detail,
            "cases": self.cases,
            "counterexample": self.counterexample,
            "steps": [str(step) for step in self.steps],
        }


@dataclass
class VerificationResult:
    """One entry per method (``symbolic``, ``exact``, ``numeric``) for one identity and size."""

    identity: Identity
    n: int
    methods: dict[str, MethodResult]

    @property
    def passed(self) -> bool:
        """No method failed and at least one passed."""
        statuses = [entry.status for entry in self.methods.values()]
        return "failed" not in statuses and "passed" in statuses

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.identity.name,
            "statement": self.identity.text,
            "source": self.identity.source,
            "n": self.n,
            "passed": self.passed,
            "methods": {name: entry.as_dict() for name, entry in self.methods.items()},
        }


def lookup(name: str) -> Identity:
    """The catalogued identity of this name; a KeyError suggests the closest names.

    >>> lookup("gibs")
    Traceback (most recent call last):
    ...
    KeyError: "unknown identity 'gibs'; did you mean: gibbs?"
    """
    if name in CATALOGUE:
        return CATALOGUE[name]
    import difflib

    close = difflib.get_close_matches(name, list(CATALOGUE), n=3, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}?" if close else "; see 'symkl list'"
    raise KeyError(f"unknown identity {name!r}{hint}")


# ---------------------------------------------------------------------------------------------
# helpers
def _sides(identity: Identity, instance: Instance) -> tuple[Expr, Expr]:
    lhs, rhs = identity.sides(instance)
    return exact_value(lhs), exact_value(rhs)


def _gap(identity: Identity, lhs: Expr, rhs: Expr) -> Expr:
    """The quantity that the relation says is 0 (==) or >= 0 (>=, <=)."""
    return rhs - lhs if identity.relation == "<=" else lhs - rhs


def _holds(identity: Identity, sign: int) -> bool:
    if identity.relation == "==":
        return sign == 0
    return sign >= 0 if identity.relation == ">=" else sign <= 0


def _exact_sign(lhs: Expr, rhs: Expr) -> tuple[int, str]:
    """compare(lhs, rhs) exactly, or at 60 digits for numbers outside the rational-log class (radicals)."""
    try:
        return compare(lhs, rhs), "exact"
    except ValueError:
        return decided_sign(lhs - rhs, 60) or 0, "60 digits"


def _describe(instance: Instance) -> str:
    parts = []
    for key, value in instance.values.items():
        if key == "n":
            continue
        if isinstance(value, Distribution):
            parts.append(f"{key} = ({', '.join(str(p) for p in value.probabilities)})")
        elif hasattr(value, "joint"):
            parts.append(f"{key} = {dict(zip(value.joint.outcomes, value.joint.probabilities))}")
        else:
            parts.append(f"{key} = {value}")
    return "; ".join(parts) if parts else "(fixed numbers)"


def _random_point(instance: Instance, rng: random.Random) -> dict[Any, Any]:
    """Exact rational values for the free symbols of a symbolic instance (entries stay in the simplex)."""
    point: dict[Any, Any] = {}
    for symbols, _ in instance.simplices:
        weights = [rng.randint(1, 9) for _ in range(len(symbols) + 1)]
        total = sum(weights)
        point.update({symbol: sympy.Rational(w, total) for symbol, w in zip(symbols, weights)})
    for symbol in instance.intervals:
        point[symbol] = sympy.Rational(rng.randint(1, 9), 10)
    for symbol in instance.positives:
        point[symbol] = sympy.Rational(rng.randint(1, 20), rng.randint(1, 5))
    return point


# ---------------------------------------------------------------------------------------------
# symbolic
def _symbolic(identity: Identity, n: int) -> MethodResult:
    size = identity.size(n)
    if identity.kind == "fixed":
        lhs, rhs = _sides(identity, identity.instance(size))
        sign, how = _exact_sign(lhs, rhs)
        ok = _holds(identity, sign)
        detail = f"both sides are exact numbers; canonical forms compared ({how})"
        return MethodResult("passed" if ok else "failed", detail, 1, None if ok else f"lhs = {lhs}, rhs = {rhs}")
    instance = identity.instance(size)
    if identity.proof == "limit":
        return _limit_proof(identity, instance)
    if identity.relation == "==":
        return _equality_proof(identity, instance, size)
    if identity.witness is not None:
        return _witness_proof(identity, instance, size)
    if identity.proof in ("gibbs", "entropy-nonnegative", "js-upper", "pinsker"):
        return _named_proof(identity, instance, size)
    return MethodResult("not available", "no symbolic proof is implemented for this result; see exact and numeric")


def _equality_proof(identity: Identity, instance: Instance, size: int) -> MethodResult:
    lhs, rhs = _sides(identity, instance)
    residual = lhs - rhs
    steps = [
        ProofStep("both sides written out from the definitions", f"symbolic distributions of size {size}", True),
        ProofStep(
            "lhs - rhs = 0",
            "log laws on positive arguments (expand_log), then expansion of products",
            is_zero(residual),
        ),
    ]
    if steps[-1].checked:
        scope = f"proved for symbolic distributions of size {size}"
        if identity.general_n:
            general = _general_n_steps(identity.name)
            steps += general
            if general and steps_all_checked(general):
                scope += " and for every n (Sum over an IndexedBase)"
        return MethodResult("passed", scope, 1, steps=steps)
    return _refute_or_unknown(identity, instance, residual, steps)


def _refute_or_unknown(identity: Identity, instance: Instance, residual: Expr, steps: list[ProofStep]) -> MethodResult:
    rng = random.Random(0)
    for _ in range(5):
        point = _random_point(instance, rng)
        value = residual.subs(point)
        if decided_sign(value) not in (0, None):
            shown = ", ".join(f"{k} = {v}" for k, v in point.items())
            return MethodResult("failed", "the residual is not 0", 1, f"{shown}: lhs - rhs = {value}", steps)
    return MethodResult(
        "not available", "SymPy could not reduce lhs - rhs to 0 and no counterexample was found", 0, steps=steps
    )


def _limit_proof(identity: Identity, instance: Instance) -> MethodResult:
    lhs, rhs = identity.sides(instance)
    alpha = next(symbol for symbol in lhs.free_symbols if symbol.name == "alpha")
    limit = sympy.limit(exact_value(lhs), alpha, 1)
    ok = is_zero(limit - exact_value(rhs))
    steps = [
        ProofStep("lim_{alpha -> 1} of the Renyi expression", "sympy.limit (L'Hopital on log(sum)/(1 - alpha))", True),
        ProofStep("the limit equals the Shannon quantity", "residual expands to 0", ok),
    ]
    if ok:
        return MethodResult("passed", f"proved for symbolic distributions of size {len(instance.P)}", 1, steps=steps)
    return MethodResult("failed", "the limit differs from the Shannon quantity", 1, str(limit), steps)


def _witness_proof(identity: Identity, instance: Instance, size: int) -> MethodResult:
    assert identity.witness is not None
    lhs, rhs = _sides(identity, instance)
    gap = _gap(identity, lhs, rhs)
    terms = identity.witness(instance)
    combination = sympy.Add(*(weight * exact_value(_kl(a, b)) for weight, a, b in terms))
    steps = [
        ProofStep(
            "the gap is a nonnegative combination of KL divergences: "
            + " + ".join(f"({weight}) D({a} || {b})" for weight, a, b in terms),
            "gap - combination expands to 0 (log laws, positive arguments)",
            is_zero(gap - combination),
        ),
        ProofStep(
            "every weight is nonnegative",
            ", ".join(str(weight) for weight, _, _ in terms),
            all(bool(sympy.sympify(weight).is_nonnegative) for weight, _, _ in terms),
        ),
        ProofStep(
            "every second argument is a distribution",
            "its entries sum to 1 identically (checked when it was built)",
            all(isinstance(b, Distribution) for _, _, b in terms),
        ),
    ]
    steps += gibbs_proof(terms[0][1].probabilities, terms[0][2].probabilities)
    status: Status = "passed" if steps_all_checked(steps) else "not available"
    detail = f"proved for symbolic distributions of size {size} by reduction to Gibbs' inequality"
    if status != "passed":
        detail = "the reduction to Gibbs' inequality could not be checked"
    return MethodResult(status, detail, 1, steps=steps)


def _kl(a: Distribution, b: Distribution) -> Any:
    from .unevaluated import KL

    return KL(a, b)


def _named_proof(identity: Identity, instance: Instance, size: int) -> MethodResult:
    if identity.proof == "gibbs":
        steps = gibbs_proof(instance.P.probabilities, instance.Q.probabilities)
        scope = "proved for every n (term by term, log x <= x - 1)"
    elif identity.proof == "entropy-nonnegative":
        steps = nonnegative_entropy_proof(instance.P.probabilities)
        scope = "proved for every n (term by term, 0 < p <= 1)"
    elif identity.proof == "js-upper":
        steps = _js_upper_steps()
        scope = "proved for every n (term by term, p/(p + q) <= 1)"
    else:
        steps = pinsker_binary_proof()
        scope = "proved for n = 2 (stationary point in q); larger n are checked exactly and numerically"
    status: Status = "passed" if steps_all_checked(steps) else "not available"
    return MethodResult(status, scope if status == "passed" else "a proof step could not be checked", 1, steps=steps)


def _js_upper_steps() -> list[ProofStep]:
    p, q = sympy.symbols("p q", positive=True)
    bound = sympy.log(2) - sympy.log(2 * p / (p + q))
    termwise = is_zero(bound - sympy.log((p + q) / p)) and bool(sympy.cancel((p + q) / p - 1).is_nonnegative)
    return [
        ProofStep(
            "log 2 - log(2p/(p + q)) = log((p + q)/p) >= 0",
            "log laws; (p + q)/p >= 1 because q >= 0, and log is increasing with log 1 = 0",
            termwise,
        ),
        ProofStep(
            "D(P || M) = sum p_i log(2 p_i/(p_i + q_i)) <= sum p_i log 2 = log 2",
            "the step above term by term (terms with p_i = 0 are 0), times p_i >= 0, and sum p_i = 1",
            termwise,
        ),
        ProofStep("D(Q || M) <= log 2", "the same argument with P and Q exchanged", termwise),
        ProofStep("JS(P, Q) = (D(P || M) + D(Q || M))/2 <= log 2", "the average of the two bounds", termwise),
    ]


def _general_n_steps(name: str) -> list[ProofStep]:
    """Proofs for every n with Sum over an IndexedBase, using only linearity and sum p_i = 1."""
    n = sympy.Symbol("n", integer=True, positive=True)
    i = sympy.Idx("i", (1, n))
    p, q = sympy.IndexedBase("p", positive=True), sympy.IndexedBase("q", positive=True)
    log = sympy.log
    # lhs - rhs = sum_i (summand) + outside, written from the definitions with sums over i = 1..n
    differences = {
        "cross-entropy-decomposition": (-p[i] * log(q[i]) - (-p[i] * log(p[i]) + p[i] * log(p[i] / q[i])), 0),
        "change-of-base": (-p[i] * log(p[i]) / log(2) - (-p[i] * log(p[i])) / log(2), 0),
        "entropy-from-uniform": (-p[i] * log(p[i]) + p[i] * log(p[i] * n), -log(n)),
    }
    if name not in differences:
        return []
    summand, outside = differences[name]
    expanded = sympy.expand(sympy.expand_log(summand, force=True))
    coefficient = sympy.cancel(expanded / p[i])  # the summand is coefficient * p_i, coefficient free of i
    total = sympy.expand(coefficient * 1 + outside)  # sum_i coefficient * p_i = coefficient, as sum_i p_i = 1
    return [
        ProofStep(
            "lhs - rhs = sum_i (lhs_i - rhs_i) + (terms outside the sums)",
            "linearity of Sum over the same index range 1..n",
            True,
        ),
        ProofStep(
            f"the summand is ({coefficient}) p_i with a coefficient free of i",
            "log laws on positive p_i, q_i",
            not coefficient.has(i),
        ),
        ProofStep(
            f"lhs - rhs = ({coefficient}) sum_i p_i + ({outside}) = {total}",
            "sum_i p_i = 1",
            not coefficient.has(i) and total == 0,
        ),
    ]


# ---------------------------------------------------------------------------------------------
# exact
def _exact(identity: Identity, n: int, samples: int, seed: int) -> MethodResult:
    if identity.proof == "limit":
        return MethodResult("not available", "a limit in alpha has no exact finite instance; see symbolic and numeric")
    rng = random.Random(seed)
    size = identity.size(n)
    cases, how_seen = 0, set()
    count = 1 if identity.kind == "fixed" else samples
    instances = [identity.instance(size, rng) for _ in range(count)]
    equality_instances = []
    if identity.equality_case is not None:
        equality_instances = [identity.equality_case(rng, size) for _ in range(max(2, samples // 10))]
    labelled = [(instance, False) for instance in instances] + [(instance, True) for instance in equality_instances]
    for instance, expected_equal in labelled:
        lhs, rhs = _sides(identity, instance)
        sign, how = _exact_sign(lhs, rhs)
        how_seen.add(how)
        cases += 1
        if not _holds(identity, sign) or (expected_equal and sign != 0):
            reason = (
                "equality case is not an equality" if expected_equal and _holds(identity, sign) else "relation fails"
            )
            return MethodResult("failed", reason, cases, f"{_describe(instance)}: lhs = {lhs}, rhs = {rhs}")
    method = " and ".join(sorted(how_seen))
    extra = f", {len(equality_instances)} of them equality cases" if equality_instances else ""
    return MethodResult(
        "passed", f"{cases} random rational instances (zeros included{extra}); signs decided {method}", cases
    )


# ---------------------------------------------------------------------------------------------
# numeric
def _numeric(identity: Identity, n: int, samples: int, seed: int) -> MethodResult:
    import numpy as np

    from .numeric import lambdify

    size = identity.size(n)
    instance = identity.instance(size)
    lhs, rhs = _sides(identity, instance)
    symbols = [s for group, _ in instance.simplices for s in group] + instance.intervals + instance.positives
    alpha = [s for s in (lhs.free_symbols | rhs.free_symbols) if s.name == "alpha"]
    arguments = symbols + alpha
    left, right = lambdify(arguments, lhs), lambdify(arguments, rhs)
    generator = np.random.default_rng(seed)
    for case in range(1, samples + 1):
        values: list[float] = []
        for group, zeros in instance.simplices:
            draw = generator.dirichlet(np.ones(len(group) + 1))
            if zeros and identity.zeros:
                # zeros only among the free entries: the last one is 1 - sum and must not round below 0
                draw[:-1][generator.random(len(draw) - 1) < 0.25] = 0
                if draw.sum() == 0:
                    draw[0] = 1
                draw /= draw.sum()
            values.extend(draw[:-1])
        values += list(generator.uniform(0.05, 0.95, len(instance.intervals)))
        positive = generator.exponential(1.0, len(instance.positives))
        positive[generator.random(len(positive)) < 0.2] = 0
        values += list(positive)
        points = [[*values, 1 + 1e-7], [*values, 1 - 1e-7]] if alpha else [values]
        for point in points:
            a, b = float(left(*point)), float(right(*point))
            tolerance = (1e-5 if alpha else 1e-9) * max(1.0, abs(a), abs(b))
            if math.isnan(a) or math.isnan(b):
                return MethodResult("failed", "nan", case, f"at {point}: lhs = {a}, rhs = {b}")
            if math.isinf(a) or math.isinf(b):
                ok = _holds(identity, (a > b) - (a < b))
            elif identity.relation == "==":
                ok = abs(a - b) <= tolerance
            else:
                ok = (a - b >= -tolerance) if identity.relation == ">=" else (b - a >= -tolerance)
            if not ok:
                return MethodResult("failed", "relation fails numerically", case, f"at {point}: lhs = {a}, rhs = {b}")
    detail = f"{samples} random float instances through sk.lambdify (zeros included)"
    if alpha:
        detail += ", at alpha = 1 +- 1e-7"
    return MethodResult("passed", detail, samples)


def verify(
    identity: str | Identity,
    n: int = 2,
    samples: int = 20,
    seed: int = 0,
    methods: tuple[str, ...] = ("symbolic", "exact", "numeric"),
) -> VerificationResult:
    """Verify a catalogued (or user-made) identity for distributions of size n by every method.

    Statuses: ``passed``; ``failed`` with a counterexample; ``not available``
    with the reason (never reported as passed).
    """
    entry = lookup(identity) if isinstance(identity, str) else identity
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if entry.kind == "function" and n < 2:
        raise ValueError("this result needs n >= 2")
    results: dict[str, MethodResult] = {}
    if "symbolic" in methods:
        results["symbolic"] = _symbolic(entry, n)
    if "exact" in methods:
        results["exact"] = _exact(entry, n, samples, seed)
    if "numeric" in methods:
        results["numeric"] = _numeric(entry, n, samples * 2, seed) if entry.kind != "fixed" else _fixed_numeric(entry)
    return VerificationResult(entry, entry.size(n), results)


def _fixed_numeric(identity: Identity) -> MethodResult:
    lhs, rhs = _sides(identity, identity.instance(1))
    a, b = float(lhs), float(rhs)
    ok = abs(a - b) <= 1e-12 * max(1.0, abs(a))
    return MethodResult(
        "passed" if ok else "failed", "float evaluation of both sides", 1, None if ok else f"{a} vs {b}"
    )
