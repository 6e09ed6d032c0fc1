"""Float arrays with the exact conventions: array measures, ``lambdify``, cross-checks, torch-style losses.

Layer: above ``exact``, ``continuous`` and ``statements`` (a cross-check evaluates a statement exactly
before it compares floats with it); below ``proof``. May import NumPy eagerly (the facade loads this
package on first use only) and SciPy lazily. ``symkl.numeric`` is the public module of DESIGN section 6:

>>> from symkl import numeric
>>> float(numeric.kl_divergence([0.5, 0.5], [0.25, 0.75], base=2))  # doctest: +ELLIPSIS
0.2075187496394...
"""

from .arrays import (
    chi_square,
    cross_entropy,
    entropy,
    hellinger,
    js_divergence,
    kl_divergence,
    mutual_information,
    renyi_divergence,
    renyi_entropy,
    total_variation,
)
from .lambdify import lambdify, with_conventions
from .terms import entr, rel_entr, xlogy

__all__ = [
    "chi_square",
    "cross_entropy",
    "entr",
    "entropy",
    "hellinger",
    "js_divergence",
    "kl_divergence",
    "lambdify",
    "mutual_information",
    "rel_entr",
    "renyi_divergence",
    "renyi_entropy",
    "total_variation",
    "with_conventions",
    "xlogy",
]
