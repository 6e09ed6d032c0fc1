r"""Unevaluated multivariate measures of a JointDistribution; ``.doit()`` is :mod:`symkl.exact.multivariate`.

>>> import symkl as sk
>>> XOR = sk.JointDistribution({(0, 0, 0): "1/4", (0, 1, 1): "1/4", (1, 0, 1): "1/4", (1, 1, 0): "1/4"},
...                            names=("X", "Y", "Z"))
>>> sk.CoInformation(XOR, base=2), sk.CoInformation(XOR, base=2).doit()
(I(X; Y; Z) [bits], -1)
>>> sk.latex(sk.TotalCorrelation(XOR, [["X", "Y"], "Z"], given=None))
'\\operatorname{TC}(X, Y; Z)'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import sympy
from sympy import Expr, S, Tuple
from sympy.core.symbol import Str

from ..exact import multivariate
from ..exact.distribution import JointDistribution, as_distribution
from ..exact.measures import checked_base
from .unevaluated import _base_suffix

__all__ = [
    "CoInformation",
    "ConditionalCrossEntropy",
    "ConditionalKL",
    "DualTotalCorrelation",
    "InteractionInformation",
    "LautumInformation",
    "OInformation",
    "ResidualEntropy",
    "SInformation",
    "TotalCorrelation",
    "VariationOfInformation",
]


def _strs(names: Any) -> Tuple:
    return Tuple(*(Str(name) for name in ([names] if isinstance(names, str) else names)))


class _GroupMeasure(Expr):
    """args: (J, groups as a Tuple of Tuples of names (empty: every variable not given), given, base)."""

    is_extended_real = True
    symbol: ClassVar[str] = "?"
    latex_symbol: ClassVar[str] = "?"
    separator: ClassVar[str] = "; "
    nonnegative: ClassVar[bool] = False
    evaluator: ClassVar[Callable[..., Expr]]

    def __new__(cls, J: JointDistribution, names: Any = None, given: Any = None, base: Any = None) -> _GroupMeasure:
        if not isinstance(J, JointDistribution):
            raise TypeError(f"{cls.__name__} needs a JointDistribution, got {type(J).__name__}")
        groups, condition = multivariate._groups(J, names, given)
        ordered = [[name for name in J.names if name in group] for group in groups]
        given_names = [name for name in J.names if name in condition]
        return Expr.__new__(cls, J, Tuple(*(_strs(group) for group in ordered)), _strs(given_names), checked_base(base))

    @property
    def base(self) -> Expr:
        return self.args[-1]

    def _eval_is_extended_nonnegative(self) -> bool | None:
        if not self.nonnegative:
            return None
        return True if self.base is S.Exp1 or (self.base - 1).is_positive else None

    def _names(self) -> tuple[list[list[str]], list[str]]:
        return [[n.name for n in group] for group in self.args[1]], [n.name for n in self.args[2]]

    def doit(self, **hints: Any) -> Expr:
        groups, given = self._names()
        base = None if self.base is S.Exp1 else self.base
        return type(self).evaluator(self.args[0], groups, given or None, base=base)

    def _body(self, bar: str) -> str:
        groups, given = self._names()
        inner = self.separator.join(", ".join(group) for group in groups)
        condition = f" {bar} " + ", ".join(given) if given else ""
        return f"({inner}{condition})"

    def _sympystr(self, printer: Any) -> str:
        return f"{self.symbol}{self._body('|')}{_base_suffix(self.base, False)}"

    def _latex(self, printer: Any) -> str:
        bar = r"\mid"
        return f"{self.latex_symbol}{self._body(bar)}{_base_suffix(self.base, True)}"

    def _pretty(self, printer: Any) -> Any:
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(self._sympystr(sympy.printing.str.StrPrinter()))


class TotalCorrelation(_GroupMeasure):
    r"""TC(X; Y; Z), total correlation.

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    names : sequence of str or of sequences of str, optional
        The variables, or groups of variables, the measure is taken over (dit's ``rvs``); ``None`` takes every
        variable of ``J`` that is not conditioned on, each on its own.
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.total_correlation`.

    Notes
    -----
    .. math::

        \mathrm{TC} = \sum_i H(X_i \mid C) - H(X_1, \dots, X_n \mid C)
    """

    symbol, latex_symbol, nonnegative = "TC", r"\operatorname{TC}", True
    evaluator = staticmethod(multivariate.total_correlation)


class DualTotalCorrelation(_GroupMeasure):
    r"""DTC(X; Y; Z), dual total correlation (binding information).

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    names : sequence of str or of sequences of str, optional
        The variables, or groups of variables, the measure is taken over (dit's ``rvs``); ``None`` takes every
        variable of ``J`` that is not conditioned on, each on its own.
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.dual_total_correlation`.

    Notes
    -----
    .. math::

        \mathrm{DTC} = H(X_1, \dots, X_n \mid C) - \sum_i H(X_i \mid X_{\text{rest}}, C)
    """

    symbol, latex_symbol, nonnegative = "DTC", r"\operatorname{DTC}", True
    evaluator = staticmethod(multivariate.dual_total_correlation)


class ResidualEntropy(_GroupMeasure):
    r"""R(X; Y; Z), residual entropy.

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    names : sequence of str or of sequences of str, optional
        The variables, or groups of variables, the measure is taken over (dit's ``rvs``); ``None`` takes every
        variable of ``J`` that is not conditioned on, each on its own.
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.residual_entropy`.

    Notes
    -----
    .. math::

        R = \sum_i H(X_i \mid X_{\text{rest}}, C)
    """

    symbol, latex_symbol, nonnegative = "R", r"\operatorname{R}", True
    evaluator = staticmethod(multivariate.residual_entropy)


class CoInformation(_GroupMeasure):
    r"""I(X; Y; Z), co-information (XOR: -1 bit).

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    names : sequence of str or of sequences of str, optional
        The variables, or groups of variables, the measure is taken over (dit's ``rvs``); ``None`` takes every
        variable of ``J`` that is not conditioned on, each on its own.
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.co_information`.

    Notes
    -----
    .. math::

        I(X_1; \dots; X_n \mid C) = -\sum_{T \ne \emptyset} (-1)^{\lvert T \rvert} H(X_T \mid C)
    """

    symbol, latex_symbol = "I", r"\operatorname{I}"
    evaluator = staticmethod(multivariate.co_information)


class InteractionInformation(_GroupMeasure):
    r"""II(X; Y; Z), interaction information, (-1)**n times the co-information (XOR: +1 bit).

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    names : sequence of str or of sequences of str, optional
        The variables, or groups of variables, the measure is taken over (dit's ``rvs``); ``None`` takes every
        variable of ``J`` that is not conditioned on, each on its own.
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.interaction_information`.

    Notes
    -----
    .. math::

        \mathrm{II} = (-1)^n \, I(X_1; \dots; X_n \mid C)
    """

    symbol, latex_symbol = "II", r"\operatorname{II}"
    evaluator = staticmethod(multivariate.interaction_information)


class OInformation(_GroupMeasure):
    r"""Omega(X; Y; Z), O-information TC - DTC; LaTeX ``\Omega``.

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    names : sequence of str or of sequences of str, optional
        The variables, or groups of variables, the measure is taken over (dit's ``rvs``); ``None`` takes every
        variable of ``J`` that is not conditioned on, each on its own.
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.o_information`.

    Notes
    -----
    .. math::

        \Omega = \mathrm{TC} - \mathrm{DTC}
    """

    symbol, latex_symbol = "Omega", r"\Omega"
    evaluator = staticmethod(multivariate.o_information)


class SInformation(_GroupMeasure):
    r"""Sigma(X; Y; Z), S-information TC + DTC; LaTeX ``\Sigma``.

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    names : sequence of str or of sequences of str, optional
        The variables, or groups of variables, the measure is taken over (dit's ``rvs``); ``None`` takes every
        variable of ``J`` that is not conditioned on, each on its own.
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.s_information`.

    Notes
    -----
    .. math::

        \Sigma = \mathrm{TC} + \mathrm{DTC}
    """

    symbol, latex_symbol, nonnegative = "Sigma", r"\Sigma", True
    evaluator = staticmethod(multivariate.s_information)


class VariationOfInformation(_GroupMeasure):
    r"""VI(X, Y), variation of information H(X | Y) + H(Y | X).

    >>> import symkl as sk
    >>> VariationOfInformation(sk.JointDistribution([["1/4", "1/4"], ["1/4", "1/4"]]), ["X", "Y"], base=2).doit()
    2

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    names : sequence of str or of sequences of str, optional
        The variables, or groups of variables, the measure is taken over (dit's ``rvs``); ``None`` takes every
        variable of ``J`` that is not conditioned on, each on its own.
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.variation_of_information`.

    Notes
    -----
    .. math::

        \mathrm{VI}(X, Y) = H(X \mid Y) + H(Y \mid X)
    """

    symbol, latex_symbol, nonnegative = "VI", r"\operatorname{VI}", True
    separator = "; "

    @staticmethod
    def evaluator(J: JointDistribution, groups: list[list[str]], given: Any = None, base: Any = None) -> Expr:
        if len(groups) != 2:
            raise multivariate.InvalidInput(f"VariationOfInformation takes two groups of variables, got {len(groups)}")
        return multivariate.variation_of_information(J, groups[0], groups[1], given, base)


class LautumInformation(_GroupMeasure):
    r"""L(X; Y), lautum information D(p(x) p(y) || p(x, y)).

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    names : sequence of str or of sequences of str, optional
        The variables, or groups of variables, the measure is taken over (dit's ``rvs``); ``None`` takes every
        variable of ``J`` that is not conditioned on, each on its own.
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.lautum_information`.

    Notes
    -----
    .. math::

        L = \sum_c p(c)\, D\Big(\prod_i p(x_i \mid c) \,\Big\Vert\, p(x_1, \dots, x_n \mid c)\Big)
    """

    symbol, latex_symbol, nonnegative = "L", r"\operatorname{L}", True
    evaluator = staticmethod(multivariate.lautum_information)


class _ConditionalDivergence(Expr):
    """args: (Tuple of P's rows, Tuple of Q's rows, the marginal, base); rows keyed by the marginal's outcomes."""

    is_extended_real = True
    symbol: ClassVar[str] = "?"
    latex_symbol: ClassVar[str] = "?"
    evaluator: ClassVar[Callable[..., Expr]]

    def __new__(cls, P: Any, Q: Any, marginal: Any, base: Any = None) -> _ConditionalDivergence:
        M = as_distribution(marginal, "marginal")
        rows = []
        for table, role in ((P, "P"), (Q, "Q")):
            named = multivariate._rows(table, role)
            missing = [x for x in M.outcomes if x not in named]
            if missing:
                raise multivariate.InvalidDistribution(f"{role} has no conditional distribution for {missing[0]!r}")
            rows.append(Tuple(*(named[x] for x in M.outcomes)))
        return Expr.__new__(cls, rows[0], rows[1], M, checked_base(base))

    @property
    def base(self) -> Expr:
        return self.args[-1]

    def doit(self, **hints: Any) -> Expr:
        P, Q, M = self.args[:3]
        base = None if self.base is S.Exp1 else self.base
        return type(self).evaluator(dict(zip(M.outcomes, P)), dict(zip(M.outcomes, Q)), M, base=base)

    def _sympystr(self, printer: Any) -> str:
        return f"{self.symbol}(P || Q | {printer._print(self.args[2])}){_base_suffix(self.base, False)}"

    def _latex(self, printer: Any) -> str:
        return rf"{self.latex_symbol}(P \parallel Q \mid {printer._print(self.args[2])}){_base_suffix(self.base, True)}"


class ConditionalKL(_ConditionalDivergence):
    r"""D_KL(P || Q | M) = sum_x M(x) D(P(. | x) || Q(. | x)).

    >>> import symkl as sk
    >>> M = sk.Distribution(["1/2", "1/2"], name="M")
    >>> D = ConditionalKL([[1, 0], ["1/2", "1/2"]], [["1/2", "1/2"], ["1/2", "1/2"]], M, base=2)
    >>> D, sk.latex(D), D.doit()
    (D_KL(P || Q | M) [bits], 'D_{\\mathrm{KL}}(P \\parallel Q \\mid M)\\,[\\mathrm{bits}]', 1/2)

    Parameters
    ----------
    P, Q : sequence of distributions
        Two channels: row x is the distribution of the output given input x.
    marginal : Distribution or sequence
        The distribution M of the input.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.conditional_kl_divergence`.

    Notes
    -----
    .. math::

        D(P \parallel Q \mid M) = \sum_x M(x)\, D\big(P(\cdot \mid x) \parallel Q(\cdot \mid x)\big)
    """

    symbol, latex_symbol = "D_KL", r"D_{\mathrm{KL}}"
    evaluator = staticmethod(multivariate.conditional_kl_divergence)

    def _eval_is_extended_nonnegative(self) -> bool | None:
        return True if self.base is S.Exp1 or (self.base - 1).is_positive else None


class ConditionalCrossEntropy(_ConditionalDivergence):
    r"""H(P, Q | M) = -sum_x M(x) sum_y P(y | x) log Q(y | x).

    Parameters
    ----------
    P, Q : sequence of distributions
        Two channels: row x is the distribution of the output given input x.
    marginal : Distribution or sequence
        The distribution M of the input.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.conditional_cross_entropy`.

    Notes
    -----
    .. math::

        H(P, Q \mid M) = -\sum_x M(x) \sum_y P(y \mid x) \log Q(y \mid x)
    """

    symbol = latex_symbol = "H"
    evaluator = staticmethod(multivariate.conditional_cross_entropy)
