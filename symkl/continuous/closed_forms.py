"""Closed forms derived by SymPy: the log-density ratio expanded into features, each expectation taken.

>>> from sympy.stats import Exponential
>>> _kl_nats(Exponential("X", 1), Exponential("Y", 2))
1 - log(2)
"""

from __future__ import annotations

import functools
from typing import Any

import sympy
from sympy import Dummy, Expr, Piecewise, S

from ..exact.measures import _canonical_if_possible, checked_base
from ..exact.measures import _in_base as divided_by_log_base
from ..exact.terms import xlogy
from .families import DERIVED_FAMILIES, _family, _kind, _support, log_density

__all__: list[str] = []  # helpers of symkl.continuous.measures


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
    return _trusted(_gamma_ratios(E(feature.subs(x, variable))), feature.subs(x, variable))


def _gamma_ratios(value: Expr) -> Expr:
    """gamma(a + 1)/gamma(a) -> a in a (small) expectation; nothing else changes.

    >>> a = sympy.Symbol("a", positive=True)
    >>> _gamma_ratios(sympy.gamma(a + 1) / (2 * sympy.gamma(a)))
    a/2
    """
    return sympy.gammasimp(value) if value.has(sympy.gamma) else value


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
    E[log q(X)] = log c + log((m1 - m)^2 + (g1 + g)^2). Under a half-Cauchy |Cauchy(0, g1)| the same holds
    for an even q (m = 0), whose expectation is that of the symmetric full law.
    """
    family = type(variable.pspace.distribution).__name__
    if family not in ("CauchyDistribution", "HalfCauchyDistribution") or not isinstance(feature, sympy.log):
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
    if family == "HalfCauchyDistribution":  # |Cauchy(0, s)|: the same expectation when q is even (m = 0)
        if not m.is_zero:
            return None
        location, scale = S.Zero, variable.pspace.distribution.args[0]
    else:
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


def expectation(variable: Any, expression: Expr, x: Expr) -> Expr:
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


def dummy_for(variable: Any) -> Dummy:
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
    x = dummy_for(first)
    try:
        value = expectation(first, integrand(x), x)
    except NotImplementedError:
        if _diverges_under_cauchy(first, second):
            return S.Infinity
        raise
    if value.has(sympy.I):  # a log taken off its principal branch somewhere: refuse rather than return it
        raise NotImplementedError(f"the derivation for {first} and {second} gave a complex value; symkl refuses it")
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
    minus_log_q = -log_density(second, x)
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
    return _expected_under(first, second, lambda x: -log_density(second, x))


@functools.lru_cache(maxsize=512)
def _kl_nats(first: Any, second: Any) -> Expr:
    # the ratio first: terms common to both densities (log k!, log pi, ...) cancel before any expectation
    return _expected_under(first, second, lambda x: log_density(first, x) - log_density(second, x))


def _in_base(value: Expr, base: Any) -> Expr:
    """value / log(base), in canonical form when it is a rational-log number."""
    if not value.free_symbols:  # numeric parameters: beta(3, 2) -> 1/12, gamma(5) -> 24, then the canonical form
        value = sympy.expand_func(value)
    in_base = divided_by_log_base(value, base)
    return _canonical_if_possible(in_base if checked_base(base) is S.Exp1 else sympy.expand(in_base))
