"""symkl: information theory done exactly, on SymPy.

>>> import symkl as sk
>>> A = sk.Distribution(["1/2", "1/2"], name="A")
>>> B = sk.Distribution(["1/4", "3/4"], name="B")
>>> C = sk.Distribution(["1/8", "7/8"], name="C")
>>> sk.kl_divergence(A, B, base=2)
-log(3)/(2*log(2)) + 1
>>> sk.exact_str(_)
'1 - log(3)/(2*log(2))'
>>> [r.candidate.name for r in sk.rank(A, [C, B])]
['B', 'C']
"""

from typing import TYPE_CHECKING

from ._version import __version__ as __version__
from .errors import InvalidDistribution, InvalidInput, Undecidable
from .exact import measures as _exact_measures
from .exact.canonical import canonical, decimal_string
from .exact.canonical import closed_compare as compare
from .exact.canonical import closed_sign as sign
from .exact.channels import ChannelCapacity, channel_capacity
from .exact.chernoff import chernoff_information
from .exact.distribution import Distribution, JointDistribution, bernoulli, uniform
from .exact.generalised import (
    alpha_divergence,
    bhattacharyya_coefficient,
    bhattacharyya_distance,
    extropy,
    js_divergence,
    perplexity,
    renyi_divergence,
    renyi_entropy,
    tsallis_entropy,
)
from .exact.measures import (
    chi_square,
    conditional_entropy,
    conditional_mutual_information,
    cross_entropy,
    entropy,
    f_divergence,
    hellinger,
    information,
    joint_entropy,
    kl_divergence,
    mutual_information,
    total_variation,
)
from .exact.multivariate import (
    co_information,
    conditional_cross_entropy,
    conditional_kl_divergence,
    dual_total_correlation,
    interaction_information,
    lautum_information,
    o_information,
    residual_entropy,
    s_information,
    total_correlation,
    variation_of_information,
)
from .exact.printing import exact_str, latex, text
from .exact.ranking import Ranking, rank
from .exact.terms import entr, rel_entr, xlogy
from .statements.evaluation import evaluate
from .statements.generalised import (
    AlphaDivergence,
    BhattacharyyaCoefficient,
    BhattacharyyaDistance,
    ChernoffInformation,
    Extropy,
    JensenShannon,
    Perplexity,
    TsallisEntropy,
)
from .statements.multivariate import (
    CoInformation,
    ConditionalCrossEntropy,
    ConditionalKL,
    DualTotalCorrelation,
    InteractionInformation,
    LautumInformation,
    OInformation,
    ResidualEntropy,
    SInformation,
    TotalCorrelation,
    VariationOfInformation,
)
from .statements.unevaluated import (
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
    from . import continuous as continuous
    from . import numeric as numeric
    from .numeric import losses
    from .numeric.crosscheck import CrossCheck, cross_check
    from .numeric.lambdify import lambdify
    from .proof import identities
    from .proof.derivation import Derivation, DerivationError
    from .proof.verification import VerificationResult
    from .prover import prove
    from .prover.bound import BoundResult, bound
    from .prover.engine import verify
    from .render.idiagram import IDiagram, idiagram
    from .render.worked import (
        derive_cross_entropy,
        derive_entropy,
        derive_identity,
        derive_js,
        derive_kl,
        derive_kl_rv,
        derive_mutual_information,
    )

#: Public attributes that are modules, loaded on first access: attribute -> module under symkl.
_LAZY_MODULES = {
    "continuous": "continuous",
    "numeric": "numeric",
    "losses": "numeric.losses",
    "identities": "proof.identities",
}
#: Public names loaded on first access: name -> the module under symkl that defines it.
_LAZY_NAMES = {
    "lambdify": "numeric.lambdify",
    "CrossCheck": "numeric.crosscheck",
    "cross_check": "numeric.crosscheck",
    "verify": "prover.engine",
    "VerificationResult": "proof.verification",
    "Derivation": "proof.derivation",
    "DerivationError": "proof.derivation",
    "prove": "prover",
    "bound": "prover.bound",
    "BoundResult": "prover.bound",
    "derive_cross_entropy": "render.worked",
    "derive_entropy": "render.worked",
    "derive_identity": "render.worked",
    "derive_js": "render.worked",
    "derive_kl": "render.worked",
    "derive_kl_rv": "render.worked",
    "derive_mutual_information": "render.worked",
    "idiagram": "render.idiagram",
    "IDiagram": "render.idiagram",
}


def _load_continuous() -> object:
    """Import symkl.continuous, which registers the closed forms of random variables with the measures."""
    import importlib

    return importlib.import_module("symkl.continuous")


_exact_measures.set_random_variable_loader(_load_continuous)


def __dir__() -> list[str]:
    """The public names, the lazily loaded ones (verify, prove, numeric, ...) and the subpackages included."""
    subpackages = ["cli", "continuous", "exact", "numeric", "proof", "prover", "render", "statements"]
    return sorted({*globals(), *__all__, *_LAZY_MODULES, *_LAZY_NAMES, *subpackages})


def __getattr__(name: str) -> object:
    """Import the continuous families, NumPy-based parts, the catalogue and derivations only when first used."""
    import importlib

    if name in _LAZY_MODULES:
        return importlib.import_module(f"symkl.{_LAZY_MODULES[name]}")
    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(f"symkl.{_LAZY_NAMES[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'symkl' has no attribute {name!r}")


__all__ = [
    "JS",
    "KL",
    "AlphaDivergence",
    "BhattacharyyaCoefficient",
    "BhattacharyyaDistance",
    "BoundResult",
    "ChannelCapacity",
    "ChernoffInformation",
    "ChiSquare",
    "CoInformation",
    "ConditionalCrossEntropy",
    "ConditionalEntropy",
    "ConditionalKL",
    "ConditionalMutualInformation",
    "CrossCheck",
    "CrossEntropy",
    "Derivation",
    "DerivationError",
    "Distribution",
    "DualTotalCorrelation",
    "Entropy",
    "Eq",
    "Extropy",
    "Hellinger",
    "IDiagram",
    "Information",
    "InteractionInformation",
    "InvalidDistribution",
    "InvalidInput",
    "JensenShannon",
    "JointDistribution",
    "JointEntropy",
    "LautumInformation",
    "MutualInformation",
    "OInformation",
    "Perplexity",
    "Ranking",
    "RenyiDivergence",
    "RenyiEntropy",
    "ResidualEntropy",
    "SInformation",
    "TotalCorrelation",
    "TotalVariation",
    "TsallisEntropy",
    "Undecidable",
    "VariationOfInformation",
    "VerificationResult",
    "alpha_divergence",
    "bernoulli",
    "bhattacharyya_coefficient",
    "bhattacharyya_distance",
    "bound",
    "canonical",
    "channel_capacity",
    "chernoff_information",
    "chi_square",
    "co_information",
    "compare",
    "conditional_cross_entropy",
    "conditional_entropy",
    "conditional_kl_divergence",
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
    "dual_total_correlation",
    "entr",
    "entropy",
    "evaluate",
    "exact_str",
    "extropy",
    "f_divergence",
    "hellinger",
    "identities",
    "idiagram",
    "information",
    "interaction_information",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "lambdify",
    "latex",
    "lautum_information",
    "losses",
    "mutual_information",
    "numeric",
    "o_information",
    "perplexity",
    "prove",
    "rank",
    "rel_entr",
    "renyi_divergence",
    "renyi_entropy",
    "residual_entropy",
    "s_information",
    "sign",
    "text",
    "total_correlation",
    "total_variation",
    "tsallis_entropy",
    "uniform",
    "variation_of_information",
    "verify",
    "xlogy",
]
