"""Exact information measures of finite distributions, in nats unless a base is given.

Conventions, the same everywhere (they live in :mod:`symkl.exact.terms`):
0 log 0 = 0; 0 log(0/q) = 0; p log(p/0) = +oo for p > 0, so D(P||Q) = oo when
P is not absolutely continuous with respect to Q (never ``zoo`` or ``nan``).

With exact rational probabilities the answer is the canonical form of
:mod:`symkl.exact.canonical` (one log term per prime); with symbols it is a SymPy
expression built from the elementwise terms. ``base=2`` gives bits,
``base=10`` hartleys, any positive expression other than 1 is allowed.

>>> import symkl as sk
>>> A, B = ["1/2", "1/2"], ["1/4", "3/4"]
>>> sk.kl_divergence(A, B)
-log(3)/2 + log(2)
>>> sk.kl_divergence(A, B, base=2)
-log(3)/(2*log(2)) + 1
>>> sk.exact_str(_)
'1 - log(3)/(2*log(2))'
>>> sk.entropy(["1/2", "1/4", "1/8", "1/8"], base=2)
7/4
>>> sk.kl_divergence([1, 0], [0, 1])
oo
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import sympy
from sympy import Expr, S

from ..errors import InvalidDistribution, InvalidInput
from .canonical import LogLinear, canonical, cross_entropy_form, decided_sign, entropy_form, from_log_linear, kl_form
from .distribution import Distribution, DistributionLike, JointDistribution, as_distribution, common_support
from .parsing import brief, parse_number, to_exact
from .printing import log_name
from .terms import entr, rel_entr, xlogy

__all__ = [
    "chi_square",
    "conditional_entropy",
    "conditional_mutual_information",
    "cross_entropy",
    "entropy",
    "f_divergence",
    "hellinger",
    "information",
    "joint_entropy",
    "kl_divergence",
    "mutual_information",
    "total_variation",
]

Base = Any


# ---------------------------------------------------------------------------------------------
# helpers
#: Unit names accepted as a base, as the command line's --base takes them.
BASE_UNITS: dict[str, Expr] = {
    "e": S.Exp1,
    "nat": S.Exp1,
    "nats": S.Exp1,
    "bit": sympy.Integer(2),
    "bits": sympy.Integer(2),
    "ban": sympy.Integer(10),
    "bans": sympy.Integer(10),
    "dit": sympy.Integer(10),
    "dits": sympy.Integer(10),
    "hartley": sympy.Integer(10),
    "hartleys": sympy.Integer(10),
}


def checked_base(base: Base) -> Expr:
    """The base as an exact expression (E for nats); rejects bases that are not positive or equal 1.

    >>> checked_base(None), checked_base(2), checked_base("10"), checked_base("bits"), checked_base(math.e)
    (E, 2, 10, 2, E)
    >>> checked_base(1)
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: base must be positive and not 1, got 1
    """
    if base is None or base is S.Exp1:
        return S.Exp1
    if isinstance(base, str) and base.strip().lower() in BASE_UNITS:
        return BASE_UNITS[base.strip().lower()]
    if isinstance(base, float) and not isinstance(base, bool):
        if base == math.e:
            return S.Exp1
        if not base.is_integer():  # 2.5 as a base is ambiguous (the double or the decimal?): ask for it exactly
            raise InvalidInput(
                f"base: a float base is accepted only when it is math.e or a whole number, got {base!r}; "
                "write it exactly, e.g. '5/2' or Fraction(5, 2)"
            )
    try:
        # text is a number or a unit name: parse_number without symbols ("bits" is not a symbol here)
        value = parse_number(base, symbols=False) if isinstance(base, str) else to_exact(base)
    except InvalidInput as error:
        units = ", ".join(sorted(BASE_UNITS))
        raise InvalidInput(f"base: {error} (or one of the unit names {units})") from None
    if value == 1 or value.is_positive is False:
        raise InvalidInput(f"base must be positive and not 1, got {brief(value)}")
    if not value.free_symbols and not value.is_Rational:
        # a closed number: decided exactly, so that log(6) - log(2) - log(3) + 1 is seen to be 1
        if decided_sign(value) != 1:
            raise InvalidInput(f"base must be positive and not 1; {brief(value)} is not shown to be positive")
        difference = decided_sign(value - 1)  # exact for the rational-log class, else a rigorous enclosure
        if difference == 0:
            raise InvalidInput(f"base must be positive and not 1, got {brief(value)}, which equals 1")
        if difference is None:
            raise InvalidInput(f"base must be positive and not 1; cannot decide whether {brief(value)} is 1")
    return value


def unit_name(base: Base, *, ascii: bool | None = None) -> str:
    """The unit of a base: nats (e), bits (2), trits (3), hartleys (10), else "units of log_b".

    >>> unit_name(None), unit_name(2), unit_name(3), unit_name(10)
    ('nats', 'bits', 'trits', 'hartleys')
    >>> unit_name(5), unit_name(5, ascii=True), unit_name("1/2")
    ('units of log₅', 'units of log5', 'units of log_(1/2)')

    ``ascii=None`` follows :func:`symkl.exact.printing.ascii_output`, as the human printer does.
    """
    value = checked_base(base)
    named = {S.Exp1: "nats", S(2): "bits", S(3): "trits", S(10): "hartleys"}.get(value)
    return named or f"units of {log_name(value, ascii=ascii)}"


def unit_latex(base: Base) -> str:
    r"""The unit in LaTeX: ``\mathrm{bits}``, or ``\text{units of } \log_{5}`` for an unnamed base.

    >>> unit_latex(2), unit_latex("3/2")
    ('\\mathrm{bits}', '\\text{units of } \\log_{3/2}')
    """
    value = checked_base(base)
    if value in (S.Exp1, S(2), S(3), S(10)):
        return rf"\mathrm{{{unit_name(value)}}}"
    shown = str(value) if value.is_Integer else f"{value.p}/{value.q}"
    return rf"\text{{units of }} \log_{{{shown}}}"


def _fractions(values: Sequence[Expr]) -> list[Fraction] | None:
    if all(value.is_Rational for value in values):
        return [Fraction(int(value.p), int(value.q)) for value in values]
    return None


def _in_base(value: LogLinear | Expr, base: Base) -> Expr:
    """A nats value (exact form or expression) expressed in the given base."""
    b = checked_base(base)
    if isinstance(value, LogLinear):
        if b is S.Exp1 or not b.is_Rational:
            nats = from_log_linear(value)
            return nats if b is S.Exp1 else nats / sympy.log(b)
        return from_log_linear(value, Fraction(int(b.p), int(b.q)))
    if b is S.Exp1:
        return value
    return value / sympy.log(b)


def _rel_entr_sum(triples: list[tuple[Fraction, Fraction, Fraction]]) -> LogLinear:
    """sum weight * rel_entr(a, b) for rationals, as an exact linear form in logs."""
    total = LogLinear()
    for weight, a, b in triples:
        if a == 0 or weight == 0:
            continue
        if b == 0:
            total.add_infinity(1 if weight > 0 else -1)
            continue
        coefficient = weight * a
        total.add_log(a, coefficient)  # log a - log b, each factored on its own (small integers)
        total.add_log(b, -coefficient)
    return total


def _entr(p: Expr, positive: bool) -> Expr:
    return -p * sympy.log(p) if positive and not p.is_Rational else entr(p)


def _rel_entr(p: Expr, q: Expr, positive: bool) -> Expr:
    return p * sympy.log(p / q) if positive and not (p.is_Rational and q.is_Rational) else rel_entr(p, q)


def _xlogy(p: Expr, q: Expr, positive: bool) -> Expr:
    return p * sympy.log(q) if positive and not (p.is_Rational and q.is_Rational) else xlogy(p, q)


def _both_positive(P: Distribution, Q: Distribution) -> list[bool]:
    return [a and b for a, b in zip(P.assumed_positive, Q.assumed_positive)]


def _pair(first: DistributionLike, second: DistributionLike) -> tuple[Distribution, Distribution]:
    return common_support(as_distribution(first, "P"), as_distribution(second, "Q"))


# ---------------------------------------------------------------------------------------------
# sympy.stats random variables: closed forms live above this module (symkl.continuous), which registers
# them here when it is imported; ``import symkl`` sets a loader (set_random_variable_loader) that imports
# it when a measure first meets a random variable, so the registry is populated whenever it is needed.
_RANDOM_VARIABLES: dict[str, Callable[..., Expr]] = {}


def register_random_variables(
    *, entropy: Callable[..., Expr], cross_entropy: Callable[..., Expr], kl_divergence: Callable[..., Expr]
) -> None:
    """Let :func:`entropy`, :func:`cross_entropy` and :func:`kl_divergence` take ``sympy.stats`` variables.

    :mod:`symkl.continuous` calls this at import with its closed forms (``base`` is passed on).

    >>> import symkl.continuous  # registers at import
    >>> sorted(symkl.exact.measures._RANDOM_VARIABLES)
    ['cross_entropy', 'entropy', 'kl_divergence']
    """
    _RANDOM_VARIABLES.update(entropy=entropy, cross_entropy=cross_entropy, kl_divergence=kl_divergence)


def is_random_variable(value: Any) -> bool:
    """True for a ``sympy.stats`` random symbol (checked without importing sympy.stats).

    >>> from sympy.stats import Normal
    >>> is_random_variable(Normal("X", 0, 1)), is_random_variable([1, 0])
    (True, False)
    """
    return any(cls.__name__ == "RandomSymbol" and cls.__module__ == "sympy.stats.rv" for cls in type(value).__mro__)


#: Called once, on the first random variable, when no closed forms are registered yet (the facade sets it to
#: import symkl.continuous, so that ``import symkl`` does not pay for the continuous families up front).
_LOADER: list[Callable[[], object]] = []


def set_random_variable_loader(loader: Callable[[], object]) -> None:
    """Let the first random variable a measure meets call `loader` (which registers the closed forms).

    >>> import symkl  # the facade sets the loader: import symkl.continuous
    >>> len(_LOADER)
    1
    """
    _LOADER[:] = [loader]


def _both_random_variables(P: Any, Q: Any, name: str) -> tuple[Any, Any]:
    """Both arguments sympy.stats variables, or a clear error naming the one that is not."""
    for position, value in (("first", P), ("second", Q)):
        if not is_random_variable(value):
            raise InvalidInput(
                f"{name}: the {position} argument is a {type(value).__name__}, the other a sympy.stats random "
                "variable; give both as random variables (a list p0, p1 on outcomes 0, 1 is Bernoulli(p1)) "
                "or both as distributions"
            )
    return P, Q


def _random_variable_measure(name: str) -> Callable[..., Expr]:
    if name not in _RANDOM_VARIABLES and _LOADER:
        _LOADER[0]()
    try:
        return _RANDOM_VARIABLES[name]
    except KeyError:
        raise InvalidInput(f"{name} of sympy.stats random variables needs symkl.continuous (import symkl)") from None


# ---------------------------------------------------------------------------------------------
# single-distribution measures
def information(p: Any, base: Base = None) -> Expr:
    r"""Self-information -log p of one probability; information(0) = oo.

    >>> information("1/8", base=2)
    3
    >>> information(0)
    oo

    Parameters
    ----------
    p : number, str or sympy.Expr
        A probability in [0, 1].
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).
        ``oo`` for ``p = 0``.

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

        I(p) = -\log p
    """
    try:
        value = to_exact(p)
    except InvalidInput as error:
        raise InvalidInput(f"probability: {error}") from None
    if value.is_negative or (value - 1).is_positive:
        raise InvalidInput(f"probability must lie in [0, 1], got {brief(value)}")
    if value.is_zero:
        return _in_base(LogLinear(infinity=1), base)  # -oo in a base below 1
    if value.is_Rational:
        return _in_base(LogLinear.from_log_of(Fraction(int(value.p), int(value.q)), Fraction(-1)), base)
    return _in_base(-sympy.log(value), base)


def entropy(P: DistributionLike, base: Base = None) -> Expr:
    r"""Shannon entropy H(P) = -sum p log p, with 0 log 0 = 0.

    >>> entropy(["1/2", "1/2"])
    log(2)
    >>> entropy([1, 0, 0])
    0
    >>> import sympy
    >>> p = sympy.Symbol("p", positive=True)
    >>> entropy([p, 1 - p])  # entries built from positive symbols are assumed positive
    -p*log(p) + (p - 1)*log(1 - p)
    >>> entropy(["1/2", "1/2"], base=2) - entropy(["1/2", sympy.Symbol("r"), "1/2 - r"], base=2).subs("r", 0)
    0
    >>> entropy([sympy.Symbol("r"), 1 - sympy.Symbol("r")])  # r may be 0: the convention stays visible
    entr(r) + entr(1 - r)

    Parameters
    ----------
    P : Distribution or sequence or dict
        The distribution. A :class:`~symkl.Distribution`, a sequence of exact probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
        A ``sympy.stats`` random variable gives its differential entropy.
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

        H(P) = -\sum_i p_i \log p_i, \qquad 0 \log 0 = 0
    """
    if is_random_variable(P):
        return _random_variable_measure("entropy")(P, base)
    P = as_distribution(P)
    fast = entropy_form(P.probabilities)  # long exact input: integer arrays and a prime sieve
    if fast is not None:
        return _in_base(fast, base)
    exact = _fractions(P.probabilities)
    if exact is not None:
        return _in_base(_rel_entr_sum([(Fraction(-1), p, Fraction(1)) for p in exact]), base)
    terms = (_entr(p, positive) for p, positive in zip(P.probabilities, P.assumed_positive))
    return _in_base(sympy.Add(*terms), base)


def cross_entropy(P: DistributionLike, Q: DistributionLike, base: Base = None) -> Expr:
    r"""Cross-entropy H(P, Q) = -sum p log q; oo where q = 0 < p.

    >>> cross_entropy(["1/2", "1/2"], ["1/4", "3/4"], base=2)
    -log(3)/(2*log(2)) + 2
    >>> cross_entropy([1, 0], [0, 1])
    oo

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
        ``oo`` where some q = 0 < p.

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

        H(P, Q) = -\sum_i p_i \log q_i
    """
    if is_random_variable(P) or is_random_variable(Q):
        return _random_variable_measure("cross_entropy")(*_both_random_variables(P, Q, "cross_entropy"), base)
    P, Q = _pair(P, Q)
    fast = cross_entropy_form(P.probabilities, Q.probabilities)  # long exact input: integer arrays and a sieve
    if fast is not None:
        return _in_base(fast, base)
    p_exact, q_exact = _fractions(P.probabilities), _fractions(Q.probabilities)
    if p_exact is not None and q_exact is not None:
        triples = [(Fraction(1), p, q) for p, q in zip(p_exact, q_exact)]
        triples += [(Fraction(-1), p, Fraction(1)) for p in p_exact]
        return _in_base(_rel_entr_sum(triples), base)
    positive = _both_positive(P, Q)
    return _in_base(-sympy.Add(*map(_xlogy, P.probabilities, Q.probabilities, positive)), base)


def kl_divergence(P: DistributionLike, Q: DistributionLike, base: Base = None) -> Expr:
    r"""Relative entropy D(P || Q) = sum p log(p/q); oo when P is not absolutely continuous w.r.t. Q.

    >>> kl_divergence(["1/2", "1/2"], ["1/8", "7/8"], base=2)
    -log(7)/(2*log(2)) + 2
    >>> kl_divergence([0, 1], ["1/2", "1/2"])
    log(2)
    >>> import sympy
    >>> p, q = sympy.symbols("p q", positive=True)
    >>> kl_divergence([p, 1 - p], [q, 1 - q])
    p*log(p/q) + (1 - p)*log((1 - p)/(1 - q))

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
        ``sympy.stats`` random variables give the closed form derived by SymPy.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).
        ``oo`` when P is not absolutely continuous with respect to Q.

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

        D(P \parallel Q) = \sum_i p_i \log \frac{p_i}{q_i},\ 0 \log \frac{0}{q} = 0, \quad p \log \frac{p}{0} = \infty
    """
    if is_random_variable(P) or is_random_variable(Q):
        return _random_variable_measure("kl_divergence")(*_both_random_variables(P, Q, "kl_divergence"), base)
    P, Q = _pair(P, Q)
    fast = kl_form(P.probabilities, Q.probabilities)  # long exact input: integer arrays and a prime sieve
    if fast is not None:
        return _in_base(fast, base)
    p_exact, q_exact = _fractions(P.probabilities), _fractions(Q.probabilities)
    if p_exact is not None and q_exact is not None:
        return _in_base(_rel_entr_sum([(Fraction(1), p, q) for p, q in zip(p_exact, q_exact)]), base)
    positive = _both_positive(P, Q)
    return _in_base(sympy.Add(*map(_rel_entr, P.probabilities, Q.probabilities, positive)), base)


def total_variation(P: DistributionLike, Q: DistributionLike) -> Expr:
    r"""Total variation distance (1/2) sum |p - q| (a distance, in [0, 1]; no base).

    >>> total_variation(["1/2", "1/2"], ["1/4", "3/4"])
    1/4

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

        \mathrm{TV}(P, Q) = \tfrac12 \sum_i \lvert p_i - q_i \rvert
    """
    P, Q = _pair(P, Q)
    return sympy.Add(*(sympy.Abs(p - q) for p, q in zip(P.probabilities, Q.probabilities))) / 2


def hellinger(P: DistributionLike, Q: DistributionLike) -> Expr:
    r"""Hellinger distance sqrt(1 - sum sqrt(p q)) (a metric in [0, 1]; no base).

    This is the distance, normalised so that disjoint supports give 1; its
    square is the squared Hellinger distance, some authors' "Hellinger divergence".

    >>> hellinger([1, 0], [0, 1]), hellinger(["1/2", "1/2"], ["1/2", "1/2"])
    (1, 0)

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

        \mathrm{Hel}(P, Q) = \sqrt{1 - \sum_i \sqrt{p_i q_i}}
    """
    P, Q = _pair(P, Q)
    affinity = sympy.Add(*(sympy.sqrt(p * q) for p, q in zip(P.probabilities, Q.probabilities)))
    return sympy.sqrt(1 - affinity)


def chi_square(P: DistributionLike, Q: DistributionLike) -> Expr:
    r"""Pearson chi-square divergence sum (p - q)**2 / q; 0 where p = q = 0, oo where q = 0 < p.

    >>> chi_square(["1/2", "1/2"], ["1/4", "3/4"])
    1/3

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
        ``oo`` where some q = 0 < p.

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

        \chi^2(P \parallel Q) = \sum_i \frac{(p_i - q_i)^2}{q_i}
    """
    P, Q = _pair(P, Q)
    terms = []
    for p, q in zip(P.probabilities, Q.probabilities):
        if q.is_zero:
            if p.is_zero:
                continue
            if p.is_positive:
                return S.Infinity
        terms.append((p - q) ** 2 / q)
    return sympy.Add(*terms)


def f_divergence(P: DistributionLike, Q: DistributionLike, f: Callable[[Expr], Expr] | sympy.Lambda) -> Expr:
    r"""Csiszar f-divergence sum q f(p/q) for a convex f with f(1) = 0.

    Conventions at the boundary (Csiszar; Liese & Vajda), with limits taken by SymPy:

    * p = q = 0: the term is 0;
    * p = 0 < q: the term is q f(0) with f(0) = lim_{t->0+} f(t) (oo where f diverges there);
    * q = 0 < p: the term is p f'(oo) with f'(oo) = lim_{t->oo} f(t)/t, i.e. 0 f(p/0) = p lim f(t)/t.

    A limit that does not exist (oscillation) is an :class:`~symkl.errors.InvalidInput`, and so
    are terms +oo and -oo together; the answer is never ``nan`` or ``zoo``.

    >>> import sympy
    >>> f_divergence(["1/2", "1/2"], ["1/4", "3/4"], lambda t: t * sympy.log(t))
    -log(3)/2 + log(2)
    >>> f_divergence(["0", "1"], ["1/2", "1/2"], lambda t: t * sympy.log(t))
    log(2)
    >>> f_divergence(["0", "1"], ["1/2", "1/2"], lambda t: -sympy.log(t))
    oo
    >>> f_divergence(["1/2", "1/2"], ["0", "1"], lambda t: (t - 1) ** 2)
    oo

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
    f : callable or sympy.Lambda
        A convex function with f(1) = 0, applied to SymPy expressions.

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
    InvalidInput
        A boundary limit does not exist, or terms ``oo`` and ``-oo`` meet.

    Notes
    -----
    .. math::

        D_f(P \parallel Q) = \sum_i q_i\, f\!\left(\frac{p_i}{q_i}\right)
    """
    P, Q = _pair(P, Q)
    t = sympy.Dummy("t", positive=True)
    body = f(t)
    if isinstance(body, str) or not isinstance(body, (sympy.Basic, int, Fraction)):
        raise InvalidInput(f"f_divergence: f(t) must return a SymPy expression, got {type(body).__name__}")
    body = to_exact(body) if not isinstance(body, sympy.Basic) else body
    terms = []
    for p, q in zip(P.probabilities, Q.probabilities):
        if q.is_zero:
            if p.is_zero:
                continue
            terms.append(p * _limit_of(body / t, t, S.Infinity, "f(t)/t as t -> oo"))
        elif p.is_zero:
            terms.append(q * _limit_of(body, t, S.Zero, "f(t) as t -> 0+"))
        else:
            terms.append(q * body.subs(t, p / q))
    if any(term is S.Infinity for term in terms) and any(term is S.NegativeInfinity for term in terms):
        raise InvalidInput("f-divergence: f gives both +oo and -oo terms; the sum is undefined")
    total = sympy.Add(*terms)
    if total.has(S.NaN, S.ComplexInfinity):
        raise InvalidInput(f"f-divergence: f has no finite or infinite value at some p/q (the sum is {brief(total)})")
    return _canonical_if_possible(total)


def _limit_of(body: Expr, t: sympy.Symbol, point: Expr, what: str) -> Expr:
    """lim body as t -> point (from the right at 0), +oo or -oo when it diverges; refuses other outcomes."""
    value = sympy.limit(body, t, point, "+")
    if value is S.ComplexInfinity:  # |body| -> oo with a sign SymPy did not settle: ask the real limit again
        value = sympy.limit(sympy.re(body), t, point, "+")
    if isinstance(value, (sympy.Limit, sympy.AccumBounds)) or value.has(S.NaN, S.ComplexInfinity, sympy.AccumBounds):
        raise InvalidInput(f"f-divergence: the limit of {what} does not exist (SymPy gives {brief(value)})")
    return value


def _canonical_if_possible(expr: Expr) -> Expr:
    if expr.free_symbols:
        return expr
    try:
        return canonical(expr)
    except ValueError:
        return expr


# ---------------------------------------------------------------------------------------------
# joint-table measures
def _joint(J: JointDistribution | DistributionLike) -> JointDistribution:
    if isinstance(J, JointDistribution):
        return J
    raise InvalidDistribution(f"expected a JointDistribution, got {type(J).__name__}")


def _names(value: str | Sequence[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _rel_entr_table(terms: Sequence[tuple[int, Expr, Expr]], base: Base) -> Expr:
    """sum weight * rel_entr(a, b), exact when every a, b is rational."""
    exact = _fractions([value for _, a, b in terms for value in (a, b)])
    if exact is not None:
        pairs = iter(exact)
        return _in_base(_rel_entr_sum([(Fraction(w), next(pairs), next(pairs)) for w, _, _ in terms]), base)
    return _in_base(sympy.Add(*(w * rel_entr(a, b) for w, a, b in terms)), base)


def joint_entropy(J: JointDistribution | DistributionLike, base: Base = None) -> Expr:
    r"""H(X, Y, ...) = -sum p(x, y, ...) log p(x, y, ...), the entropy of the whole table.

    >>> import symkl as sk
    >>> J = sk.JointDistribution([["1/4", "1/4"], ["1/2", 0]])
    >>> joint_entropy(J, base=2)
    3/2

    Parameters
    ----------
    J : JointDistribution or distribution
        The joint table (or a plain distribution).
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

        H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y)
    """
    table = J.joint if isinstance(J, JointDistribution) else as_distribution(J)
    return entropy(table, base)


def conditional_entropy(
    J: JointDistribution, names: str | Sequence[str], given: str | Sequence[str], base: Base = None
) -> Expr:
    r"""H(X | Y) = -sum p(x, y) log(p(x, y)/p(y)) (Cover & Thomas 2.10).

    >>> import symkl as sk
    >>> J = sk.JointDistribution([["1/4", "1/4"], ["1/2", 0]])
    >>> conditional_entropy(J, "X", given="Y", base=2)
    -1/2 + 3*log(3)/(4*log(2))

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    names : str or sequence of str
        The variable(s) X whose entropy is taken.
    given : str or sequence of str
        The variable(s) Y conditioned on.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable name, or a base that cannot be read.

    Notes
    -----
    .. math::

        H(X \mid Y) = -\sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(y)}
    """
    table = _joint(J)
    target, condition = _names(names), _names(given)
    condition_cells = table.marginal_cells(condition)
    pair_cells = table.marginal_cells(condition + target)
    terms = [(-1, value, condition_cells[key[: len(condition)]]) for key, value in pair_cells.items()]
    return _rel_entr_table(terms, base)


def mutual_information(
    J: JointDistribution, first: str | Sequence[str], second: str | Sequence[str], base: Base = None
) -> Expr:
    r"""I(X; Y) = sum p(x, y) log(p(x, y)/(p(x) p(y))) = D(p(x, y) || p(x) p(y)) (Cover & Thomas 2.28).

    >>> import symkl as sk
    >>> J = sk.JointDistribution([["1/2", 0], [0, "1/2"]])
    >>> mutual_information(J, "X", "Y", base=2)
    1

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    first, second : str or sequence of str
        The two variables (or groups of variables).
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable name, or a base that cannot be read.

    Notes
    -----
    .. math::

        I(X; Y) = \sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x)\, p(y)}
    """
    table = _joint(J)
    x_names, y_names = _names(first), _names(second)
    x_cells, y_cells = table.marginal_cells(x_names), table.marginal_cells(y_names)
    pair_cells = table.marginal_cells(x_names + y_names)
    width = len(x_names)
    terms = [(1, value, x_cells[key[:width]] * y_cells[key[width:]]) for key, value in pair_cells.items()]
    return _rel_entr_table(terms, base)


def conditional_mutual_information(
    J: JointDistribution,
    first: str | Sequence[str],
    second: str | Sequence[str],
    given: str | Sequence[str],
    base: Base = None,
) -> Expr:
    r"""I(X; Y | Z) = sum p(x, y, z) log(p(z) p(x, y, z) / (p(x, z) p(y, z))) (Cover & Thomas 2.60).

    >>> import symkl as sk
    >>> J = sk.JointDistribution({(0, 0, 0): "1/2", (1, 1, 1): "1/2"}, names=("X", "Y", "Z"))
    >>> conditional_mutual_information(J, "X", "Y", given="Z")
    0

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    first, second : str or sequence of str
        The two variables (or groups of variables).
    given : str or sequence of str
        The variable(s) Z conditioned on.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable name, or a base that cannot be read.

    Notes
    -----
    .. math::

        I(X; Y \mid Z) = \sum_{x, y, z} p(x, y, z) \log \frac{p(z)\, p(x, y, z)}{p(x, z)\, p(y, z)}
    """
    table = _joint(J)
    x_names, y_names, z_names = _names(first), _names(second), _names(given)
    nx, ny = len(x_names), len(y_names)
    z_cells = table.marginal_cells(z_names)
    xz_cells = table.marginal_cells(x_names + z_names)
    yz_cells = table.marginal_cells(y_names + z_names)
    terms = []
    for key, value in table.marginal_cells(x_names + y_names + z_names).items():
        x, y, z = key[:nx], key[nx : nx + ny], key[nx + ny :]
        if value.is_zero:
            continue
        terms.append((1, value, xz_cells[x + z] * yz_cells[y + z] / z_cells[z]))
    return _rel_entr_table(terms, base)
