"""Statements about distributions: ``H(P,Q) = H(P) + D(P||Q)``, ``D(P||M) + D(Q||M) = 2 JS(P,Q)``.

Distributions are symbolic of size n (``P`` has entries p1, ..., 1 - p1 - ...; ``M`` is the mixture
(P + Q)/2). Equalities are proved by the kernel (every measure unfolded, then ``rewrite``); anything
else is checked exactly on random rational instances ("checked", not proved) or refuted by one.

>>> r = prove_distribution_statement("H(P,Q) = H(P) + D(P||Q)", 3)
>>> r.verdict, r.theorem.rule
('proved', 'rewrite')
>>> prove_distribution_statement("D(P||Q) <= D(Q||P)", 2).verdict
'refuted'
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import sympy

from ..errors import InvalidStatement, KernelError
from ..exact.canonical import compare
from ..exact.distribution import Distribution
from ..proof import kernel as K  # noqa: N812 (the kernel is K throughout symkl)
from ..proof.catalogue import prove as catalogue_prove
from ..proof.identities import Instance, identities
from ..proof.lemmas import by_witness
from ..statements import unevaluated as u
from .grammar import Divergence, Statement, parse_statement
from .result import ProofResult

__all__ = ["prove_distribution_statement"]

INSTANCES = 20


def _distributions(names: set[str], n: int) -> dict[str, Any]:
    if not isinstance(n, int) or n < 2:
        raise InvalidStatement(f"--n must be an integer >= 2, got {n!r}")
    lowered = [name.lower() for name in names]
    table = {  # P and p are two distributions: their entries are named apart (P1.. and p1..)
        name: Distribution.symbolic(n, name.lower() if lowered.count(name.lower()) == 1 else name, name=name)
        for name in sorted(names - {"M"})
    }
    if "M" in names:
        if not {"P", "Q"} <= set(table):
            raise InvalidStatement("M stands for the mixture (P + Q)/2: use it together with P and Q")
        mixed = [(a + b) / 2 for a, b in zip(table["P"].probabilities, table["Q"].probabilities)]
        table["M"] = Distribution(mixed, name="M")
    return table


def _measure(term: Divergence, table: dict[str, Any]) -> Any:
    cls = {"H": u.Entropy, "CE": u.CrossEntropy, "KL": u.KL, "JS": u.JS}[term.kind]
    return cls(*(table[name] for name in term.distributions))


def _side(pairs: Any, table: dict[str, Any]) -> Any:
    return sympy.Add(*(sympy.Rational(c.numerator, c.denominator) * _measure(t, table) for t, c in pairs))


def _relation(statement: Statement, lhs: Any, rhs: Any) -> Any:
    return {"<=": sympy.Le, ">=": sympy.Ge, "=": sympy.Eq}[statement.relation](lhs, rhs, evaluate=False)


def _kernel_proof(statement: Statement, lhs: Any, rhs: Any, table: dict[str, Any]) -> Any:
    if statement.relation != "=":
        return _witness_proof(statement, lhs, rhs, table) or _catalogued(_relation(statement, lhs, rhs), table)
    measures = sorted(lhs.atoms(sympy.Expr) | rhs.atoms(sympy.Expr), key=sympy.default_sort_key)
    unfolds = []
    for measure in measures:
        try:
            unfolds.append(K.unfold(measure))
        except KernelError:
            continue
    facts = [fact for d in table.values() for fact in getattr(d, "assumptions", ())]
    try:
        return K.rewrite(lhs, rhs, facts=facts, using=unfolds)
    except KernelError:
        return None


def _catalogued(claim: Any, table: dict[str, Any]) -> Any:
    """The catalogue's own proof of a typed statement that is one of its results on these distributions (the
    same engine as ``sk.verify``): each entry about one or two distributions is stated on P (and Q), and
    the strategy runs only when that statement is the typed one, exactly."""
    pairs = [("one", {"P": table[name]}) for name in table] + [
        ("pair", {"P": table[a], "Q": table[b]}) for a in table for b in table if a != b
    ]
    for entry in identities():
        for kind, values in pairs:
            if entry.kind != kind or entry.proof is None:
                continue
            size = len(next(iter(values.values())).probabilities)
            simplices = [(tuple(d.probabilities[:-1]), False) for d in values.values()]  # the last is 1 - the rest
            instance = Instance({"n": size, **values}, simplices=simplices)
            try:
                if entry.claim(instance) != claim:
                    continue
                return catalogue_prove(entry, instance).theorem
            except (KernelError, KeyError, AttributeError):
                continue
    return None


def _witness_proof(statement: Statement, lhs: Any, rhs: Any, table: dict[str, Any]) -> Any:
    """An inequality whose gap is a nonnegative combination of divergences D(X || Y) between its distributions,
    as the catalogue proves Gibbs-type results: floats at random points propose the weights (rational, small
    denominators), and the kernel checks the combination exactly (lemmas.by_witness); None when none is found."""
    gap = rhs - lhs if statement.relation == "<=" else lhs - rhs
    candidates = dict(table)
    named = sorted(table)
    for position, first in enumerate(named):  # the mixtures too: JS(P, Q) = (D(P||M) + D(Q||M))/2
        for second in named[position + 1 :]:
            mixed = [(a + b) / 2 for a, b in zip(table[first].probabilities, table[second].probabilities)]
            if len(mixed) == len(table[second].probabilities) and f"({first}+{second})/2" not in candidates:
                candidates[f"({first}+{second})/2"] = Distribution(mixed, name="M")
    names = sorted(candidates)
    pairs = [(a, b) for a in names for b in names if a != b]
    if not pairs:  # one distribution: no divergence to combine (and SciPy's nnls aborts on an empty matrix)
        return None
    generator = random.Random(11)
    rows, targets = [], []
    for _ in range(len(pairs) + 4):
        values = _instance(table, generator)
        point = [float(sympy.N(u.KL(candidates[a], candidates[b]).doit().subs(values), 30)) for a, b in pairs]
        rows.append(point)
        targets.append(float(sympy.N(gap.doit().subs(values), 30)))
    import numpy as np
    from scipy.optimize import nnls

    weights, residual = nnls(np.array(rows), np.array(targets))
    if residual > 1e-9 * (1 + float(np.abs(targets).max())):
        return None
    terms = [
        (sympy.Rational(Fraction(float(w)).limit_denominator(1000)), candidates[a], candidates[b])
        for w, (a, b) in zip(weights, pairs)
        if w > 1e-9
    ]
    if not terms:
        return None
    facts = [fact for d in table.values() for fact in getattr(d, "assumptions", ())]
    try:
        return by_witness(_relation(statement, lhs, rhs), terms, facts).theorem
    except KernelError:
        return None


def _instance(table: dict[str, Any], generator: random.Random) -> dict[sympy.Symbol, sympy.Rational]:
    values: dict[sympy.Symbol, sympy.Rational] = {}
    for name, distribution in table.items():
        if name == "M":
            continue
        symbols = [p for p in distribution.probabilities if isinstance(p, sympy.Symbol)]
        weights = [generator.randint(1, 9) for _ in range(len(symbols) + 1)]
        for symbol, weight in zip(symbols, weights):
            values[symbol] = sympy.Rational(weight, sum(weights))
    return values


def _check(statement: Statement, lhs: Any, rhs: Any, table: dict[str, Any]) -> tuple[bool, dict[str, Any] | None]:
    generator = random.Random(7)
    for _ in range(INSTANCES):
        values = _instance(table, generator)
        left, right = (side.doit().subs(values) for side in (lhs, rhs))
        sign = compare(left, right)
        if not {"<=": sign <= 0, ">=": sign >= 0, "=": sign == 0}[statement.relation]:
            instance = {name: [str(p.subs(values)) for p in d.probabilities] for name, d in table.items()}
            return False, {"distributions": instance, "lhs": str(left), "rhs": str(right)}
    return True, None


def prove_distribution_statement(text: str, n: int) -> Any:
    """The ProofResult for a statement about distributions of size n.

    Parameters
    ----------
    text : str
        The statement, in the prover's grammar.
    n : int
        The size of the distributions.

    Returns
    -------
    ProofResult
        The result: a proof, a counterexample or neither.
    """
    statement = parse_statement(text, distributions=True)
    table = _distributions(statement.names(), n)
    lhs, rhs = _side(statement.lhs, table), _side(statement.rhs, table)
    result = ProofResult(text, (), "unknown")
    theorem = _kernel_proof(statement, lhs, rhs, table)
    if theorem is not None:
        result.theorem, result.theorems, result.verdict = theorem, (theorem,), "proved"
        result.checks = {"n": n}
        return result
    holds, counterexample = _check(statement, lhs, rhs, table)
    result.checks = {"n": n, "exact_instances": INSTANCES, "all_hold": holds}
    if counterexample is not None:
        result.checks["counterexample"] = counterexample
    result.verdict = "checked" if holds else "refuted"
    return result
