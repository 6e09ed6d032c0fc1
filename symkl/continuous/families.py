"""The ``sympy.stats`` families symkl knows: kinds, parameter checks, supports and log-densities.

>>> from sympy.stats import Normal, Poisson
>>> _kind(Normal("X", 0, 1)), _kind(Poisson("N", 2))
('continuous', 'countable')
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import Expr, Piecewise

from ..errors import InvalidInput
from ..exact.printing import exact_str

__all__ = ["DERIVED_FAMILIES", "MAX_OUTCOMES", "MAX_PARAMETER_DIGITS", "HalfNormal"]


def HalfNormal(name: str, sigma: Any) -> Any:
    """The half-normal distribution |N(0, sigma**2)| (sympy.stats has none), density sqrt(2/pi)/sigma e^(-x^2/2sigma^2).

    >>> import sympy
    >>> s1, s2 = sympy.symbols("s1 s2", positive=True)
    >>> from symkl.continuous import kl_divergence_rv
    >>> kl_divergence_rv(HalfNormal("X", s1), HalfNormal("Y", s2))
    s1**2/(2*s2**2) - log(s1) + log(s2) - 1/2
    """
    from sympy.stats import ContinuousRV

    x = sympy.Symbol(name)
    density = sympy.sqrt(2) / (sigma * sympy.sqrt(sympy.pi)) * sympy.exp(-(x**2) / (2 * sigma**2))
    return ContinuousRV(x, density, set=sympy.Interval(0, sympy.oo))


#: Finite supports are summed term by term up to this many outcomes (a binomial with n = 3000 took 49 s).
MAX_OUTCOMES = 1000
#: Numerators and denominators of parameters have at most this many digits (Normal(0, 10**-100000) took 25 s).
MAX_PARAMETER_DIGITS = 10_000
_BITS_PER_DIGIT = 3.3219280948873626  # log2(10)


def _kind(variable: Any) -> str:
    """'finite', 'countable', 'continuous' or 'joint' (a multivariate distribution).

    >>> from sympy.stats import Bernoulli, Poisson, Normal
    >>> [_kind(v) for v in (Bernoulli("X", 1), Poisson("Y", 2), Normal("Z", 0, 1))]
    ['finite', 'countable', 'continuous']
    """
    pspace = variable.pspace
    if pspace.is_Finite:
        return "finite"
    if pspace.is_Continuous:
        return "continuous"
    if pspace.is_Discrete:
        return "countable"
    if type(pspace).__name__ == "JointPSpace":
        return "joint"
    raise NotImplementedError(f"{variable} has a {type(pspace).__name__}, which symkl does not handle")


def _family(variable: Any) -> str:
    return type(variable.pspace.distribution).__name__.removesuffix("Distribution")


def _label(variable: Any) -> str:
    """'X ~ Binomial(10000, 1/2, 1, 0)', each parameter shortened to at most 20 characters."""

    def short(argument: Any) -> str:
        text = exact_str(argument) if isinstance(argument, sympy.Basic) else str(argument)
        return text if len(text) <= 20 else text[:17] + "..."

    return f"{variable} ~ {_family(variable)}({', '.join(short(a) for a in variable.pspace.distribution.args)})"


def _check_parameters(variable: Any) -> None:
    """Refuse parameters with huge numerators or denominators (the exact form would take minutes).

    >>> from sympy import Rational
    >>> from sympy.stats import Normal
    >>> _check_parameters(Normal("X", 0, Rational(1, 10**20000)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: a parameter of Normal has about 20001 digits; parameters may have at most 10000 digits...
    """
    limit = int(MAX_PARAMETER_DIGITS * _BITS_PER_DIGIT)
    for argument in variable.pspace.distribution.args:
        if not isinstance(argument, sympy.Basic):
            continue
        for number in argument.atoms(sympy.Rational):
            bits = max(abs(int(number.p)).bit_length(), int(number.q).bit_length())
            if bits > limit:
                digits = int(bits / _BITS_PER_DIGIT) + 1
                raise InvalidInput(
                    f"a parameter of {_family(variable)} has about {digits} digits; parameters may have at most "
                    f"{MAX_PARAMETER_DIGITS} digits in numerator and denominator "
                    "(symkl.continuous.MAX_PARAMETER_DIGITS)"
                )


def _support(variable: Any) -> sympy.Set:
    return variable.pspace.domain.set


def log_density(variable: Any, x: Expr) -> Expr:
    from sympy.stats import density

    value = density(variable)(x)
    if isinstance(value, Piecewise):  # the branch that holds on the support
        value = value.args[0][0]
    return sympy.expand(sympy.expand_log(sympy.log(value), force=True))


#: Distributions whose expectations have been derived and checked (tests/test_continuous.py). For any other,
#: SymPy's integration may run for minutes (von Mises did not finish in 250 s): refuse at once instead.
DERIVED_FAMILIES = frozenset(
    {
        "NormalDistribution",
        "LogNormalDistribution",
        "ExponentialDistribution",
        "GammaDistribution",
        "BetaDistribution",
        "LaplaceDistribution",
        "UniformDistribution",
        "CauchyDistribution",
        "GumbelDistribution",
        "ParetoDistribution",
        "RayleighDistribution",
        "WeibullDistribution",
        "ChiDistribution",
        "PoissonDistribution",
        "GeometricDistribution",
        "ContinuousDistributionHandmade",  # HalfNormal and other densities given directly
    }
)
