"""KL divergence, cross-entropy and entropy of ``sympy.stats`` random variables, derived by SymPy.

The answer is derived, not looked up: the log-density ratio is expanded
(log laws on positive parameters) into terms ``c(params) * g(x)`` and the
expectation of each feature ``g`` under the first variable is taken by
SymPy: moments ``E[X**k]``, ``E[log X]`` as the derivative of ``E[X**t]`` at
t = 0, and ``sympy.stats.E`` otherwise. A feature without a closed form
raises ``NotImplementedError``; nothing is guessed. When the support of P
is not inside the support of Q the divergence is ``oo``; with symbolic
bounds the answer is a ``Piecewise`` on the support condition.

Finite random variables (``Bernoulli``, ``Die``, ``FiniteRV``, ...) go
through the exact discrete measures, on the union of both outcome sets (an
outcome missing from one side has probability 0 there); at most
:data:`MAX_OUTCOMES` outcomes are summed, except for two binomials with the
same n, whose log-ratio is linear in X. A finite variable against a
countable one (``Poisson``, ``Geometric``) is a finite sum over the finite
support. A discrete variable against a continuous one, in either order, is
not absolutely continuous with respect to it: the KL divergence is ``oo``
and the cross-entropy is refused (the two densities are taken with respect
to different reference measures, counting and Lebesgue).

>>> import sympy
>>> from sympy.stats import Normal, Exponential
>>> m1, m2 = sympy.symbols("m1 m2", real=True)
>>> s1, s2 = sympy.symbols("s1 s2", positive=True)
>>> kl_divergence_rv(Normal("X", m1, s1), Normal("Y", m2, s2))
m1**2/(2*s2**2) - m1*m2/s2**2 + m2**2/(2*s2**2) + s1**2/(2*s2**2) - log(s1) + log(s2) - 1/2
>>> kl_divergence_rv(Normal("X", 0, 1), Exponential("Y", 1))
oo
"""

from __future__ import annotations

from typing import Any

from sympy import Expr, S

from ..errors import InvalidDistribution
from ..exact import measures
from .closed_forms import _cross_entropy_nats, _in_base, _kl_nats
from .discrete import _aligned, _as_distribution, _binomial_kl_nats, _discrete_nats
from .families import _check_parameters, _family, _kind
from .named import named_entropy, named_kl
from .normal import _mvn_pair, cross_entropy_mvn, kl_divergence_mvn

__all__ = ["cross_entropy_rv", "entropy_rv", "kl_divergence_rv"]


_DISCRETE = frozenset({"finite", "countable"})


def kinds_of(first: Any, second: Any) -> tuple[str, str]:
    for variable in (first, second):
        _check_parameters(variable)
    return _kind(first), _kind(second)


def _discrete_against_continuous(kinds: tuple[str, str]) -> bool:
    return bool({kinds[0], kinds[1]} & _DISCRETE) and "continuous" in kinds


def kl_divergence_rv(first: Any, second: Any, base: Any = None) -> Expr:
    r"""D(P || Q) for random variables P, Q (cached).

    A discrete P against a continuous Q (or the reverse) is oo: P is not absolutely continuous with
    respect to Q (an atom of P is a Q-null set; a continuous P puts its mass off the countable support of Q).

    >>> from sympy import Rational
    >>> from sympy.stats import Bernoulli, Binomial, Normal, Poisson
    >>> kl_divergence_rv(Binomial("X", 2, Rational(1, 2)), Binomial("Y", 3, Rational(1, 2)))
    -3*log(3)/4 + 3*log(2)/2
    >>> kl_divergence_rv(Bernoulli("X", Rational(1, 2)), Poisson("Y", 2))
    2 - 3*log(2)/2
    >>> kl_divergence_rv(Bernoulli("X", Rational(1, 2)), Normal("Y", 0, 1))
    oo

    Parameters
    ----------
    first : sympy.stats random variable
        P, the truth: finite, countable, continuous or multivariate normal.
    second : sympy.stats random variable
        Q, the model.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1.

    Returns
    -------
    sympy.Expr
        The exact value (closed form), ``oo`` when P is not absolutely continuous with respect to Q.

    Raises
    ------
    InvalidDistribution
        A parameter is known to be out of range, or the laws do not fit together (different dimensions).
    InvalidInput
        The base cannot be read.
    NotImplementedError
        Neither a closed form here nor SymPy's integration gives the value.

    Notes
    -----
    .. math::

        D(P \parallel Q) = \mathbb{E}_P\left[\log \frac{p(X)}{q(X)}\right]
    """
    kinds = kinds_of(first, second)
    named = named_kl(first, second)
    if named is not None:
        return _in_base(named, base)
    if _discrete_against_continuous(kinds):
        return S.Infinity
    if "joint" in kinds:
        return _in_base(kl_divergence_mvn(*_mvn_pair(first, second)), base)
    binomial = _binomial_kl_nats(first, second)
    if binomial is not None:
        return _in_base(binomial, base)
    if kinds == ("finite", "finite"):
        return measures.kl_divergence(*_aligned(first, second), base)
    discrete = _discrete_nats(first, second, kl=True)
    if discrete is not None:
        return _in_base(discrete, base)
    return _in_base(_kl_nats(first, second), base)


def cross_entropy_rv(first: Any, second: Any, base: Any = None) -> Expr:
    r"""H(P, Q) = -E_P[log q(X)] for random variables (cached).

    >>> from sympy import Rational
    >>> from sympy.stats import Bernoulli, Normal
    >>> cross_entropy_rv(Bernoulli("X", Rational(1, 2)), Normal("Y", 0, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidDistribution: the cross-entropy of X ~ Bernoulli (discrete) and Y ~ Normal (continuous) is...

    Parameters
    ----------
    first : sympy.stats random variable
        P, the law the expectation is taken under.
    second : sympy.stats random variable
        Q, the law whose log-density is averaged.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1.

    Returns
    -------
    sympy.Expr
        The exact value (closed form).

    Raises
    ------
    InvalidDistribution
        A parameter is known to be out of range, or the laws do not fit together (different dimensions), or one is
        discrete and the other continuous (the cross-entropy is then undefined).
    InvalidInput
        The base cannot be read.
    NotImplementedError
        Neither a closed form here nor SymPy's integration gives the value.

    Notes
    -----
    .. math::

        H(P, Q) = -\mathbb{E}_P[\log q(X)]
    """
    kinds = kinds_of(first, second)
    named = named_kl(first, second)
    if named is not None:  # H(P, Q) = H(P) + D(P || Q)
        entropy = named_entropy(first)
        assert entropy is not None  # every family with a KL pair has its entropy
        return _in_base(entropy + named, base)
    if "joint" in kinds:
        return _in_base(cross_entropy_mvn(*_mvn_pair(first, second)), base)
    if _discrete_against_continuous(kinds):
        one, other = ("discrete", "continuous") if kinds[1] == "continuous" else ("continuous", "discrete")
        raise InvalidDistribution(
            f"the cross-entropy of {first} ~ {_family(first)} ({one}) and {second} ~ {_family(second)} ({other}) "
            "is not defined: their densities are taken with respect to different measures (counting and Lebesgue); "
            "the KL divergence is oo"
        )
    if kinds == ("finite", "finite"):
        return measures.cross_entropy(*_aligned(first, second), base)
    discrete = _discrete_nats(first, second, kl=False)
    if discrete is not None:
        return _in_base(discrete, base)
    return _in_base(_cross_entropy_nats(first, second), base)


def entropy_rv(variable: Any, base: Any = None) -> Expr:
    r"""Differential (or discrete) entropy -E[log p(X)] (cached).

    >>> import sympy
    >>> from sympy.stats import Exponential
    >>> entropy_rv(Exponential("X", sympy.Symbol("l", positive=True)))
    1 - log(l)

    Parameters
    ----------
    variable : sympy.stats random variable
        The law: finite, countable, continuous or multivariate normal.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1.

    Returns
    -------
    sympy.Expr
        The exact entropy (differential entropy for a density, which may be negative).

    Raises
    ------
    InvalidDistribution
        A parameter is known to be out of range, or the laws do not fit together (different dimensions).
    InvalidInput
        The base cannot be read.
    NotImplementedError
        Neither a closed form here nor SymPy's integration gives the value.

    Notes
    -----
    .. math::

        h(X) = -\mathbb{E}[\log p(X)]
    """
    _check_parameters(variable)
    named = named_entropy(variable)
    if named is not None:
        return _in_base(named, base)
    kind = _kind(variable)
    if kind == "joint":
        return _in_base(cross_entropy_mvn(*_mvn_pair(variable, variable)), base)
    if kind == "finite":
        return measures.entropy(_as_distribution(variable, "P"), base)
    return _in_base(_cross_entropy_nats(variable, variable), base)


measures.register_random_variables(entropy=entropy_rv, cross_entropy=cross_entropy_rv, kl_divergence=kl_divergence_rv)
