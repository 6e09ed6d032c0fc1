r"""Unevaluated measures for writing statements: ``H(P)``, ``H(P, Q)``, ``D_KL(P || Q)``, ...

Each is a small SymPy ``Expr`` (modelled on ``sympy.stats`` and
``sympy.physics.quantum.Commutator``) that prints in textbook notation and
evaluates with ``.doit()`` to the exact value of :mod:`symkl.exact.measures`.

>>> import symkl as sk
>>> A = sk.Distribution(["1/2", "1/2"], name="A")
>>> B = sk.Distribution(["1/4", "3/4"], name="B")
>>> sk.KL(A, B)
D_KL(A || B)
>>> sk.KL(A, B).doit() == sk.kl_divergence(A, B)
True
>>> sk.CrossEntropy(A, B), sk.Entropy(A), sk.latex(sk.Entropy(A))
(H(A, B), H(A), 'H(A)')
>>> statement = sk.Eq(sk.CrossEntropy(A, B), sk.Entropy(A) + sk.KL(A, B))
>>> statement.doit()
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import sympy
from sympy import Basic, Expr, S, Tuple
from sympy.core.symbol import Str

from ..exact import generalised, measures
from ..exact.canonical import compare
from ..exact.distribution import JointDistribution, as_distribution
from ..exact.general import GeneralDistribution, definition
from ..exact.measures import checked_base
from ..exact.parsing import to_exact
from ..exact.printing import TextPrinter

__all__ = [
    "JS",
    "KL",
    "ChiSquare",
    "ConditionalEntropy",
    "ConditionalMutualInformation",
    "CrossEntropy",
    "Entropy",
    "Hellinger",
    "Information",
    "JointEntropy",
    "MutualInformation",
    "RenyiDivergence",
    "RenyiEntropy",
    "TotalVariation",
]


def _base_suffix(base: Expr, latex: bool, printer: Any = None) -> str:
    """`` [bits]``, `` [units of log₅]``: the human printer's script, ASCII in SymPy's ``str``."""
    if base is S.Exp1:
        return ""
    if latex:
        return rf"\,[{measures.unit_latex(base)}]"
    return f" [{measures.unit_name(base, ascii=not isinstance(printer, TextPrinter) or printer._ascii)}]"


def _coerced(value: Any, role: str) -> Basic:
    return value if isinstance(value, GeneralDistribution) else as_distribution(value, role)


def _nonnegative_in(base: Expr) -> bool | None:
    """A measure that is >= 0 in nats is >= 0 in a base above 1 and <= 0 in a base below 1 (log_b flips sign)."""
    if base is S.Exp1 or (base - 1).is_positive:
        return True
    return None


class Measure(Expr):
    """Common behaviour: distributions as args, the base last (E for nats), ``doit`` evaluates."""

    is_extended_real = True
    symbol: ClassVar[str] = "?"
    latex_symbol: ClassVar[str] = "?"
    separator: ClassVar[tuple[str, str]] = (", ", ", ")  # (str, latex) between the two distributions
    evaluator: ClassVar[Callable[..., Expr]]
    has_base: ClassVar[bool] = True
    arity: ClassVar[int] = 1  # how many distributions come before the base

    def __new__(cls, *args: Any, base: Any = None) -> Measure:
        *distributions, last = args if cls._args_include_base(args) else (*args, base)
        coerced = [_coerced(d, role) for d, role in zip(distributions, ("P", "Q"))]
        return Expr.__new__(cls, *coerced, checked_base(last))

    @classmethod
    def _args_include_base(cls, args: tuple[Any, ...]) -> bool:
        return len(args) == cls.arity + 1

    @property
    def base(self) -> Expr:
        """The log base (E for nats)."""
        return self.args[-1]

    def _eval_is_extended_nonnegative(self) -> bool | None:
        return _nonnegative_in(self.base) if self.has_base else True

    @property
    def distributions(self) -> tuple[Basic, ...]:
        return self.args[:-1]

    def doit(self, **hints: Any) -> Expr:
        if any(isinstance(d, GeneralDistribution) for d in self.distributions):
            return definition(type(self).__name__, self.distributions, self.base)
        options = {"base": None if self.base is S.Exp1 else self.base} if self.has_base else {}
        return type(self).evaluator(*self._evaluation_args(), **options)

    def _evaluation_args(self) -> tuple[Any, ...]:
        return self.distributions

    def _inner(self, printer: Any, latex: bool) -> str:
        separator = self.separator[1 if latex else 0]
        if not latex and isinstance(printer, TextPrinter):  # the human printer: P ‖ Q
            separator = printer.measure_separator(separator)
        return separator.join(printer._print(d) for d in self.distributions)

    def _sympystr(self, printer: Any) -> str:
        return f"{self.symbol}({self._inner(printer, False)}){_base_suffix(self.base, False, printer)}"

    def _latex(self, printer: Any) -> str:
        return rf"{self.latex_symbol}({self._inner(printer, True)}){_base_suffix(self.base, True)}"

    def _pretty(self, printer: Any) -> Any:
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(self._sympystr(sympy.printing.str.StrPrinter()))


class Entropy(Measure):
    r"""H(P), Shannon entropy; ``.doit()`` is :func:`symkl.entropy`.

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
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.entropy`.

    Notes
    -----
    Evaluates to

    .. math::

        H(P) = -\sum_i p_i \log p_i
    """

    symbol = latex_symbol = "H"
    evaluator = staticmethod(measures.entropy)


class CrossEntropy(Measure):
    r"""H(P, Q), cross-entropy; ``.doit()`` is :func:`symkl.cross_entropy`.

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
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.cross_entropy`.

    Notes
    -----
    Evaluates to

    .. math::

        H(P, Q) = -\sum_i p_i \log q_i
    """

    symbol = latex_symbol = "H"
    arity = 2
    evaluator = staticmethod(measures.cross_entropy)


class KL(Measure):
    r"""D_KL(P || Q), relative entropy; prints as ``D_{\mathrm{KL}}(P \parallel Q)`` in LaTeX.

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
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.kl_divergence`.

    Notes
    -----
    Evaluates to

    .. math::

        D_{\mathrm{KL}}(P \parallel Q) = \sum_i p_i \log \frac{p_i}{q_i}
    """

    symbol = "D_KL"
    latex_symbol = r"D_{\mathrm{KL}}"
    separator = (" || ", r" \parallel ")
    arity = 2
    evaluator = staticmethod(measures.kl_divergence)


class JS(Measure):
    r"""D_JS(P || Q), Jensen-Shannon divergence (not its square root).

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
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.js_divergence`.

    Notes
    -----
    Evaluates to

    .. math::

        D_{\mathrm{JS}}(P, Q) = \tfrac12 D(P \parallel M) + \tfrac12 D(Q \parallel M), \quad M = \tfrac12 (P + Q)
    """

    symbol = "D_JS"
    latex_symbol = r"D_{\mathrm{JS}}"
    separator = (" || ", r" \parallel ")
    arity = 2
    evaluator = staticmethod(generalised.js_divergence)


class TotalVariation(Measure):
    r"""TV(P, Q), total variation distance.

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
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.total_variation`.

    Notes
    -----
    Evaluates to

    .. math::

        \mathrm{TV}(P, Q) = \tfrac12 \sum_i \lvert p_i - q_i \rvert
    """

    symbol = "TV"
    latex_symbol = r"\mathrm{TV}"
    arity = 2
    has_base = False
    evaluator = staticmethod(measures.total_variation)


class Hellinger(Measure):
    r"""Hel(P, Q), Hellinger distance sqrt(1 - sum sqrt(p q)).

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
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.hellinger`.

    Notes
    -----
    Evaluates to

    .. math::

        \mathrm{Hel}(P, Q) = \sqrt{1 - \sum_i \sqrt{p_i q_i}}
    """

    symbol = "Hel"
    latex_symbol = r"\mathrm{Hel}"
    arity = 2
    has_base = False
    evaluator = staticmethod(measures.hellinger)


class ChiSquare(Measure):
    r"""chi2(P || Q), Pearson chi-square divergence.

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
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.chi_square`.

    Notes
    -----
    Evaluates to

    .. math::

        \chi^2(P \parallel Q) = \sum_i \frac{(p_i - q_i)^2}{q_i}
    """

    symbol = "chi2"
    latex_symbol = r"\chi^{2}"
    separator = (" || ", r" \parallel ")
    arity = 2
    has_base = False
    evaluator = staticmethod(measures.chi_square)


class _AlphaMeasure(Measure):
    """A measure with an order alpha stored before the base."""

    def _eval_is_extended_nonnegative(self) -> bool | None:
        return None  # the sign depends on alpha (a Renyi divergence of negative order is <= 0) and the base

    def __new__(cls, *args: Any, base: Any = None) -> Measure:
        if len(args) == cls.arity + 2:
            *distributions, alpha, last = args
        else:
            *distributions, alpha = args
            last = base
        coerced = [as_distribution(d, role) for d, role in zip(distributions, ("P", "Q"))]
        return Expr.__new__(cls, *coerced, generalised.checked_order(alpha), checked_base(last))

    @property
    def alpha(self) -> Expr:
        return self.args[-2]

    @property
    def distributions(self) -> tuple[Basic, ...]:
        return self.args[:-2]

    def _evaluation_args(self) -> tuple[Any, ...]:
        return (*self.distributions, self.alpha)

    def _sympystr(self, printer: Any) -> str:
        return f"{self.symbol}_{printer._print(self.alpha)}({self._inner(printer, False)})" + _base_suffix(
            self.base, False, printer
        )

    def _latex(self, printer: Any) -> str:
        inner = self._inner(printer, True)
        return rf"{self.latex_symbol}_{{{printer._print(self.alpha)}}}({inner}){_base_suffix(self.base, True)}"


class RenyiEntropy(_AlphaMeasure):
    r"""H_alpha(P), Renyi entropy of order alpha.

    Parameters
    ----------
    P : Distribution or sequence or dict
        The distribution. A :class:`~symkl.Distribution`, a sequence of exact probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    alpha : number or Symbol
        The order (0, negative, 1 as the limit, ``oo``).
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    Measure
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.renyi_entropy`.

    Notes
    -----
    Evaluates to

    .. math::

        H_\alpha(P) = \frac{1}{1 - \alpha} \log \sum_i p_i^\alpha
    """

    symbol = latex_symbol = "H"
    evaluator = staticmethod(generalised.renyi_entropy)


class RenyiDivergence(_AlphaMeasure):
    r"""D_alpha(P || Q), Renyi divergence of order alpha.

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
        The order (0, negative, 1 as the limit, ``oo``).
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    Measure
        An unevaluated SymPy object; ``.doit()`` returns :func:`symkl.renyi_divergence`.

    Notes
    -----
    Evaluates to

    .. math::

        D_\alpha(P \parallel Q) = \frac{1}{\alpha - 1} \log \sum_i p_i^\alpha q_i^{1 - \alpha}
    """

    symbol = latex_symbol = "D"
    separator = (" || ", r" \parallel ")
    arity = 2
    evaluator = staticmethod(generalised.renyi_divergence)


class Information(Expr):
    r"""I(p) = -log p, self-information of a probability.

    >>> Information(sympy.Rational(1, 8), base=2).doit()
    3

    Parameters
    ----------
    p : number, str or sympy.Expr
        A probability.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    Information
        Unevaluated; ``.doit()`` returns :func:`symkl.information`.

    Notes
    -----
    .. math::

        I(p) = -\log p
    """

    def __new__(cls, p: Any, base: Any = None) -> Information:
        return Expr.__new__(cls, to_exact(p), checked_base(base))

    def _eval_is_extended_nonnegative(self) -> bool | None:
        return _nonnegative_in(self.args[1])

    def doit(self, **hints: Any) -> Expr:
        base = self.args[1]
        return measures.information(self.args[0], None if base is S.Exp1 else base)

    def _sympystr(self, printer: Any) -> str:
        return f"I({printer._print(self.args[0])}){_base_suffix(self.args[1], False, printer)}"

    def _latex(self, printer: Any) -> str:
        return rf"\operatorname{{I}}({printer._print(self.args[0])}){_base_suffix(self.args[1], True)}"


def _name_tuple(names: str | Sequence[str]) -> Tuple:
    if isinstance(names, Tuple):
        return names
    return Tuple(*(Str(name) for name in ([names] if isinstance(names, str) else names)))


def _joined(names: Tuple) -> str:
    return ", ".join(name.name for name in names)


class _JointMeasure(Expr):
    """A measure of named variables of a JointDistribution: args (J, names..., base)."""

    is_extended_real = True
    groups: ClassVar[int] = 1
    evaluator: ClassVar[Callable[..., Expr]]

    def __new__(cls, J: JointDistribution, *groups: Any, given: Any = None, base: Any = None) -> _JointMeasure:
        if not isinstance(J, JointDistribution):
            raise TypeError(f"{cls.__name__} needs a JointDistribution, got {type(J).__name__}")
        values = list(groups)
        if len(values) == cls.groups + 1 and isinstance(values[-1], Expr) and not isinstance(values[-1], Tuple):
            base = values.pop()
        if given is not None:
            values.append(given)
        if len(values) != cls.groups:
            raise TypeError(f"{cls.__name__} takes {cls.groups} groups of variable names, got {len(values)}")
        tuples = [_name_tuple(value) for value in values]
        for names in tuples:
            J._indices([name.name for name in names])
        return Expr.__new__(cls, J, *tuples, checked_base(base))

    @property
    def base(self) -> Expr:
        return self.args[-1]

    def _eval_is_extended_nonnegative(self) -> bool | None:
        return _nonnegative_in(self.base)

    def doit(self, **hints: Any) -> Expr:
        J, *groups = self.args[:-1]
        names = [[name.name for name in group] for group in groups]
        base = None if self.base is S.Exp1 else self.base
        return type(self).evaluator(J, *names, base=base)

    def _body(self) -> str:
        raise NotImplementedError

    def _sympystr(self, printer: Any) -> str:
        return self._body() + _base_suffix(self.base, False, printer)

    def _latex(self, printer: Any) -> str:
        return self._body().replace("|", r"\mid") + _base_suffix(self.base, True)

    def _pretty(self, printer: Any) -> Any:
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(self._sympystr(sympy.printing.str.StrPrinter()))


class JointEntropy(_JointMeasure):
    r"""H(X, Y), entropy of the joint table.

    >>> import symkl as sk
    >>> J = sk.JointDistribution([["1/4", "1/4"], ["1/2", 0]])
    >>> JointEntropy(J, ["X", "Y"])
    H(X, Y)

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    *groups : str or sequence of str
        The variables (all of them when none are given).
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.joint_entropy`.

    Notes
    -----
    .. math::

        H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y)
    """

    evaluator = staticmethod(lambda J, names, base=None: measures.entropy(J.marginal(names).joint, base))

    def _body(self) -> str:
        return f"H({_joined(self.args[1])})"


class ConditionalEntropy(_JointMeasure):
    r"""H(X | Y), conditional entropy.

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    *groups : str or sequence of str
        The variable(s) whose entropy is taken.
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.conditional_entropy`.

    Notes
    -----
    .. math::

        H(X \mid Y) = -\sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(y)}
    """

    groups = 2
    evaluator = staticmethod(lambda J, names, given, base=None: measures.conditional_entropy(J, names, given, base))

    def _body(self) -> str:
        return f"H({_joined(self.args[1])} | {_joined(self.args[2])})"


class MutualInformation(_JointMeasure):
    r"""I(X; Y), mutual information.

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    *groups : str or sequence of str
        The two variables (or groups).
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.mutual_information`.

    Notes
    -----
    .. math::

        I(X; Y) = \sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x)\, p(y)}
    """

    groups = 2
    evaluator = staticmethod(measures.mutual_information)

    def _body(self) -> str:
        return f"I({_joined(self.args[1])}; {_joined(self.args[2])})"


class ConditionalMutualInformation(_JointMeasure):
    r"""I(X; Y | Z), conditional mutual information.

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    *groups : str or sequence of str
        The two variables (or groups).
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        Unevaluated; ``.doit()`` returns :func:`symkl.conditional_mutual_information`.

    Notes
    -----
    .. math::

        I(X; Y \mid Z) = \sum_{x, y, z} p(x, y, z) \log \frac{p(z)\, p(x, y, z)}{p(x, z)\, p(y, z)}
    """

    groups = 3
    evaluator = staticmethod(measures.conditional_mutual_information)

    def _body(self) -> str:
        return f"I({_joined(self.args[1])}; {_joined(self.args[2])} | {_joined(self.args[3])})"


def Eq(lhs: Any, rhs: Any) -> sympy.Equality:
    """An unevaluated equation whose ``.doit()`` decides exactly (canonical form), not by floats.

    >>> import symkl as sk
    >>> sk.Eq(sk.Entropy(["1/2", "1/2"]), sympy.log(2)).doit()
    True

    Parameters
    ----------
    lhs, rhs : sympy.Expr or measure
        The two sides; unevaluated measures are evaluated by ``.doit()``.

    Returns
    -------
    sympy.Equality
        Unevaluated; ``.doit()`` decides it exactly (canonical form) and returns ``true`` or ``false``.

    Raises
    ------
    Undecidable
        ``.doit()`` on sides that hold free symbols, whose equality cannot be decided.
    """
    return _ExactEquality(lhs, rhs, evaluate=False)


class _ExactEquality(sympy.Equality):
    def doit(self, **hints: Any) -> Any:
        lhs, rhs = (side.doit(**hints) for side in self.args)
        try:
            return sympy.true if compare(lhs, rhs) == 0 else sympy.false
        except ValueError:
            return sympy.Eq(lhs, rhs)
