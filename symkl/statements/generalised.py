r"""Unevaluated generalised measures: Tsallis, alpha-divergence, Bhattacharyya, perplexity, extropy,
weighted n-ary Jensen-Shannon and Chernoff information; ``.doit()`` is :mod:`symkl.exact.generalised`.

>>> import symkl as sk
>>> A = sk.Distribution(["1/2", "1/2"], name="A")
>>> B = sk.Distribution(["1/4", "3/4"], name="B")
>>> sk.TsallisEntropy(A, 2), sk.latex(sk.AlphaDivergence(A, B, "1/2"))
(S_2(A), 'D^{(\\frac{1}{2})}(A \\parallel B)')
>>> sk.TsallisEntropy(A, 2).doit()
1/2
"""

from __future__ import annotations

from typing import Any

from sympy import Basic, Expr, S, Tuple

from ..exact import chernoff, generalised
from ..exact.distribution import as_distribution, common_support
from ..exact.measures import checked_base
from .unevaluated import Measure, _AlphaMeasure, _base_suffix

__all__ = [
    "AlphaDivergence",
    "BhattacharyyaCoefficient",
    "BhattacharyyaDistance",
    "ChernoffInformation",
    "Extropy",
    "JensenShannon",
    "Perplexity",
    "TsallisEntropy",
]


class TsallisEntropy(_AlphaMeasure):
    """S_q(P), Tsallis entropy of order q (no unit; q = 1 is Shannon's entropy in nats).

    >>> TsallisEntropy(["1/2", "1/4", "1/4"], 2).doit()
    5/8
    """

    symbol = latex_symbol = "S"
    has_base = False
    evaluator = staticmethod(generalised.tsallis_entropy)

    def _eval_is_extended_nonnegative(self) -> bool | None:
        return True  # sum p**q >= 1 exactly when q <= 1


class AlphaDivergence(_AlphaMeasure):
    r"""D^(alpha)(P || Q), Amari's alpha-divergence; prints as ``D^{(\alpha)}(P \parallel Q)``.

    >>> import symkl as sk
    >>> D = AlphaDivergence(sk.Distribution(["1/2", "1/2"], name="P"), sk.Distribution(["1/4", "3/4"], name="Q"), 3)
    >>> D, D.doit()
    (D^(3)(P || Q), 1/8)
    """

    symbol = latex_symbol = "D"
    separator = (" || ", r" \parallel ")
    arity = 2
    has_base = False
    evaluator = staticmethod(generalised.alpha_divergence)

    def _eval_is_extended_nonnegative(self) -> bool | None:
        return True

    def _sympystr(self, printer: Any) -> str:
        return f"D^({printer._print(self.alpha)})({self._inner(printer, False)})"

    def _latex(self, printer: Any) -> str:
        return rf"D^{{({printer._print(self.alpha)})}}({self._inner(printer, True)})"


class BhattacharyyaCoefficient(Measure):
    r"""BC(P, Q) = sum sqrt(p q), in [0, 1] (no unit).

    >>> BhattacharyyaCoefficient(["1/2", "1/2"], ["1/2", "1/2"]).doit()
    1
    """

    symbol = "BC"
    latex_symbol = r"\mathrm{BC}"
    arity = 2
    has_base = False
    evaluator = staticmethod(generalised.bhattacharyya_coefficient)


class BhattacharyyaDistance(Measure):
    r"""D_B(P, Q) = -log BC(P, Q).

    >>> BhattacharyyaDistance([1, 0], [0, 1], base=2).doit()
    oo
    """

    symbol = "D_B"
    latex_symbol = r"D_{\mathrm{B}}"
    arity = 2
    evaluator = staticmethod(generalised.bhattacharyya_distance)


class ChernoffInformation(Measure):
    r"""C(P, Q) = -min_{0 <= l <= 1} log sum p**l q**(1 - l), Chernoff information.

    >>> ChernoffInformation(["1/2", "1/2"], ["1/2", "1/2"]).doit()
    0
    """

    symbol = "C"
    latex_symbol = r"C"
    arity = 2
    evaluator = staticmethod(chernoff.chernoff_information)


class Perplexity(Measure):
    r"""PP(P) = exp H(P), the same number in every base.

    >>> Perplexity(["1/4"] * 4).doit()
    4
    """

    symbol = "PP"
    latex_symbol = r"\mathrm{PP}"
    has_base = False
    evaluator = staticmethod(generalised.perplexity)


class Extropy(Measure):
    r"""J(P) = -sum (1 - p) log(1 - p).

    >>> Extropy(["1/2", "1/2"], base=2).doit()
    1
    """

    symbol = latex_symbol = "J"
    evaluator = staticmethod(generalised.extropy)


class JensenShannon(Expr):
    r"""D_JS^w(P_1, ..., P_n), the weighted n-ary Jensen-Shannon divergence H(sum w_i P_i) - sum w_i H(P_i).

    >>> import symkl as sk
    >>> J = JensenShannon(["1/2", "1/2", 0], [0, "1/2", "1/2"], weights=["1/4", "3/4"], base=2)
    >>> J, sk.latex(J)
    (D_JS^(1/4, 3/4)(P1, P2) [bits], 'D_{\\mathrm{JS}}^{(1/4, 3/4)}(\\mathrm{P1}, \\mathrm{P2})\\,[\\mathrm{bits}]')
    >>> J.doit()
    -3*log(3)/(8*log(2)) + 1
    """

    is_extended_real = True

    def __new__(cls, *distributions: Any, weights: Any = None, base: Any = None) -> JensenShannon:
        if len(distributions) < 2:
            raise generalised.InvalidInput(f"JensenShannon needs at least two distributions, got {len(distributions)}")
        coerced = [as_distribution(d, f"P{i + 1}") for i, d in enumerate(distributions)]
        named = [d if d.name else d.with_name(f"P{i + 1}") for i, d in enumerate(coerced)]
        for other in named[1:]:
            common_support(named[0], other)
        w = generalised._checked_weights(weights, len(named))
        return Expr.__new__(cls, Tuple(*named), Tuple(*w), checked_base(base))

    @property
    def distributions(self) -> tuple[Basic, ...]:
        return tuple(self.args[0])

    @property
    def weights(self) -> tuple[Expr, ...]:
        return tuple(self.args[1])

    @property
    def base(self) -> Expr:
        return self.args[2]

    def _eval_is_extended_nonnegative(self) -> bool | None:
        return True if self.base is S.Exp1 or (self.base - 1).is_positive else None

    def doit(self, **hints: Any) -> Expr:
        base = None if self.base is S.Exp1 else self.base
        return generalised.js_divergence(*self.distributions, weights=self.weights, base=base)

    def _uniform(self) -> bool:
        return len(set(self.weights)) == 1

    def _sympystr(self, printer: Any) -> str:
        weights = "" if self._uniform() else "^(" + ", ".join(printer._print(w) for w in self.weights) + ")"
        inner = ", ".join(printer._print(d) for d in self.distributions)
        return f"D_JS{weights}({inner}){_base_suffix(self.base, False)}"

    def _latex(self, printer: Any) -> str:
        shown = ", ".join(f"{w.p}/{w.q}" if w.is_Rational else printer._print(w) for w in self.weights)
        weights = "" if self._uniform() else f"^{{({shown})}}"
        inner = ", ".join(printer._print(d) for d in self.distributions)
        return rf"D_{{\mathrm{{JS}}}}{weights}({inner}){_base_suffix(self.base, True)}"
