"""A strict hand-written reader for information inequalities (never ``eval``/``sympify``).

>>> s = parse_statement("I(X;Y|Z) <= H(X|Z)")
>>> s.relation, [str(t) for t in s.terms()]
('<=', ['I(X;Y|Z)', 'H(X|Z)'])
>>> parse_constraint("X -> Y -> Z")
Markov(chain=(('X',), ('Y',), ('Z',)), text='X -> Y -> Z')
>>> parse_statement("2 H(X) = H(X")
Traceback (most recent call last):
...
symkl.errors.InvalidStatement: expected ')' at position 13 (end of text):
  2 H(X) = H(X
              ^

Grammar (``[]`` optional, ``*`` repeated)::

    statement  := sum ("<=" | ">=" | "=") sum
    sum        := ["+" | "-"] product (("+" | "-") product)*
    product    := factor (["*" | "/"] factor)*      (juxtaposition multiplies: 2 H(X))
    factor     := NUMBER | "-" factor | "(" sum ")" | quantity
    quantity   := "H(" names ["|" names] ")" | "I(" names ";" names ["|" names] ")"
    names      := IDENT ("," IDENT)*
    markov     := names "->" names ("->" names)*

Coefficients are exact rationals (``1/2``, ``0.25``); a product needs a
number on one side, so the statement stays linear. A side may hold a
rational constant (``H(X) <= 1``, ``I(X;Y) <= 1/2``): it is in the unit the
caller chooses (``base=``, nats unless a base is given). In distribution mode
the quantities are ``H(P)``, ``H(P, Q)`` (cross-entropy), ``D(P || Q)``
(also ``KL``) and ``JS(P, Q)`` over distribution names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Union

from ..errors import InvalidStatement

__all__ = [
    "Divergence",
    "Entropy",
    "Markov",
    "Mutual",
    "Statement",
    "is_distribution_text",
    "parse_constraint",
    "parse_objective",
    "parse_statement",
]

MAX_TEXT = 10_000
_LEXEME = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<id>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|->|\|\||[()+\-*/,;|=<>≤≥→‖−]))"
)
_ALIASES = {"≤": "<=", "≥": ">=", "→": "->", "‖": "||", "−": "-", "==": "="}
_RELATIONS = ("<=", ">=", "=")
_DIVERGENCES = {"D": "KL", "KL": "KL", "JS": "JS"}


@dataclass(frozen=True)
class Entropy:
    """H(variables | given).

    >>> str(Entropy(("X", "Y"), ("Z",)))
    'H(X,Y|Z)'

    Parameters
    ----------
    variables : tuple of str
        The variables whose (joint) entropy it is.
    given : tuple of str, optional
        The conditioning variables.
    """

    variables: tuple[str, ...]
    given: tuple[str, ...] = ()

    def __str__(self) -> str:
        tail = "|" + ",".join(self.given) if self.given else ""
        return f"H({','.join(self.variables)}{tail})"

    def names(self) -> set[str]:
        """The random variables named in the term."""
        return {*self.variables, *self.given}


@dataclass(frozen=True)
class Mutual:
    """I(first ; second | given).

    >>> str(Mutual(("X",), ("Y",)))
    'I(X;Y)'

    Parameters
    ----------
    first : tuple of str
        The first group of variables.
    second : tuple of str
        The second group.
    given : tuple of str, optional
        The conditioning variables.
    """

    first: tuple[str, ...]
    second: tuple[str, ...]
    given: tuple[str, ...] = ()

    def __str__(self) -> str:
        tail = "|" + ",".join(self.given) if self.given else ""
        return f"I({','.join(self.first)};{','.join(self.second)}{tail})"

    def names(self) -> set[str]:
        """The random variables named in the term."""
        return {*self.first, *self.second, *self.given}


@dataclass(frozen=True)
class Divergence:
    """A measure of distributions: kind "H" (entropy), "CE" (cross-entropy), "KL" or "JS".

    >>> str(Divergence("KL", ("P", "Q")))
    'D(P||Q)'

    Parameters
    ----------
    kind : {"H", "CE", "KL", "JS"}
        Entropy, cross-entropy, KL divergence or Jensen-Shannon divergence.
    distributions : tuple of str
        The names of the distributions it is of (one for H, two otherwise).
    """

    kind: str
    distributions: tuple[str, ...]

    def __str__(self) -> str:
        head = {"H": "H", "CE": "H", "KL": "D", "JS": "JS"}[self.kind]
        separator = "||" if self.kind == "KL" else ","
        return f"{head}({separator.join(self.distributions)})"

    def names(self) -> set[str]:
        """The distributions named in the term."""
        return set(self.distributions)


Term = Union[Entropy, Mutual, Divergence]  # noqa: UP007 (a runtime alias)
Combination = dict[Term, Fraction]


@dataclass(frozen=True)
class Statement:
    """``lhs relation rhs``, each side a rational combination of terms plus a rational constant.

    ``constants`` are (left, right); a constant is in the unit the caller chooses (``base=``; nats unless
    a base is given), since the entropies it is compared with have no unit of their own:

    >>> parse_statement("H(X) + 1/2 <= 1").constants
    (Fraction(1, 2), Fraction(1, 1))

    Parameters
    ----------
    lhs : tuple of (Term, Fraction)
        The left side: terms with their rational coefficients.
    relation : {"<=", ">=", "="}
        The relation.
    rhs : tuple of (Term, Fraction)
        The right side.
    text : str
        The statement as written.
    constants : tuple of (Fraction, Fraction), optional
        The rational constants of the left and right sides (default 0 and 0).
    """

    lhs: tuple[tuple[Term, Fraction], ...]
    relation: str
    rhs: tuple[tuple[Term, Fraction], ...]
    text: str
    constants: tuple[Fraction, Fraction] = (Fraction(0), Fraction(0))

    @property
    def affine(self) -> bool:
        """Whether a side holds a nonzero constant (``H(X) <= 1``)."""
        return any(self.constants)

    def terms(self) -> list[Term]:
        """Every term, left side first, in reading order.

        >>> [str(t) for t in parse_statement("H(X) + H(Y) >= H(X,Y)").terms()]
        ['H(X)', 'H(Y)', 'H(X,Y)']
        """
        return [term for term, _ in self.lhs + self.rhs]

    def names(self) -> set[str]:
        """All variables (or distributions) named."""
        return set().union(*(term.names() for term in self.terms())) if self.lhs or self.rhs else set()

    def __str__(self) -> str:
        left, right = self.constants
        return f"{_side(self.lhs, left)} {self.relation} {_side(self.rhs, right)}"


@dataclass(frozen=True)
class Markov:
    """A Markov chain X1 -> X2 -> ... -> Xk (each node may be a group of variables).

    Parameters
    ----------
    chain : tuple of tuple of str
        The nodes of the chain in order, each a group of variables.
    text : str
        The chain as written.
    """

    chain: tuple[tuple[str, ...], ...]
    text: str

    def links(self) -> list[Mutual]:
        """The conditional mutual informations that vanish: I(X1..X(i-1); X(i+1)..Xk | Xi).

        >>> [str(m) for m in parse_constraint("A -> B -> C -> D").links()]
        ['I(A;C,D|B)', 'I(A,B;D|C)']
        """
        flat = [tuple(node) for node in self.chain]
        return [Mutual(sum(flat[:i], ()), sum(flat[i + 1 :], ()), flat[i]) for i in range(1, len(flat) - 1)]

    def names(self) -> set[str]:
        """All variables named."""
        return {name for node in self.chain for name in node}

    def __str__(self) -> str:
        return " -> ".join(",".join(node) for node in self.chain)


def _coefficient(value: Fraction) -> str:
    return "" if value == 1 else "-" if value == -1 else f"{value} "


def _side(pairs: tuple[tuple[Term, Fraction], ...], constant: Fraction = Fraction(0)) -> str:
    if not pairs:
        return str(constant)
    text = ""
    for index, (term, value) in enumerate(pairs):
        sign = "-" if value < 0 else "+"
        body = f"{_coefficient(abs(value))}{term}"
        text += (("-" if sign == "-" else "") if index == 0 else f" {sign} ") + body
    if constant:
        text += f" {'-' if constant < 0 else '+'} {abs(constant)}"
    return text


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "id", "op", "end"
    value: str
    position: int


def _tokenize(text: str) -> list[_Token]:
    if len(text) > MAX_TEXT:
        raise InvalidStatement(f"statement too long ({len(text)} characters; at most {MAX_TEXT})")
    tokens, position = [], 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _LEXEME.match(text, position)
        if match is None or match.end() == position:
            start = position + len(text[position:]) - len(text[position:].lstrip())
            raise InvalidStatement(f"unexpected character {text[start]!r}", text, start)
        kind = match.lastgroup or "op"
        value = match.group(kind)
        tokens.append(_Token(kind, _ALIASES.get(value, value), match.start(kind)))
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


def is_distribution_text(text: str) -> bool:
    """Whether a statement names a divergence (D, KL, JS, ||), i.e. is about distributions.

    >>> is_distribution_text("D(P||M) + D(Q||M) = 2 JS(P,Q)"), is_distribution_text("I(X;Y) >= 0")
    (True, False)

    Parameters
    ----------
    text : str
        A statement as written.

    Returns
    -------
    bool
        True when it names a divergence (D, KL, JS, ``||``).
    """
    tokens = _tokenize(text)
    return any(
        (token.kind == "id" and token.value in _DIVERGENCES and following.value == "(") or token.value == "||"
        for token, following in pairwise(tokens)
    )


class _Linear:
    """A rational combination of terms plus a constant, while parsing."""

    def __init__(self, terms: Combination | None = None, constant: Fraction = Fraction(0)) -> None:
        self.terms: Combination = dict(terms or {})
        self.constant = constant

    def scaled(self, factor: Fraction) -> _Linear:
        return _Linear({t: v * factor for t, v in self.terms.items() if v * factor}, self.constant * factor)

    def plus(self, other: _Linear) -> _Linear:
        terms = dict(self.terms)
        for term, value in other.terms.items():
            terms[term] = terms.get(term, Fraction(0)) + value
        return _Linear({t: v for t, v in terms.items() if v}, self.constant + other.constant)


class _Parser:
    def __init__(self, text: str, distributions: bool) -> None:
        self.text, self.distributions = text, distributions
        self.tokens = _tokenize(text)
        self.index = 0

    # -- token helpers --------------------------------------------------------
    @property
    def peek(self) -> _Token:
        return self.tokens[self.index]

    def fail(self, message: str, token: _Token | None = None) -> InvalidStatement:
        return InvalidStatement(message, self.text, (token or self.peek).position)

    def take(self, value: str | None = None, kind: str | None = None, what: str = "") -> _Token:
        token = self.peek
        if (value is not None and token.value != value) or (kind is not None and token.kind != kind):
            raise self.fail(f"expected {what or repr(value)}")
        self.index += 1
        return token

    # -- grammar ----------------------------------------------------------------
    def statement(self) -> Statement:
        start = self.peek
        left = self.sum()
        token = self.peek
        if token.value in ("<", ">"):
            raise self.fail("strict inequalities are not supported; use <= or >=")
        if token.value not in _RELATIONS:
            raise self.fail("expected a relation <=, >= or =" if token.kind == "end" else "expected an operator")
        self.index += 1
        right_start = self.peek
        right = self.sum()
        if self.peek.kind != "end":
            raise self.fail("expected an operator or the end")
        for side, where in ((left, start), (right, right_start)):
            if side.constant and self.distributions:
                raise self.fail(
                    f"a nonzero constant ({side.constant}) is not allowed in a statement about distributions",
                    where,
                )
        return Statement(
            tuple(left.terms.items()),
            token.value,
            tuple(right.terms.items()),
            self.text,
            (left.constant, right.constant),
        )

    def objective(self) -> tuple[tuple[tuple[Term, Fraction], ...], Fraction]:
        """A linear objective (no relation): its terms and its constant."""
        total = self.sum()
        if self.peek.value in (*_RELATIONS, "<", ">"):
            raise self.fail("an objective is an expression such as I(X;Z), not a relation")
        if self.peek.kind != "end":
            raise self.fail("expected an operator or the end")
        return tuple(total.terms.items()), total.constant

    def sum(self) -> _Linear:
        sign = Fraction(1)
        if self.peek.value in ("+", "-"):
            sign = Fraction(-1 if self.take().value == "-" else 1)
        total = self.product().scaled(sign)
        while self.peek.value in ("+", "-"):
            sign = Fraction(-1 if self.take().value == "-" else 1)
            total = total.plus(self.product().scaled(sign))
        return total

    def product(self) -> _Linear:
        value = self.factor()
        while self.peek.value in ("*", "/") or self.peek.kind in ("id", "num") or self.peek.value == "(":
            operator = self.take().value if self.peek.value in ("*", "/") else "*"
            operand_token = self.peek
            operand = self.factor()
            value = self.multiply(value, operand, operator, operand_token)
        return value

    def multiply(self, left: _Linear, right: _Linear, operator: str, where: _Token) -> _Linear:
        if operator == "/":
            if right.terms:
                raise self.fail("division by an entropy term is not linear", where)
            if right.constant == 0:
                raise self.fail("division by zero", where)
            return left.scaled(1 / right.constant)
        if left.terms and right.terms:
            raise self.fail("a product of two entropy terms is not linear", where)
        return left.scaled(right.constant) if not right.terms else right.scaled(left.constant)

    def factor(self) -> _Linear:
        token = self.peek
        if token.kind == "num":
            self.index += 1
            return _Linear(constant=Fraction(Decimal(token.value)))
        if token.value == "-":
            self.index += 1
            return self.factor().scaled(Fraction(-1))
        if token.value == "(":
            self.index += 1
            inner = self.sum()
            self.take(")")
            return inner
        if token.kind == "id":
            return _Linear({self.quantity(): Fraction(1)})
        raise self.fail("expected a number, a quantity such as H(X|Y) or I(X;Y|Z), or '('")

    def quantity(self) -> Term:
        head = self.take(kind="id")
        known = ("H", "D", "KL", "JS") if self.distributions else ("H", "I")
        if head.value not in known:
            raise self.fail(f"unknown quantity {head.value!r}; expected one of {', '.join(known)}", head)
        self.take("(", what=f"'(' after {head.value}")
        term = self.distribution_term(head.value) if self.distributions else self.variable_term(head.value)
        self.take(")")
        return term

    def variable_term(self, head: str) -> Term:
        first = self.names()
        if head == "I":
            self.take(";", what="';' between the two groups of I(X;Y|Z)")
            second = self.names()
            return Mutual(first, second, self.given())
        return Entropy(first, self.given())

    def given(self) -> tuple[str, ...]:
        if self.peek.value != "|":
            return ()
        self.index += 1
        return self.names()

    def names(self) -> tuple[str, ...]:
        names = [self.take(kind="id", what="a variable name").value]
        while self.peek.value == ",":
            self.index += 1
            names.append(self.take(kind="id", what="a variable name").value)
        return tuple(names)

    def distribution_term(self, head: str) -> Term:
        first = self.take(kind="id", what="a distribution name").value
        if head == "H" and self.peek.value == ")":
            return Divergence("H", (first,))
        separator = "||" if head in ("D", "KL") else ","
        self.take(separator)
        second = self.take(kind="id", what="a distribution name").value
        return Divergence({"H": "CE"}.get(head, _DIVERGENCES.get(head, head)), (first, second))

    def markov(self) -> Markov:
        nodes = [self.names()]
        while self.peek.value == "->":
            self.index += 1
            nodes.append(self.names())
        if self.peek.kind != "end":
            raise self.fail("expected '->' or the end of the Markov chain")
        if len(nodes) < 3:
            raise self.fail("a Markov chain needs at least three nodes (X -> Y -> Z)", self.tokens[0])
        return Markov(tuple(nodes), self.text)


def parse_statement(text: str, distributions: bool = False) -> Statement:
    """Read ``lhs <= rhs`` (or ``>=``, ``=``) strictly.

    >>> str(parse_statement("H(X,Y) <= 1/2 (H(X) + H(X)) + H(Y)"))
    'H(X,Y) <= H(X) + H(Y)'
    >>> str(parse_statement("H(P,Q) = H(P) + D(P||Q)", distributions=True))
    'H(P,Q) = H(P) + D(P||Q)'

    Parameters
    ----------
    text : str
        ``lhs <= rhs``, ``lhs >= rhs`` or ``lhs = rhs``, each side a rational combination of H(...), I(...)
        and constants.
    distributions : bool, optional
        Read measures of distributions (H, CE, D / KL, JS of named distributions) instead of random variables
        (default False).

    Returns
    -------
    Statement
        The parsed statement.

    Raises
    ------
    InvalidStatement
        The text does not follow the grammar; the message points at the position.
    """
    if not isinstance(text, str):
        raise InvalidStatement(f"a statement must be text, got {type(text).__name__}")
    if not text.strip():
        raise InvalidStatement("empty statement")
    return _Parser(text, distributions).statement()


def parse_objective(text: str) -> tuple[tuple[tuple[Term, Fraction], ...], Fraction]:
    """An objective for :func:`symkl.bound`: a rational combination of quantities (and a constant).

    >>> pairs, constant = parse_objective("I(X;Z) + 2 H(Y|X)")
    >>> [(str(t), str(c)) for t, c in pairs], constant
    ([('I(X;Z)', '1'), ('H(Y|X)', '2')], Fraction(0, 1))

    Parameters
    ----------
    text : str
        A rational combination of quantities and a constant, not a relation (``"I(X;Z) + 2 H(Y|X)"``).

    Returns
    -------
    tuple of (tuple of (Term, Fraction), Fraction)
        The terms with their coefficients, and the constant.

    Raises
    ------
    InvalidStatement
        The text does not follow the grammar; the message points at the position.
    """
    if not isinstance(text, str):
        raise InvalidStatement(f"an objective must be text, got {type(text).__name__}")
    if not text.strip():
        raise InvalidStatement("empty objective")
    return _Parser(text, distributions=False).objective()


def parse_constraint(text: str) -> Statement | Markov:
    """A ``--given`` constraint: a Markov chain ``X -> Y -> Z`` or a statement of the same grammar.

    >>> str(parse_constraint("I(X;Y) = 0"))
    'I(X;Y) = 0'

    Parameters
    ----------
    text : str
        A Markov chain ``X -> Y -> Z`` or a statement (see :func:`parse_statement`).

    Returns
    -------
    Statement or Markov
        The parsed constraint.

    Raises
    ------
    InvalidStatement
        The text does not follow the grammar; the message points at the position.
    """
    parser = _Parser(text, distributions=False) if isinstance(text, str) and text.strip() else None
    if parser is None:
        raise InvalidStatement("empty constraint")
    if any(token.value == "->" for token in parser.tokens):
        return parser.markov()
    return parser.statement()
