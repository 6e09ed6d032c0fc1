"""Closed forms of families whose expectations SymPy does not integrate: entropies and some KL pairs, in nats.

Each formula is the expectation of the log-density worked out once by hand (the derivation is in the
docstring) and checked in tests/test_continuous_families.py against ``torch.distributions`` and numerical
quadrature (mpmath or scipy, with an error estimate). Values use ``loggamma`` and ``polygamma(0, .)`` (psi),
which SymPy evaluates exactly at integers and half-integers (StudentT(1), the Cauchy law, gives log(4 pi)):

>>> from sympy.stats import StudentT
>>> named_entropy(StudentT("T", 1))
log(pi) + 2*log(2)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy
from sympy import Expr, Piecewise, Rational, S, atanh, loggamma, polygamma

from ..errors import InvalidDistribution
from ..exact.measures import _canonical_if_possible
from ..exact.terms import xlogy
from .families import MAX_OUTCOMES, _family

__all__: list[str] = []  # helpers of symkl.continuous.measures


def _psi(value: Expr) -> Expr:
    return polygamma(0, value)


def _refuse_unless(condition: Any, message: str) -> None:
    """Raise InvalidDistribution when condition is known false (a symbolic condition is kept as an assumption)."""
    if sympy.sympify(condition) is sympy.false:
        raise InvalidDistribution(message)


def student_t_entropy(nu: Expr) -> Expr:
    """H(t_nu) = (nu + 1)/2 (psi((nu + 1)/2) - psi(nu/2)) + log(sqrt(nu) B(nu/2, 1/2)).

    log p(x) = -log(sqrt(nu) B(nu/2, 1/2)) - (nu + 1)/2 log(1 + x**2/nu), and with W = X**2/nu,
    1/(1 + W) ~ Beta(nu/2, 1/2), so E[log(1 + W)] = -E[log Beta(nu/2, 1/2)] = psi((nu + 1)/2) - psi(nu/2).

    >>> tidy(student_t_entropy(sympy.Integer(3)))
    -2 + log(3)/2 + log(pi) + 3*log(2)
    """
    half = (nu + 1) / 2
    log_beta = loggamma(nu / 2) + loggamma(S.Half) - loggamma(half)
    return half * (_psi(half) - _psi(nu / 2)) + sympy.log(nu) / 2 + log_beta


def dirichlet_entropy(alpha: list[Expr]) -> Expr:
    """H(Dir(alpha)) = log B(alpha) + (a0 - K) psi(a0) - sum_j (a_j - 1) psi(a_j), a0 = sum_j a_j.

    E[log X_j] = psi(a_j) - psi(a0) (the derivative of log B(alpha) in a_j), and
    log p = -log B(alpha) + sum_j (a_j - 1) log x_j.

    >>> dirichlet_entropy([sympy.Integer(1), sympy.Integer(1)])
    0
    """
    total = sympy.Add(*alpha)
    log_beta = sympy.Add(*(loggamma(a) for a in alpha)) - loggamma(total)
    return log_beta + (total - len(alpha)) * _psi(total) - sympy.Add(*((a - 1) * _psi(a) for a in alpha))


def dirichlet_kl(alpha: list[Expr], beta: list[Expr]) -> Expr:
    """D(Dir(alpha) || Dir(beta)) = log Gamma(a0) - log Gamma(b0) - sum_j (log Gamma(a_j) - log Gamma(b_j))
    + sum_j (a_j - b_j)(psi(a_j) - psi(a0)).

    >>> dirichlet_kl([sympy.Integer(1), sympy.Integer(1)], [sympy.Integer(2), sympy.Integer(1)])  # U(0,1) || Beta(2,1)
    1 - log(2)
    """
    a0, b0 = sympy.Add(*alpha), sympy.Add(*beta)
    value = loggamma(a0) - loggamma(b0)
    value += sympy.Add(*(loggamma(b) - loggamma(a) for a, b in zip(alpha, beta, strict=True)))
    return value + sympy.Add(*((a - b) * (_psi(a) - _psi(a0)) for a, b in zip(alpha, beta, strict=True)))


def kumaraswamy_entropy(a: Expr, b: Expr) -> Expr:
    """H(Kumaraswamy(a, b)) = (1 - 1/b) + (1 - 1/a)(psi(b + 1) + EulerGamma) - log(a b).

    Y = X**a ~ Beta(1, b): E[log X] = (psi(1) - psi(b + 1))/a and E[log(1 - X**a)] = psi(b) - psi(b + 1) = -1/b,
    in log p = log(a b) + (a - 1) log x + (b - 1) log(1 - x**a).

    >>> kumaraswamy_entropy(sympy.Integer(1), sympy.Integer(1))
    0
    """
    return 1 - 1 / b + (1 - 1 / a) * (_psi(b + 1) + sympy.EulerGamma) - sympy.log(a) - sympy.log(b)


def _cb_ratio(lam: Expr) -> Expr:
    """atanh(u)/u for u = 2l - 1: positive on all of (0, 1) (1 at u = 0, the limit); a log of it is real."""
    u = 2 * lam - 1
    return S.One if u == 0 else atanh(u) / u


def continuous_bernoulli_entropy(lam: Expr) -> Expr:
    """H(CB(l)) = 1 - log(2 atanh(u)/u) - log(1 - l) - 2 l atanh(u)/u with u = 2l - 1; 0 at l = 1/2.

    log p = log C + log(1 - l) + x log(l/(1 - l)) with C = 2 atanh(u)/u and log(l/(1 - l)) = 2 atanh(u);
    E[X] = l/u - 1/(2 atanh(u)). Every term is real on all of (0, 1): atanh(u)/u > 0 on both sides of
    u = 0 (a log of atanh(u) or of u alone would be complex on one side, off by pi i), and the removable
    singularity at l = 1/2 (the uniform law) is its own branch.

    >>> continuous_bernoulli_entropy(Rational(1, 2))
    0
    >>> continuous_bernoulli_entropy(Rational(1, 10))
    -log(5*atanh(4/5)/2) - atanh(4/5)/4 - log(9/10) + 1
    """
    ratio = _cb_ratio(lam)
    value = 1 - sympy.log(2 * ratio) - sympy.log(1 - lam) - 2 * lam * ratio
    if lam.is_number:
        return value
    return Piecewise((S.Zero, sympy.Eq(lam, S.Half)), (value, True))


def continuous_bernoulli_kl(l1: Expr, l2: Expr) -> Expr:
    """D(CB(l1) || CB(l2)) = log(C1/C2) + log((1 - l1)/(1 - l2)) + E1[X] (2 atanh(u1) - 2 atanh(u2)), u = 2l - 1.

    E1[X] = 1/2 at l1 = 1/2, else l1/u1 - 1/(2 atanh(u1)) (the mean of the continuous Bernoulli).

    >>> continuous_bernoulli_kl(Rational(1, 2), Rational(1, 2))
    0
    """
    if l1 == l2:
        return S.Zero
    u1, u2 = 2 * l1 - 1, 2 * l2 - 1
    mean = l1 / u1 - 1 / (2 * atanh(u1))
    if not l1.is_number:
        mean = Piecewise((S.Half, sympy.Eq(l1, S.Half)), (mean, True))
    elif u1 == 0:
        mean = S.Half
    return (
        sympy.log(_cb_ratio(l1) / _cb_ratio(l2))
        + sympy.log((1 - l1) / (1 - l2))
        + mean * (2 * atanh(u1) - 2 * atanh(u2))
    )


def generalized_pareto_entropy(scale: Expr, shape: Expr) -> Expr:
    """H(GPD(mu, sigma, xi)) = log(sigma) + xi + 1, for every shape xi (xi = 0 is the exponential law).

    log p = -log sigma - (1/xi + 1) log(1 + xi z), z = (x - mu)/sigma, and log(1 + xi Z)/xi ~ Exponential(1),
    so E[log(1 + xi Z)] = xi.

    >>> generalized_pareto_entropy(sympy.Integer(1), sympy.Integer(0))
    1
    """
    return sympy.log(scale) + shape + 1


def multinomial_entropy(n: Expr, probabilities: list[Expr]) -> Expr:
    """H(Mult(n, p)) = -log n! - n sum_i p_i log p_i + sum_i sum_{k=2..n} C(n, k) p_i**k (1 - p_i)**(n - k) log k!.

    log P(x) = log n! + sum_i x_i log p_i - sum_i log x_i!, each X_i ~ Binomial(n, p_i), and E[X_i] = n p_i.
    A finite sum of (n - 1) K terms, exact; n is at most MAX_OUTCOMES.

    >>> multinomial_entropy(sympy.Integer(2), [S.Half, S.Half])  # (1/4, 1/2, 1/4) on 0, 1, 2 successes
    3*log(2)/2
    """
    count = int(n)
    value = -sympy.log(sympy.factorial(count)) - count * sympy.Add(*(xlogy(p, p) for p in probabilities))
    for p in probabilities:
        value += sympy.Add(
            *(
                sympy.binomial(count, k) * p**k * (1 - p) ** (count - k) * sympy.log(sympy.factorial(k))
                for k in range(2, count + 1)
            )
        )
    return value


def wishart_entropy(n: Expr, scale: sympy.Matrix) -> Expr:
    """H(W_p(n, V)) = (p + 1)/2 log det V + p(p + 1)/2 log 2 + log Gamma_p(n/2) - (n - p - 1)/2 psi_p(n/2) + n p/2.

    log p(X) = (n - p - 1)/2 log det X - tr(V^-1 X)/2 - n p/2 log 2 - n/2 log det V - log Gamma_p(n/2), with
    E[X] = n V and E[log det X] = psi_p(n/2) + p log 2 + log det V; Gamma_p and psi_p are the multivariate
    gamma and digamma functions, log Gamma_p(a) = p(p - 1)/4 log pi + sum_j log Gamma(a + (1 - j)/2).

    >>> wishart_entropy(sympy.Integer(2), sympy.eye(1))  # chi-squared with 2 degrees of freedom
    log(2) + 1
    """
    p = scale.rows
    half = n / 2
    terms = [half + Rational(1 - j, 2) for j in range(1, p + 1)]
    log_multigamma = Rational(p * (p - 1), 4) * sympy.log(sympy.pi) + sympy.Add(*(loggamma(t) for t in terms))
    multidigamma = sympy.Add(*(_psi(t) for t in terms))
    return (
        Rational(p + 1, 2) * sympy.log(scale.det())
        + Rational(p * (p + 1), 2) * sympy.log(2)
        + log_multigamma
        - (n - p - 1) / 2 * multidigamma
        + n * p / 2
    )


# ------------------------------------------------------------------------------------ dispatch and checks
def _dirichlet_parameters(variable: Any) -> list[Expr]:
    return list(variable.pspace.distribution.args[0])


def _multinomial(variable: Any) -> Expr:
    n, probabilities = variable.pspace.distribution.args
    _refuse_unless(n.is_integer is not False and n.is_nonnegative is not False, f"Multinomial: n = {n} is not a count")
    if not n.is_Integer:
        raise NotImplementedError(
            f"Multinomial with a symbolic number of trials n = {n}: the entropy is a sum of n terms"
        )
    if int(n) > MAX_OUTCOMES:
        raise NotImplementedError(
            f"Multinomial with n = {n}: symkl sums at most {MAX_OUTCOMES} terms per category "
            "(symkl.continuous.MAX_OUTCOMES)"
        )
    return multinomial_entropy(n, list(probabilities))


def _wishart(variable: Any) -> Expr:
    n, scale = variable.pspace.distribution.args
    scale = sympy.Matrix(scale)
    p = scale.rows
    _refuse_unless(sympy.Gt(n, p - 1), f"Wishart: the degrees of freedom n = {n} must exceed p - 1 = {p - 1}")
    return wishart_entropy(n, scale)


_ENTROPIES: dict[str, Callable[[Any], Expr]] = {
    "StudentT": lambda v: student_t_entropy(v.pspace.distribution.args[0]),
    "MultivariateBeta": lambda v: dirichlet_entropy(_dirichlet_parameters(v)),
    "Kumaraswamy": lambda v: kumaraswamy_entropy(*v.pspace.distribution.args),
    "ContinuousBernoulli": lambda v: continuous_bernoulli_entropy(v.pspace.distribution.args[0]),
    "GeneralizedPareto": lambda v: generalized_pareto_entropy(*v.pspace.distribution.args[1:]),
    "Multinomial": _multinomial,
    "Wishart": _wishart,
}


def _dirichlet_pair(first: Any, second: Any) -> Expr:
    alpha, beta = _dirichlet_parameters(first), _dirichlet_parameters(second)
    if len(alpha) != len(beta):
        raise InvalidDistribution(
            f"{first} has {len(alpha)} categories and {second} has {len(beta)}: Dirichlet laws on different simplices"
        )
    return dirichlet_kl(alpha, beta)


_KL: dict[tuple[str, str], Callable[[Any, Any], Expr]] = {
    ("MultivariateBeta", "MultivariateBeta"): _dirichlet_pair,
    ("ContinuousBernoulli", "ContinuousBernoulli"): lambda f, s: continuous_bernoulli_kl(
        f.pspace.distribution.args[0], s.pspace.distribution.args[0]
    ),
}


def tidy(value: Expr) -> Expr:
    """Logs of positive factors split (log(sqrt(pi)) -> log(pi)/2; nothing else is split), the rational-log
    part of a closed value in canonical form.

    >>> tidy(2 * sympy.log(sympy.sqrt(sympy.pi)) + sympy.log(12) - sympy.log(3))
    log(pi) + 2*log(2)
    """
    value = sympy.expand(value)  # its log hint splits only logs of factors known positive
    if value.free_symbols:
        return value
    closed: list[Expr] = []
    rest: list[Expr] = []
    for term in sympy.Add.make_args(value):
        (closed if _canonical_if_possible(term) is not term or term.is_Rational else rest).append(term)
    return _canonical_if_possible(sympy.Add(*closed)) + sympy.Add(*rest)


def named_entropy(variable: Any) -> Expr | None:
    """The entropy in nats of a family with a closed form here, or None for the others."""
    make = _ENTROPIES.get(_family(variable))
    return None if make is None else tidy(make(variable))


def named_kl(first: Any, second: Any) -> Expr | None:
    """D(P || Q) in nats for a pair with a closed form here, or None for the others."""
    make = _KL.get((_family(first), _family(second)))
    return None if make is None else tidy(make(first, second))
