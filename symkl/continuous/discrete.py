"""Finite and countable ``sympy.stats`` variables through the exact discrete measures.

>>> from sympy.stats import Die
>>> _finite_table(Die("D", 2))
{1: 1/2, 2: 1/2}
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import Expr, Piecewise, S

from ..exact.distribution import Distribution
from ..exact.terms import xlogy
from .families import MAX_OUTCOMES, _family, _kind, _label, _support

__all__: list[str] = []  # helpers of symkl.continuous.measures


_TWO_OUTCOMES = frozenset({"BernoulliDistribution", "CoinDistribution", "RademacherDistribution"})


def _outcome_bound(variable: Any) -> int:
    """An upper bound on the number of outcomes, read off the parameters (building the support can take minutes).

    Every finite family of sympy.stats has at most (largest integer parameter + 1) outcomes, or as many as
    the table or list it was given.

    >>> from sympy.stats import Binomial, Die, FiniteRV
    >>> _outcome_bound(Binomial("X", 10**4, 1)), _outcome_bound(Die("D", 6)), _outcome_bound(FiniteRV("F", {7: 1}))
    (10001, 6, 1)
    """
    distribution = variable.pspace.distribution
    if type(distribution).__name__ in _TWO_OUTCOMES:
        return 2
    if type(distribution).__name__ == "DieDistribution" and isinstance(distribution.args[0], sympy.Integer):
        return int(distribution.args[0])
    bound = 0
    for argument in distribution.args:
        if isinstance(argument, (sympy.Dict, sympy.Tuple, sympy.FiniteSet, dict, tuple, list)):
            bound = max(bound, len(argument))
        elif isinstance(argument, sympy.Integer):
            bound = max(bound, abs(int(argument)) + 1)
        elif isinstance(argument, sympy.Expr) and argument.free_symbols and argument.is_integer:
            raise NotImplementedError(f"{variable} ~ {_family(variable)} has a symbolic number of outcomes")
    return bound


def _finite_table(variable: Any) -> dict[Any, Expr]:
    """outcome -> probability of a finite random variable, refused beyond MAX_OUTCOMES outcomes."""
    from sympy.stats import density

    bound = _outcome_bound(variable)
    if bound > MAX_OUTCOMES:
        raise NotImplementedError(
            f"{_label(variable)} has up to {bound} outcomes; symkl sums at most {MAX_OUTCOMES} "
            "outcomes term by term (symkl.continuous.MAX_OUTCOMES) and knows no closed form for this pair"
        )
    return dict(density(variable).items())


def _key(outcome: Any) -> Any:
    return int(outcome) if isinstance(outcome, sympy.Integer) else str(outcome)


def _as_distribution(variable: Any, name: str) -> Any:
    """The exact Distribution of a finite random variable."""
    return _distribution_on(_finite_table(variable), None, name)


def _distribution_on(table: dict[Any, Expr], outcomes: list[Any] | None, name: str) -> Any:
    """A table as a Distribution on the given outcomes (probability 0 off its own)."""

    outcomes = list(table) if outcomes is None else outcomes
    return Distribution({_key(k): table.get(k, S.Zero) for k in outcomes}, name=name)


def _union_of_outcomes(first: dict[Any, Expr], second: dict[Any, Expr]) -> list[Any]:
    """The outcomes of both tables, numbers in increasing order (else the first's order, then the second's new ones).

    >>> from sympy import Integer
    >>> _union_of_outcomes({Integer(0): 1, Integer(2): 0}, {Integer(-1): 1, Integer(0): 0})
    [-1, 0, 2]
    """
    outcomes = list(first) + [k for k in second if k not in first]
    if all(isinstance(k, sympy.Rational) for k in outcomes):
        outcomes.sort()
    return outcomes


def _aligned(first: Any, second: Any) -> tuple[Any, Any]:
    """Both finite variables as Distributions on the union of their outcomes."""
    tables = _finite_table(first), _finite_table(second)
    outcomes = _union_of_outcomes(*tables)
    return _distribution_on(tables[0], outcomes, "P"), _distribution_on(tables[1], outcomes, "Q")


def _binomial_kl_nats(first: Any, second: Any) -> Expr | None:
    """D(Bin(n, p) || Bin(n, q)) for any n, or None when the pair is not of that form.

    The log-ratio log(p(k)/q(k)) = k log(p/q) + (n - k) log((1 - p)/(1 - q)) (the binomial coefficients
    cancel) is linear in k, and E[k] = n p (k is a sum of n Bernoulli(p) trials), so no sum is needed.

    >>> from sympy import Rational
    >>> from sympy.stats import Binomial
    >>> _binomial_kl_nats(Binomial("X", 10**4, Rational(1, 2)), Binomial("Y", 10**4, Rational(1, 3)))
    5000*log(3/4) + 5000*log(3/2)
    """
    one, other = first.pspace.distribution, second.pspace.distribution
    if not (type(one).__name__ == type(other).__name__ == "BinomialDistribution"):
        return None
    (n, p, success, failure), (m, q, success2, failure2) = one.args, other.args
    if n != m or (success, failure) != (success2, failure2):
        return None
    if not all(value.is_positive for value in (p, 1 - p, q, 1 - q)):
        return None
    return n * p * sympy.log(p / q) + n * (1 - p) * sympy.log((1 - p) / (1 - q))


def _log_probability(value: Expr) -> Expr:
    return sympy.expand(sympy.expand_log(sympy.log(value), force=True))


def _discrete_sum(pairs: list[tuple[Expr, Expr]], kl: bool) -> Expr:
    """sum p (log p - log q) (kl) or -sum p log q over (p, q) pairs; 0 log 0 = 0 and oo where q = 0 < p.

    >>> from sympy import Rational, exp
    >>> _discrete_sum([(Rational(1, 2), exp(-2)), (Rational(1, 2), 2 * exp(-2))], kl=True)
    2 - 3*log(2)/2
    """

    total, unsure = S.Zero, []
    for p, q in pairs:
        if p.is_zero:
            continue
        if q.is_zero:
            if p.is_positive:
                return S.Infinity
            unsure.append(p)
            continue
        total += (xlogy(p, p) if kl else S.Zero) - p * _log_probability(q)
    total = sympy.expand(total)
    if unsure:  # p = 0 there or the answer is oo
        return Piecewise((total, sympy.And(*(sympy.Eq(p, 0) for p in unsure))), (S.Infinity, True))
    return total


def _in_support(variable: Any, outcome: Any) -> bool:
    inside = _support(variable).contains(outcome)
    if inside not in (S.true, S.false):
        raise NotImplementedError(f"cannot decide whether outcome {outcome} lies in the support of {variable}")
    return bool(inside)


def _probability(variable: Any, outcome: Any) -> Expr:
    from sympy.stats import density

    return density(variable)(outcome) if _in_support(variable, outcome) else S.Zero


def _finite_against_countable(first: Any, second: Any, kl: bool) -> Expr:
    """P finite, Q countable (Poisson, Geometric, ...): a finite sum over the outcomes of P."""
    return _discrete_sum([(p, _probability(second, k)) for k, p in _finite_table(first).items()], kl)


def _countable_against_finite(first: Any, second: Any, kl: bool) -> Expr:
    """P countable, Q finite: oo unless P puts all its mass on the outcomes of Q, then a finite sum there."""
    pairs = [(_probability(first, k), q) for k, q in _finite_table(second).items()]
    mass = sympy.expand(sum((p for p, _ in pairs), S.Zero))
    outside = (mass - 1).is_zero
    if outside is False:
        return S.Infinity
    value = _discrete_sum(pairs, kl)
    return value if outside else Piecewise((value, sympy.Eq(mass, 1)), (S.Infinity, True))


def _discrete_nats(first: Any, second: Any, kl: bool) -> Expr | None:
    """KL (or cross-entropy) in nats for finite against countable, either order; None when both are finite."""
    kinds = _kind(first), _kind(second)
    if kinds == ("finite", "countable"):
        return _finite_against_countable(first, second, kl)
    if kinds == ("countable", "finite"):
        return _countable_against_finite(first, second, kl)
    return None
