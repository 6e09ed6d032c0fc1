"""``prove(statement, given=(), n=None)``: proved (a kernel Theorem), refuted (a distribution), or neither.

>>> r = prove("H(X,Y) <= H(X) + H(Y)")
>>> r.verdict, r.exit_code, r.theorem
('proved', 0, |- H(X, Y) <= H(X) + H(Y))
>>> r = prove("I(X;Y|Z) <= I(X;Y)")
>>> r.verdict, r.counterexample.as_dict()["probabilities"][0]
('refuted', [[0, 0, 0], '1/4'])
>>> prove("2 I(C;D) <= I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B)", copies=False).verdict
'not-shannon-type'
>>> prove("2 I(C;D) <= I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B)").checks["copy"]
'A1 a copy of A over C, D'
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from ..errors import InvalidStatement
from ..proof import kernel as K  # noqa: N812 (the kernel is K throughout symkl)
from .bound import prove_affine
from .certificate import Certificate, search
from .copies import MAX_VARIABLES as MAX_COPY_VARIABLES
from .copies import candidates
from .deadline import Deadline, ProverTimeout
from .distributions import prove_distribution_statement
from .forms import Form, constraint_forms, gap_form
from .grammar import Markov, Statement, is_distribution_text, parse_constraint, parse_statement
from .kernel_bridge import constraint_relations, kernel_proof, relation
from .lp import Problem
from .render import oriented
from .result import EXIT_CODES, ProofResult
from .search import find_counterexample
from .sympy_input import statement_text

__all__ = ["EXIT_CODES", "ProofResult", "ProverTimeout", "prove"]


def _parse_given(given: str | Sequence[Any], seen: dict[str, Any] | None = None) -> list[Statement | Markov]:
    items = [given] if isinstance(given, str) else list(given)
    return [item if isinstance(item, (Statement, Markov)) else parse_constraint(_text(item, seen)) for item in items]


def _text(value: Any, seen: dict[str, Any] | None = None) -> str:
    """Typed text as it is; SymPy input as text, its variables' names checked to identify one object each."""
    if isinstance(value, str):
        return value
    return statement_text(value, seen)


#: The most random variables a statement may name: n variables give 2**n - 1 joint entropies and
#: n + C(n, 2) 2**(n - 2) elemental inequalities (373,000 at 14; 24 variables once took 9.3 GB).
MAX_VARIABLES = 14


def _problem(statement: Statement, constraints: Sequence[Statement | Markov]) -> tuple[Problem, list[Any], list[Any]]:
    names = set(statement.names()).union(*(c.names() for c in constraints))
    if len(names) > MAX_VARIABLES:
        raise InvalidStatement(
            f"the statement and its constraints name {len(names)} random variables; the prover takes at most "
            f"{MAX_VARIABLES} (2**n - 1 joint entropies and about n**2 2**(n - 3) elemental inequalities)"
        )
    variables = sorted(names)
    forms, sources, facts = [], [], []
    for constraint in constraints:
        relations = constraint_relations(constraint)
        for (kind, form, source), fact in zip(constraint_forms(constraint), relations):
            forms.append((kind, form))
            sources.append((source, f"Markov chain {constraint}" if isinstance(constraint, Markov) else "given"))
            facts.append(fact)
    return Problem(variables, gap_form(statement), forms), sources, facts


#: The largest size of the symbolic distributions of a distribution statement (as for verify).
MAX_DISTRIBUTION_SIZE = 8


def prove(
    statement: str | Any,
    given: str | Sequence[Any] = (),
    n: int | None = None,
    timeout: float | None = None,
    copies: bool = True,
    base: Any = None,
) -> ProofResult:
    """Prove, refute, or classify a linear information inequality (or an identity of distributions).

    Distribution mode (``H(P,Q) = H(P) + D(P||Q)``) is used when ``n`` is given or a divergence (D, KL, JS)
    appears; ``n`` is then the size of the distributions. ``timeout`` (seconds) is checked inside every
    long phase (HiGHS gets the time left as its ``time_limit``); past it, :class:`ProverTimeout` is raised.
    An inequality that Shannon's inequalities do not prove is tried with one copy of some of its variables
    (the copy lemma, :mod:`symkl.prover.copies`) unless ``copies=False``; "not-shannon-type" then means
    "not proved by Shannon's inequalities nor by the copies tried", never "false".
    Constants (``H(X) <= 1``, in the statement or its constraints) are in nats unless ``base`` is given
    (``base=2``: bits); such statements are proved through the exact optimum of :mod:`symkl.prover.bound`.

    Parameters
    ----------
    statement : str or sympy.Relational
        A linear inequality or identity of entropies and mutual informations (``"I(X;Z) <= I(X;Y)"``, rational
        coefficients, constants), or of measures of distributions (``"H(P,Q) = H(P) + D(P||Q)"``); read by a strict
        grammar, never evaluated.
    given : str or sequence of str, optional
        Constraints: Markov chains ``"X -> Y -> Z"`` and equalities or inequalities of the same grammar.
    n : int, optional
        The size of the distributions, for statements about distributions.
    timeout : float, optional
        Seconds; past it :class:`~symkl.prover.deadline.ProverTimeout` is raised.
    copies : bool, optional
        Try the copy lemma when Shannon's inequalities do not suffice (default ``True``).
    base : optional
        Unit of the constants in the statement (nats by default; ``2`` for bits).

    Returns
    -------
    ProofResult
        ``verdict`` (``proved``, ``refuted``, ``not-shannon-type``, ``unknown``, ``checked``) with its evidence:
        ``theorem`` and ``certificate`` and ``derivation`` (proved), ``counterexample`` (refuted), ``witness``
        (not-shannon-type).

    Raises
    ------
    InvalidStatement
        The text cannot be parsed (the message gives the position) or has more than 14 random variables.
    ProverTimeout
        ``timeout`` passed.
    """
    start = time.monotonic()
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_DISTRIBUTION_SIZE):
        raise InvalidStatement(
            f"n must be an integer from 1 to {MAX_DISTRIBUTION_SIZE} (symbolic distributions of that size), got {n!r}"[
                :200
            ]
        )
    deadline = Deadline(timeout)
    seen: dict[str, Any] = {}  # name -> variable, shared by the statement and its constraints
    text = _text(statement, seen)
    if n is not None or is_distribution_text(text):
        if given if isinstance(given, str) else list(given):
            raise InvalidStatement(
                "given constraints apply to random-variable statements (H(X|Y), I(X;Y)); "
                "a statement about distributions P, Q takes none"
            )
        result = prove_distribution_statement(text, n if n is not None else 2)
        result.seconds = time.monotonic() - start
        return result
    parsed = parse_statement(text)
    if not parsed.names():  # "2 <= 3": nothing for the prover (it decides inequalities of entropies)
        raise InvalidStatement(f"{text!r} names no random variable: write entropies such as H(X) or I(X;Y)")
    constraints = _parse_given(given, seen)
    if parsed.affine or any(isinstance(c, Statement) and c.affine for c in constraints):
        result = prove_affine(parsed, constraints, base, text)
        result.seconds = time.monotonic() - start
        return result
    problem, sources, facts = _problem(parsed, constraints)
    result = ProofResult(text, tuple(str(c) for c in constraints), "unknown", _parsed=(parsed, constraints, sources))
    directions: list[tuple[str, Form]] = [(parsed.relation, problem.gap)]
    if parsed.relation == "=":
        directions = [(">=", problem.gap), ("<=", {k: -v for k, v in problem.gap.items()})]
    certificates: list[Certificate] = []
    for _, gap in directions:
        found = search(problem, gap, deadline)
        if isinstance(found, Certificate):
            certificates.append(found)
            continue
        result.counterexample = find_counterexample(parsed, constraints, deadline)  # false: found fast
        beyond = result.counterexample is None and copies and parsed.relation != "="
        if beyond and _by_copies(result, parsed, constraints, problem, deadline):  # beyond Shannon: one copy
            result.seconds = time.monotonic() - start
            return result
        result.witness = found
        # "not Shannon-type" needs its evidence, an exact checked polymatroid witness; without it: unknown
        if result.counterexample is not None:
            result.verdict = "refuted"
        else:
            result.verdict = "not-shannon-type" if found is not None else "unknown"
        result.seconds = time.monotonic() - start
        return result
    _attach_theorems(result, parsed, directions, certificates, facts, deadline)
    result.seconds = time.monotonic() - start
    return result


def _by_copies(
    result: ProofResult,
    parsed: Statement,
    constraints: Sequence[Statement | Markov],
    problem: Problem,
    deadline: Deadline,
) -> bool:
    """Beyond Shannon: Shannon's inequalities on the variables and one copy of some of them (Zhang and Yeung's
    copy lemma), tried over a small budget of copies; the kernel discharges the copy's facts."""
    if problem.n > MAX_COPY_VARIABLES:
        return False
    tried = 0
    for plan in candidates(problem.variables):
        deadline.check("the copy search")
        copied = [*constraints, *(parse_constraint(text) for text in plan.constraint_texts(problem.variables))]
        enlarged, sources, facts = _problem(parsed, copied)
        tried += 1
        found = search(enlarged, enlarged.gap, deadline)
        if not isinstance(found, Certificate):
            continue
        proof = kernel_proof(relation(parsed), found, facts)
        copies, over = plan.symbols()
        theorem = K.copy_lemma(proof.theorem, copies, over)
        own = len(sources) - len(plan.constraint_texts(problem.variables))  # the statement's own constraints
        sources = [*sources[:own], *((source, f"copy lemma: {plan}") for source, _ in sources[own:])]
        result.certificates, result.theorem, result.theorems = (found,), theorem, (theorem,)
        result._parsed, result._proofs, result._facts = (
            (parsed, copied, sources),
            ((parsed, found, proof),),
            tuple(facts),
        )
        result._copy = plan
        result.checks = {"copy": str(plan), "copies_tried": tried}
        result.verdict = "proved"
        return True
    result.checks = {"copies_tried": tried}  # "not Shannon-type" then means: nor with one of these copies
    return False


def _attach_theorems(
    result: ProofResult,
    parsed: Statement,
    directions: list[tuple[str, Form]],
    certificates: list[Certificate],
    facts: list[Any],
    deadline: Deadline,
) -> None:
    """Kernel proofs row by row: one chain of equalities when the constraints alone give an equality."""
    first = certificates[0]
    single = parsed.relation != "=" or (not first.terms and all(kind == "eq" for _, _, kind, _ in first.multipliers))
    parts = (
        [(parsed, first)] if single else [(oriented(parsed, kind), c) for (kind, _), c in zip(directions, certificates)]
    )
    proofs = []
    for statement, certificate in parts:
        deadline.check("the kernel check")
        proofs.append((statement, certificate, kernel_proof(relation(statement), certificate, facts)))
    result.certificates = tuple(c for _, c in parts)
    result._proofs, result._facts = tuple(proofs), tuple(facts)
    result.theorems = tuple(proof.theorem for _, _, proof in proofs)
    result.theorem = result.theorems[0] if single else None
    result.verdict = "proved"
