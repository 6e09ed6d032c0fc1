"""Generalised measures of finite distributions: Renyi of every order, Tsallis, alpha-divergence,
Bhattacharyya, weighted n-ary Jensen-Shannon, perplexity, extropy (Chernoff: :mod:`.chernoff`).

Logarithmic measures are in nats unless ``base=`` is given, as in :mod:`symkl.exact.measures`;
the Tsallis entropy, the alpha-divergence, the Bhattacharyya coefficient and the perplexity are
not logarithms and take no base. Exact rational probabilities give exact answers (radicals where
an order is fractional).

Support convention for orders <= 0 (Renyi, Tsallis): sums run over the support {p > 0}, so
H_0(P) = log |supp P| (Hartley) and 0**alpha never enters. Divergences follow van Erven &
Harremoes (IEEE Trans. IT 60, 2014): 0/0 = 0 and x/0 = oo in p**alpha q**(1 - alpha).

>>> import symkl as sk
>>> sk.renyi_entropy(["1/2", "1/4", "1/4", 0], 0, base=2)  # Hartley: log2 of the support size
log(3)/log(2)
>>> sk.renyi_entropy(["1/2", "1/4", "1/4"], -1, base=2)  # log2(2 + 4 + 4)/2
1/2 + log(5)/(2*log(2))
>>> sk.tsallis_entropy(["1/2", "1/2"], 2)
1/2
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy
from sympy import Expr, S

from ..errors import InvalidInput
from .canonical import LogLinear
from .distribution import Distribution, DistributionLike, JointDistribution, as_distribution, common_support
from .measures import (
    Base,
    _fractions,
    _in_base,
    _pair,
    _rel_entr_sum,
    conditional_entropy,
    entropy,
    kl_divergence,
)
from .parsing import brief, to_exact
from .terms import entr, rel_entr

__all__ = [
    "alpha_divergence",
    "bhattacharyya_coefficient",
    "bhattacharyya_distance",
    "checked_order",
    "extropy",
    "js_divergence",
    "perplexity",
    "renyi_divergence",
    "renyi_entropy",
    "tsallis_entropy",
]

#: Largest numerator or denominator of a rational order alpha (p**alpha grows with it).
MAX_ALPHA_TERMS = 10_000

_INFINITE_TEXT = {"oo": S.Infinity, "inf": S.Infinity, "+oo": S.Infinity, "-oo": S.NegativeInfinity}


def checked_order(alpha: Any, name: str = "alpha") -> Expr:
    """An order as an exact number, oo or -oo; a symbol is kept. Any real order is accepted here.

    >>> checked_order("1/2"), checked_order(float("inf")), checked_order("-oo"), checked_order(-3)
    (1/2, oo, -oo, -3)
    >>> checked_order("10001/2")
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: alpha = 10001/2: its numerator and denominator may have at most 10000 ...

    Parameters
    ----------
    alpha : number, str, float or sympy.Expr
        The order of a Rényi or Tsallis measure: an exact number (text such as ``"1/2"``, a float read as its
        shortest decimal), ``inf`` / ``"oo"`` / ``-oo``, or a SymPy symbol.
    name : str, optional
        The parameter's name in error messages (default ``"alpha"``).

    Returns
    -------
    sympy.Expr
        The order as an exact SymPy number, ``oo``, ``-oo`` or the symbol.

    Raises
    ------
    InvalidInput
        The order cannot be read, is not real, or is a rational whose numerator or denominator exceeds
        ``MAX_ALPHA_TERMS``.
    """
    if isinstance(alpha, float) and alpha in (float("inf"), float("-inf")):
        return S.Infinity if alpha > 0 else S.NegativeInfinity
    if alpha is S.Infinity or alpha is S.NegativeInfinity:
        return alpha
    if isinstance(alpha, str) and alpha.strip().lower() in (*_INFINITE_TEXT, "-inf"):
        return _INFINITE_TEXT.get(alpha.strip().lower(), S.NegativeInfinity)
    try:
        value = to_exact(alpha)
    except InvalidInput as error:
        raise InvalidInput(f"{name}: {error}") from None
    if value.is_real is False:
        raise InvalidInput(f"{name} must be real, got {brief(value)}")
    if value.is_Rational and max(abs(value.p), value.q) > MAX_ALPHA_TERMS:
        # p**alpha of a rational p has about alpha times its digits: 10**6 would run for minutes
        raise InvalidInput(
            f"{name} = {brief(value)}: its numerator and denominator may have at most {MAX_ALPHA_TERMS} "
            f"(for the limit {name} -> oo pass {name}=sympy.oo)"
        )
    return value


def _nonzero(p: Expr, what: str) -> bool:
    """Whether an entry is > 0, refusing entries whose zeroness is unknown (orders <= 0 need it)."""
    if p.is_zero:
        return False
    if p.is_positive:
        return True
    raise InvalidInput(f"{what}: cannot tell whether the entry {brief(p)} is 0; declare its symbols positive")


def _power(p: Expr, exponent: Expr) -> Expr:
    """p**exponent with 0**exponent = 0 for exponent > 0."""
    if p.is_zero:
        return S.Zero
    return p**exponent


def _log_over(total: Expr, divisor: Expr, base: Base) -> Expr:
    """log(total)/divisor, exact and canonical when total is rational and divisor a number."""
    if total.is_zero:
        return _in_base(S.Infinity if divisor.is_negative else S.NegativeInfinity, base)
    form = _log_form(total) if divisor.is_Rational else None
    if form is not None:
        return _in_base(form.scaled(Fraction(int(divisor.q), int(divisor.p))), base)
    return _in_base(sympy.log(total) / divisor, base)


def _log_form(value: Expr) -> LogLinear | None:
    """log(value) exactly when value is a product of rational powers of positive rationals (2*sqrt(2))."""
    form = LogLinear()
    for factor in sympy.Mul.make_args(value):
        base_, exponent = factor.as_base_exp()
        if not (base_.is_Rational and base_.is_positive and exponent.is_Rational):
            return None
        form.add_log(Fraction(int(base_.p), int(base_.q)), Fraction(int(exponent.p), int(exponent.q)))
    return form


def _extreme_log(values: Sequence[Expr], largest: bool, weight: int, base: Base) -> Expr:
    """weight * log(max or min of values), exact for rationals."""
    if all(v.is_Rational for v in values):
        chosen = max(values) if largest else min(values)
        return _in_base(LogLinear.from_log_of(Fraction(int(chosen.p), int(chosen.q)), Fraction(weight)), base)
    chosen = sympy.Max(*values) if largest else sympy.Min(*values)
    return _in_base(weight * sympy.log(chosen), base)


# ---------------------------------------------------------------------------------------------
# Renyi
def renyi_entropy(P: DistributionLike, alpha: Any, base: Base = None) -> Expr:
    r"""renyi_entropy(["1/2", "1/4", "1/4"], 2, base=2) is 3 - log2 3: H_a(P) = log(sum p**a)/(1 - a), any order.

    Every real order, with the limits: 0 is the Hartley entropy log |supp P|; 1 the Shannon
    entropy; oo the min-entropy -log max p; -oo gives -log min_{p > 0} p. The sum runs over the
    support {p > 0} (for a <= 0 this is the convention that makes H_a finite).

    >>> renyi_entropy(["1/2", "1/4", "1/4"], 2, base=2)
    -log(3)/log(2) + 3
    >>> renyi_entropy(["1/2", "1/2"], 1) == entropy(["1/2", "1/2"])
    True
    >>> renyi_entropy(["1/2", "1/4", "1/4"], sympy.oo, base=2), renyi_entropy(["1/2", "1/4", "1/4"], -sympy.oo, base=2)
    (1, 2)

    Parameters
    ----------
    P : Distribution or sequence or dict
        The distribution. A :class:`~symkl.Distribution`, a sequence of exact probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    alpha : number or Symbol
        The order: any real number, ``oo`` or ``-oo`` (0, 1 and the infinities as limits).
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        H_\alpha(P) = \frac{1}{1 - \alpha} \log \sum_{p_i > 0} p_i^\alpha
    """
    P = as_distribution(P)
    a = checked_order(alpha)
    if a == 1:
        return entropy(P, base)
    if a.is_infinite:
        support = [p for p in P.probabilities if _nonzero(p, "Renyi entropy of infinite order")]
        return _extreme_log(support, a is S.Infinity, -1, base)
    if a.is_positive:
        total = sympy.Add(*(_power(p, a) for p in P.probabilities))
    else:
        total = sympy.Add(*(p**a for p in P.probabilities if _nonzero(p, f"Renyi entropy of order {a}")))
    return _log_over(total, 1 - a, base)


def renyi_divergence(P: DistributionLike, Q: DistributionLike, alpha: Any, base: Base = None) -> Expr:
    r"""renyi_divergence(["1/2", "1/2"], ["1/4", "3/4"], 2) is 2 log 2 - log 3: log(sum p**a q**(1 - a))/(a - 1).

    Every real order (van Erven & Harremoes 2014, with 0/0 = 0 and x/0 = oo): 0 gives
    -log Q(p > 0); 1 the limit, KL; oo gives log max p/q; negative orders are <= 0, with
    D_a = -oo when some q > 0 = p; -oo gives -log max q/p. q = 0 < p makes it oo for a >= 1
    and contributes 0 for a < 1. Skew symmetry: (1 - a) D_a(P||Q) = a D_{1-a}(Q||P).

    >>> renyi_divergence(["1/2", "1/2"], ["1/4", "3/4"], 2)
    -log(3) + 2*log(2)
    >>> renyi_divergence(["1/2", "1/2", 0], ["1/4", "1/4", "1/2"], 0, base=2)
    1
    >>> renyi_divergence(["1/2", "1/2", 0], ["1/4", "1/4", "1/2"], -1)
    -oo

    Parameters
    ----------
    P : Distribution or sequence or dict
        The first distribution (the truth). A :class:`~symkl.Distribution`, a sequence of exact probabilities (int,
        ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    Q : Distribution or sequence or dict
        The second distribution (the model), on the same outcomes. A :class:`~symkl.Distribution`, a sequence of exact
        probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    alpha : number or Symbol
        The order: any real number, ``oo`` or ``-oo`` (0, 1 and the infinities as limits).
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        D_\alpha(P \parallel Q) = \frac{1}{\alpha - 1} \log \sum_i p_i^\alpha q_i^{1 - \alpha}
    """
    P, Q = _pair(P, Q)
    a = checked_order(alpha)
    if a == 1:
        return kl_divergence(P, Q, base)
    pairs = list(zip(P.probabilities, Q.probabilities))
    if a is S.NegativeInfinity:
        return -renyi_divergence(Q, P, S.Infinity, base)
    if a is S.Infinity:
        if any(p.is_positive and q.is_zero for p, q in pairs):
            return _in_base(LogLinear(infinity=1), base)  # -oo in a base below 1
        return _extreme_log([p / q for p, q in pairs if not p.is_zero], True, 1, base)
    if not a.is_positive:
        what = f"Renyi divergence of order {a}"
        if a.is_zero:
            mass = sympy.Add(*(q for p, q in pairs if _nonzero(p, what)))
            return _log_over(mass, S.NegativeOne, base) if not mass.is_zero else _in_base(LogLinear(infinity=1), base)
        if any(_nonzero(q, what) and not _nonzero(p, what) for p, q in pairs):
            return _in_base(LogLinear(infinity=-1), base)  # sum p**a q**(1-a) = oo, divided by a - 1 < 0
    elif (a - 1).is_positive and any(p.is_positive and q.is_zero for p, q in pairs):
        return _in_base(LogLinear(infinity=1), base)  # -oo in a base below 1
    total = sympy.Add(*(_power(p, a) * _power(q, 1 - a) for p, q in pairs if not q.is_zero and not p.is_zero))
    return _log_over(total, a - 1, base)


# ---------------------------------------------------------------------------------------------
# power sums without logs
def tsallis_entropy(P: DistributionLike, q: Any) -> Expr:
    r"""tsallis_entropy(["1/2", "1/2"], 2) is 1/2: S_q(P) = (1 - sum p**q)/(q - 1), no unit, no base.

    Every real order q: the sum runs over the support {p > 0}; q = 1 is the limit, the Shannon
    entropy in nats; q = oo is the limit 0. Pseudo-additive: S_q(A, B) = S_q(A) + S_q(B) +
    (1 - q) S_q(A) S_q(B) for independent A, B.

    >>> tsallis_entropy(["1/2", "1/4", "1/4"], 2), tsallis_entropy(["1/2", "1/2"], 1)
    (5/8, log(2))
    >>> tsallis_entropy(["1/2", "1/2", 0], -1)  # (1 - (2 + 2))/(-2): the 0 is outside the support
    3/2

    Parameters
    ----------
    P : Distribution or sequence or dict
        The distribution. A :class:`~symkl.Distribution`, a sequence of exact probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    q : number or Symbol
        The order (q = 1 is Shannon's entropy in nats).

    Returns
    -------
    sympy.Expr
        The exact value (no unit: this measure takes no base).

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        S_q(P) = \frac{1 - \sum_i p_i^q}{q - 1}
    """
    P = as_distribution(P)
    order = checked_order(q, "q")
    if order == 1:
        return entropy(P)
    if order is S.Infinity:
        return S.Zero
    if order is S.NegativeInfinity:
        raise InvalidInput("q = -oo: the Tsallis entropy diverges; give a finite order")
    if order.is_positive:
        total = sympy.Add(*(_power(p, order) for p in P.probabilities))
    else:
        total = sympy.Add(*(p**order for p in P.probabilities if _nonzero(p, f"Tsallis entropy of order {order}")))
    return _simplified((1 - total) / (order - 1))


def _simplified(value: Expr) -> Expr:
    return value if value.free_symbols or value.is_Rational else sympy.expand(value)


def _power_term(x: Expr, exponent: Expr) -> Expr:
    """x**exponent with 0**positive = 0 and 0**negative = oo."""
    if x.is_zero:
        return S.Infinity if exponent.is_negative else S.Zero
    return x**exponent


def alpha_divergence(P: DistributionLike, Q: DistributionLike, alpha: Any) -> Expr:
    r"""alpha_divergence(P, Q, 0) is 4(1 - BC(P, Q)): 4/(1 - a**2) (1 - sum p**((1-a)/2) q**((1+a)/2)), no base.

    Amari's convention (information geometry): a = -1 is the limit KL(P||Q) and a = 1 the limit
    KL(Q||P), both in nats; D^(a)(P||Q) = D^(-a)(Q||P). (dit's ``alpha_divergence`` uses the same
    sum but returns KL(P||Q) at a = 1 and KL(Q||P) at a = -1, the reverse of its own limits.)
    Terms: 0/0 = 0 and x/0 = oo, so |a| > 1 gives oo without absolute continuity.

    >>> alpha_divergence(["1/2", "1/2"], ["1/2", "1/2"], 3), alpha_divergence([1, 0], [0, 1], 0)
    (0, 4)
    >>> alpha_divergence(["1/2", "1/2"], ["1/4", "3/4"], -1) == kl_divergence(["1/2", "1/2"], ["1/4", "3/4"])
    True
    >>> alpha_divergence(["1/2", "1/2"], ["1/4", "3/4"], 3)  # -1/2 (1 - sum q**2/p)
    1/8

    Parameters
    ----------
    P : Distribution or sequence or dict
        The first distribution (the truth). A :class:`~symkl.Distribution`, a sequence of exact probabilities (int,
        ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    Q : Distribution or sequence or dict
        The second distribution (the model), on the same outcomes. A :class:`~symkl.Distribution`, a sequence of exact
        probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    alpha : number or Symbol
        The order (Amari's convention; -1 and 1 are the two KL divergences).

    Returns
    -------
    sympy.Expr
        The exact value (no unit: this measure takes no base).

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        D^{(\alpha)} = \frac{4}{1 - \alpha^2} \Big(1 - \sum_i p_i^{(1 - \alpha)/2} q_i^{(1 + \alpha)/2}\Big)
    """
    P, Q = _pair(P, Q)
    a = checked_order(alpha)
    if a.is_infinite:
        raise InvalidInput(f"alpha = {a}: the alpha-divergence has no limit there; give a finite order")
    if a == -1:
        return kl_divergence(P, Q)
    if a == 1:
        return kl_divergence(Q, P)
    e_p, e_q = (1 - a) / 2, (1 + a) / 2
    terms = []
    for p, q in zip(P.probabilities, Q.probabilities):
        if p.is_zero and q.is_zero:
            continue
        terms.append(_power_term(p, e_p) * _power_term(q, e_q))
    total = sympy.Add(*terms)
    if total is S.Infinity:
        return S.Infinity  # 4/(1 - a**2) < 0 for |a| > 1, times 1 - oo
    return _simplified(4 * (1 - total) / (1 - a**2))


def bhattacharyya_coefficient(P: DistributionLike, Q: DistributionLike) -> Expr:
    r"""bhattacharyya_coefficient(["1/2", "1/2"], ["1/8", "7/8"]) is (1 + sqrt(7))/4: BC = sum sqrt(p q), in [0, 1].

    1 exactly when P = Q, 0 for disjoint supports; the Hellinger distance is sqrt(1 - BC).

    >>> bhattacharyya_coefficient(["1/2", "1/2"], ["1/8", "7/8"])
    1/4 + sqrt(7)/4

    Parameters
    ----------
    P : Distribution or sequence or dict
        The first distribution (the truth). A :class:`~symkl.Distribution`, a sequence of exact probabilities (int,
        ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    Q : Distribution or sequence or dict
        The second distribution (the model), on the same outcomes. A :class:`~symkl.Distribution`, a sequence of exact
        probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.

    Returns
    -------
    sympy.Expr
        The exact value (no unit: this measure takes no base).
        In [0, 1].

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        \mathrm{BC}(P, Q) = \sum_i \sqrt{p_i q_i}
    """
    P, Q = _pair(P, Q)
    return sympy.Add(*(sympy.sqrt(p * q) for p, q in zip(P.probabilities, Q.probabilities)))


def bhattacharyya_distance(P: DistributionLike, Q: DistributionLike, base: Base = None) -> Expr:
    r"""bhattacharyya_distance([1, 0], [0, 1]) is oo: D_B(P, Q) = -log BC(P, Q), = D_{1/2}(P||Q)/2.

    >>> bhattacharyya_distance(["1/2", "1/2"], ["1/8", "7/8"])
    -log(1/4 + sqrt(7)/4)
    >>> bhattacharyya_distance(["1/4", "3/4"], ["1/4", "3/4"]), bhattacharyya_distance([1, 0], [0, 1])
    (0, oo)

    Parameters
    ----------
    P : Distribution or sequence or dict
        The first distribution (the truth). A :class:`~symkl.Distribution`, a sequence of exact probabilities (int,
        ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    Q : Distribution or sequence or dict
        The second distribution (the model), on the same outcomes. A :class:`~symkl.Distribution`, a sequence of exact
        probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).
        ``oo`` for disjoint supports.

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        D_B(P, Q) = -\log \mathrm{BC}(P, Q)
    """
    return _log_over(bhattacharyya_coefficient(P, Q), S.NegativeOne, base)


# ---------------------------------------------------------------------------------------------
# Jensen-Shannon, perplexity, extropy
def js_divergence(*distributions: DistributionLike, weights: Sequence[Any] | None = None, base: Base = None) -> Expr:
    r"""js_divergence([1, 0], [0, 1], base=2) is 1: H(sum w_i P_i) - sum w_i H(P_i), weighted and n-ary.

    Equal weights unless ``weights`` is given (exact, nonnegative, summing to exactly 1, one per
    distribution). For two distributions with equal weights this is (D(P||M) + D(Q||M))/2 with
    M = (P + Q)/2: the divergence itself, not its square root (scipy's ``jensenshannon`` is the
    square root, a distance). Bounded by the entropy of the weights (log 2 for two).

    >>> js_divergence([1, 0], [0, 1], base=2)
    1
    >>> js_divergence(["1/2", "1/2", 0], [0, "1/2", "1/2"], weights=["1/4", "3/4"], base=2)
    -3*log(3)/(8*log(2)) + 1
    >>> js_divergence([1, 0, 0], [0, 1, 0], [0, 0, 1], base=3)
    1

    Parameters
    ----------
    *distributions : Distribution or sequence or dict
        Two or more distributions on the same outcomes.
    weights : sequence, optional
        Exact nonnegative weights summing to exactly 1, one per distribution; equal by default.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).
        The divergence itself, at most the entropy of the weights (``log 2`` for two); not its square root.

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        D_{\mathrm{JS}}^w(P_1, \dots, P_n) = H\Big(\sum_i w_i P_i\Big) - \sum_i w_i H(P_i)
    """
    if len(distributions) < 2:
        raise InvalidInput(f"js_divergence needs at least two distributions, got {len(distributions)}")
    first = as_distribution(distributions[0], "P1")
    rest = (as_distribution(d, f"P{i + 2}") for i, d in enumerate(distributions[1:]))
    aligned = [first] + [common_support(first, other)[1] for other in rest]
    w = _checked_weights(weights, len(aligned))
    columns = list(zip(*(d.probabilities for d in aligned)))
    mixture = [sympy.Add(*(wi * p for wi, p in zip(w, column))) for column in columns]
    exact = _fractions([*w, *(p for column in columns for p in column)])
    if exact is not None:
        fw, triples = exact[: len(w)], []
        for column, m in zip(columns, mixture):
            m_fraction = Fraction(int(m.p), int(m.q))
            triples += [(wi, Fraction(int(p.p), int(p.q)), m_fraction) for wi, p in zip(fw, column)]
        return _in_base(_rel_entr_sum(triples), base)
    terms = [wi * rel_entr(p, m) for column, m in zip(columns, mixture) for wi, p in zip(w, column)]
    return _in_base(sympy.Add(*terms), base)


def _checked_weights(weights: Sequence[Any] | None, n: int) -> list[Expr]:
    if weights is None:
        return [sympy.Rational(1, n)] * n
    if isinstance(weights, (str, bytes)) or not isinstance(weights, Sequence):
        raise InvalidInput(f"weights must be a sequence of {n} numbers, got {type(weights).__name__}")
    if len(weights) != n:
        raise InvalidInput(f"weights: {len(weights)} weights for {n} distributions")
    values = []
    for index, weight in enumerate(weights):
        try:
            value = to_exact(weight)
        except InvalidInput as error:
            raise InvalidInput(f"weights[{index}]: {error}") from None
        if value.is_negative:
            raise InvalidInput(f"weights[{index}] is negative: {brief(value)}")
        values.append(value)
    total = sympy.Add(*values)
    if total.is_Rational and total != 1:
        raise InvalidInput(f"weights sum to {brief(total)}, not 1")
    return values


def perplexity(P: DistributionLike | JointDistribution, names: Any = None, given: Any = None) -> Expr:
    r"""perplexity(sk.uniform(6)) is 6: exp(H(P)), the same number in every base (b**H_b = e**H).

    On a JointDistribution, ``names`` picks variables and ``given`` conditions:
    exp(H(names | given)), the perplexity of a conditional.

    >>> perplexity(["1/2", "1/4", "1/4"])
    2*sqrt(2)
    >>> import symkl as sk
    >>> J = sk.JointDistribution([["1/2", 0], [0, "1/2"]])
    >>> perplexity(J), perplexity(J, "X", given="Y")
    (2, 1)

    Parameters
    ----------
    P : distribution or JointDistribution
        A distribution, or a joint table.
    names : str or sequence of str, optional
        On a joint table, the variables whose entropy is taken.
    given : str or sequence of str, optional
        On a joint table, the variables conditioned on.

    Returns
    -------
    sympy.Expr
        The exact value (no unit: this measure takes no base).
        The same number in every base.

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        \mathrm{PP}(P) = e^{H(P)} = b^{H_b(P)}
    """
    if isinstance(P, JointDistribution):
        if given is not None:
            nats = conditional_entropy(P, names if names is not None else _rest(P, given), given)
        else:
            nats = entropy(_marginal(P, names))
    else:
        if names is not None or given is not None:
            raise InvalidInput("perplexity: names and given need a JointDistribution")
        nats = entropy(as_distribution(P))
    return _exp(nats)


def _rest(J: JointDistribution, given: Any) -> list[str]:
    excluded = {given} if isinstance(given, str) else set(given)
    return [name for name in J.names if name not in excluded]


def _marginal(J: JointDistribution, names: Any) -> Distribution:
    cells = J.marginal_cells(names if names is not None else list(J.names))
    return Distribution(dict(cells))


def _exp(nats: Expr) -> Expr:
    """exp of a nats value; products of rational powers when it is a sum of rational multiples of logs."""
    if nats.is_infinite:
        return S.Infinity if nats is S.Infinity else S.Zero
    terms = sympy.Add.make_args(nats)
    factors = []
    for term in terms:
        coefficient, rest = term.as_coeff_Mul()
        if isinstance(rest, sympy.log) and rest.args[0].is_Rational and coefficient.is_Rational:
            factors.append(rest.args[0] ** coefficient)
        elif term.is_Rational:
            factors.append(sympy.exp(term))
        else:
            return sympy.exp(nats)
    return sympy.Mul(*factors)


def extropy(P: DistributionLike, base: Base = None) -> Expr:
    r"""extropy(["1/2", "1/2"], base=2) is 1: J(P) = -sum (1 - p) log(1 - p), the dual of entropy.

    Lad, Sanfilippo & Agro (Statistical Science 30, 2015); equals H(P) for two outcomes and is
    at most H(P) otherwise. 0 log 0 = 0, so a point mass has extropy 0.

    >>> extropy(["1/2", "1/4", "1/4"], base=2)
    -3*log(3)/(2*log(2)) + 7/2

    Parameters
    ----------
    P : Distribution or sequence or dict
        The distribution. A :class:`~symkl.Distribution`, a sequence of exact probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        J(P) = -\sum_i (1 - p_i) \log (1 - p_i)
    """
    P = as_distribution(P)
    exact = _fractions(P.probabilities)
    if exact is not None:
        return _in_base(_rel_entr_sum([(Fraction(-1), 1 - p, Fraction(1)) for p in exact]), base)
    return _in_base(sympy.Add(*(entr(1 - p) for p in P.probabilities)), base)
