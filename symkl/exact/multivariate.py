"""Multivariate measures of a JointDistribution, as in dit, exactly; and conditional KL and cross-entropy.

Variables are chosen by ``names``: None means every variable not in ``given``, each on its own;
otherwise a list of groups, each a name or a list of names (dit's ``rvs``: ``[["X", "Y"], "Z"]``
treats (X, Y) as one variable). ``given`` (dit's ``crvs``) is a name or a list of names, and
conditions every entropy. In terms of entropies H(A | C) = H(A, C) - H(C) of the groups X_1..X_n:

* total correlation TC = sum H(X_i | C) - H(X_1..X_n | C) (Watanabe);
* dual total correlation DTC = H(X_1..X_n | C) - sum H(X_i | X_rest, C) (Han's binding information);
* residual entropy R = sum H(X_i | X_rest, C), so DTC + R = H(X_1..X_n | C);
* co-information I(X_1; ...; X_n | C) = -sum over nonempty subsets T of (-1)**|T| H(X_T | C)
  (Bell; dit's ``coinformation``): I(X; Y) for two groups, and -1 bit for XOR, X xor Y = Z;
* interaction information II = (-1)**n I(X_1; ...; X_n | C) (dit's sign convention, McGill's for
  n = 3: II(X; Y; Z) = I(X; Y | Z) - I(X; Y), so XOR has II = +1 bit);
* O-information TC - DTC (Rosas et al. 2019: > 0 redundancy, < 0 synergy), S-information TC + DTC;
* variation of information VI(X, Y | C) = H(X | Y, C) + H(Y | X, C) (Meila), a metric;
* lautum information L = sum_c p(c) D(prod_i p(x_i | c) || p(x_1..x_n | c)) (Palomar & Verdu:
  the KL of MI with its arguments swapped; oo when the product puts mass where the joint has none).

>>> import symkl as sk
>>> XOR = sk.JointDistribution({(0, 0, 0): "1/4", (0, 1, 1): "1/4", (1, 0, 1): "1/4", (1, 1, 0): "1/4"},
...                            names=("X", "Y", "Z"))
>>> sk.co_information(XOR, base=2), sk.interaction_information(XOR, base=2)
(-1, 1)
>>> sk.total_correlation(XOR, base=2), sk.dual_total_correlation(XOR, base=2), sk.o_information(XOR, base=2)
(1, 2, -1)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy
from sympy import Expr

from ..errors import InvalidDistribution, InvalidInput
from .canonical import LogLinear, from_log_linear
from .distribution import Distribution, DistributionLike, JointDistribution, as_distribution, common_support
from .measures import Base, _fractions, _in_base, _rel_entr_sum
from .terms import entr, rel_entr, xlogy

__all__ = [
    "co_information",
    "conditional_cross_entropy",
    "conditional_kl_divergence",
    "dual_total_correlation",
    "interaction_information",
    "lautum_information",
    "o_information",
    "residual_entropy",
    "s_information",
    "total_correlation",
    "variation_of_information",
]

Names = str | Sequence[str] | None
Terms = list[tuple[int, frozenset[str]]]
Groups = Sequence[str | Sequence[str]] | None


def _table(J: Any, what: str) -> JointDistribution:
    if not isinstance(J, JointDistribution):
        raise InvalidDistribution(f"{what} needs a JointDistribution, got {type(J).__name__}")
    return J


def _name_list(names: Names) -> list[str]:
    if names is None:
        return []
    return [names] if isinstance(names, str) else list(names)


def _groups(J: JointDistribution, names: Groups, given: Names) -> tuple[list[frozenset[str]], frozenset[str]]:
    condition = _name_list(given)
    J._indices(condition)
    if names is None:
        groups = [[name] for name in J.names if name not in condition]
    elif isinstance(names, str):
        groups = [[name] for name in names.split()] if " " in names else [[names]]
    else:
        groups = [_name_list(group) for group in names]
    if not groups or any(not group for group in groups):
        raise InvalidInput("names: give at least one group of variables, each with at least one name")
    for group in groups:
        J._indices(group)
    return [frozenset(group) for group in groups], frozenset(condition)


class _Entropies:
    """H(S) for sets S of variables of one table, cached: exact forms for rational tables, else expressions."""

    def __init__(self, J: JointDistribution) -> None:
        self.J = J
        self.exact = _fractions(J.joint.probabilities) is not None
        self.cache: dict[frozenset[str], LogLinear | Expr] = {}

    def __call__(self, names: frozenset[str]) -> LogLinear | Expr:
        if names not in self.cache:
            ordered = [name for name in self.J.names if name in names]
            cells = list(self.J.marginal_cells(ordered).values()) if ordered else [sympy.Integer(1)]
            if self.exact:
                fractions = _fractions(cells) or []
                self.cache[names] = _rel_entr_sum([(Fraction(-1), p, Fraction(1)) for p in fractions])
            else:
                self.cache[names] = sympy.Add(*(entr(p) for p in cells))
        return self.cache[names]

    def combination(self, terms: list[tuple[int, frozenset[str]]], base: Base) -> Expr:
        if self.exact:
            total = LogLinear()
            for coefficient, names in terms:
                form = self(names)
                assert isinstance(form, LogLinear)
                total.add(form, Fraction(coefficient))
            return _in_base(total, base)
        parts = [coefficient * _as_expr(self(names)) for coefficient, names in terms]
        return _in_base(sympy.Add(*parts), base)


def _as_expr(value: LogLinear | Expr) -> Expr:
    return from_log_linear(value) if isinstance(value, LogLinear) else value


def _conditioned(
    terms: list[tuple[int, frozenset[str]]], condition: frozenset[str]
) -> list[tuple[int, frozenset[str]]]:
    """Each H(S) of a list made H(S | C) = H(S + C) - H(C)."""
    result = []
    for coefficient, names in terms:
        result += [(coefficient, names | condition), (-coefficient, condition)]
    return result


def _measure(
    J: Any, names: Groups, given: Names, base: Base, what: str, build: Callable[[list[frozenset[str]]], list]
) -> Expr:
    table = _table(J, what)
    groups, condition = _groups(table, names, given)
    return _Entropies(table).combination(_conditioned(build(groups), condition), base)


def _negated(terms: Terms) -> Terms:
    return [(-coefficient, names) for coefficient, names in terms]


def _union(groups: Sequence[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*groups)


def _tc_terms(groups: list[frozenset[str]]) -> list[tuple[int, frozenset[str]]]:
    return [(1, group) for group in groups] + [(-1, _union(groups))]


def _residual_terms(groups: list[frozenset[str]]) -> list[tuple[int, frozenset[str]]]:
    everything, terms = _union(groups), []
    for index in range(len(groups)):
        rest = _union([g for j, g in enumerate(groups) if j != index])
        terms += [(1, everything | rest), (-1, rest)]  # H(X_i | rest) = H(X_i, rest) - H(rest)
    return terms


def _dtc_terms(groups: list[frozenset[str]]) -> list[tuple[int, frozenset[str]]]:
    return [(1, _union(groups))] + [(-c, s) for c, s in _residual_terms(groups)]


def _coinformation_terms(groups: list[frozenset[str]]) -> list[tuple[int, frozenset[str]]]:
    terms = []
    for size in range(1, len(groups) + 1):
        for subset in itertools.combinations(groups, size):
            terms.append(((-1) ** (size + 1), _union(subset)))
    return terms


def total_correlation(J: JointDistribution, names: Groups = None, given: Names = None, base: Base = None) -> Expr:
    r"""total_correlation(XOR, base=2) is 1 bit: TC = sum H(X_i | C) - H(X_1, ..., X_n | C), >= 0.

    >>> import symkl as sk
    >>> J = sk.JointDistribution({(0, 0, 0): "1/2", (1, 1, 1): "1/2"}, names=("X", "Y", "Z"))
    >>> total_correlation(J, base=2), total_correlation(J, [["X", "Y"], "Z"], base=2)
    (2, 1)

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
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable, a variable both measured and conditioned on, or a base that cannot be read.

    Notes
    -----
    .. math::

        \mathrm{TC} = \sum_i H(X_i \mid C) - H(X_1, \dots, X_n \mid C)
    """
    return _measure(J, names, given, base, "total_correlation", _tc_terms)


def dual_total_correlation(J: JointDistribution, names: Groups = None, given: Names = None, base: Base = None) -> Expr:
    r"""dual_total_correlation(XOR, base=2) is 2 bits: H(X_1..X_n | C) - sum H(X_i | X_rest, C), >= 0.

    >>> import symkl as sk
    >>> J = sk.JointDistribution({(0, 0, 0): "1/2", (1, 1, 1): "1/2"}, names=("X", "Y", "Z"))
    >>> dual_total_correlation(J, base=2)
    1

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
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable, a variable both measured and conditioned on, or a base that cannot be read.

    Notes
    -----
    .. math::

        \mathrm{DTC} = H(X_1, \dots, X_n \mid C) - \sum_i H(X_i \mid X_{\text{rest}}, C)
    """
    return _measure(J, names, given, base, "dual_total_correlation", _dtc_terms)


def residual_entropy(J: JointDistribution, names: Groups = None, given: Names = None, base: Base = None) -> Expr:
    r"""residual_entropy(J) = sum H(X_i | X_rest, C), the entropy no other variable explains.

    >>> import symkl as sk
    >>> residual_entropy(sk.JointDistribution([["1/4", "1/4"], ["1/4", "1/4"]]), base=2)
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
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable, a variable both measured and conditioned on, or a base that cannot be read.

    Notes
    -----
    .. math::

        R = \sum_i H(X_i \mid X_{\text{rest}}, C)
    """
    return _measure(J, names, given, base, "residual_entropy", _residual_terms)


def co_information(J: JointDistribution, names: Groups = None, given: Names = None, base: Base = None) -> Expr:
    r"""co_information(XOR, base=2) is -1: -sum_T (-1)**|T| H(X_T | C) over nonempty subsets T of the groups.

    Two groups give I(X; Y | C); one gives H(X | C). Sign: I(X; Y; Z) = I(X; Y) - I(X; Y | Z).

    >>> import symkl as sk
    >>> J = sk.JointDistribution({(0, 0, 0): "1/2", (1, 1, 1): "1/2"}, names=("X", "Y", "Z"))
    >>> co_information(J, base=2), co_information(J, ["X", "Y"], given="Z", base=2)
    (1, 0)

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
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable, a variable both measured and conditioned on, or a base that cannot be read.

    Notes
    -----
    .. math::

        I(X_1; \dots; X_n \mid C) = -\sum_{T \ne \emptyset} (-1)^{\lvert T \rvert} H(X_T \mid C)
    """
    return _measure(J, names, given, base, "co_information", _coinformation_terms)


def interaction_information(J: JointDistribution, names: Groups = None, given: Names = None, base: Base = None) -> Expr:
    r"""interaction_information(XOR, base=2) is +1: (-1)**n times the co-information of n groups (as dit).

    For three variables II(X; Y; Z) = I(X; Y | Z) - I(X; Y) (McGill), the opposite sign of the
    co-information; for two it is I(X; Y).

    >>> import symkl as sk
    >>> J = sk.JointDistribution({(0, 0, 0): "1/2", (1, 1, 1): "1/2"}, names=("X", "Y", "Z"))
    >>> interaction_information(J, base=2)
    -1

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
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable, a variable both measured and conditioned on, or a base that cannot be read.

    Notes
    -----
    .. math::

        \mathrm{II} = (-1)^n \, I(X_1; \dots; X_n \mid C)
    """
    table = _table(J, "interaction_information")
    count = len(_groups(table, names, given)[0])
    return (-1) ** count * co_information(table, names, given, base)


def o_information(J: JointDistribution, names: Groups = None, given: Names = None, base: Base = None) -> Expr:
    r"""o_information(J) = TC - DTC: > 0 for redundancy, < 0 for synergy (Rosas et al. 2019).

    >>> import symkl as sk
    >>> J = sk.JointDistribution({(0, 0, 0): "1/2", (1, 1, 1): "1/2"}, names=("X", "Y", "Z"))
    >>> o_information(J, base=2)
    1

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
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable, a variable both measured and conditioned on, or a base that cannot be read.

    Notes
    -----
    .. math::

        \Omega = \mathrm{TC} - \mathrm{DTC}
    """
    return _measure(
        J, names, given, base, "o_information", lambda g: _tc_terms(g) + [(-c, s) for c, s in _dtc_terms(g)]
    )


def s_information(J: JointDistribution, names: Groups = None, given: Names = None, base: Base = None) -> Expr:
    r"""s_information(J) = TC + DTC, the exchange of information between each variable and the rest.

    >>> import symkl as sk
    >>> J = sk.JointDistribution({(0, 0, 0): "1/2", (1, 1, 1): "1/2"}, names=("X", "Y", "Z"))
    >>> s_information(J, base=2)
    3

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
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable, a variable both measured and conditioned on, or a base that cannot be read.

    Notes
    -----
    .. math::

        \Sigma = \mathrm{TC} + \mathrm{DTC}
    """
    return _measure(J, names, given, base, "s_information", lambda g: _tc_terms(g) + _dtc_terms(g))


def variation_of_information(
    J: JointDistribution,
    first: str | Sequence[str],
    second: str | Sequence[str],
    given: Names = None,
    base: Base = None,
) -> Expr:
    r"""variation_of_information(J, "X", "Y") = H(X | Y) + H(Y | X) = 2 H(X, Y) - H(X) - H(Y), a metric.

    >>> import symkl as sk
    >>> J = sk.JointDistribution([["1/4", "1/4"], ["1/4", "1/4"]])
    >>> variation_of_information(J, "X", "Y", base=2)
    2

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    first, second : str or sequence of str
        The two variables (or groups).
    given : str or sequence of str, optional
        Variables to condition on (dit's ``crvs``); ``None`` for no conditioning.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable, or a base that cannot be read.

    Notes
    -----
    .. math::

        \mathrm{VI}(X, Y) = H(X \mid Y) + H(Y \mid X)
    """
    groups = [_name_list(first), _name_list(second)]
    return _measure(
        J, groups, given, base, "variation_of_information", lambda g: [(2, g[0] | g[1]), (-1, g[0]), (-1, g[1])]
    )


def lautum_information(J: JointDistribution, names: Groups = None, given: Names = None, base: Base = None) -> Expr:
    r"""lautum_information(J) = sum_c p(c) D(prod p(x_i | c) || p(x_1..x_n | c)); groups must not overlap.

    >>> import symkl as sk
    >>> lautum_information(sk.JointDistribution([["1/2", 0], [0, "1/2"]]))
    oo
    >>> lautum_information(sk.JointDistribution([["3/8", "1/8"], ["1/8", "3/8"]]), base=2)
    -log(3)/(2*log(2)) + 1

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
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidInput
        An unknown variable, a variable both measured and conditioned on, or a base that cannot be read.

    Notes
    -----
    .. math::

        L = \sum_c p(c)\, D\Big(\prod_i p(x_i \mid c) \,\Big\Vert\, p(x_1, \dots, x_n \mid c)\Big)
    """
    table = _table(J, "lautum_information")
    groups, condition = _groups(table, names, given)
    if len(_union(groups)) != sum(len(group) for group in groups) or _union(groups) & condition:
        raise InvalidInput("lautum_information: the groups and the condition must not share variables")
    ordered = [[name for name in table.names if name in group] for group in groups]
    c_names = [name for name in table.names if name in condition]
    c_cells = table.marginal_cells(c_names) if c_names else {(): sympy.Integer(1)}
    group_cells = [table.marginal_cells(c_names + group) for group in ordered]
    joint = table.marginal_cells(c_names + [name for group in ordered for name in group])
    terms: list[tuple[Expr, Expr, Expr]] = []
    width = len(c_names)
    for c, weight in c_cells.items():
        if weight.is_zero:
            continue
        options = [
            [(key[width:], value / weight) for key, value in cells.items() if key[:width] == c] for cells in group_cells
        ]
        for combination in itertools.product(*options):
            product = sympy.Mul(*(value for _, value in combination))
            key = c + tuple(part for outcome, _ in combination for part in outcome)
            terms.append((weight, product, joint.get(key, sympy.Integer(0)) / weight))
    exact = _fractions([value for term in terms for value in term])
    if exact is not None:
        it = iter(exact)
        return _in_base(_rel_entr_sum([(next(it), next(it), next(it)) for _ in terms]), base)
    return _in_base(sympy.Add(*(w * rel_entr(a, b) for w, a, b in terms)), base)


# ---------------------------------------------------------------------------------------------
# conditional divergences of two channels under one marginal
Conditional = Mapping[Any, DistributionLike] | Sequence[DistributionLike]


def _rows(value: Conditional, role: str) -> dict[Any, Distribution]:
    items = value.items() if isinstance(value, Mapping) else enumerate(value)
    if isinstance(value, (str, bytes)):
        raise InvalidInput(f"{role}: give the conditional distributions as a list of rows or a dict")
    return {key: as_distribution(row, f"{role}[{key!r}]") for key, row in items}


def _triples(P: Conditional, Q: Conditional, marginal: DistributionLike) -> list[tuple[Expr, Expr, Expr]]:
    rows_p, rows_q = _rows(P, "P"), _rows(Q, "Q")
    weights = as_distribution(marginal, "marginal")
    triples = []
    for x, weight in weights.as_dict().items():
        if weight.is_zero:
            continue
        for rows, role in ((rows_p, "P"), (rows_q, "Q")):
            if x not in rows:
                raise InvalidDistribution(
                    f"{role} has no conditional distribution for the outcome {x!r} of the marginal"
                )
        row_p, row_q = common_support(rows_p[x], rows_q[x])
        triples += [(weight, p, q) for p, q in zip(row_p.probabilities, row_q.probabilities)]
    return triples


def conditional_kl_divergence(P: Conditional, Q: Conditional, marginal: DistributionLike, base: Base = None) -> Expr:
    r"""conditional_kl_divergence(P, Q, M) = sum_x M(x) D(P(. | x) || Q(. | x)) (Cover & Thomas 2.65).

    P and Q map each outcome x of the marginal M to a distribution (a dict, or a list of rows for
    outcomes 0, 1, ...); outcomes with M(x) = 0 are skipped.

    >>> conditional_kl_divergence([[1, 0], ["1/2", "1/2"]], [["1/2", "1/2"], ["1/2", "1/2"]], ["1/2", "1/2"], base=2)
    1/2

    Parameters
    ----------
    P, Q : sequence of distributions
        Two channels: row x is the output distribution given input x.
    marginal : Distribution or sequence
        The input distribution M.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        D(P \parallel Q \mid M) = \sum_x M(x)\, D\big(P(\cdot \mid x) \parallel Q(\cdot \mid x)\big)
    """
    triples = _triples(P, Q, marginal)
    exact = _fractions([value for triple in triples for value in triple])
    if exact is not None:
        it = iter(exact)
        return _in_base(_rel_entr_sum([(next(it), next(it), next(it)) for _ in triples]), base)
    return _in_base(sympy.Add(*(w * rel_entr(p, q) for w, p, q in triples)), base)


def conditional_cross_entropy(P: Conditional, Q: Conditional, marginal: DistributionLike, base: Base = None) -> Expr:
    r"""conditional_cross_entropy(P, Q, M) = -sum_x M(x) sum_y P(y | x) log Q(y | x).

    >>> conditional_cross_entropy([[1, 0], ["1/2", "1/2"]], [["1/2", "1/2"], ["1/4", "3/4"]], ["1/2", "1/2"], base=2)
    -log(3)/(4*log(2)) + 3/2

    Parameters
    ----------
    P, Q : sequence of distributions
        Two channels: row x is the output distribution given input x.
    marginal : Distribution or sequence
        The input distribution M.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    sympy.Expr
        The exact value, in nats unless ``base`` is given (then divided by ``log(base)``).

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).

    Notes
    -----
    .. math::

        H(P, Q \mid M) = -\sum_x M(x) \sum_y P(y \mid x) \log Q(y \mid x)
    """
    triples = _triples(P, Q, marginal)
    exact = _fractions([value for triple in triples for value in triple])
    if exact is not None:
        it = iter(exact)
        rows = [(next(it), next(it), next(it)) for _ in triples]
        return _in_base(_rel_entr_sum([*rows, *((-w, p, Fraction(1)) for w, p, _ in rows)]), base)
    return _in_base(-sympy.Add(*(w * xlogy(p, q) for w, p, q in triples)), base)
