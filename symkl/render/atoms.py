"""The atoms of an information diagram: exact values from a joint table, coefficients from a statement.

>>> import symkl as sk
>>> XOR = sk.JointDistribution(
...     {(0, 0, 0): "1/4", (0, 1, 1): "1/4", (1, 0, 1): "1/4", (1, 1, 0): "1/4"}, names=("X", "Y", "Z"))
>>> values = atom_values(XOR, ("X", "Y", "Z"), base=2)
>>> values[("X", "Y", "Z")], values[("X", "Y")], values[("X",)]
(-1, 1, 0)
>>> atom_name(("X", "Y"), ("X", "Y", "Z"))
'I(X;Y|Z)'

The I-measure (Yeung, *Information Theory and Network Coding*, ch. 3) gives every nonempty set A of the
variables an atom: the part of the diagram inside the circles of A and outside the others. Its value
is found from the joint entropies by Moebius inversion: with F(C) = H(all) - H(all but C),
F(C) = sum of the atoms inside C, so atom(A) = sum over C within A of (-1)^(|A| - |C|) F(C). For two
variables the atoms are H(X|Y), H(Y|X) and I(X;Y); for three, H(X|Y,Z), I(X;Y|Z), ... and the
co-information I(X;Y;Z), which may be negative. A statement of the prover's grammar is read the same
way: each H(A|B) and I(A;B|C) is the sum of the atoms it covers, so the statement becomes one
combination of atoms.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations

import sympy
from sympy import Expr

from ..errors import InvalidInput, InvalidStatement, Undecidable
from ..exact.canonical import canonical
from ..exact.distribution import JointDistribution
from ..exact.measures import Base, checked_base, joint_entropy
from ..prover.grammar import Entropy, Mutual, Statement, Term

__all__ = ["atom_name", "atom_values", "atoms", "choose_names", "statement_coefficients"]

Atom = tuple[str, ...]  # the variables whose circles hold the atom, in diagram order


def atoms(names: Sequence[str]) -> list[Atom]:
    """Every atom of the diagram of these variables, singles first, the centre last.

    >>> atoms(("X", "Y"))
    [('X',), ('Y',), ('X', 'Y')]

    Parameters
    ----------
    names : sequence of str
        The variables of the diagram, in diagram order (two or three).

    Returns
    -------
    list of tuple of str
        Each atom as the variables whose circles hold it: singles first, the centre last.
    """
    return [tuple(chosen) for size in range(1, len(names) + 1) for chosen in combinations(names, size)]


def atom_name(atom: Atom, names: Sequence[str]) -> str:
    """The measure an atom stands for: H(X|Y,Z), I(X;Y|Z), I(X;Y;Z) (co-information), ...

    >>> atom_name(("X",), ("X", "Y")), atom_name(("X", "Y"), ("X", "Y")), atom_name(("X",), ("X",))
    ('H(X|Y)', 'I(X;Y)', 'H(X)')

    Parameters
    ----------
    atom : tuple of str
        The variables whose circles hold the atom.
    names : sequence of str
        The variables of the diagram, in diagram order (two or three).

    Returns
    -------
    str
        The measure the atom stands for, such as ``"H(X|Y,Z)"`` or ``"I(X;Y;Z)"``.
    """
    outside = [name for name in names if name not in atom]
    tail = "|" + ",".join(outside) if outside else ""
    head = "H" if len(atom) == 1 else "I"
    return f"{head}({';'.join(atom)}{tail})"


def choose_names(available: Sequence[str], names: Sequence[str] | None, what: str) -> tuple[str, ...]:
    """Two or three distinct variables out of ``available``: ``names`` if given, else all of them.

    >>> choose_names(("X", "Y", "Z"), ["Z", "X"], "the table")
    ('Z', 'X')
    >>> choose_names(("A", "B", "C", "D"), None, "the table")
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: an information diagram shows 2 or 3 variables; the table has 4 (A, B, C, D): ...

    Parameters
    ----------
    available : sequence of str
        The variables of the joint distribution or statement.
    names : sequence of str or None
        The variables asked for; None for all of `available`.
    what : str
        What holds the variables, for error messages (``"the table"``).

    Returns
    -------
    tuple of str
        Two or three distinct variable names.

    Raises
    ------
    InvalidInput
        `names` is not a sequence of names, does not hold two or three distinct names, names a variable not in
        `available`, or is None while `available` holds more than three.
    """
    if names is None:
        chosen = tuple(available)
        if not 2 <= len(chosen) <= 3:
            listed = ", ".join(chosen)
            raise InvalidInput(
                f"an information diagram shows 2 or 3 variables; {what} has {len(chosen)} ({listed})"
                + (": choose them with names=..." if len(chosen) > 3 else "")
            )
        return chosen
    if isinstance(names, str) or not all(isinstance(name, str) for name in names):
        raise InvalidInput(f"names must be a sequence of variable names such as ('X', 'Y'), got {names!r}")
    chosen = tuple(names)
    if not 2 <= len(chosen) <= 3 or len(set(chosen)) != len(chosen):
        raise InvalidInput(f"an information diagram shows 2 or 3 distinct variables, got names={chosen!r}")
    unknown = [name for name in chosen if name not in available]
    if unknown:
        raise InvalidInput(f"no variable {unknown[0]!r} in {what}; its variables are {', '.join(available)}")
    return chosen


def _exact(value: Expr, base: Expr) -> Expr:
    """The canonical form of a closed value (one term per prime), or with symbols the expanded sum in nats,
    divided by log(base) once."""
    try:
        return canonical(value)
    except (Undecidable, ValueError):  # free symbols, or outside the rational-log class
        if base is sympy.E:
            return sympy.expand(value)
        return sympy.expand(value * sympy.log(base)) / sympy.log(base)


def atom_values(J: JointDistribution, names: Sequence[str], base: Base = 2) -> dict[Atom, Expr]:
    r"""The exact value of every atom of the variables ``names`` of J, in the given base (bits by default).

    >>> import symkl as sk
    >>> copies = sk.JointDistribution([["1/2", 0], [0, "1/2"]], names=("X", "Y"))
    >>> atom_values(copies, ("X", "Y"))
    {('X',): 0, ('Y',): 0, ('X', 'Y'): 1}
    >>> atom_values(copies, ("X", "Y"), base="nats")[("X", "Y")]
    log(2)

    Values are exact: each joint entropy comes from symkl's exact measures and every atom is put in
    canonical form, so equal atoms print equally and a zero atom is exactly 0.

    Parameters
    ----------
    J : JointDistribution
        The joint distribution.
    names : sequence of str
        The variables of the diagram, in diagram order (two or three).
    base : number or str, optional
        Base of the logarithm: 2 (bits, the default), ``"nats"``, ``e``, 10, ...

    Returns
    -------
    dict of tuple of str to sympy.Expr
        The exact value of each atom, in canonical form.

    Raises
    ------
    InvalidDistribution
        A name is not a variable of `J`.
    InvalidInput
        The base cannot be read.

    Notes
    -----
    Each atom is the Möbius inversion of joint entropies; for two variables

    .. math::

        I(X; Y) = H(X) + H(Y) - H(X, Y), \quad H(X \mid Y) = H(X, Y) - H(Y)
    """
    entropies: dict[frozenset[str], Expr] = {frozenset(): sympy.S.Zero}
    for size in range(1, len(names) + 1):
        for chosen in combinations(names, size):
            table = J.marginal(chosen[0]) if size == 1 else J.marginal(list(chosen))
            entropies[frozenset(chosen)] = joint_entropy(table, base=base)
    everything = frozenset(names)

    def covered(inside: frozenset[str]) -> Expr:  # F(C): the sum of the atoms inside C
        return entropies[everything] - entropies[everything - inside]

    values: dict[Atom, Expr] = {}
    for atom in atoms(names):
        total = sympy.S.Zero
        for size in range(1, len(atom) + 1):
            for part in combinations(atom, size):
                total += (-1) ** (len(atom) - size) * covered(frozenset(part))
        values[atom] = _exact(total, checked_base(base))
    return values


def _covers(term: Term, atom: Atom) -> bool:
    """True when the atom lies in the region of the term: H(A|B) is the union of A less B, I(A;B|C) ..."""
    inside = set(atom)
    if isinstance(term, Entropy):
        return bool(inside & set(term.variables)) and not inside & set(term.given)
    if isinstance(term, Mutual):
        meets = bool(inside & set(term.first)) and bool(inside & set(term.second))
        return meets and not inside & set(term.given)
    raise InvalidStatement(f"an information diagram shows H(...) and I(...) of random variables, not {term}")


def statement_coefficients(statement: Statement, names: Sequence[str]) -> tuple[dict[Atom, Fraction], set[Atom]]:
    """The statement as one combination of atoms, sum c_a a >= 0 (or = 0), and the atoms its terms cover.

    ``lhs <= rhs`` becomes rhs - lhs >= 0, ``lhs >= rhs`` and ``lhs = rhs`` become lhs - rhs >= 0 (= 0).
    An atom that some term covers may still get coefficient 0 (it cancels).

    >>> from symkl.prover.grammar import parse_statement
    >>> c, used = statement_coefficients(parse_statement("I(X;Y|Z) <= I(X;Y)"), ("X", "Y", "Z"))
    >>> {atom: value for atom, value in c.items() if value}, sorted(used)
    ({('X', 'Y', 'Z'): Fraction(1, 1)}, [('X', 'Y'), ('X', 'Y', 'Z')])

    Parameters
    ----------
    statement : Statement
        A parsed statement (:func:`~symkl.prover.grammar.parse_statement`) of entropies and mutual informations.
    names : sequence of str
        The variables of the diagram, in diagram order (two or three).

    Returns
    -------
    tuple of (dict of tuple of str to Fraction, set of tuple of str)
        The coefficient c_a of each atom a, with the statement read as sum c_a a >= 0 (or = 0), and the atoms
        its terms cover.

    Raises
    ------
    InvalidStatement
        A term is not H(...) or I(...) of random variables (a divergence, for instance).
    """
    sign = 1 if statement.relation == "<=" else -1
    sides = [(-sign, pair) for pair in statement.lhs] + [(sign, pair) for pair in statement.rhs]
    coefficients = {atom: Fraction(0) for atom in atoms(names)}
    used: set[Atom] = set()
    for side, (term, value) in sides:
        for atom in coefficients:
            if _covers(term, atom):
                coefficients[atom] += side * value
                used.add(atom)
    return coefficients, used
