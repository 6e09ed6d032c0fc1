"""Verification engine: each catalogued result proved symbolically, checked exactly and numerically.

>>> import symkl as sk
>>> result = sk.verify("cross-entropy-decomposition", n=2)
>>> {method: entry.status for method, entry in result.methods.items()}
{'symbolic': 'proved', 'exact': 'passed', 'numeric': 'passed'}
>>> result.verdict, result.passed
('proved', True)
>>> result.methods["symbolic"].detail
'kernel theorem for symbolic distributions of size 2 (entries > 0) and for every n'

A named proof proves only what its theorem states: a borrowed strategy is not a proof.

>>> from symkl.proof.identities import Identity
>>> borrowed = Identity("borrowed", "D(P || Q) <= 0", "test", "pair", "<=",
...                     lambda i: (sk.KL(i.P, i.Q), 0), proof="gibbs")
>>> sk.verify(borrowed, n=2).methods["symbolic"].status
'not proved'

A false statement fails with a counterexample:

>>> wrong = Identity("wrong", "H(P, Q) = H(P) - D(P || Q)", "test", "pair", "==",
...                  lambda i: (sk.CrossEntropy(i.P, i.Q), sk.Entropy(i.P) - sk.KL(i.P, i.Q)))
>>> result = sk.verify(wrong, n=2)
>>> result.methods["exact"].status, result.passed
('failed', False)
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import sympy
from sympy import Expr

from ..errors import InvalidInput, KernelError
from ..exact.canonical import compare, decided_sign
from ..exact.distribution import Distribution
from ..exact.html import table
from ..exact.printing import escape_text, latex, relation_symbol, text
from ..numeric.lambdify import lambdify
from ..statements.evaluation import exact_value
from .catalogue import prove, prove_general
from .identities import CATALOGUE, Identity, Instance, general_instance
from .kernel import Theorem, show
from .lemmas import Proof

__all__ = ["MethodResult", "VerificationResult", "lookup", "theorem_text", "verify"]

Status = Literal["proved", "not proved", "passed", "failed", "not available"]


@dataclass
class MethodResult:
    """The outcome of one method.

    ``symbolic``: proved (a kernel Theorem whose statement is the claim) or
    not proved (why); ``exact``/``numeric``: passed (a check on samples, not
    a proof), failed (with a counterexample) or not available (why).

    Parameters
    ----------
    status : {"proved", "not proved", "passed", "failed", "not available"}
        The outcome.
    detail : str
        What was done, or why not.
    cases : int, optional
        How many samples were checked (exact and numeric methods).
    counterexample : str, optional
        A failing instance, when ``status`` is ``"failed"``.
    theorem : Theorem, optional
        The kernel theorem, when ``status`` is ``"proved"``.
    general : Theorem, optional
        A kernel theorem for every size n, when one exists.
    sizes : str, optional
        The sizes the proof covers, in words.
    """

    status: Status
    detail: str
    cases: int = 0
    counterexample: str | None = None
    theorem: Theorem | None = None
    general: Theorem | None = None
    sizes: str = ""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": self.status,
            "detail": self.detail,
            "cases": self.cases,
            "counterexample": self.counterexample,
        }
        if self.theorem is not None:
            data["theorem"] = repr(self.theorem)
            data["assumptions"] = [show(fact) for fact in self.theorem.hypotheses()]
            data["proved_for"] = self.sizes
        return data


@dataclass
class VerificationResult:
    """One entry per method (``symbolic``, ``exact``, ``numeric``) for one identity and size.

    Parameters
    ----------
    identity : Identity
        The catalogued result.
    n : int
        The size verified.
    methods : dict
        Method name -> its result (``status``, ``detail``, ``theorem``, ``sizes``, ``cases``).
    """

    identity: Identity
    n: int
    methods: dict[str, MethodResult]

    @property
    def statement(self) -> str:
        """What was verified, printed from the mathematics (the proved Theorem's statement, else the claim),
        never the identity's own text, which is only a label."""
        symbolic = self.methods.get("symbolic")
        if symbolic is not None and symbolic.theorem is not None:
            return show(symbolic.theorem.statement)
        try:
            return show(self.identity.statement(self.n))
        except Exception:  # a user's sides function that fails: the label is all there is
            return f"(as written) {self.identity.text}"

    @property
    def text(self) -> str:
        """:attr:`statement` as the human printer writes it: ``D_KL(P ‖ Q) ≥ 0`` (ASCII under
        :func:`~symkl.exact.printing.ascii_output`); ``statement`` stays ASCII for JSON and parsing."""
        symbolic = self.methods.get("symbolic")
        if symbolic is not None and symbolic.theorem is not None:
            return text(symbolic.theorem.statement)
        try:
            return text(self.identity.statement(self.n))
        except Exception:  # a user's sides function that fails: the label is all there is
            return f"(as written) {self.identity.text}"

    @property
    def verdict(self) -> str:
        """``proved`` (kernel Theorem), ``checked`` (samples only), ``failed`` or ``unknown``."""
        statuses = [entry.status for entry in self.methods.values()]
        if "failed" in statuses:
            return "failed"
        if "proved" in statuses:
            return "proved"
        return "checked" if "passed" in statuses else "unknown"

    @property
    def passed(self) -> bool:
        """No method failed and at least one proved or passed (see :attr:`verdict` for which)."""
        return self.verdict in ("proved", "checked")

    def __repr__(self) -> str:
        methods = ", ".join(f"{name} {entry.status}" for name, entry in self.methods.items())
        return f"<VerificationResult {self.identity.name} (n = {self.n}): {self.verdict}; {methods}>"

    def _repr_latex_(self) -> str:
        """The statement (printed from the theorem or the claim) and one line per method, for notebooks."""
        symbolic = self.methods.get("symbolic")
        try:
            relation = symbolic.theorem.statement if symbolic and symbolic.theorem else self.identity.statement(self.n)
            statement = latex(relation)
        except Exception:  # a user's sides function that fails: the label is all there is
            statement = rf"\text{{{escape_text(self.identity.text)}}}"
        lines = [rf"\text{{{escape_text(self.identity.name)}: }} {statement}"]
        for name, entry in self.methods.items():
            lines.append(rf"\text{{{escape_text(f'{name}: {entry.status}, {entry.detail}')}}}")
        lines.append(rf"\text{{verdict: {escape_text(self.verdict)} (n = {self.n})}}")
        return "$$\\begin{array}{l} " + r" \\ ".join(lines) + " \\end{array}$$"

    def _repr_html_(self) -> str:
        """In a notebook: the statement and verdict as the caption, then a table of methods, every cell escaped.

        >>> import symkl as sk
        >>> print(sk.verify("gibbs", samples=2)._repr_html_().splitlines()[1])
        <caption ...>gibbs: D_KL(P ‖ Q) ≥ 0, proved (n = 2)</caption>
        """
        rows = [[name, entry.status, entry.detail] for name, entry in self.methods.items()]
        caption = f"{self.identity.name}: {self.text}, {self.verdict} (n = {self.n})"
        return table(["method", "status", "detail"], rows, caption, what="methods")

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.identity.name,
            "statement": self.statement,
            "text": self.text,
            "as_written": self.identity.text,
            "source": self.identity.source,
            "n": self.n,
            "verdict": self.verdict,
            "passed": self.passed,
            "methods": {name: entry.as_dict() for name, entry in self.methods.items()},
        }


def theorem_text(theorem: Theorem) -> str:
    """A theorem as the human printer writes it: ``a1 > 0, 1 - a1 > 0 ⊢ D_KL(P ‖ Q) ≥ 0`` (ASCII ``|-``, ``>=``,
    ``||`` under :func:`~symkl.exact.printing.ascii_output`); its ``repr`` is the kernel's ASCII form.

    Parameters
    ----------
    theorem : Theorem
        A kernel theorem.

    Returns
    -------
    str
        Its hypotheses and statement in the human printer's notation.
    """
    facts = ", ".join(text(fact) for fact in theorem.hypotheses())
    shown = f"{relation_symbol('|-')} {text(theorem.statement)}"
    return f"{facts} {shown}" if facts else shown


def lookup(name: str) -> Identity:
    """The catalogued identity of this name; a KeyError suggests the closest names.

    >>> lookup("gibs")
    Traceback (most recent call last):
    ...
    KeyError: "unknown identity 'gibs'; did you mean: gibbs?"

    Parameters
    ----------
    name : str
        The name of an identity (``symkl list`` shows them all).

    Returns
    -------
    Identity
        The catalogue's entry.

    Raises
    ------
    KeyError
        No identity has this name; the message suggests the closest names.
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


def _holds(identity: Identity, sign: int) -> bool:
    if identity.relation == "==":
        return sign == 0
    return sign >= 0 if identity.relation == ">=" else sign <= 0


def _exact_sign(lhs: Expr, rhs: Expr) -> tuple[int | None, str]:
    """compare(lhs, rhs) exactly; outside the rational-log class, from up to 1000 digits, else None (undecided)."""
    try:
        return compare(lhs, rhs), "exact"
    except ValueError:
        pass
    for digits in (60, 250, 1000):
        decided = decided_sign(lhs - rhs, digits)
        if decided is not None:
            return decided, f"{digits} digits"
    return None, "undecided"


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
#: Proves a catalogue entry on an instance: the catalogue's strategies, or an engine that adds more.
Engine = Callable[[Identity, Instance], Proof]


def _symbolic(identity: Identity, n: int, engine: Engine = prove) -> MethodResult:
    size = identity.size(n)
    instance = identity.instance(size)
    claim = identity.claim(instance)
    try:
        proof = engine(identity, instance)
    except KernelError as error:
        return _not_proved(identity, instance, claim, f"no kernel proof: {error}")
    if proof.theorem.statement != claim:
        shown = show(proof.theorem.statement)
        return MethodResult("not proved", f"the proposed proof proves {shown}, not the statement", 0)
    where = "closed numbers" if identity.kind == "fixed" else f"symbolic distributions of size {size} (entries > 0)"
    sizes = "this statement" if identity.kind == "fixed" else f"n = {size}"
    detail = f"kernel theorem for {where}"
    if size != n:
        detail += f"; the result is stated for n = {size} only, not for n = {n}"
    general = _general(identity)
    if general is not None:
        detail += " and for every n"
        sizes += " and every n"
    return MethodResult("proved", detail, 1, theorem=proof.theorem, general=general, sizes=sizes)


def _general(identity: Identity) -> Theorem | None:
    try:
        proof = prove_general(identity)
    except KernelError:
        return None
    if proof is None or proof.theorem.statement != identity.claim(general_instance()):
        return None
    return proof.theorem


def _not_proved(identity: Identity, instance: Instance, claim: Any, why: str) -> MethodResult:
    """No theorem: for an equality, look for a point where the two sides differ (then it failed)."""
    if identity.relation == "==" and identity.kind != "fixed" and identity.proof != "limit":
        try:
            lhs, rhs = _sides(identity, instance)
        except Exception:
            return MethodResult("not proved", why, 0)
        rng = random.Random(0)
        for _ in range(5):
            point = _random_point(instance, rng)
            value = (lhs - rhs).subs(point)
            if decided_sign(value) not in (0, None):
                shown = ", ".join(f"{k} = {v}" for k, v in point.items())
                return MethodResult("failed", "the two sides differ", 1, f"{shown}: lhs - rhs = {value}")
    return MethodResult("not proved", why, 0)


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
        if sign is None:
            return MethodResult("not available", "too close to tell at 1000 digits: not decided", cases)
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


MAX_SIZE = 8  #: the largest n verify takes (symbolic distributions with 8 entries; the CLI's bound too)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def verify(
    identity: str | Identity,
    n: int = 2,
    samples: int = 20,
    seed: int = 0,
    methods: tuple[str, ...] = ("symbolic", "exact", "numeric"),
    engine: Engine = prove,
) -> VerificationResult:
    """Verify a catalogued (or user-made) identity for distributions of size n by every method.

    ``engine`` finds the symbolic proof: the catalogue's strategies here; ``sk.verify`` (in
    :mod:`symkl.prover.engine`) adds the Shannon prover, as ``sk.prove`` does.

    ``symbolic`` is ``proved`` only by a kernel Theorem whose statement is
    the claim itself, for the sizes it names; ``exact`` and ``numeric`` are
    checks on samples (``passed``), never proofs; ``failed`` comes with a
    counterexample; ``not available`` / ``not proved`` with the reason.

    >>> verify(None)
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: verify takes a catalogue name (see 'symkl list') or an Identity, got NoneType
    >>> verify("gibbs", n=10**6)
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: n must be an integer from 1 to 8 (symbolic distributions of that size), got 1000000
    >>> verify("gibbs", samples=-1)
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: samples must be an integer from 1 to 100000, got -1

    Parameters
    ----------
    identity : str or Identity
        A catalogue name, or an :class:`~symkl.proof.identities.Identity` made by the user.
    n : int, optional
        The number of outcomes of the distributions, 1 to 8 (default 2).
    samples : int, optional
        How many random instances the exact and numeric checks draw, 1 to 100000 (default 20).
    seed : int, optional
        The seed of the random instances (default 0).
    methods : tuple of str, optional
        Which of ``"symbolic"``, ``"exact"``, ``"numeric"`` to run (default all three).
    engine : callable, optional
        ``engine(entry, instance)`` returns a kernel proof or raises; default the catalogue's strategies.

    Returns
    -------
    VerificationResult
        The outcome of each method (a :class:`MethodResult` each), with the claim.

    Raises
    ------
    InvalidInput
        `identity` is neither a name nor an Identity, or `n` or `samples` is out of range.
    KeyError
        No identity has this name.
    ValueError
        The result needs n >= 2.
    """
    if not isinstance(identity, (str, Identity)):
        kind = type(identity).__name__
        raise InvalidInput(f"verify takes a catalogue name (see 'symkl list') or an Identity, got {kind}")
    if isinstance(samples, bool) or not isinstance(samples, int) or not 1 <= samples <= 100_000:
        raise InvalidInput(f"samples must be an integer from 1 to 100000, got {samples!r}")
    entry = lookup(identity) if isinstance(identity, str) else identity
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_SIZE:
        raise InvalidInput(
            f"n must be an integer from 1 to {MAX_SIZE} (symbolic distributions of that size), got {_short(n)}"
        )
    if entry.kind == "function" and n < 2:
        raise ValueError("this result needs n >= 2")
    results: dict[str, MethodResult] = {}
    if "symbolic" in methods:
        results["symbolic"] = _symbolic(entry, n, engine)
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
