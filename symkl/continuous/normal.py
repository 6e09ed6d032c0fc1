"""Multivariate normal KL divergence and cross-entropy, in matrix form.

>>> import sympy
>>> kl_divergence_mvn(sympy.Matrix([0]), sympy.Matrix([[1]]), sympy.Matrix([1]), sympy.Matrix([[1]]))
1/2
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import Expr

from ..errors import InvalidDistribution
from ..exact.measures import _canonical_if_possible
from .families import _family, _kind

__all__ = ["cross_entropy_mvn", "kl_divergence_mvn"]


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
    r"""D(N(m1, S1) || N(m2, S2)) in nats, from the expectation of the log-density ratio.

    log p - log q = (1/2) log(det S2/det S1) - (1/2) Q1(x) + (1/2) Q2(x) with quadratic forms
    Qi(x) = (x - mi)^T Si^-1 (x - mi), and E[Q(x)] = sum_jk A_jk E[(x_j - a_j)(x_k - a_k)] with
    E[x_j x_k] = S1_jk + m1_j m1_k (the definition of covariance).

    >>> import sympy
    >>> s = sympy.Symbol("s", positive=True)
    >>> kl_divergence_mvn([0, 0], sympy.eye(2), [1, 0], s * sympy.eye(2))
    log(s) - 1 + 3/(2*s)

    Parameters
    ----------
    mean1 : sequence or sympy.Matrix
        m1, the mean of P (length k).
    covariance1 : sequence of sequences or sympy.Matrix
        S1, the k x k covariance of P (positive definite, symbolic entries allowed).
    mean2 : sequence or sympy.Matrix
        m2, the mean of Q.
    covariance2 : sequence of sequences or sympy.Matrix
        S2, the covariance of Q.

    Returns
    -------
    sympy.Expr
        D(N(m1, S1) || N(m2, S2)) in nats.

    Raises
    ------
    InvalidDistribution
        The shapes of the means and covariances do not match.

    Notes
    -----
    .. math::

        D = \tfrac12 \left(\operatorname{tr}(\Sigma_2^{-1} \Sigma_1) + (\mu_2 - \mu_1)^\top \Sigma_2^{-1} (\mu_2 -
        \mu_1)
        - k + \log \frac{\det \Sigma_2}{\det \Sigma_1}\right)
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
    r"""H(N(m1, S1), N(m2, S2)) = -E[log q(x)] = (k/2) log(2 pi) + (1/2) log det S2 + (1/2) E[Q2(x)] in nats;
    with the same parameters twice it is the differential entropy (k/2)(1 + log(2 pi)) + (1/2) log det S.

    >>> import sympy
    >>> cross_entropy_mvn([0, 0], sympy.eye(2), [0, 0], sympy.eye(2))
    log(2) + 1 + log(pi)

    Parameters
    ----------
    mean1 : sequence or sympy.Matrix
        m1, the mean of P (length k).
    covariance1 : sequence of sequences or sympy.Matrix
        S1, the k x k covariance of P (positive definite, symbolic entries allowed).
    mean2 : sequence or sympy.Matrix
        m2, the mean of Q.
    covariance2 : sequence of sequences or sympy.Matrix
        S2, the covariance of Q.

    Returns
    -------
    sympy.Expr
        H(N(m1, S1), N(m2, S2)) in nats.

    Raises
    ------
    InvalidDistribution
        The shapes of the means and covariances do not match.

    Notes
    -----
    .. math::

        H = \tfrac{k}{2} \log(2 \pi) + \tfrac12 \log \det \Sigma_2
        + \tfrac12 \left(\operatorname{tr}(\Sigma_2^{-1} \Sigma_1) + (\mu_2 - \mu_1)^\top \Sigma_2^{-1} (\mu_2 -
        \mu_1)\right)
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
                f"{variable} ~ {_family(variable)}: of the multivariate families symkl handles MultivariateNormal "
                "(and the entropies of Dirichlet, Multinomial and Wishart)"
            )
        parameters.extend(found)
    return tuple(parameters)
