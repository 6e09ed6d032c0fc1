"""Entropy coordinates: linear forms in h(S), S a nonempty set of variables, and the elemental inequalities.

>>> form = term_form(Mutual(("X",), ("Y",), ("Z",)))
>>> show_form(form)
'h(X,Z) + h(Y,Z) - h(Z) - h(X,Y,Z)'
>>> [str(e) for e in elementals(["X", "Y"])]
['H(X|Y)', 'H(Y|X)', 'I(X;Y)']
>>> len(elementals([f"X{i}" for i in range(10)]))
11530
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from itertools import combinations

from .grammar import Entropy, Markov, Mutual, Statement, Term

__all__ = [
    "CONSTANT",
    "Form",
    "add_scaled",
    "affine_gap_form",
    "constraint_forms",
    "elementals",
    "gap_form",
    "show_form",
    "term_form",
]

Form = dict[frozenset[str], Fraction]

#: The key of an affine form's constant: h(empty set) = 0 never appears in a linear form, so the empty set
#: is free to hold the constant (``H(X) <= 1`` has the affine gap 1 - h(X)). Only :func:`affine_gap_form`
#: and :mod:`symkl.prover.bound` use it; the linear programs of :mod:`symkl.prover.lp` never see it.
CONSTANT: frozenset[str] = frozenset()


def add_scaled(target: Form, source: Form, factor: Fraction | int = 1) -> Form:
    """target += factor * source (in place; zero coefficients dropped); returns target.

    >>> show_form(add_scaled({frozenset("X"): Fraction(1)}, {frozenset("X"): Fraction(1)}, -1))
    '0'

    Parameters
    ----------
    target : dict of frozenset of str to Fraction
        The form added to, changed in place.
    source : dict of frozenset of str to Fraction
        The form added.
    factor : Fraction or int, optional
        The multiple of `source` added (default 1).

    Returns
    -------
    dict of frozenset of str to Fraction
        `target`, with zero coefficients dropped.
    """
    for key, value in source.items():
        total = target.get(key, Fraction(0)) + factor * value
        if total:
            target[key] = total
        else:
            target.pop(key, None)
    return target


def _joint(*groups: Iterable[str]) -> frozenset[str]:
    return frozenset().union(*(frozenset(group) for group in groups))


def term_form(term: Term) -> Form:
    r"""H(A|C) = h(AC) - h(C); I(A;B|C) = h(AC) + h(BC) - h(ABC) - h(C); h(empty set) = 0.

    >>> show_form(term_form(Entropy(("X", "Y"), ("Y",))))
    'h(X,Y) - h(Y)'

    Parameters
    ----------
    term : Entropy or Mutual
        A conditional entropy or mutual information of random variables.

    Returns
    -------
    dict of frozenset of str to Fraction
        A linear form in joint entropies: the coefficient of each h(set of variables).

    Notes
    -----
    .. math::

        H(A \mid C) = h(AC) - h(C), \quad I(A; B \mid C) = h(AC) + h(BC) - h(ABC) - h(C), \quad h(\emptyset) = 0
    """
    form: Form = {}
    if isinstance(term, Entropy):
        parts = [(_joint(term.variables, term.given), 1), (_joint(term.given), -1)]
    elif isinstance(term, Mutual):
        a, b, c = term.first, term.second, term.given
        parts = [(_joint(a, c), 1), (_joint(b, c), 1), (_joint(a, b, c), -1), (_joint(c), -1)]
    else:
        raise TypeError(f"{term} is not an entropy or mutual information term")
    for key, value in parts:
        if key:
            add_scaled(form, {key: Fraction(value)})
    return form


def combination_form(pairs: Iterable[tuple[Term, Fraction]]) -> Form:
    """The form of a rational combination of terms."""
    form: Form = {}
    for term, value in pairs:
        add_scaled(form, term_form(term), value)
    return form


def gap_form(statement: Statement) -> Form:
    """The form that the statement says is >= 0 (or = 0): rhs - lhs for <=, lhs - rhs otherwise.

    >>> from symkl.prover.grammar import parse_statement
    >>> show_form(gap_form(parse_statement("H(X,Y) <= H(X) + H(Y)")))
    'h(X) + h(Y) - h(X,Y)'

    Parameters
    ----------
    statement : Statement
        A parsed statement (:func:`~symkl.prover.grammar.parse_statement`).

    Returns
    -------
    dict of frozenset of str to Fraction
        A linear form in joint entropies (the coefficient of each h(set of variables)) that the statement says
        is >= 0 (= 0 for an equality); constants are dropped (see :func:`affine_gap_form`).
    """
    if statement.affine:
        raise ValueError(f"{statement} holds a constant: use affine_gap_form")
    lhs, rhs = combination_form(statement.lhs), combination_form(statement.rhs)
    if statement.relation == "<=":
        return add_scaled(rhs, lhs, -1)
    return add_scaled(lhs, rhs, -1)


def affine_gap_form(statement: Statement) -> Form:
    """The gap with the statement's constants, held at the key CONSTANT (the empty set).

    >>> from symkl.prover.grammar import parse_statement
    >>> form = affine_gap_form(parse_statement("I(X;Y) <= 1/2"))
    >>> form[CONSTANT], show_form({k: v for k, v in form.items() if k})
    (Fraction(1, 2), 'h(X,Y) - h(X) - h(Y)')

    Parameters
    ----------
    statement : Statement
        A parsed statement (:func:`~symkl.prover.grammar.parse_statement`).

    Returns
    -------
    dict of frozenset of str to Fraction
        The gap as in :func:`gap_form`, with the statement's constants (right minus left for ``<=``) held at
        the key ``CONSTANT`` (the empty set).
    """
    lhs, rhs = combination_form(statement.lhs), combination_form(statement.rhs)
    left, right = statement.constants
    add_scaled(lhs, {CONSTANT: left})
    add_scaled(rhs, {CONSTANT: right})
    if statement.relation == "<=":
        return add_scaled(rhs, lhs, -1)
    return add_scaled(lhs, rhs, -1)


def constraint_forms(constraint: Statement | Markov) -> list[tuple[str, Form, Term | Statement]]:
    """(kind "eq"/"ge", form, source) for a constraint; a Markov chain gives one equality per link.

    >>> from symkl.prover.grammar import parse_constraint
    >>> [(kind, show_form(form)) for kind, form, _ in constraint_forms(parse_constraint("X -> Y -> Z"))]
    [('eq', 'h(X,Y) + h(Y,Z) - h(Y) - h(X,Y,Z)')]

    Parameters
    ----------
    constraint : Statement or Markov
        A parsed constraint (:func:`~symkl.prover.grammar.parse_constraint`).

    Returns
    -------
    list of (str, dict, Term or Statement)
        For each equality or inequality it stands for: its kind (``"eq"`` or ``"ge"``), its form, and its source
        (the statement, or the conditional mutual information of a Markov link).
    """
    if isinstance(constraint, Markov):
        return [("eq", term_form(link), link) for link in constraint.links()]
    return [("eq" if constraint.relation == "=" else "ge", gap_form(constraint), constraint)]


def elementals(variables: Sequence[str]) -> list[Term]:
    """The elemental inequalities (each quantity >= 0): H(Xi | rest), then I(Xi;Xj|K), K within the rest.

    Parameters
    ----------
    variables : sequence of str
        The random variables.

    Returns
    -------
    list of Term
        The elemental Shannon inequalities' quantities (each >= 0): H(Xi | rest), then I(Xi; Xj | K) for each K
        within the rest.
    """
    names = list(variables)
    result: list[Term] = [Entropy((x,), tuple(y for y in names if y != x)) for x in names]
    for i, j in combinations(range(len(names)), 2):
        rest = [names[k] for k in range(len(names)) if k not in (i, j)]
        for size in range(len(rest) + 1):
            for given in combinations(rest, size):
                result.append(Mutual((names[i],), (names[j],), given))
    return result


def _key(subset: frozenset[str]) -> tuple[int, list[str]]:
    return (len(subset), sorted(subset))


def show_form(form: Form) -> str:
    """A readable form: positive terms first, then by size of the set.

    Parameters
    ----------
    form : dict of frozenset of str to Fraction
        A linear form in joint entropies.

    Returns
    -------
    str
        The form as text, such as ``"h(X) + h(Y) - h(X,Y)"``; ``"0"`` when it is empty.
    """
    if not form:
        return "0"
    ordered = sorted(form.items(), key=lambda item: (item[1] < 0, _key(item[0])))
    text = ""
    for index, (subset, value) in enumerate(ordered):
        body = f"h({','.join(sorted(subset))})"
        magnitude = abs(value)
        coefficient = "" if magnitude == 1 else f"{magnitude} "
        sign = "-" if value < 0 else "+"
        text += (("-" if sign == "-" else "") if index == 0 else f" {sign} ") + coefficient + body
    return text
