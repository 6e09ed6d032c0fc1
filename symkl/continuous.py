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
through the exact discrete measures.

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

__all__ = [
    "HalfNormal",
    "cross_entropy_rv",
    "derive_kl_rv",
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


def is_random_variable(value: Any) -> bool:
    """True for a ``sympy.stats`` random symbol (checked without importing sympy.stats)."""
    return any(cls.__name__ == "RandomSymbol" and cls.__module__ == "sympy.stats.rv" for cls in type(value).__mro__)


def _is_finite(variable: Any) -> bool:
    from sympy.stats.frv import FinitePSpace

    return isinstance(variable.pspace, FinitePSpace)


def _as_distribution(variable: Any, name: str) -> Any:
    from sympy.stats import density

    from .distribution import Distribution

    table = density(variable)
    return Distribution({int(k) if k.is_Integer else str(k): v for k, v in table.items()}, name=name)


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
    value = _expectation(first, integrand(x), x)
    return value if inside is True else Piecewise((value, inside), (S.Infinity, True))


@functools.lru_cache(maxsize=512)
def _cross_entropy_nats(first: Any, second: Any) -> Expr:
    return _expected_under(first, second, lambda x: -_log_density(second, x))


@functools.lru_cache(maxsize=512)
def _kl_nats(first: Any, second: Any) -> Expr:
    # the ratio first: terms common to both densities (log k!, log pi, ...) cancel before any expectation
    return _expected_under(first, second, lambda x: _log_density(first, x) - _log_density(second, x))


def _in_base(value: Expr, base: Any) -> Expr:
    """value / log(base), in canonical form when it is a rational-log number."""
    from .measures import _canonical_if_possible, checked_base
    from .measures import _in_base as divided_by_log_base

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
    m1, m2 = sympy.Matrix(mean1), sympy.Matrix(mean2)
    s1, s2 = sympy.Matrix(covariance1), sympy.Matrix(covariance2)
    k = m1.rows
    if not (m2.rows == k and s1.shape == (k, k) and s2.shape == (k, k)):
        raise ValueError(f"shapes do not match: means {m1.shape}, {m2.shape}, covariances {s1.shape}, {s2.shape}")
    second_moment = s1 + m1 * m1.T  # E[x x^T] under the first distribution

    def expected_quadratic(inverse: sympy.Matrix, centre: sympy.Matrix) -> Expr:
        # E[(x - c)^T A (x - c)] = sum_jk A_jk (E[x_j x_k] - c_j m1_k - m1_j c_k + c_j c_k)
        return sympy.Add(
            *(
                inverse[j, i] * (second_moment[j, i] - centre[j] * m1[i] - m1[j] * centre[i] + centre[j] * centre[i])
                for j in range(k)
                for i in range(k)
            )
        )

    value = (
        sympy.log(s2.det()) / 2
        - sympy.log(s1.det()) / 2
        - expected_quadratic(s1.inv(), m1) / 2
        + expected_quadratic(s2.inv(), m2) / 2
    )
    return sympy.expand(sympy.cancel(sympy.expand(value)))


def kl_divergence_rv(first: Any, second: Any, base: Any = None) -> Expr:
    """D(P || Q) for random variables P, Q (cached)."""
    normal_first, normal_second = _normal_parameters(first), _normal_parameters(second)
    if normal_first is not None and normal_second is not None:
        return _in_base(kl_divergence_mvn(*normal_first, *normal_second), base)
    if _is_finite(first) or _is_finite(second):
        from .measures import kl_divergence

        return kl_divergence(_as_distribution(first, "P"), _as_distribution(second, "Q"), base)
    return _in_base(_kl_nats(first, second), base)


def cross_entropy_rv(first: Any, second: Any, base: Any = None) -> Expr:
    """H(P, Q) = -E_P[log q(X)] for random variables (cached)."""
    if _is_finite(first) or _is_finite(second):
        from .measures import cross_entropy

        return cross_entropy(_as_distribution(first, "P"), _as_distribution(second, "Q"), base)
    return _in_base(_cross_entropy_nats(first, second), base)


def entropy_rv(variable: Any, base: Any = None) -> Expr:
    """Differential (or discrete) entropy -E[log p(X)] (cached).

    >>> import sympy
    >>> from sympy.stats import Exponential
    >>> entropy_rv(Exponential("X", sympy.Symbol("l", positive=True)))
    1 - log(l)
    """
    if _is_finite(variable):
        from .measures import entropy

        return entropy(_as_distribution(variable, "P"), base)
    return _in_base(_cross_entropy_nats(variable, variable), base)


def derive_kl_rv(first: Any, second: Any) -> Any:
    """The derivation of D(P || Q) for random variables: definition, log-density ratio, expectations, result.

    >>> import sympy
    >>> from sympy.stats import Exponential
    >>> l1, l2 = sympy.symbols("l1 l2", positive=True)
    >>> print(derive_kl_rv(Exponential("X", l1), Exponential("Y", l2)).to_text())  # doctest: +NORMALIZE_WHITESPACE
    D_KL(X || Y)
      D_KL(X || Y)
      = E_X[log p(X) - log q(X)]               [definition of the KL divergence; proved]
      = E_X[-l1*X + l2*X + log(l1) - log(l2)]  [log laws on the densities (parameters positive); proved]
      = log(l1) - log(l2) - 1 + l2/l1          [expectation of each feature under X, by SymPy; proved]
    """
    from .derivation import Derivation
    from .printing import exact_str, latex
    from .proofs import is_zero

    final = kl_divergence_rv(first, second)
    label = f"D_KL({first} || {second})"
    derivation = Derivation(
        final,
        title=label,
        latex_form=rf"D_{{\mathrm{{KL}}}}({latex(first)} \parallel {latex(second)})",
        text_form=label,
    )
    derivation.step(
        final,
        "definition of the KL divergence",
        latex_form=rf"\mathbb{{E}}_{{{latex(first)}}}\left[\log p({latex(first)}) - \log q({latex(first)})\right]",
        text_form=f"E_{first}[log p({first}) - log q({first})]",
    )
    if final is S.Infinity or isinstance(final, Piecewise):
        return derivation.step(final, "the support of P is not inside the support of Q: oo there")
    x = _dummy_for(first)
    ratio = _log_density(first, x) - _log_density(second, x)
    from sympy.stats import density

    direct = sympy.log(density(first)(x)) - sympy.log(density(second)(x))
    if isinstance(direct, sympy.Basic) and not direct.has(Piecewise) and not is_zero(direct - ratio):
        raise ArithmeticError("the expanded log-density ratio does not match the densities")
    shown = ratio.subs(x, first)
    derivation.step(
        final,
        "log laws on the densities (parameters positive)",
        latex_form=rf"\mathbb{{E}}_{{{latex(first)}}}\left[{latex(shown)}\right]",
        text_form=f"E_{first}[{exact_str(shown)}]",
    )
    derivation.step(_expectation(first, ratio, x), "expectation of each feature under X, by SymPy")
    return derivation
