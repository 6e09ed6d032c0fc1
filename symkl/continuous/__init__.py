"""Closed forms for ``sympy.stats`` random variables: entropy, cross-entropy and KL divergence, derived.

Layer: above ``exact`` (whose measures it extends), independent of ``statements``; it may import only
``errors`` and ``exact``. Importing it registers its closed forms with :mod:`symkl.exact.measures`,
so ``sk.kl_divergence(X, Y)`` takes random variables; the facade imports it on the first random
variable a measure meets. ``families`` knows the families, ``discrete`` sends finite and countable
variables to the exact discrete measures, ``closed_forms`` derives the expectations, ``normal`` has
the multivariate normal in matrix form, ``named`` the closed forms of families SymPy does not integrate
(Student t, Dirichlet, Kumaraswamy, ...), and ``measures`` is the public entry:

>>> from sympy.stats import Normal
>>> kl_divergence_rv(Normal("X", 0, 1), Normal("Y", 1, 1))
1/2
"""

from ..exact.measures import is_random_variable
from .families import (
    MAX_OUTCOMES,
    MAX_PARAMETER_DIGITS,
    ContinuousBernoulli,
    GeneralizedPareto,
    HalfCauchy,
    HalfNormal,
)
from .measures import cross_entropy_rv, entropy_rv, kl_divergence_rv
from .normal import cross_entropy_mvn, kl_divergence_mvn

__all__ = [
    "MAX_OUTCOMES",
    "MAX_PARAMETER_DIGITS",
    "ContinuousBernoulli",
    "GeneralizedPareto",
    "HalfCauchy",
    "HalfNormal",
    "cross_entropy_mvn",
    "cross_entropy_rv",
    "entropy_rv",
    "is_random_variable",
    "kl_divergence_mvn",
    "kl_divergence_rv",
]
