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

from . import continuous as continuous  # at import it registers its closed forms with measures
from ._version import __version__ as __version__
from .canonical import canonical, compare, decimal_string, sign
from .distribution import Distribution, JointDistribution, bernoulli, uniform
from .errors import InvalidDistribution, InvalidInput, Undecidable
from .evaluation import evaluate
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
from .ranking import Ranking, rank
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

if TYPE_CHECKING:  # the real imports are lazy, see __getattr__
    from . import identities, losses, numeric
    from .crosscheck import CrossCheck, cross_check
    from .derivation import Derivation, DerivationError
    from .numeric import lambdify
    from .prover import prove
    from .verification import VerificationResult, verify
    from .worked import (
        derive_cross_entropy,
        derive_entropy,
        derive_identity,
        derive_js,
        derive_kl,
        derive_kl_rv,
        derive_mutual_information,
    )

_LAZY_MODULES = {"numeric", "losses", "identities"}
_LAZY_NAMES = {
    "lambdify": "numeric",
    "CrossCheck": "crosscheck",
    "cross_check": "crosscheck",
    "verify": "verification",
    "VerificationResult": "verification",
    "Derivation": "derivation",
    "DerivationError": "derivation",
    "derive_kl_rv": "worked",
    "prove": "prover",
    "derive_cross_entropy": "worked",
    "derive_entropy": "worked",
    "derive_identity": "worked",
    "derive_js": "worked",
    "derive_kl": "worked",
    "derive_mutual_information": "worked",
}


def __getattr__(name: str) -> object:
    """Import NumPy-based parts, the catalogue, verification and derivations only when first used."""
    import importlib

    if name in _LAZY_MODULES:
        return importlib.import_module(f"symkl.{name}")
    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(f"symkl.{_LAZY_NAMES[name]}"), name)
        globals()[name] = value
        return value
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
    "identities",
    "information",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "lambdify",
    "latex",
    "losses",
    "mutual_information",
    "numeric",
    "prove",
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
