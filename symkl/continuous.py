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

import functools
from typing import Any

import sympy
from sympy import Dummy, Expr, Piecewise, S

from . import measures
from .distribution import Distribution
from .errors import InvalidDistribution, InvalidInput
from .measures import _canonical_if_possible, checked_base, is_random_variable
from .measures import _in_base as divided_by_log_base
from .printing import exact_str
from .terms import xlogy

__all__ = [
    "MAX_OUTCOMES",
    "MAX_PARAMETER_DIGITS",
    "HalfNormal",
    "cross_entropy_mvn",
    "cross_entropy_rv",
    "entropy_rv",
    "is_random_variable",
    "kl_divergence_mvn",
    "kl_divergence_rv",
]


def HalfNormal(name: str, sigma: Any) -> Any:
    """The half-normal distribution |N(0, sigma**2)| (sympy.stats has none), density sqrt(2/pi)/sigma e^(-x^2/2sigma^2).

    >>> import sympy
    >>> s1, s2 = sympy.symbols("s1 s2", positive=True)
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


def _support(variable: Any) -> sympy.Set:
    return variable.pspace.domain.set


def _log_density(variable: Any, x: Expr) -> Expr:
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


def _feature_expectation(variable: Any, feature: Expr, x: Expr) -> Expr:
    from sympy.stats import E

    if not feature.has(x):
        return feature
    family = type(variable.pspace.distribution).__name__
    if family not in DERIVED_FAMILIES:
        raise NotImplementedError(
            f"no derivation of E[{feature.subs(x, variable)}] for {family.removesuffix('Distribution')}; "
            "see symkl.continuous.DERIVED_FAMILIES"
        )
    if feature == x:
        return E(variable)
    if feature.is_Pow and feature.base == x and feature.exp.is_Integer and feature.exp > 0:
        return E(variable**feature.exp)
    if isinstance(feature, sympy.Abs):
        inside = feature.args[0]
        slope = sympy.diff(inside, x)
        if slope in (1, -1) and not sympy.diff(inside, x, 2):
            return _absolute_deviation(variable, sympy.expand(x - inside / slope))
    gumbel_feature = _gumbel_exponential(variable, feature, x)
    if gumbel_feature is not None:
        return gumbel_feature
    cauchy_feature = _cauchy_log_quadratic(variable, feature, x)
    if cauchy_feature is not None:
        return cauchy_feature
    beta_feature = _beta_log_feature(variable, feature, x)
    if beta_feature is not None:
        return beta_feature
    uniform_feature = _uniform_log_power(variable, feature, x)
    if uniform_feature is not None:
        return uniform_feature
    power = _log_power(feature, x)
    if power is not None and type(variable.pspace.distribution).__name__ == "LogNormalDistribution":
        # log X ~ Normal(mu, sigma): E[(log X)**k] is a normal moment (integrating log(x)**k directly is slow)
        from sympy.stats import Normal

        mean, deviation = variable.pspace.distribution.args
        return sympy.expand(E(Normal(Dummy("Y"), mean, deviation) ** power))
    if feature == sympy.log(x):
        t = Dummy("t")
        moment = E(variable**t, conds="none")
        derivative = sympy.diff(moment, t).subs(t, 0)
        value = sympy.expand_func(sympy.powsimp(sympy.expand_power_base(derivative, force=True), force=True))
        return _trusted(value, feature.subs(x, variable))
    return _trusted(E(feature.subs(x, variable)), feature.subs(x, variable))


#: What a closed form may not contain: unevaluated integrals and sums, and special functions whose
#: evaluation SymPy gets wrong or cannot do here (E[log(1 + X**2/5)] for a Student t comes back with
#: meijerg and catalan(1/2) terms that evaluate to nan).
_UNTRUSTED = (sympy.Integral, sympy.Sum, sympy.hyper, sympy.meijerg, sympy.catalan, sympy.Subs, sympy.Derivative)


def _trusted(value: Expr, what: Expr) -> Expr:
    if value.has(*_UNTRUSTED) or value.has(sympy.I) or value.has(sympy.nan):
        raise NotImplementedError(f"SymPy finds no closed form for E[{what}]")
    return value


def _absolute_deviation(variable: Any, centre_point: Expr) -> Expr:
    """E|X - c| for a density symmetric about its location m: r(|c - m|), r from three integrals with d = c - m > 0."""
    from sympy.stats import density

    location = variable.pspace.distribution.args[0]
    f = density(variable)
    y, d = Dummy("y", positive=True), Dummy("d", positive=True)
    if sympy.expand(f(location + y) - f(location - y)) != 0:
        raise NotImplementedError(f"E|{variable} - c| needs a density symmetric about its location")
    value = (
        sympy.integrate((d + y) * f(location - y), (y, 0, sympy.oo))
        + sympy.integrate((d - y) * f(location + y), (y, 0, d))
        + sympy.integrate((y - d) * f(location + y), (y, d, sympy.oo))
    )
    value = _trusted(sympy.expand(value), sympy.Abs(variable - centre_point))
    return value.subs(d, sympy.Abs(centre_point - location))


def _gumbel_exponential(variable: Any, feature: Expr, x: Expr) -> Expr | None:
    """E[exp(k X)] under Gumbel(beta, mu): X = mu - beta log U with U ~ Exponential(1), so it is
    exp(k mu) E[U**(-k beta)], a moment of the exponential distribution computed by SymPy."""
    distribution = variable.pspace.distribution
    if type(distribution).__name__ != "GumbelDistribution" or not isinstance(feature, sympy.exp):
        return None
    beta, mu, minimum = distribution.args
    exponent = feature.args[0]
    k = sympy.diff(exponent, x)
    if minimum or k.has(x) or sympy.expand(exponent - k * x) != 0:
        return None
    from sympy.stats import E, Exponential

    s = Dummy("s")
    moment = E(Exponential(Dummy("U"), 1) ** s, conds="none")
    return _trusted(sympy.exp(k * mu) * moment.subs(s, -k * beta), feature.subs(x, variable))


def _cauchy_log_quadratic(variable: Any, feature: Expr, x: Expr) -> Expr | None:
    """E[log q(X)] under Cauchy(m1, g1) for a quadratic q = c (x - z)(x - conj z), z = m + i g, g > 0.

    The Cauchy density is the Poisson kernel of the upper half-plane, so the expectation of
    log|x - conj z|^2 = 2 Re log(x - conj z) (harmonic there) is its value at m1 + i g1:
    E[log q(X)] = log c + log((m1 - m)^2 + (g1 + g)^2).
    """
    if type(variable.pspace.distribution).__name__ != "CauchyDistribution" or not isinstance(feature, sympy.log):
        return None
    try:
        polynomial = sympy.Poly(feature.args[0], x)
    except sympy.PolynomialError:
        return None
    if polynomial.degree() != 2:
        return None
    roots = list(sympy.roots(polynomial).keys())
    if len(roots) != 2:
        return None
    upper = [root for root in roots if sympy.im(root).is_positive]
    if len(upper) != 1:
        return None
    m, g = sympy.re(upper[0]), sympy.im(upper[0])
    location, scale = variable.pspace.distribution.args
    leading = polynomial.LC()
    if not leading.is_positive:
        return None
    return sympy.expand(sympy.log(leading) + sympy.log((location - m) ** 2 + (scale + g) ** 2))


def _beta_log_feature(variable: Any, feature: Expr, x: Expr) -> Expr | None:
    """E[log X] and E[log(1 - X)] under Beta(a, b) as derivatives of log B(a, b) in a and in b.

    d/da of the normaliser B(a, b) = int x^(a-1) (1-x)^(b-1) dx brings down log x, so
    E[log X] = d/da log B(a, b); likewise E[log(1 - X)] = d/db log B(a, b).
    """
    if type(variable.pspace.distribution).__name__ != "BetaDistribution":
        return None
    a, b = variable.pspace.distribution.args
    u, v = Dummy("a", positive=True), Dummy("b", positive=True)
    normaliser = sympy.log(sympy.beta(u, v))
    if feature == sympy.log(x):
        derivative = sympy.diff(normaliser, u)
    elif feature == sympy.log(1 - x):
        derivative = sympy.diff(normaliser, v)
    else:
        return None
    return sympy.expand_func(derivative).subs({u: a, v: b})


def _uniform_log_power(variable: Any, feature: Expr, x: Expr) -> Expr | None:
    """E[log(u)**k] under Uniform(a, b) for u = c x + d and a positive integer k, from an antiderivative.

    E = (G(u(b)) - G(u(a))) / (c (b - a)) with G(u) = int log(u)**k du = sum_j (-1)**(k - j) k!/j! u log(u)**j.
    Each u log(u)**j tends to 0 as u -> 0+, and is written so that it is 0 there (``xlogy(u, u)`` for j = 1,
    a Piecewise for j > 1): an endpoint at u = 0, numeric or reached by substitution, gives the limit, not nan.

    >>> import sympy
    >>> from sympy.stats import Uniform
    >>> x = sympy.Symbol("x", positive=True)
    >>> _uniform_log_power(Uniform("X", 0, 3), sympy.log(x), x)
    -1 + log(3)
    """
    distribution = variable.pspace.distribution
    if type(distribution).__name__ != "UniformDistribution":
        return None
    logarithm, power = feature, 1
    if feature.is_Pow and feature.exp.is_Integer and feature.exp > 0:
        logarithm, power = feature.base, int(feature.exp)
    if not isinstance(logarithm, sympy.log):
        return None
    inside = logarithm.args[0]
    slope = sympy.diff(inside, x)
    if slope.has(x) or slope.is_zero is not False:
        return None
    left, right = distribution.args

    def antiderivative(u: Expr) -> Expr:
        return sympy.Add(
            *(
                (-1) ** (power - j) * sympy.factorial(power) / sympy.factorial(j) * _u_log_power(u, j)
                for j in range(power + 1)
            )
        )

    value = (antiderivative(inside.subs(x, right)) - antiderivative(inside.subs(x, left))) / (slope * (right - left))
    return sympy.expand(value)


def _u_log_power(u: Expr, j: int) -> Expr:
    """u log(u)**j, equal to its limit 0 at u = 0."""

    if j == 0:
        return u
    if u.is_zero:
        return S.Zero
    if j == 1:
        return xlogy(u, u)
    if u.is_positive:
        return u * sympy.log(u) ** j
    return Piecewise((S.Zero, sympy.Eq(u, 0)), (u * sympy.log(u) ** j, True))


def _log_power(feature: Expr, x: Expr) -> int | None:
    """k when feature is log(x)**k for a positive integer k."""
    if feature == sympy.log(x):
        return 1
    if feature.is_Pow and feature.base == sympy.log(x) and feature.exp.is_Integer and feature.exp > 0:
        return int(feature.exp)
    return None


def _expectation(variable: Any, expression: Expr, x: Expr) -> Expr:
    total = S.Zero
    for term in sympy.Add.make_args(sympy.expand(expression)):
        constant, feature = term.as_independent(x, as_Add=False)
        total += constant * _feature_expectation(variable, feature, x)
    return sympy.expand(total)


def _inside(first: sympy.Set, second: sympy.Set) -> Expr | bool | None:
    """Whether support first lies in support second: True, False, or a condition on the parameters."""
    inside = first.is_subset(second)
    if inside is not None:
        return bool(inside)
    if isinstance(first, sympy.Interval) and isinstance(second, sympy.Interval):
        return sympy.And(first.start >= second.start, first.end <= second.end)
    return None


def _dummy_for(variable: Any) -> Dummy:
    support = _support(variable)
    if support.is_subset(sympy.Interval(0, sympy.oo)):
        return Dummy("x", nonnegative=True, integer=bool(support.is_subset(sympy.S.Integers)) or None)
    return Dummy("x", real=True)


def _expected_under(first: Any, second: Any, integrand: Any) -> Expr:
    """E_first[integrand(x)] where the support of first lies in that of second; oo (or a Piecewise) otherwise."""
    inside = _inside(_support(first), _support(second))
    if inside is False:
        return S.Infinity
    if inside is None:
        raise NotImplementedError(f"cannot decide whether the support of {first} lies in that of {second}")
    x = _dummy_for(first)
    try:
        value = _expectation(first, integrand(x), x)
    except NotImplementedError:
        if _diverges_under_cauchy(first, second):
            return S.Infinity
        raise
    return value if inside is True else Piecewise((value, inside), (S.Infinity, True))


def _diverges_under_cauchy(first: Any, second: Any) -> bool:
    """True when first is Cauchy and E[-log q(X)] = +oo, q the density of second; then H(P, Q) = D(P || Q) = oo.

    The argument: when -log q is continuous on the real line with a limit in (-oo, oo] at both ends, it is
    bounded below, so E[-log q(X)] exists in (-oo, oo]. When, moreover, -log q(x) grows at least linearly
    at one end (-log q(x) / |x| has a positive or infinite limit there), -log q(x) >= c |x| - C on that side,
    and E[|X|; that side] = oo for a Cauchy variable (its density decays like 1/x**2, so |x| times it like
    1/|x|): the cross-entropy is +oo. The KL divergence adds E[log p(X)] = -log(4 pi gamma), which is finite,
    so it is +oo too. A normal q grows like x**2 (a Cauchy variable has no finite second moment), a Gumbel
    q like exp(-x/beta) on the left, a Laplace q like |x|; a Cauchy or Student t q only like log |x|.

    >>> from sympy.stats import Cauchy, Normal, StudentT
    >>> _diverges_under_cauchy(Cauchy("X", 0, 1), Normal("Y", 0, 1)), _diverges_under_cauchy(
    ...     Cauchy("X", 0, 1), Cauchy("Y", 0, 1))
    (True, False)
    """
    from sympy.calculus.util import continuous_domain

    if _family(first) != "Cauchy" or _kind(second) != "continuous":
        return False
    x = Dummy("x", real=True)
    minus_log_q = -_log_density(second, x)
    if minus_log_q.has(Piecewise) or continuous_domain(minus_log_q, x, S.Reals) != S.Reals:
        return False
    grows = False
    for end in (S.Infinity, S.NegativeInfinity):
        limit = sympy.limit(minus_log_q, x, end)
        if not (limit is S.Infinity or (limit.is_real and limit.is_finite)):
            return False
        slope = sympy.limit(minus_log_q / abs(x), x, end)
        grows = grows or slope is S.Infinity or bool(slope.is_positive)
    return grows


@functools.lru_cache(maxsize=512)
def _cross_entropy_nats(first: Any, second: Any) -> Expr:
    return _expected_under(first, second, lambda x: -_log_density(second, x))


@functools.lru_cache(maxsize=512)
def _kl_nats(first: Any, second: Any) -> Expr:
    # the ratio first: terms common to both densities (log k!, log pi, ...) cancel before any expectation
    return _expected_under(first, second, lambda x: _log_density(first, x) - _log_density(second, x))


def _in_base(value: Expr, base: Any) -> Expr:
    """value / log(base), in canonical form when it is a rational-log number."""
    if not value.free_symbols:  # numeric parameters: beta(3, 2) -> 1/12, gamma(5) -> 24, then the canonical form
        value = sympy.expand_func(value)
    in_base = divided_by_log_base(value, base)
    return _canonical_if_possible(in_base if checked_base(base) is S.Exp1 else sympy.expand(in_base))


def _normal_parameters(variable: Any) -> tuple[sympy.Matrix, sympy.Matrix] | None:
    distribution = variable.pspace.distribution
    if type(distribution).__name__ != "MultivariateNormalDistribution":
        return None
    mean, covariance = distribution.args
    return sympy.Matrix(mean), sympy.Matrix(covariance)


def _mvn_checked(
    mean1: Any, covariance1: Any, mean2: Any, covariance2: Any
) -> tuple[sympy.Matrix, sympy.Matrix, sympy.Matrix, sympy.Matrix]:
    m1, m2 = sympy.Matrix(mean1), sympy.Matrix(mean2)
    s1, s2 = sympy.Matrix(covariance1), sympy.Matrix(covariance2)
    k = m1.rows
    if not (m2.rows == k and s1.shape == (k, k) and s2.shape == (k, k)):
        raise InvalidDistribution(
            f"shapes do not match: means {m1.shape}, {m2.shape}, covariances {s1.shape}, {s2.shape}"
        )
    return m1, s1, m2, s2


def _expected_quadratic(m1: sympy.Matrix, s1: sympy.Matrix, inverse: sympy.Matrix, centre: sympy.Matrix) -> Expr:
    """E[(x - c)^T A (x - c)] under N(m1, S1): sum_jk A_jk (E[x_j x_k] - c_j m1_k - m1_j c_k + c_j c_k),
    with E[x x^T] = S1 + m1 m1^T (the definition of covariance)."""
    second_moment = s1 + m1 * m1.T
    k = m1.rows
    return sympy.Add(
        *(
            inverse[j, i] * (second_moment[j, i] - centre[j] * m1[i] - m1[j] * centre[i] + centre[j] * centre[i])
            for j in range(k)
            for i in range(k)
        )
    )


def kl_divergence_mvn(mean1: Any, covariance1: Any, mean2: Any, covariance2: Any) -> Expr:
    """D(N(m1, S1) || N(m2, S2)) in nats, from the expectation of the log-density ratio.

    log p - log q = (1/2) log(det S2/det S1) - (1/2) Q1(x) + (1/2) Q2(x) with quadratic forms
    Qi(x) = (x - mi)^T Si^-1 (x - mi), and E[Q(x)] = sum_jk A_jk E[(x_j - a_j)(x_k - a_k)] with
    E[x_j x_k] = S1_jk + m1_j m1_k (the definition of covariance).

    >>> import sympy
    >>> s = sympy.Symbol("s", positive=True)
    >>> kl_divergence_mvn([0, 0], sympy.eye(2), [1, 0], s * sympy.eye(2))
    log(s) - 1 + 3/(2*s)
    """
    m1, s1, m2, s2 = _mvn_checked(mean1, covariance1, mean2, covariance2)
    value = (
        sympy.log(s2.det()) / 2
        - sympy.log(s1.det()) / 2
        - _expected_quadratic(m1, s1, s1.inv(), m1) / 2
        + _expected_quadratic(m1, s1, s2.inv(), m2) / 2
    )
    return sympy.expand(sympy.cancel(sympy.expand(value)))


def cross_entropy_mvn(mean1: Any, covariance1: Any, mean2: Any, covariance2: Any) -> Expr:
    """H(N(m1, S1), N(m2, S2)) = -E[log q(x)] = (k/2) log(2 pi) + (1/2) log det S2 + (1/2) E[Q2(x)] in nats;
    with the same parameters twice it is the differential entropy (k/2)(1 + log(2 pi)) + (1/2) log det S.

    >>> import sympy
    >>> cross_entropy_mvn([0, 0], sympy.eye(2), [0, 0], sympy.eye(2))
    log(2) + 1 + log(pi)
    """
    m1, s1, m2, s2 = _mvn_checked(mean1, covariance1, mean2, covariance2)
    half = sympy.Rational(m1.rows, 2)
    rest = sympy.log(s2.det()) / 2 + _expected_quadratic(m1, s1, s2.inv(), m2) / 2 + half * sympy.log(2)
    rest = sympy.expand(sympy.expand_log(sympy.cancel(sympy.expand(rest)), force=True))
    return _canonical_if_possible(rest) + half * sympy.log(sympy.pi)


def _mvn_pair(first: Any, second: Any) -> tuple[sympy.Matrix, ...]:
    """The means and covariances of two multivariate normals; a clear error for anything else."""
    parameters: list[sympy.Matrix] = []
    for variable in (first, second):
        if _kind(variable) != "joint":
            other = second if variable is first else first
            raise InvalidDistribution(
                f"{variable} ~ {_family(variable)} is univariate and {other} ~ {_family(other)} is multivariate: "
                "they are distributions on different spaces"
            )
        found = _normal_parameters(variable)
        if found is None:
            raise NotImplementedError(
                f"{variable} ~ {_family(variable)}: of the multivariate families symkl handles MultivariateNormal"
            )
        parameters.extend(found)
    return tuple(parameters)


_DISCRETE = frozenset({"finite", "countable"})


def _kinds(first: Any, second: Any) -> tuple[str, str]:
    for variable in (first, second):
        _check_parameters(variable)
    return _kind(first), _kind(second)


def _discrete_against_continuous(kinds: tuple[str, str]) -> bool:
    return bool({kinds[0], kinds[1]} & _DISCRETE) and "continuous" in kinds


def kl_divergence_rv(first: Any, second: Any, base: Any = None) -> Expr:
    """D(P || Q) for random variables P, Q (cached).

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
    """
    kinds = _kinds(first, second)
    if "joint" in kinds:
        return _in_base(kl_divergence_mvn(*_mvn_pair(first, second)), base)
    if _discrete_against_continuous(kinds):
        return S.Infinity
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
    """H(P, Q) = -E_P[log q(X)] for random variables (cached).

    >>> from sympy import Rational
    >>> from sympy.stats import Bernoulli, Normal
    >>> cross_entropy_rv(Bernoulli("X", Rational(1, 2)), Normal("Y", 0, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidDistribution: the cross-entropy of X ~ Bernoulli (discrete) and Y ~ Normal (continuous) is...
    """
    kinds = _kinds(first, second)
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
    """Differential (or discrete) entropy -E[log p(X)] (cached).

    >>> import sympy
    >>> from sympy.stats import Exponential
    >>> entropy_rv(Exponential("X", sympy.Symbol("l", positive=True)))
    1 - log(l)
    """
    _check_parameters(variable)
    kind = _kind(variable)
    if kind == "joint":
        return _in_base(cross_entropy_mvn(*_mvn_pair(variable, variable)), base)
    if kind == "finite":
        return measures.entropy(_as_distribution(variable, "P"), base)
    return _in_base(_cross_entropy_nats(variable, variable), base)


measures.register_random_variables(entropy=entropy_rv, cross_entropy=cross_entropy_rv, kl_divergence=kl_divergence_rv)
