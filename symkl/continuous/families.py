"""The ``sympy.stats`` families symkl knows: kinds, parameter checks, supports and log-densities.

>>> from sympy.stats import Normal, Poisson
>>> _kind(Normal("X", 0, 1)), _kind(Poisson("N", 2))
('continuous', 'countable')
"""

from __future__ import annotations

import functools
from typing import Any

import sympy
from sympy import Expr, Piecewise

from ..errors import InvalidInput
from ..exact.parsing import to_exact
from ..exact.printing import exact_str

__all__ = [
    "DERIVED_FAMILIES",
    "MAX_OUTCOMES",
    "MAX_PARAMETER_DIGITS",
    "ContinuousBernoulli",
    "GeneralizedPareto",
    "HalfCauchy",
    "HalfNormal",
]


def HalfNormal(name: str, sigma: Any) -> Any:
    """The half-normal distribution |N(0, sigma**2)| (sympy.stats has none), density sqrt(2/pi)/sigma e^(-x^2/2sigma^2).

    >>> import sympy
    >>> s1, s2 = sympy.symbols("s1 s2", positive=True)
    >>> from symkl.continuous import kl_divergence_rv
    >>> kl_divergence_rv(HalfNormal("X", s1), HalfNormal("Y", s2))
    s1**2/(2*s2**2) - log(s1) + log(s2) - 1/2

    Parameters
    ----------
    name : str
        The name of the random variable (its symbol).
    sigma : number or sympy.Expr
        The scale sigma > 0 of the underlying normal.

    Returns
    -------
    sympy.stats.rv.RandomSymbol
        A continuous random variable, usable with :func:`~symkl.continuous.entropy_rv`,
        :func:`~symkl.continuous.kl_divergence_rv` and ``sympy.stats``.

    Notes
    -----
    .. math::

        p(x) = \\frac{\\sqrt{2}}{\\sigma \\sqrt{\\pi}} e^{-x^2 / (2 \\sigma^2)}, \\quad x \\ge 0
    """
    from sympy.stats import ContinuousRV

    x = sympy.Symbol(name)
    density = sympy.sqrt(2) / (sigma * sympy.sqrt(sympy.pi)) * sympy.exp(-(x**2) / (2 * sigma**2))
    return ContinuousRV(x, density, set=sympy.Interval(0, sympy.oo))


def _parameter(value: Any, family: str, what: str) -> Expr:
    """A parameter as an exact SymPy value (floats read as their shortest decimal), a clear error otherwise."""
    try:
        return to_exact(value)
    except InvalidInput as error:
        raise InvalidInput(f"{family}: parameter {what}: {error}") from None


def _known_false(condition: Any) -> bool:
    return sympy.sympify(condition) is sympy.false


@functools.cache
def _new_families() -> dict[str, Any]:
    """The distribution classes symkl adds to sympy.stats (built on first use: sympy.stats loads lazily)."""
    from sympy.stats.crv import SingleContinuousDistribution

    class HalfCauchyDistribution(SingleContinuousDistribution):
        _argnames = ("scale",)
        set = sympy.Interval(0, sympy.oo)

        def pdf(self, x: Expr) -> Expr:
            scale = self.args[0]
            return 2 / (sympy.pi * scale * (1 + (x / scale) ** 2))

    class GeneralizedParetoDistribution(SingleContinuousDistribution):
        _argnames = ("loc", "scale", "shape")

        @property
        def set(self) -> sympy.Set:
            loc, scale, shape = self.args
            if shape.is_negative:
                return sympy.Interval(loc, loc - scale / shape)
            return sympy.Interval(loc, sympy.oo)

        def pdf(self, x: Expr) -> Expr:
            loc, scale, shape = self.args
            z = (x - loc) / scale
            if shape.is_zero:
                return sympy.exp(-z) / scale
            inside = 1 + shape * z
            return Piecewise((inside ** (-1 / shape - 1) / scale, inside > 0), (0, True))

    class ContinuousBernoulliDistribution(SingleContinuousDistribution):
        _argnames = ("lam",)
        set = sympy.Interval(0, 1)

        def pdf(self, x: Expr) -> Expr:
            lam = self.args[0]
            t = 1 - 2 * lam
            normaliser = 2 if lam == sympy.S.Half else 2 * sympy.atanh(t) / t
            return normaliser * lam**x * (1 - lam) ** (1 - x)

    return {
        "HalfCauchy": HalfCauchyDistribution,
        "GeneralizedPareto": GeneralizedParetoDistribution,
        "ContinuousBernoulli": ContinuousBernoulliDistribution,
    }


def HalfCauchy(name: str, scale: Any) -> Any:
    r"""The half-Cauchy distribution |Cauchy(0, scale)| (sympy.stats has none), density 2/(pi s (1 + (x/s)**2)).

    >>> import sympy
    >>> from symkl.continuous import entropy_rv
    >>> entropy_rv(HalfCauchy("X", sympy.Symbol("s", positive=True)))
    log(s) + log(2) + log(pi)

    Parameters
    ----------
    name : str
        The name of the random variable (its symbol).
    scale : number or sympy.Expr
        The scale s > 0.

    Returns
    -------
    sympy.stats.rv.RandomSymbol
        A continuous random variable, usable with :func:`~symkl.continuous.entropy_rv`,
        :func:`~symkl.continuous.kl_divergence_rv` and ``sympy.stats``.

    Raises
    ------
    InvalidInput
        The scale cannot be read or is known not to be positive.

    Notes
    -----
    .. math::

        p(x) = \frac{2}{\pi s (1 + (x / s)^2)}, \quad x \ge 0
    """
    from sympy.stats.crv_types import rv

    scale = _parameter(scale, "HalfCauchy", "scale")
    if _known_false(scale > 0):
        raise InvalidInput(f"HalfCauchy: the scale must be positive, got {exact_str(scale)}")
    return rv(name, _new_families()["HalfCauchy"], (scale,))


def GeneralizedPareto(name: str, loc: Any, scale: Any, shape: Any) -> Any:
    r"""The generalized Pareto distribution (as ``torch.distributions.GeneralizedPareto``), density
    (1/sigma)(1 + xi z)**(-1/xi - 1), z = (x - mu)/sigma >= 0 (and z <= -1/xi when xi < 0); xi = 0 is exponential.

    >>> import sympy
    >>> from symkl.continuous import entropy_rv
    >>> entropy_rv(GeneralizedPareto("X", 0, sympy.Symbol("s", positive=True), sympy.Symbol("xi", real=True)))
    xi + log(s) + 1

    Parameters
    ----------
    name : str
        The name of the random variable (its symbol).
    loc : number or sympy.Expr
        The location mu (finite real).
    scale : number or sympy.Expr
        The scale sigma > 0.
    shape : number or sympy.Expr
        The shape xi (finite real; 0 is the exponential law).

    Returns
    -------
    sympy.stats.rv.RandomSymbol
        A continuous random variable, usable with :func:`~symkl.continuous.entropy_rv`,
        :func:`~symkl.continuous.kl_divergence_rv` and ``sympy.stats``.

    Raises
    ------
    InvalidInput
        A parameter cannot be read, the scale is known not to be positive, or `loc` or `shape` is not a
        finite real number.

    Notes
    -----
    .. math::

        p(x) = \frac{1}{\sigma} (1 + \xi z)^{-1/\xi - 1}, \quad z = \frac{x - \mu}{\sigma} \ge 0
    """
    from sympy.stats.crv_types import rv

    loc = _parameter(loc, "GeneralizedPareto", "loc")
    scale = _parameter(scale, "GeneralizedPareto", "scale")
    shape = _parameter(shape, "GeneralizedPareto", "shape")
    if _known_false(scale > 0):
        raise InvalidInput(f"GeneralizedPareto: the scale must be positive, got {exact_str(scale)}")
    for what, value in (("loc", loc), ("shape", shape)):
        if value.is_real is False or value.has(sympy.oo, sympy.zoo, sympy.nan):
            raise InvalidInput(f"GeneralizedPareto: {what} must be a finite real number, got {exact_str(value)}")
    return rv(name, _new_families()["GeneralizedPareto"], (loc, scale, shape))


def ContinuousBernoulli(name: str, lam: Any) -> Any:
    r"""The continuous Bernoulli distribution on [0, 1] (as ``torch.distributions.ContinuousBernoulli``),
    density C(l) l**x (1 - l)**(1 - x), C(l) = 2 atanh(1 - 2l)/(1 - 2l) (2 at l = 1/2).

    >>> from sympy import Rational
    >>> from symkl.continuous import entropy_rv
    >>> entropy_rv(ContinuousBernoulli("X", Rational(1, 2)))
    0

    Parameters
    ----------
    name : str
        The name of the random variable (its symbol).
    lam : number or sympy.Expr
        The parameter l in (0, 1).

    Returns
    -------
    sympy.stats.rv.RandomSymbol
        A continuous random variable, usable with :func:`~symkl.continuous.entropy_rv`,
        :func:`~symkl.continuous.kl_divergence_rv` and ``sympy.stats``.

    Raises
    ------
    InvalidInput
        `lam` cannot be read or is known to lie outside (0, 1).

    Notes
    -----
    .. math::

        p(x) = C(\lambda) \lambda^x (1 - \lambda)^{1 - x}, \quad C(\lambda) = \frac{2 \operatorname{atanh}(1 - 2
        \lambda)}{1 - 2 \lambda},
        \quad x \in [0, 1]
    """
    from sympy.stats.crv_types import rv

    lam = _parameter(lam, "ContinuousBernoulli", "lam")
    if _known_false(sympy.And(lam > 0, lam < 1)):
        raise InvalidInput(f"ContinuousBernoulli: lam must lie in (0, 1), got {exact_str(lam)}")
    return rv(name, _new_families()["ContinuousBernoulli"], (lam,))


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
    if type(pspace).__name__ in ("JointPSpace", "MatrixPSpace"):
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
    """The support; sympy.stats 1.14 gives Kumaraswamy [0, oo), where its density is not one: it is [0, 1].

    >>> from sympy.stats import Kumaraswamy
    >>> _support(Kumaraswamy("K", 2, 3))
    Interval(0, 1)
    """
    if _family(variable) == "Kumaraswamy":
        return sympy.Interval(0, 1)
    return variable.pspace.domain.set


def log_density(variable: Any, x: Expr) -> Expr:
    """log p(x), its factors split by the log laws where that is sound (see :func:`log_of_density`)."""
    from sympy.stats import density

    value = density(variable)(x)
    if isinstance(value, Piecewise):  # the branch that holds on the support
        value = value.args[0][0]
    return log_of_density(value, x)


def log_of_density(value: Expr, x: Expr) -> Expr:
    """log of a density value, split into a constant and terms in x, on the principal branch.

    The factors that depend on x are split with the log laws: a density is positive on its support, and
    so is each power b**e(x) in it. The factors that do not depend on x (the normaliser) are split only
    where each is known positive; the rest stays inside one logarithm, of a positive product. Splitting
    log(2 atanh(1 - 2l) / (1 - 2l)) (the continuous Bernoulli's normaliser, positive for every l in
    (0, 1)) into log(atanh(1 - 2l)) - log(1 - 2l) would take a log of a negative number on one side
    of l = 1/2 and give a value off by 2 pi i there.

    >>> import sympy
    >>> l = sympy.Symbol("l", positive=True)
    >>> x = sympy.Symbol("x", nonnegative=True)
    >>> log_of_density(2 * sympy.atanh(1 - 2 * l) / (1 - 2 * l) * l**x * (1 - l) ** (1 - x), x)
    x*log(l) - x*log(1 - l) + log(-atanh(2*l - 1)/(1 - 2*l)) + log(1 - l) + log(2)
    """
    constant, varying = value.as_independent(x, as_Add=False)
    split: list[Expr] = []
    kept: list[Expr] = []
    for factor in sympy.Mul.make_args(constant):
        (split if factor.is_positive else kept).append(factor)
    logs = [sympy.expand_log(sympy.log(factor), force=True) for factor in split]
    rest = sympy.Mul(*kept)
    if rest != 1:
        logs.append(sympy.log(rest))
    if varying != 1:
        logs.append(sympy.expand_log(sympy.log(varying), force=True))
    return sympy.expand(sympy.Add(*logs))


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
        "ChiSquaredDistribution",
        "GammaInverseDistribution",
        "HalfCauchyDistribution",
        "PoissonDistribution",
        "GeometricDistribution",
        "ContinuousDistributionHandmade",  # HalfNormal and other densities given directly
    }
)
