"""symkl: information theory done exactly, on SymPy.

>>> import symkl as sk
>>> A = sk.Distribution(["1/2", "1/2"], name="A")
>>> B = sk.Distribution(["1/4", "3/4"], name="B")
>>> C = sk.Distribution(["1/8", "7/8"], name="C")
>>> sk.kl_divergence(A, B, base=2)
-log(3)/(2*log(2)) + 1
>>> sk.exact_str(_)
'1 - log(3)/(2*log(2))'
>>> [r.candidate for r in sk.rank(A, [C, B])]
[B, C]
"""

from typing import TYPE_CHECKING

from .canonical import Ranking, canonical, compare, decimal_string, rank, sign
from .continuous import derive_kl_rv
from .derivation import Derivation, DerivationError
from .distribution import Distribution, JointDistribution, bernoulli, uniform
from .errors import InvalidDistribution, InvalidInput, Undecidable
from .evaluation import CrossCheck, cross_check, evaluate
from .measures import (
    chi_square,
    conditional_entropy,
    conditional_mutual_information,
    cross_entropy,
    entropy,
    f_divergence,
    hellinger,
    information,
    joint_entropy,
    js_divergence,
    kl_divergence,
    mutual_information,
    renyi_divergence,
    renyi_entropy,
    total_variation,
)
from .printing import exact_str, latex
from .terms import entr, rel_entr, xlogy
from .unevaluated import (
    JS,
    KL,
    ChiSquare,
    ConditionalEntropy,
    ConditionalMutualInformation,
    CrossEntropy,
    Entropy,
    Eq,
    Hellinger,
    Information,
    JointEntropy,
    MutualInformation,
    RenyiDivergence,
    RenyiEntropy,
    TotalVariation,
)
from .verify import VerificationResult, verify
from .worked import (
    derive_cross_entropy,
    derive_entropy,
    derive_identity,
    derive_js,
    derive_kl,
    derive_mutual_information,
)

__version__ = "0.1.0"

if TYPE_CHECKING:  # the real imports are lazy, see __getattr__
    from . import losses, numeric
    from .numeric import lambdify

_LAZY = {"numeric": "symkl.numeric", "losses": "symkl.losses"}


def __getattr__(name: str) -> object:
    """Import the NumPy-based parts (``numeric``, ``losses``, ``lambdify``) only when first used."""
    import importlib

    if name in _LAZY:
        return importlib.import_module(_LAZY[name])
    if name == "lambdify":
        return importlib.import_module("symkl.numeric").lambdify
    raise AttributeError(f"module 'symkl' has no attribute {name!r}")


__all__ = [
    "JS",
    "KL",
    "ChiSquare",
    "ConditionalEntropy",
    "ConditionalMutualInformation",
    "CrossCheck",
    "CrossEntropy",
    "Derivation",
    "DerivationError",
    "Distribution",
    "Entropy",
    "Eq",
    "Hellinger",
    "Information",
    "InvalidDistribution",
    "InvalidInput",
    "JointDistribution",
    "JointEntropy",
    "MutualInformation",
    "Ranking",
    "RenyiDivergence",
    "RenyiEntropy",
    "TotalVariation",
    "Undecidable",
    "VerificationResult",
    "bernoulli",
    "canonical",
    "chi_square",
    "compare",
    "conditional_entropy",
    "conditional_mutual_information",
    "cross_check",
    "cross_entropy",
    "decimal_string",
    "derive_cross_entropy",
    "derive_entropy",
    "derive_identity",
    "derive_js",
    "derive_kl",
    "derive_kl_rv",
    "derive_mutual_information",
    "entr",
    "entropy",
    "evaluate",
    "exact_str",
    "f_divergence",
    "hellinger",
    "information",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "lambdify",
    "latex",
    "losses",
    "mutual_information",
    "numeric",
    "rank",
    "rel_entr",
    "renyi_divergence",
    "renyi_entropy",
    "sign",
    "total_variation",
    "uniform",
    "verify",
    "xlogy",
]
