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
    r"""S_q(P), Tsallis entropy of order q (no unit; q = 1 is Shannon's entropy in nats).

    >>> TsallisEntropy(["1/2", "1/4", "1/4"], 2).doit()
    5/8

    Parameters
    ----------
    P : Distribution or sequence or dict
        The distribution. A :class:`~symkl.Distribution`, a sequence of exact probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    q : number or Symbol
        The order.

    Returns
    -------
    Measure
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.tsallis_entropy`.

    Notes
    -----
    Evaluates to

    .. math::

        S_q(P) = \frac{1 - \sum_i p_i^q}{q - 1}
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

    Parameters
    ----------
    P : Distribution or sequence or dict
        The first distribution (the truth). A :class:`~symkl.Distribution`, a sequence of exact probabilities (int,
        ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    Q : Distribution or sequence or dict
        The second distribution (the model), on the same outcomes. A :class:`~symkl.Distribution`, a sequence of exact
        probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    alpha : number or Symbol
        The order of Amari's alpha-divergence.

    Returns
    -------
    Measure
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.alpha_divergence`.

    Notes
    -----
    Evaluates to

    .. math::

        D^{(\alpha)} = \frac{4}{1 - \alpha^2} \Big(1 - \sum_i p_i^{(1 - \alpha)/2} q_i^{(1 + \alpha)/2}\Big)
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

    Parameters
    ----------
    P : Distribution or sequence or dict
        The first distribution (the truth). A :class:`~symkl.Distribution`, a sequence of exact probabilities (int,
        ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    Q : Distribution or sequence or dict
        The second distribution (the model), on the same outcomes. A :class:`~symkl.Distribution`, a sequence of exact
        probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.

    Returns
    -------
    Measure
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.bhattacharyya_coefficient`.

    Notes
    -----
    Evaluates to

    .. math::

        \mathrm{BC}(P, Q) = \sum_i \sqrt{p_i q_i}
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

    Parameters
    ----------
    P : Distribution or sequence or dict
        The first distribution (the truth). A :class:`~symkl.Distribution`, a sequence of exact probabilities (int,
        ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    Q : Distribution or sequence or dict
        The second distribution (the model), on the same outcomes. A :class:`~symkl.Distribution`, a sequence of exact
        probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    Measure
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.bhattacharyya_distance`.

    Notes
    -----
    Evaluates to

    .. math::

        D_B(P, Q) = -\log \mathrm{BC}(P, Q)
    """

    symbol = "D_B"
    latex_symbol = r"D_{\mathrm{B}}"
    arity = 2
    evaluator = staticmethod(generalised.bhattacharyya_distance)


class ChernoffInformation(Measure):
    r"""C(P, Q) = -min_{0 <= l <= 1} log sum p**l q**(1 - l), Chernoff information.

    >>> ChernoffInformation(["1/2", "1/2"], ["1/2", "1/2"]).doit()
    0

    Parameters
    ----------
    P : Distribution or sequence or dict
        The first distribution (the truth). A :class:`~symkl.Distribution`, a sequence of exact probabilities (int,
        ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    Q : Distribution or sequence or dict
        The second distribution (the model), on the same outcomes. A :class:`~symkl.Distribution`, a sequence of exact
        probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    Measure
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.chernoff_information`.

    Notes
    -----
    Evaluates to

    .. math::

        C(P, Q) = -\min_{0 \le \lambda \le 1} \log \sum_i p_i^\lambda q_i^{1 - \lambda}
    """

    symbol = "C"
    latex_symbol = r"C"
    arity = 2
    evaluator = staticmethod(chernoff.chernoff_information)


class Perplexity(Measure):
    r"""PP(P) = exp H(P), the same number in every base.

    >>> Perplexity(["1/4"] * 4).doit()
    4

    Parameters
    ----------
    P : Distribution or sequence or dict
        The distribution. A :class:`~symkl.Distribution`, a sequence of exact probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.

    Returns
    -------
    Measure
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.perplexity`.

    Notes
    -----
    Evaluates to

    .. math::

        \mathrm{PP}(P) = e^{H(P)}
    """

    symbol = "PP"
    latex_symbol = r"\mathrm{PP}"
    has_base = False
    evaluator = staticmethod(generalised.perplexity)


class Extropy(Measure):
    r"""J(P) = -sum (1 - p) log(1 - p).

    >>> Extropy(["1/2", "1/2"], base=2).doit()
    1

    Parameters
    ----------
    P : Distribution or sequence or dict
        The distribution. A :class:`~symkl.Distribution`, a sequence of exact probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    Measure
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.extropy`.

    Notes
    -----
    Evaluates to

    .. math::

        J(P) = -\sum_i (1 - p_i) \log (1 - p_i)
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

    Parameters
    ----------
    *distributions : Distribution or sequence or dict
        Two or more distributions on the same outcomes.
    weights : sequence, optional
        Exact nonnegative weights summing to 1; equal weights by default.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    JensenShannon
        Unevaluated; ``.doit()`` returns :func:`symkl.js_divergence`.

    Notes
    -----
    .. math::

        D_{\mathrm{JS}}^w(P_1, \dots, P_n) = H\Big(\sum_i w_i P_i\Big) - \sum_i w_i H(P_i)
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
