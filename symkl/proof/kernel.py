r"""The proof kernel: the only maker of :class:`Theorem` objects.

In the way of LCF-style provers (HOL Light's ``fusion.ml``), a Theorem can be
built only by the rules below, each of which checks its input exactly and
raises :class:`~symkl.errors.KernelError` when it cannot. Everything else in
symkl (the catalogue, ``verify``, ``Derivation``, worked answers, the
prover) makes Theorems only by calling these rules. The trusted base is
this module, :mod:`symkl.proof.algebra` (signs and the normal form),
:mod:`symkl.exact.canonical` (exact numbers) and the definitions (``.doit()`` of
the measures, with the conventions of :mod:`symkl.exact.terms`).

Rules: ``assume``, ``compute``, ``unfold``, ``rewrite``, ``positivity``,
``instantiate``, ``combine``, ``chain``, ``sum_over``; for inequalities with
absolute values, roots and calculus: ``cases`` (a split on a real sign),
``monotone`` (sqrt, log, exp applied to both sides), ``mean_value`` (a sign
of the derivative on an interval), ``lhopital`` (a two-sided limit);
``cut`` (discharge an assumption by its proof), ``interpret`` (a theorem
about abstract random variables read in a joint table) and ``copy_lemma``
(discharge the facts of a copy of some variables, Zhang and Yeung). Axioms:
``LOG_BOUND`` (log x <= x - 1 for x > 0, with its calculus check) and the
instances ``shannon_entropy`` / ``shannon_mutual`` of Shannon's basic
inequalities for abstract random variables.

>>> import sympy
>>> x = sympy.Symbol("x", positive=True)
>>> LOG_BOUND
x > 0 |- log(x) <= x - 1
>>> half = instantiate(LOG_BOUND, {LOG_BOUND_VARIABLE: sympy.Rational(1, 2)})
>>> half.statement, half.assumptions
(-log(2) <= -1/2, ())
>>> compute(sympy.Le(-sympy.log(2), -sympy.Rational(1, 2), evaluate=False))
|- -log(2) <= -1/2
>>> compute(sympy.Eq(sympy.sqrt(2), sympy.Rational(14142135623730950488, 10**19), evaluate=False))
Traceback (most recent call last):
...
symkl.errors.KernelError: compute: sqrt(2) = 1767766952966368811/1250000000000000000 is outside ...
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import sympy
from sympy import Expr
from sympy.assumptions.assume import AppliedPredicate
from sympy.core.function import AppliedUndef
from sympy.core.relational import Relational
from sympy.logic.boolalg import Boolean

from ..errors import KernelError, Undecidable
from ..exact.canonical import compare
from ..exact.distribution import JointDistribution
from ..exact.general import ForAll
from ..exact.printing import exact_str
from ..statements.entropic import EntropyTerm, Joint, MutualInformationTerm
from ..statements.unevaluated import ConditionalEntropy, ConditionalMutualInformation, JointEntropy, MutualInformation
from . import paranoid
from .algebra import Facts, check_defined, gap_of, normal, plain_index, refuse_inexact
from .calculus import interval_bounds, real_variable, require_smooth
from .language import MEASURES, admit, as_term, distinct_names

__all__ = [
    "LOG_BOUND",
    "LOG_BOUND_VARIABLE",
    "ForAll",
    "KernelError",
    "Theorem",
    "assume",
    "cases",
    "chain",
    "combine",
    "compute",
    "copy_facts",
    "copy_lemma",
    "cut",
    "instantiate",
    "interpret",
    "lhopital",
    "mean_value",
    "monotone",
    "positivity",
    "rewrite",
    "shannon_entropy",
    "shannon_mutual",
    "sum_over",
    "unfold",
]

_TOKEN = object()  # only this module holds it: Theorem(...) elsewhere raises


class Theorem:
    """A proved statement: ``assumptions |- statement``, made only by the rules of this module.

    ``statement`` is a SymPy relation; ``assumptions`` the explicit facts it
    depends on (symbols' declared assumptions, such as ``positive=True``,
    are listed by :meth:`hypotheses`); ``rule`` and ``premises`` record how
    it was made.

    Parameters
    ----------
    token : object
        The kernel's private token: a Theorem cannot be made outside this module.
    statement : sympy relation
        What is proved.
    assumptions : iterable of relations
        The explicit facts it depends on.
    rule : str
        The rule that made it.
    premises : sequence of Theorem, optional
        The theorems it was made from.
    detail : str, optional
        What the rule checked, in words.

    Raises
    ------
    KernelError
        Constructed without the kernel's token.
    """

    __slots__ = ("_assumptions", "_detail", "_premises", "_rule", "_statement")
    _statement: Boolean
    _assumptions: tuple[Boolean, ...]
    _rule: str
    _premises: tuple[Theorem, ...]
    _detail: str

    def __init__(
        self,
        token: object,
        statement: Boolean,
        assumptions: Iterable[Boolean],
        rule: str,
        premises: Sequence[Theorem] = (),
        detail: str = "",
    ) -> None:
        if token is not _TOKEN:
            raise TypeError("a Theorem is made only by the rules of symkl.proof.kernel")
        unique = tuple(dict.fromkeys(a for a in _without_weaker(assumptions) if a is not sympy.true))
        for name, value in (
            ("_statement", statement),
            ("_assumptions", tuple(sorted(unique, key=sympy.default_sort_key))),
            ("_rule", rule),
            ("_premises", tuple(premises)),
            ("_detail", detail),
        ):
            object.__setattr__(self, name, value)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        raise TypeError("Theorem cannot be subclassed: a Theorem is made only by the rules of symkl.proof.kernel")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Theorem is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Theorem is immutable")

    @property
    def statement(self) -> Boolean:
        return self._statement

    @property
    def assumptions(self) -> tuple[Boolean, ...]:
        return self._assumptions

    @property
    def rule(self) -> str:
        return self._rule

    @property
    def premises(self) -> tuple[Theorem, ...]:
        return self._premises

    @property
    def detail(self) -> str:
        return self._detail

    def hypotheses(self) -> tuple[Boolean, ...]:
        """The explicit assumptions and the declared ones of every symbol involved (``a > 0`` for a positive a)."""
        involved: list[sympy.Basic] = [self.statement, *self.assumptions]
        declared = [fact for expr in involved for fact in declared_facts(expr)]
        return tuple(dict.fromkeys([*declared, *self.assumptions]))

    def __repr__(self) -> str:
        facts = ", ".join(show(a) for a in self.hypotheses())
        return f"{facts} |- {show(self.statement)}" if facts else f"|- {show(self.statement)}"

    def size(self) -> int:
        """The number of rule applications behind this theorem (shared premises counted once)."""
        seen: set[int] = set()
        stack = [self]
        while stack:
            theorem = stack.pop()
            if id(theorem) not in seen:
                seen.add(id(theorem))
                stack.extend(theorem.premises)
        return len(seen)


def show(relation: sympy.Basic) -> str:
    """A relation as text in reading order, ``1 - a = b`` rather than ``Eq(-a + 1, b)``.

    >>> show(sympy.Gt(1 - sympy.Symbol("a"), 0, evaluate=False))
    '1 - a > 0'
    """
    symbols = {
        sympy.Equality: "=",
        sympy.Unequality: "!=",
        sympy.LessThan: "<=",
        sympy.StrictLessThan: "<",
        sympy.GreaterThan: ">=",
        sympy.StrictGreaterThan: ">",
    }
    symbol = symbols.get(type(relation))
    if isinstance(relation, sympy.Contains):
        kinds = {sympy.S.Integers: "an integer", sympy.S.Rationals: "rational", sympy.S.Reals: "real"}
        return f"{exact_str(relation.args[0])} is {kinds.get(relation.args[1], f'in {relation.args[1]}')}"
    if isinstance(relation, AppliedPredicate):
        return f"{exact_str(relation.arguments[0])} is {relation.function.name}"
    if symbol is None:
        return str(relation)
    return f"{exact_str(relation.lhs)} {symbol} {exact_str(relation.rhs)}"


def _without_weaker(assumptions: Iterable[Boolean]) -> list[Boolean]:
    """Drop ``g >= 0`` when ``g > 0`` is also assumed."""
    facts = list(assumptions)
    strict = {(fact.lhs, fact.rhs) for fact in facts if isinstance(fact, sympy.StrictGreaterThan)}
    return [f for f in facts if not (isinstance(f, sympy.GreaterThan) and (f.lhs, f.rhs) in strict)]


def _make(
    statement: Boolean, assumptions: Iterable[Boolean], rule: str, premises: Sequence[Theorem] = (), detail: str = ""
) -> Theorem:
    assumptions = tuple(assumptions)
    _limits_as_made(statement, assumptions, rule)
    distinct_names([statement, *assumptions], rule)  # x and a positive x in one theorem would read alike
    theorem = Theorem(_TOKEN, statement, assumptions, rule, premises, detail)
    if paranoid.enabled():  # SYMKL_PARANOID=1: evaluated at random admissible points before it is returned
        paranoid.check(theorem.statement, theorem.hypotheses())
    return theorem


#: The rules that may make a theorem about a limit: lhopital proves it exists (finite), the others keep it.
_LIMIT_RULES = frozenset({"lhopital", "chain", "cut", "instantiate"})


def _limits_as_made(statement: Boolean, assumptions: tuple[Boolean, ...], rule: str) -> None:
    """A limit may be infinite or not exist: it is never an atom of the algebra (oo + 1 > oo), only the
    whole left side of a theorem that ``lhopital`` made (and ``chain``/``cut``/``instantiate`` kept)."""
    if any(fact.has(sympy.Limit) for fact in assumptions):
        raise KernelError(f"{rule}: a limit cannot be an assumption (it may not exist)")
    if not statement.has(sympy.Limit):
        return
    sides: tuple[Any, ...] = tuple(getattr(statement, "args", ()))
    whole = len(sides) == 2 and isinstance(sides[0], sympy.Limit) and not sides[1].has(sympy.Limit)
    if rule not in _LIMIT_RULES or not whole or sides[0].args[0].has(sympy.Limit):
        raise KernelError(f"{rule}: a limit is not a number the algebra can use; only lhopital proves lim f = value")


def declared_facts(expr: sympy.Basic) -> list[Boolean]:
    """The sign facts SymPy assumes of the symbols in expr (``positive=True`` -> ``a > 0``).

    >>> declared_facts(sympy.Symbol("a", positive=True) + sympy.Symbol("b"))
    [a > 0]
    """
    facts: list[Boolean] = []
    bound = {limit[0] for total in expr.atoms(sympy.Sum) for limit in total.limits}
    bound |= {part for limit in expr.atoms(sympy.Limit) for part in limit.args[1::2]} - expr.free_symbols
    atoms = sorted(expr.atoms(sympy.Symbol, sympy.Indexed, AppliedUndef) - bound, key=sympy.default_sort_key)
    labels = {a.base.label for a in atoms if isinstance(a, sympy.Indexed)}
    for atom in atoms:
        if atom in labels:
            continue
        is_index = isinstance(atom, sympy.Symbol) and any(
            atom in a.indices for a in atoms if isinstance(a, sympy.Indexed)
        )
        if is_index and atom.is_positive is None and atom.is_nonnegative is None:
            continue  # a bare index
        if atom.is_zero:
            facts.append(sympy.Eq(atom, 0, evaluate=False))
        elif atom.is_positive:
            facts.append(sympy.Gt(atom, 0, evaluate=False))
        elif atom.is_nonnegative:
            facts.append(sympy.Ge(atom, 0, evaluate=False))
        elif atom.is_negative:
            facts.append(sympy.Lt(atom, 0, evaluate=False))
        elif atom.is_nonpositive:
            facts.append(sympy.Le(atom, 0, evaluate=False))
        elif atom.is_nonzero:
            facts.append(sympy.Ne(atom, 0, evaluate=False))
        facts.extend(_kind_facts(atom, is_index))
        facts.extend(_unlisted(atom, facts))
    return facts


_IMPLIED = {
    sympy.Eq: "zero",
    sympy.Gt: "positive",
    sympy.Ge: "nonnegative",
    sympy.Lt: "negative",
    sympy.Le: "nonpositive",
    sympy.Ne: "nonzero",
}


def _declarations(atom: sympy.Basic) -> dict[str, bool]:
    """What was declared of a symbol, an indexed entry (its base's label) or an undefined function."""
    if isinstance(atom, sympy.Symbol):
        return dict(atom._assumptions_orig)
    if isinstance(atom, sympy.Indexed):
        return dict(atom.base.label._assumptions_orig)
    if isinstance(atom, AppliedUndef):
        return dict(getattr(type(atom), "_kwargs", {}))
    return {}


def _unlisted(atom: sympy.Basic, listed: Sequence[Boolean]) -> list[Boolean]:
    """Every declaration of the atom that its listed facts do not already imply, as ``Q.<key>(atom)``: nothing a
    sign rule may use stays unshown (``extended_real``, ``imaginary``, ``finite``, ...)."""
    implied: dict[str, bool] = {}
    for fact in listed:
        subject = fact.arguments[0] if isinstance(fact, AppliedPredicate) else fact.args[0]
        if subject != atom:
            continue
        if type(fact) in _IMPLIED:
            implied[_IMPLIED[type(fact)]] = True
        elif isinstance(fact, sympy.Contains):
            implied[{sympy.S.Integers: "integer", sympy.S.Rationals: "rational"}.get(fact.args[1], "real")] = True
        elif isinstance(fact, AppliedPredicate):
            implied[fact.function.name] = True
    model = sympy.Dummy(**implied)
    missing = []
    for key, value in sorted(_declarations(atom).items()):
        if key != "commutative" and getattr(model, f"is_{key}", None) != value:
            predicate = getattr(sympy.Q, key)(atom)
            missing.append(predicate if value else sympy.Not(predicate))
    return missing


_KINDS = ("prime", "composite", "even", "odd", "integer", "rational", "real")  # strongest first


def _kind_facts(atom: sympy.Basic, is_index: bool) -> list[Boolean]:
    """The strongest declared kind of a symbol beyond its sign (``Q.prime(p)``, ``Q.real(x)``), if it matters.

    A positive, negative or nonnegative symbol is real already; an index is an integer by construction.
    """
    if is_index or not isinstance(atom, sympy.Symbol):
        return []
    sets = {"integer": sympy.S.Integers, "rational": sympy.S.Rationals, "real": sympy.S.Reals}
    for kind in _KINDS:
        if getattr(atom, f"is_{kind}"):
            if kind == "real" and (atom.is_positive or atom.is_negative or atom.is_nonnegative or atom.is_nonpositive):
                return []
            if kind in sets:
                return [sympy.Contains(atom, sets[kind], evaluate=False)]
            return [getattr(sympy.Q, kind)(atom)]
    return []


def _relation(statement: Any, where: str) -> Relational:
    if not isinstance(statement, Relational):
        raise KernelError(f"{where}: {statement} is not a relation (=, <=, >=, <, >, !=)")
    admit(statement, where)
    refuse_inexact(statement.lhs - statement.rhs if not statement.has(sympy.oo) else statement.lhs, where)
    if statement.has(sympy.oo):
        refuse_inexact(statement.rhs, where) if not statement.rhs.has(sympy.oo) else None
    return statement


def _facts(facts: Iterable[Any], where: str) -> tuple[Boolean, ...]:
    """Stated facts, each a term of the kernel's language (relations, ForAll, declared predicates)."""
    checked = []
    for fact in facts:
        if not isinstance(fact, Boolean) or isinstance(fact, sympy.logic.boolalg.BooleanAtom):
            raise KernelError(f"{where}: the fact {fact!r} is not a relation or a predicate")
        admit(fact, where)
        checked.append(fact)
    return tuple(checked)


def _theorems(theorems: Iterable[Any], where: str) -> tuple[Theorem, ...]:
    """Premises must be Theorems made by this module (the class cannot be subclassed, so ``type`` is exact)."""
    checked = tuple(theorems)
    for theorem in checked:
        if type(theorem) is not Theorem:
            raise KernelError(f"{where}: premise {theorem!r} is not a Theorem")
    return checked


def _term(value: Any, where: str) -> Expr:
    term = as_term(value, where)
    admit(term, where)
    if not isinstance(term, Expr):
        raise KernelError(f"{where}: {term} is not an expression")
    return term


def _all_facts(*groups: Iterable[Boolean]) -> tuple[Boolean, ...]:
    return tuple(dict.fromkeys(fact for group in groups for fact in group))


def _discharged(stated: tuple[Boolean, ...], carried: tuple[Boolean, ...]) -> tuple[Boolean, ...]:
    """The stated facts and those carried ones the stated facts do not entail (a cut: Γ |- φ and Γ, φ |- S
    give Γ |- S)."""
    if not stated:
        return carried
    known = Facts(stated)
    kept = [fact for fact in carried if not (isinstance(fact, Relational) and entailed(fact, known))]
    return _all_facts(stated, kept)


def _rule(function: Callable[..., Theorem]) -> Callable[..., Theorem]:
    """A rule refuses what it cannot check: an error from inside SymPy becomes a KernelError naming the rule."""

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Theorem:
        try:
            return function(*args, **kwargs)
        except KernelError:
            raise
        except (RecursionError, MemoryError) as error:
            raise KernelError(f"{function.__name__}: the term is too large to check ({type(error).__name__})") from None
        except Exception as error:
            message = str(error).splitlines()[0][:120] if str(error) else ""
            raise KernelError(f"{function.__name__}: cannot check this ({type(error).__name__}: {message})") from None

    return checked


# ---------------------------------------------------------------------------------------------
# rules
@_rule
def assume(fact: Boolean) -> Theorem:
    """``fact |- fact``: a hypothesis, carried by everything built on it.

    >>> assume(sympy.Gt(sympy.Symbol("y"), 0, evaluate=False))
    y > 0 |- y > 0

    Parameters
    ----------
    fact : sympy relation
        Any relation in the term language.

    Returns
    -------
    Theorem
        ``fact |- fact``.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    relation = _relation(fact, "assume")
    return _make(relation, [relation], "assume")


@_rule
def compute(relation: Boolean) -> Theorem:
    """A relation between closed numbers of the rational-log class, decided exactly (canonical form).

    Infinite sides are allowed (``D = oo`` without absolute continuity);
    Floats and numbers outside the class are refused.

    Parameters
    ----------
    relation : sympy relation
        ``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` between closed numbers of the rational-log class (``oo`` allowed).

    Returns
    -------
    Theorem
        ``|- relation``, when it is true.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    if not isinstance(relation, Relational):
        raise KernelError(f"compute: {relation} is not a relation")
    admit(relation, "compute")
    relation = _relation(relation, "compute") if not relation.has(sympy.oo, -sympy.oo) else relation
    lhs, rhs = relation.lhs, relation.rhs
    for side in (lhs, rhs):
        if side.free_symbols:
            raise KernelError(f"compute: {side} has free symbols; compute decides closed numbers only")
        if side.atoms(sympy.Float) or side.has(sympy.nan, sympy.zoo):
            raise KernelError(f"compute: {side} is not exact")
    try:
        sign = _infinite_sign(lhs, rhs)
        if sign is None:
            sign = compare(lhs, rhs)
        else:
            for side in (lhs, rhs):
                if not side.has(sympy.oo):
                    compare(side, 0)  # the finite side must be a number the kernel decides (real, defined)
    except (ValueError, Undecidable):
        raise KernelError(
            f"compute: {show(relation)} is outside the rational-log class; the kernel decides only those exactly"
        ) from None
    _, kind = gap_of(relation)
    oriented = (
        sign
        if isinstance(relation, (sympy.GreaterThan, sympy.StrictGreaterThan, sympy.Equality, sympy.Unequality))
        else -sign
    )
    holds = {">": oriented > 0, ">=": oriented >= 0, "=": sign == 0, "!=": sign != 0}[kind]
    if not holds:
        raise KernelError(f"compute: {show(relation)} is false (exact comparison)")
    return _make(relation, [], "compute", detail="exact comparison (canonical form)")


def _infinite_sign(lhs: Expr, rhs: Expr) -> int | None:
    values = []
    for side in (lhs, rhs):
        if side is sympy.oo:
            values.append(1)
        elif side is -sympy.oo:
            values.append(-1)
        elif side.has(sympy.oo):
            raise KernelError(f"compute: {side} mixes infinity with other terms")
        else:
            values.append(0)
    if values == [0, 0]:
        return None
    if values[0] == values[1]:
        return 0
    return 1 if values[0] > values[1] else -1


@_rule
def unfold(term: Expr) -> Theorem:
    """``term = definition``: an unevaluated measure equals its defining expression (its ``.doit()``).

    The conventions of :mod:`symkl.exact.terms` are part of the definition. For
    symbolic entries not known to be nonnegative the theorem assumes they
    are (a distribution's entries are).

    Parameters
    ----------
    term : Measure
        An unevaluated measure of the kernel's exact classes (``Entropy``, ``KL``, ...) over distributions.

    Returns
    -------
    Theorem
        ``term = definition``, assuming nonnegative any symbolic entry not known to be.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    if type(term) not in MEASURES or type(term) is Joint:
        raise KernelError(f"unfold: {term} is not a measure symkl defines (known by its exact class)")
    admit(term, "unfold")
    definition = term.doit()
    refuse_inexact(definition if not definition.has(sympy.oo, -sympy.oo) else sympy.S.Zero, "unfold")
    facts = [sympy.Ge(entry, 0, evaluate=False) for entry in _symbolic_entries(term) if not entry.is_nonnegative]
    return _make(sympy.Eq(term, definition, evaluate=False), facts, "unfold", detail="definition")


def _symbolic_entries(term: Expr) -> list[Expr]:
    entries: list[Expr] = []
    for argument in term.args:
        probabilities = getattr(argument, "probabilities", None)
        if probabilities is None and hasattr(argument, "joint"):
            probabilities = argument.joint.probabilities
        entries.extend(p for p in probabilities or () if p.free_symbols)
    return entries


@_rule
def rewrite(lhs: Expr, rhs: Expr, facts: Iterable[Boolean] = (), using: Sequence[Theorem] = ()) -> Theorem:
    """``lhs = rhs`` by algebra and log laws, each law's positivity entailed by the facts.

    ``using`` are proved equalities (``unfold`` of a measure, say), applied
    left to right; their assumptions join the result's.

    >>> a = sympy.Symbol("a", positive=True)
    >>> rewrite(sympy.log(4 * a), 2 * sympy.log(2) + sympy.log(a))
    a > 0 |- log(4*a) = log(a) + 2*log(2)
    >>> rewrite(sympy.log(sympy.Symbol("r") ** 2), 2 * sympy.log(sympy.Symbol("r")))
    Traceback (most recent call last):
    ...
    symkl.errors.KernelError: rewrite: log(r): the argument is not shown to be positive

    Parameters
    ----------
    lhs, rhs : sympy.Expr
        The two sides.
    facts : iterable of relations, optional
        Explicit facts (``p1 > 0``, ...) the checks may use; those used are the new theorem's assumptions.
    using : sequence of Theorem, optional
        Proved equalities applied left to right first; their assumptions join the result's.

    Returns
    -------
    Theorem
        ``lhs = rhs``; the residual lhs - rhs reduces to exactly 0, each log split only where positivity is entailed.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    lhs, rhs = _term(lhs, "rewrite"), _term(rhs, "rewrite")
    statement = sympy.Eq(lhs, rhs, evaluate=False)
    _relation(statement, "rewrite")
    facts = _facts(facts, "rewrite")
    using = _theorems(using, "rewrite")
    rules = _rules(using, "rewrite")
    assumptions = _all_facts(facts, *(t.assumptions for t in using))
    assumptions = _discharged(facts, assumptions)
    for side in (lhs, rhs):
        _defined(side, Facts(assumptions), "rewrite")
    try:
        residual = normal(lhs - rhs, Facts(assumptions), rules)
    except KernelError as error:
        raise KernelError(f"rewrite: {error}") from None
    if residual != 0:
        raise KernelError(f"rewrite: {lhs} = {rhs} does not reduce to 0 (residual {residual})")
    return _make(statement, assumptions, "rewrite", using, detail="algebra and log laws on positive factors")


def _defined(expr: Expr, known: Facts, where: str) -> None:
    try:
        check_defined(expr, known)
    except KernelError as error:
        raise KernelError(f"{where}: {error}") from None


def _rules(using: Sequence[Theorem], where: str) -> list[tuple[Expr, Expr]]:
    rules = []
    for theorem in using:
        if not isinstance(theorem, Theorem) or not isinstance(theorem.statement, sympy.Equality):
            raise KernelError(f"{where}: 'using' takes proved equalities, got {theorem!r}")
        rules.append((theorem.statement.lhs, theorem.statement.rhs))
    return rules


@_rule
def positivity(expr: Expr, facts: Iterable[Boolean] = (), strict: bool = True) -> Theorem:
    """``expr > 0`` (or ``>= 0``) when the facts entail it (products, powers, sums of entailed signs).

    >>> a, b = sympy.symbols("a b", positive=True)
    >>> positivity(a * b / (a + b))
    a > 0, b > 0 |- a*b/(a + b) > 0

    Parameters
    ----------
    expr : sympy.Expr
        The expression whose sign is shown.
    facts : iterable of relations, optional
        Explicit facts (``p1 > 0``, ...) the checks may use; those used are the new theorem's assumptions.
    strict : bool, optional
        ``expr > 0`` (default) or ``expr >= 0``.

    Returns
    -------
    Theorem
        ``expr > 0`` (or ``>= 0``) under the facts used.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    facts = _facts(facts, "positivity")
    expr = _term(expr, "positivity")
    refuse_inexact(expr, "positivity")
    known = Facts(facts)
    holds = known.positive(expr) if strict else known.nonnegative(expr)
    if not holds:
        raise KernelError(f"positivity: {expr} {'>' if strict else '>='} 0 is not entailed by the facts")
    statement = sympy.Gt(expr, 0, evaluate=False) if strict else sympy.Ge(expr, 0, evaluate=False)
    return _make(statement, facts, "positivity")


@_rule
def instantiate(theorem: Theorem, mapping: Mapping[sympy.Symbol, Any], facts: Iterable[Boolean] = ()) -> Theorem:
    """The theorem with symbols replaced; substituted assumptions are obligations.

    An obligation entailed by ``facts`` (or by the new symbols' declared
    assumptions) is discharged; any other is carried as an assumption.

    >>> y = sympy.Symbol("y")
    >>> instantiate(LOG_BOUND, {LOG_BOUND_VARIABLE: y})
    y > 0 |- log(y) <= y - 1

    Parameters
    ----------
    theorem : Theorem
        A theorem made by this module's rules.
    mapping : dict
        Symbol -> exact term substituted for it (bound indices may not be captured).
    facts : iterable of relations, optional
        Explicit facts (``p1 > 0``, ...) the checks may use; those used are the new theorem's assumptions.

    Returns
    -------
    Theorem
        The substituted theorem; substituted assumptions that the facts entail are discharged, the others carried.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    (theorem,) = _theorems([theorem], "instantiate")
    facts = _facts(facts, "instantiate")
    values = {}
    for symbol, value in mapping.items():
        if type(symbol) not in (sympy.Symbol, sympy.Dummy):
            raise KernelError(f"instantiate: only symbols can be replaced, got {symbol!r}")
        value = _term(value, "instantiate")
        refuse_inexact(value, "instantiate")
        values[symbol] = value
    bound = _bound_symbols(theorem)
    if bound & set(values):
        raise KernelError(f"instantiate: {sorted(map(str, bound & set(values)))} is a bound index, not a free symbol")
    captured = bound & set().union(*(value.free_symbols for value in values.values()))
    if captured:
        raise KernelError(f"instantiate: the value would be captured by the bound index {sorted(map(str, captured))}")
    obligations = [*declared_facts_of(values), *theorem.assumptions]
    known = Facts(facts)
    carried, used_facts = [], False
    for obligation in obligations:
        if isinstance(obligation, Relational):  # unevaluated: SymPy would decide Gt(number, 0) by evalf
            lhs, rhs = (side.subs(values, simultaneous=True) for side in (obligation.lhs, obligation.rhs))
            substituted = type(obligation)(lhs, rhs, evaluate=False)
            if entailed(substituted, known):
                used_facts = used_facts or bool(facts)
                continue
            if not substituted.free_symbols and _refuted(substituted):
                raise KernelError(f"instantiate: the assumption {obligation} becomes false")
            carried.append(substituted)
            continue
        substituted = (
            obligation.xreplace(values)
            if isinstance(obligation, ForAll)
            else obligation.subs(values, simultaneous=True)
        )
        if isinstance(substituted, (AppliedPredicate, sympy.Not)):
            substituted = {True: sympy.true, False: sympy.false}.get(sympy.ask(substituted), substituted)
        if substituted is sympy.true:
            continue
        if substituted is sympy.false:
            raise KernelError(f"instantiate: the assumption {obligation} becomes false")
        if isinstance(substituted, Relational) and entailed(substituted, known):
            used_facts = used_facts or bool(facts)
            continue
        carried.append(substituted)
    old = theorem.statement
    sides = (side.subs(values, simultaneous=True) for side in (old.lhs, old.rhs))
    statement = type(old)(*sides, evaluate=False)
    if statement.has(sympy.nan, sympy.zoo) or statement.atoms(sympy.Float):
        raise KernelError(f"instantiate: the statement becomes {statement}")
    return _make(statement, [*carried, *(facts if used_facts else ())], "instantiate", [theorem])


def _refuted(relation: Relational) -> bool:
    """Whether a relation between closed numbers is decided false (rigorously; undecided is not false)."""
    gap, kind = gap_of(relation)
    nothing = Facts()
    if kind == ">":
        return nothing.nonnegative(-gap)
    if kind == ">=":
        return nothing.positive(-gap)
    if kind == "=":
        return nothing.nonzero(gap)
    return entailed(sympy.Eq(gap, 0, evaluate=False), nothing)


def _bound_symbols(theorem: Theorem) -> set[sympy.Basic]:
    """Indices bound by a Sum or a ForAll anywhere in the theorem's statement or assumptions."""
    bound: set[sympy.Basic] = set()
    for part in (theorem.statement, *theorem.assumptions):
        bound |= {limit[0] for total in part.atoms(sympy.Sum) for limit in total.limits}
        bound |= {limit.args[1] for limit in part.atoms(sympy.Limit)}
        bound |= {fact.args[0] for fact in part.atoms(ForAll)} | ({part.args[0]} if isinstance(part, ForAll) else set())
    return bound


def declared_facts_of(values: Mapping[sympy.Symbol, Expr]) -> list[Boolean]:
    """The declared facts of the symbols being replaced (they become obligations)."""
    return [fact for symbol in values for fact in declared_facts(symbol)]


def unsupported(theorem: Theorem, facts: Sequence[Boolean]) -> list[Boolean]:
    """The theorem's explicit assumptions that the facts neither contain nor entail (a check; it makes no Theorem).

    >>> a = sympy.Symbol("a")
    >>> unsupported(assume(sympy.Gt(a, 1, evaluate=False)), [sympy.Gt(a, 2, evaluate=False)])
    []
    >>> unsupported(assume(sympy.Gt(a, 2, evaluate=False)), [sympy.Gt(a, 1, evaluate=False)])
    [a > 2]
    """
    known = Facts(facts)
    return [
        fact
        for fact in theorem.assumptions
        if fact not in facts and not (isinstance(fact, Relational) and entailed(fact, known))
    ]


def entailed(relation: Relational, known: Facts) -> bool:
    """Whether the facts entail the relation (a check; it makes no Theorem)."""
    gap, kind = gap_of(relation)
    if kind == ">":
        return known.positive(gap)
    if kind == ">=":
        return known.nonnegative(gap)
    if kind == "!=":
        return known.nonzero(gap)
    try:
        return normal(gap, known) == 0
    except KernelError:
        return False


@_rule
def combine(
    target: Boolean,
    premises: Sequence[tuple[Any, Theorem]],
    using: Sequence[Theorem] = (),
    facts: Iterable[Boolean] = (),
) -> Theorem:
    """The target from a combination of proved relations: its gap equals sum c_k * gap_k exactly.

    The gap of ``a <= b`` is ``b - a`` (>= 0), of ``a = b`` is ``a - b``.
    Coefficients of inequalities must be entailed nonnegative (for a strict
    target, one strict premise with a positive coefficient is needed);
    coefficients of equalities may be any well-defined expression. The
    identity is checked by :func:`symkl.proof.algebra.normal` after the
    ``using`` equalities are applied.

    >>> a = sympy.Symbol("a", positive=True)
    >>> bound = instantiate(LOG_BOUND, {LOG_BOUND_VARIABLE: a})
    >>> combine(sympy.Le(a * sympy.log(a), a**2 - a, evaluate=False), [(a, bound)])
    a > 0 |- a*log(a) <= a**2 - a
    >>> combine(sympy.Le(a * sympy.log(a), a**2 - 2 * a, evaluate=False), [(a, bound)])
    Traceback (most recent call last):
    ...
    symkl.errors.KernelError: combine: the gap differs from the combination by -a

    Parameters
    ----------
    target : sympy relation
        The relation to prove.
    premises : sequence of (coefficient, Theorem)
        Proved relations and their exact coefficients (entailed nonnegative for inequalities).
    using : sequence of Theorem, optional
        Proved equalities applied before the identity is checked.
    facts : iterable of relations, optional
        Explicit facts (``p1 > 0``, ...) the checks may use; those used are the new theorem's assumptions.

    Returns
    -------
    Theorem
        The target, when its gap equals the sum of coefficient times gap exactly.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    target = _relation(target, "combine")
    facts = _facts(facts, "combine")
    using = _theorems(using, "combine")
    premises = [(coefficient, *_theorems([theorem], "combine")) for coefficient, theorem in premises]
    assumptions = _all_facts(facts, *(t.assumptions for _, t in premises), *(t.assumptions for t in using))
    assumptions = _discharged(facts, assumptions)
    known = Facts(assumptions)
    target_gap, target_kind = gap_of(target)
    if target_kind == "!=":
        raise KernelError("combine: a target '!=' is not a combination")
    parts: list[Expr] = []
    strict = False
    for coefficient, theorem in premises:
        if not isinstance(theorem, Theorem):
            raise KernelError(f"combine: premise {theorem!r} is not a Theorem")
        coefficient = _term(coefficient, "combine")
        refuse_inexact(coefficient, "combine")
        _defined(coefficient, known, "combine")
        if coefficient == 0:
            continue
        gap, kind = gap_of(theorem.statement)
        if kind == "!=":
            raise KernelError(f"combine: {theorem.statement} cannot be combined")
        if kind in (">", ">="):
            if target_kind == "=":
                raise KernelError(f"combine: an equality does not follow from the inequality {theorem.statement}")
            if not known.nonnegative(coefficient):
                raise KernelError(f"combine: coefficient {coefficient} of {theorem.statement} is not shown >= 0")
            strict = strict or (kind == ">" and known.positive(coefficient))
        parts.append(coefficient * gap)
    total = sympy.Add(*parts)
    if target_kind == ">" and not strict:
        raise KernelError("combine: a strict target needs a strict premise with a positive coefficient")
    for side in (target.lhs, target.rhs):
        _defined(side, known, "combine")
    try:
        residual = normal(target_gap - total, known, _rules(using, "combine"))
    except KernelError as error:
        raise KernelError(f"combine: {error}") from None
    if residual != 0:
        raise KernelError(f"combine: the gap differs from the combination by {residual}")
    return _make(target, assumptions, "combine", [t for _, t in premises] + list(using))


_DIRECTION = {
    sympy.Equality: (0, False),
    sympy.LessThan: (1, False),
    sympy.StrictLessThan: (1, True),
    sympy.GreaterThan: (-1, False),
    sympy.StrictGreaterThan: (-1, True),
}


@_rule
def chain(first: Theorem, second: Theorem) -> Theorem:
    """Transitivity: ``a R b`` and ``b S c`` give ``a T c`` (b the same expression in both).

    >>> a = sympy.Symbol("a", positive=True)
    >>> chain(assume(sympy.Le(a, 2, evaluate=False)), assume(sympy.Lt(2, 3, evaluate=False)))
    a > 0, a <= 2, 2 < 3 |- a < 3

    Parameters
    ----------
    first, second : Theorem
        ``a R b`` and ``b S c`` with the same middle expression.

    Returns
    -------
    Theorem
        ``a T c`` (T the weaker of R and S).

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    first, second = _theorems([first, second], "chain")
    relations = []
    for theorem in (first, second):
        kind = _DIRECTION.get(type(theorem.statement))
        if kind is None:
            raise KernelError(f"chain: {theorem.statement} is not =, <=, <, >= or >")
        relations.append(kind)
    if first.statement.rhs != second.statement.lhs:
        raise KernelError(f"chain: {first.statement.rhs} and {second.statement.lhs} are not the same expression")
    (d1, s1), (d2, s2) = relations
    if d1 and d2 and d1 != d2:
        raise KernelError("chain: the relations point in opposite directions")
    direction, strict = d1 or d2, s1 or s2
    cls = next(c for c, value in _DIRECTION.items() if value == (direction, strict))
    statement = cls(first.statement.lhs, second.statement.rhs, evaluate=False)
    return _make(statement, _all_facts(first.assumptions, second.assumptions), "chain", [first, second])


@_rule
def sum_over(theorem: Theorem, index: sympy.Symbol, lower: Any, upper: Any) -> Theorem:
    """From ``f(i) R g(i)`` for a free integer index i: ``Sum(f) R Sum(g)`` over lower <= i <= upper.

    R is =, <= or >=. Assumptions that mention i hold for every i in the range (``ForAll``).

    Parameters
    ----------
    theorem : Theorem
        A theorem made by this module's rules. Its statement has a free integer index.
    index : Symbol
        The index summed over (no declared sign).
    lower, upper : int or Expr
        The range; a reversed range proves no inequality.

    Returns
    -------
    Theorem
        The relation between the sums; assumptions that mention the index hold for every index in the range.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    (theorem,) = _theorems([theorem], "sum_over")
    lower, upper = _term(lower, "sum_over"), _term(upper, "sum_over")
    if type(index) is not sympy.Symbol or not index.is_integer:
        raise KernelError(f"sum_over: the index {index} must be a Symbol declared integer")
    if not plain_index(index):
        raise KernelError(
            f"sum_over: the index {index} must carry no sign or parity assumption (it ranges over the limits)"
        )
    for bound in (lower, upper):
        if not bound.is_integer:
            raise KernelError(f"sum_over: the limit {bound} must be an integer")
        if bound.has(index):
            raise KernelError("sum_over: a limit contains the index")
    statement = theorem.statement
    if type(statement) not in (sympy.Equality, sympy.LessThan, sympy.GreaterThan):
        raise KernelError(f"sum_over: {statement} is not =, <= or >= (a strict inequality fails on an empty range)")
    limits = (index, lower, upper)
    summed = type(statement)(sympy.Sum(statement.lhs, limits), sympy.Sum(statement.rhs, limits), evaluate=False)
    assumptions = [
        ForAll(index, lower, upper, fact) if index in fact.free_symbols else fact for fact in theorem.assumptions
    ]
    # SymPy sums a reversed range (upper < lower - 1) as minus the sum over upper+1..lower-1, where the
    # hypothesis "for every i = lower..upper" says nothing: every relation, equalities too, needs length >= 0.
    length = upper - lower + 1
    if not Facts(assumptions).nonnegative(length):
        if length.is_number:
            raise KernelError(f"sum_over: the range {lower}..{upper} is reversed; the hypothesis over it is vacuous")
        assumptions.append(sympy.Ge(length, 0, evaluate=False))
    return _make(summed, assumptions, "sum_over", [theorem])


_NEGATION = {
    sympy.GreaterThan: sympy.StrictLessThan,
    sympy.StrictGreaterThan: sympy.LessThan,
    sympy.LessThan: sympy.StrictGreaterThan,
    sympy.StrictLessThan: sympy.GreaterThan,
}


@_rule
def cases(fact: Boolean, when_true: Theorem, when_false: Theorem) -> Theorem:
    """A case split on a real comparison: ``Γ, a R b |- S`` and ``Δ, not(a R b) |- S`` give ``Γ, Δ |- S``.

    R is ``<=, <, >=, >``; its negation is ``>, >=, <, <=``. ``a - b`` must be real and defined wherever
    the remaining assumptions hold (then one of the two cases holds at every point).

    >>> a, b = sympy.symbols("a b", positive=True)
    >>> target = sympy.Ge(sympy.Abs(a - b), a - b, evaluate=False)
    >>> up = combine(target, [], facts=[sympy.Ge(a, b, evaluate=False)])
    >>> down = combine(target, [(2, assume(sympy.Lt(a, b, evaluate=False)))])
    >>> up, down
    (a > 0, b > 0, a >= b |- Abs(a - b) >= a - b, a > 0, b > 0, a < b |- Abs(a - b) >= a - b)
    >>> cases(sympy.Ge(a, b, evaluate=False), up, down)
    a > 0, b > 0 |- Abs(a - b) >= a - b
    >>> cases(sympy.Gt(a, b, evaluate=False), up, down)  # the facts must be the split's two halves
    a > 0, b > 0, a >= b, a < b |- Abs(a - b) >= a - b

    Parameters
    ----------
    fact : sympy relation
        A real comparison ``a R b`` whose difference is defined wherever the other assumptions hold.
    when_true, when_false : Theorem
        The same statement, assuming ``fact`` and its negation.

    Returns
    -------
    Theorem
        The statement, without those two assumptions.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    fact = _relation(fact, "cases")
    when_true, when_false = _theorems([when_true, when_false], "cases")
    negation_class = _NEGATION.get(type(fact))
    if negation_class is None:
        raise KernelError(f"cases: {fact} is not <=, <, >= or >")
    negation = negation_class(fact.lhs, fact.rhs, evaluate=False)
    if when_true.statement != when_false.statement:
        raise KernelError(
            f"cases: the two cases prove different statements: {show(when_true.statement)} and "
            f"{show(when_false.statement)}"
        )
    remaining = _all_facts(
        [a for a in when_true.assumptions if a != fact], [a for a in when_false.assumptions if a != negation]
    )
    gap = fact.lhs - fact.rhs
    if gap.is_extended_real is not True or gap.has(sympy.oo, -sympy.oo):
        raise KernelError(f"cases: {gap} is not shown to be real, so neither case might hold")
    _defined(gap, Facts(remaining), "cases")
    return _make(when_true.statement, remaining, "cases", [when_true, when_false], detail=f"cases on {show(fact)}")


_MONOTONE = {"sqrt": (sympy.sqrt, True), "log": (sympy.log, False), "exp": (sympy.exp, None)}


@_rule
def monotone(function: str, theorem: Theorem) -> Theorem:
    """Apply a strictly increasing function to both sides: ``x R y`` gives ``f(x) R f(y)``.

    ``function`` is ``"sqrt"`` (needs the smaller side >= 0), ``"log"`` (smaller side > 0) or ``"exp"``;
    R is =, <=, <, >= or >. A domain condition the theorem's facts do not entail becomes an assumption.

    >>> a = sympy.Symbol("a", positive=True)
    >>> monotone("sqrt", assume(sympy.Le(a**2, 4, evaluate=False)))
    a > 0, a**2 <= 4 |- a <= 2
    >>> monotone("sqrt", assume(sympy.Le(sympy.Symbol("r"), 4, evaluate=False)))
    r >= 0, r <= 4 |- sqrt(r) <= 2

    Parameters
    ----------
    function : {"sqrt", "log", "exp"}
        The strictly increasing function applied.
    theorem : Theorem
        A theorem made by this module's rules. A relation ``=, <=, <, >=, >``.

    Returns
    -------
    Theorem
        ``f(x) R f(y)``; a domain condition not entailed becomes an assumption.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    (theorem,) = _theorems([theorem], "monotone")
    if function not in _MONOTONE:
        raise KernelError(f"monotone: {function!r} is not one of {', '.join(_MONOTONE)}")
    apply, closed = _MONOTONE[function]
    statement = theorem.statement
    direction = _DIRECTION.get(type(statement))
    if direction is None:
        raise KernelError(f"monotone: {statement} is not =, <=, <, >= or >")
    smaller = statement.rhs if direction[0] < 0 else statement.lhs
    assumptions = list(theorem.assumptions)
    if closed is not None:
        condition = sympy.Ge(smaller, 0, evaluate=False) if closed else sympy.Gt(smaller, 0, evaluate=False)
        if not entailed(condition, Facts(assumptions)):
            admit(condition, "monotone")
            if not condition.free_symbols and _refuted(condition):
                raise KernelError(f"monotone: {show(condition)} is false, so {function} is not defined there")
            assumptions.append(condition)
    if function == "sqrt":  # sqrt(c X**2) = sqrt(c) X for X >= 0, kept as written (SymPy would rebuild X)
        known = Facts(assumptions)
        apply = functools.partial(_square_root, known=known)
    result = type(statement)(apply(statement.lhs), apply(statement.rhs), evaluate=False)
    _relation(result, "monotone")
    return _make(result, assumptions, "monotone", [theorem], detail=f"{function} is increasing")


def _square_root(side: Expr, known: Facts) -> Expr:
    coefficient, rest = side.as_coeff_Mul()
    squared = coefficient.is_Rational and coefficient > 0 and isinstance(rest, sympy.Pow) and rest.exp == 2
    if squared and (rest.base.is_extended_nonnegative or known.nonnegative(rest.base)):  # sqrt(oo**2) = oo too
        return sympy.sqrt(coefficient) * rest.base
    return sympy.sqrt(side)


@_rule
def mean_value(target: Boolean, variable: sympy.Symbol, point: Any, at_point: Theorem, slope: Theorem) -> Theorem:
    """``h(t) >= 0`` on an interval from ``h(a) >= 0`` and ``(t - a) h'(t) >= 0`` there (the mean value theorem).

    h is the gap of ``target`` (``>=`` or ``<=``), smooth in t (:func:`symkl.proof.calculus.require_smooth`)
    under the slope's facts; ``h'`` is SymPy's derivative. The slope's facts that mention t must be linear
    bounds on t (an interval); the point a must lie in it (each bound at t = a is entailed or assumed);
    ``at_point`` proves a relation whose gap is ``h(a)`` (>= 0, or = 0) and does not mention t.

    >>> x, t = sympy.symbols("x t", positive=True)
    >>> h = t - 1 - sympy.log(t)
    >>> zero = rewrite(h.subs(t, 1), 0)
    >>> slope = positivity((t - 1) ** 2 / t, strict=False)
    >>> mean_value(sympy.Ge(t - 1, sympy.log(t), evaluate=False), t, 1, zero, combine(
    ...     sympy.Ge((t - 1) * sympy.diff(h, t), 0, evaluate=False), [(1, slope)]))
    t > 0 |- t - 1 >= log(t)

    Parameters
    ----------
    target : sympy relation
        ``h(t) >= 0`` (or ``<=``) to prove on an interval.
    variable : Symbol
        The variable t.
    point : Expr
        The point a, inside the interval.
    at_point : Theorem
        A relation whose gap is h(a) >= 0, not mentioning t.
    slope : Theorem
        ``(t - a) h'(t) >= 0`` under linear bounds on t.

    Returns
    -------
    Theorem
        The target, under the slope's interval.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    target = _relation(target, "mean_value")
    variable = real_variable(variable, "mean_value")
    point = _term(point, "mean_value")
    refuse_inexact(point, "mean_value")
    at_point, slope = _theorems([at_point, slope], "mean_value")
    gap, kind = gap_of(target)
    if kind != ">=":
        raise KernelError("mean_value: the target must be <= or >=")
    if variable in point.free_symbols:
        raise KernelError(f"mean_value: the point {point} contains the variable {variable}")
    declared = [f for f in declared_facts(variable) if isinstance(f, Relational)]
    region = _all_facts(slope.assumptions, declared)
    interval_bounds(region, variable, "mean_value")
    known = Facts(region)
    require_smooth(gap, variable, known, "mean_value")
    slope_gap, slope_kind = gap_of(slope.statement)
    if slope_kind not in (">=", ">"):
        raise KernelError("mean_value: the slope theorem must be an inequality >= or >")
    derivative = sympy.diff(gap, variable)
    if normal(slope_gap - (variable - point) * derivative, known) != 0:
        raise KernelError(f"mean_value: the slope theorem is not ({variable} - {point}) * h'({variable}) >= 0")
    at_gap, at_kind = gap_of(at_point.statement)
    mentions = variable in at_point.statement.free_symbols or any(
        variable in getattr(a, "free_symbols", set()) for a in at_point.assumptions
    )
    if mentions:
        raise KernelError(f"mean_value: the theorem at the point mentions {variable}")
    value = gap.subs(variable, point)
    at_known = Facts(at_point.assumptions)
    orientations = (at_gap, -at_gap) if at_kind == "=" else (at_gap,) if at_kind in (">=", ">") else ()
    if not any(normal(value - candidate, at_known) == 0 for candidate in orientations):
        raise KernelError(f"mean_value: the theorem at the point does not show h({point}) >= 0")
    assumptions = _all_facts(slope.assumptions, at_point.assumptions)
    everything = Facts(_all_facts(assumptions, declared_facts_of({variable: point}), declared))
    for bound in interval_bounds(region, variable, "mean_value"):
        at = type(bound)(bound.lhs.subs(variable, point), bound.rhs.subs(variable, point), evaluate=False)
        if not entailed(at, everything):
            if not at.free_symbols and _refuted(at):
                raise KernelError(f"mean_value: the point {point} is outside the interval ({show(at)} is false)")
            assumptions = _all_facts(assumptions, [at])
    return _make(target, assumptions, "mean_value", [at_point, slope], detail="mean value theorem")


def _limit(expr: Expr, variable: sympy.Symbol, point: Expr) -> Expr:
    return sympy.Limit(expr, variable, point, "+-")


def _near_point(variable: sympy.Symbol, point: Expr, facts: Iterable[Boolean], where: str) -> tuple[Boolean, ...]:
    """The facts that do not mention the variable, after checking that those that do (and its declarations)
    hold on a neighbourhood of the point: each gap continuous there (smooth terms only, every condition
    strict at the point) and strictly positive at the point (or the gap is a multiple of t - c, for !=)."""
    facts = tuple(facts)
    kept = tuple(f for f in facts if variable not in getattr(f, "free_symbols", set()))
    known = Facts(kept)
    declared = [f for f in declared_facts(variable) if isinstance(f, Relational)]
    for fact in [f for f in facts if f not in kept] + declared:
        if not isinstance(fact, Relational):
            raise KernelError(f"{where}: the fact {fact} about {variable} is not a comparison")
        gap, kind = gap_of(fact)
        if kind == "!=" and _multiple_of(gap, variable - point):
            continue
        try:  # 0**(t**2) is 1 at t = 0 and 0 beside it: a value at the point says nothing near it
            require_smooth(gap, variable, known, where, point=point)
        except KernelError:
            raise KernelError(f"{where}: {show(fact)} is not continuous in {variable} near {point}") from None
        at = sympy.expand(gap.subs(variable, point))
        if kind in (">", ">=") and known.positive(at):
            continue
        if kind == "!=" and known.nonzero(at):
            continue
        raise KernelError(f"{where}: {show(fact)} is not shown to hold near {variable} = {point}")
    return kept


def _multiple_of(gap: Expr, base: Expr) -> bool:
    ratio = sympy.cancel(gap / base)
    return bool(ratio.is_Rational and ratio != 0)


@_rule
def lhopital(
    numerator: Any,
    denominator: Any,
    variable: sympy.Symbol,
    point: Any,
    facts: Iterable[Boolean] = (),
    equal: Theorem | None = None,
) -> Theorem:
    """L'Hopital's rule: ``lim_{t -> c} N/D = N'(c)/D'(c)`` when ``N(c) = D(c) = 0`` and ``D'(c) != 0``.

    N and D must be smooth near c (:func:`symkl.proof.calculus.require_smooth`, checked at ``t = c`` with
    strict conditions, which then hold near c); the facts may not mention t. N' and D' are SymPy's
    derivatives, continuous at c, so N'/D' tends to N'(c)/D'(c), a finite number: the limit exists.
    With ``equal``, a theorem ``f = N/D`` whose assumptions about t hold near c (continuous, strict at
    c), the conclusion is ``lim_{t -> c} f = N'(c)/D'(c)`` (f and N/D agree near c, so do their limits).

    A limit is only ever the whole left side of a theorem of this rule (then of ``chain``, ``cut`` and
    ``instantiate``): it is not an atom of the algebra, which would treat it as a finite number.

    >>> t = sympy.Symbol("t", positive=True)
    >>> lhopital(sympy.log(t), t - 1, t, 1)
    |- lim_{t -> 1} (log(t)/(t - 1)) = 1
    >>> lhopital(sympy.log(t), t - 2, t, 1)
    Traceback (most recent call last):
    ...
    symkl.errors.KernelError: lhopital: the denominator t - 2 is not 0 at t = 1 (l'Hopital needs 0/0)

    Parameters
    ----------
    numerator, denominator : Expr
        N and D, smooth near the point, both 0 there.
    variable : Symbol
        The variable t.
    point : Expr
        The point c.
    facts : iterable of relations, optional
        Explicit facts (``p1 > 0``, ...) the checks may use; those used are the new theorem's assumptions. They may
        not mention t.
    equal : Theorem, optional
        ``f = N/D`` near c, for the limit of f itself.

    Returns
    -------
    Theorem
        ``lim_{t -> c} N/D = N'(c)/D'(c)`` (or the limit of f).

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    numerator, denominator = _term(numerator, "lhopital"), _term(denominator, "lhopital")
    variable = real_variable(variable, "lhopital")
    point = _term(point, "lhopital")
    refuse_inexact(point, "lhopital")
    facts = _facts(facts, "lhopital")
    if variable in point.free_symbols or point.has(sympy.oo, -sympy.oo):
        raise KernelError(f"lhopital: the point {point} must be finite and free of {variable}")
    if any(variable in getattr(f, "free_symbols", set()) for f in facts):
        raise KernelError(f"lhopital: the facts may not mention {variable}")
    _near_point(variable, point, (), "lhopital")  # the variable's own declarations hold near c
    known = Facts(facts)
    at_point = {variable: point}
    values = {}
    for name, part in (("numerator", numerator), ("denominator", denominator)):
        derivative = sympy.diff(part, variable)
        for piece in (part, derivative):
            require_smooth(piece, variable, known, "lhopital", point=point)
        if normal(part.subs(at_point), known) != 0:
            raise KernelError(f"lhopital: the {name} {part} is not 0 at {variable} = {point} (l'Hopital needs 0/0)")
        values[name] = derivative.subs(at_point)
    if not known.nonzero(values["denominator"]) and not (
        values["denominator"].is_number and compare(values["denominator"], 0) != 0
    ):
        raise KernelError(f"lhopital: the derivative of the denominator is not shown nonzero at {variable} = {point}")
    value = values["numerator"] / values["denominator"]
    _defined(value, known, "lhopital")
    body, premises, assumptions = numerator / denominator, [], list(facts)
    if equal is not None:
        (equal,) = _theorems([equal], "lhopital")
        if not isinstance(equal.statement, sympy.Equality) or equal.statement.rhs != body:
            raise KernelError(f"lhopital: {equal!r} is not an equality f = {body}")
        if variable in _bound_symbols(equal):
            raise KernelError(f"lhopital: {variable} is bound in {equal!r}")
        body, premises = equal.statement.lhs, [equal]
        assumptions += _near_point(variable, point, equal.assumptions, "lhopital")
    result = sympy.Eq(sympy.Limit(body, variable, point, "+-"), value, evaluate=False)
    _relation(result, "lhopital")
    return _make(result, assumptions, "lhopital", premises, detail="l'Hopital's rule")


@_rule
def cut(theorem: Theorem, lemma: Theorem) -> Theorem:
    """Discharge an assumption by a proof of it: ``Γ, A |- S`` and ``Δ |- A`` give ``Γ, Δ |- S``.

    >>> a = sympy.Symbol("a", positive=True)
    >>> half = sympy.Eq(a, sympy.Rational(1, 2), evaluate=False)
    >>> fact = sympy.Eq(sympy.log(4), 2 * sympy.log(2), evaluate=False)
    >>> cut(combine(fact, [(1, assume(fact))]), compute(fact))
    |- log(4) = 2*log(2)
    >>> cut(rewrite(2 * a, 1, facts=[half]), positivity(a))
    Traceback (most recent call last):
    ...
    symkl.errors.KernelError: cut: a > 0 is not an assumption of a > 0, a = 1/2 |- 2*a = 1

    Parameters
    ----------
    theorem : Theorem
        A theorem made by this module's rules.
    lemma : Theorem
        A proof of one of its assumptions.

    Returns
    -------
    Theorem
        The theorem without that assumption, with the lemma's assumptions added.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    theorem, lemma = _theorems([theorem, lemma], "cut")
    if lemma.statement not in theorem.assumptions:
        raise KernelError(f"cut: {show(lemma.statement)} is not an assumption of {theorem!r}")
    rest = [a for a in theorem.assumptions if a != lemma.statement]
    return _make(theorem.statement, _all_facts(rest, lemma.assumptions), "cut", [theorem, lemma])


_ABSTRACT = (EntropyTerm, MutualInformationTerm, Joint)


@_rule
def interpret(theorem: Theorem, joint: Any) -> Theorem:
    """A theorem about abstract random variables, read in one joint distribution (whose variables it names).

    Abstract theorems come from Shannon's axioms and algebra, which hold for every joint distribution, so
    they hold for this one: ``H(A | B)`` becomes the conditional entropy of the table, ``I(A; B | C)`` its
    conditional mutual information (nats). The table must sum to 1 exactly and its symbolic entries are
    assumed >= 0 (they are a distribution's).

    >>> import symkl as sk
    >>> from symkl.statements.entropic import rv
    >>> J = sk.JointDistribution([["1/4", "1/4"], ["1/4", "1/4"]])
    >>> interpret(shannon_mutual((rv("X"),), (rv("Y"),)), J)
    |- I(X; Y) >= 0

    Parameters
    ----------
    theorem : Theorem
        A theorem made by this module's rules. About abstract random variables (from Shannon's axioms).
    joint : JointDistribution
        A table naming those variables, summing to exactly 1.

    Returns
    -------
    Theorem
        The statement read in the table: ``H(A | B)`` and ``I(A; B | C)`` become its conditional entropies and
        informations (nats).

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    (theorem,) = _theorems([theorem], "interpret")
    if type(joint) is not JointDistribution:
        raise KernelError(f"interpret: {joint!r} is not a JointDistribution")
    admit(joint.joint.probabilities[0] if joint.joint.probabilities else sympy.S.Zero, "interpret")
    entries = list(joint.joint.probabilities)
    for entry in entries:
        admit(entry, "interpret")
    if sympy.expand(sympy.Add(*entries) - 1) != 0:
        raise KernelError("interpret: the table's entries do not sum to 1 exactly")
    nothing = Facts()
    for entry in entries:  # a closed entry must be decided >= 0: exp(1000) - exp(1000 + 10**-200) is not a probability
        if not entry.free_symbols and not nothing.nonnegative(entry):
            raise KernelError(f"interpret: the entry {entry} is not shown to be >= 0")
    names = set(joint.names)

    def concrete(term: Any) -> Expr:
        groups = [[variable.name for variable in group.args] for group in term.args]
        if isinstance(term, Joint):
            groups = [[variable.name for variable in term.args]]
        missing = sorted({name for group in groups for name in group} - names)
        if missing:
            raise KernelError(f"interpret: {', '.join(missing)} is not a variable of the table")
        if isinstance(term, Joint):
            return JointEntropy(joint, groups[0])
        if isinstance(term, EntropyTerm):
            return ConditionalEntropy(joint, *groups) if groups[1] else JointEntropy(joint, groups[0])
        if groups[2]:
            return ConditionalMutualInformation(joint, *groups)
        return MutualInformation(joint, groups[0], groups[1])

    def read(part: Any) -> Any:
        if isinstance(part, (ForAll, AppliedPredicate)):
            if part.atoms(*_ABSTRACT):
                raise KernelError(f"interpret: {part} cannot be read in a table")
            return part
        if not isinstance(part, Relational):
            raise KernelError(f"interpret: {part} is not a relation")
        sides = (side.replace(lambda e: isinstance(e, _ABSTRACT), concrete) for side in part.args)
        return type(part)(*sides, evaluate=False)  # unevaluated: I(X; Y) >= 0 would become True

    for part in (theorem.statement, *theorem.assumptions):
        variables = {v for term in part.atoms(*_ABSTRACT) for v in term.atoms(sympy.Symbol)}
        outside = part.replace(lambda e: isinstance(e, _ABSTRACT), lambda e: sympy.S.Zero).free_symbols
        if variables & outside:
            raise KernelError(f"interpret: {sorted(map(str, variables & outside))} is a random variable and a number")
    statement = read(theorem.statement)
    assumptions = [read(a) for a in theorem.assumptions]
    entries_facts = [sympy.Ge(e, 0, evaluate=False) for e in entries if e.free_symbols and not e.is_nonnegative]
    result = _relation(statement, "interpret")
    return _make(result, [*assumptions, *entries_facts], "interpret", [theorem], detail="read in a joint table")


def _entropic_gap(fact: Boolean) -> Expr:
    """lhs - rhs of an entropic relation in joint-entropy coordinates (H(A|B) = H(A,B) - H(B), ...)."""
    gap = fact.lhs - fact.rhs
    return sympy.expand(gap.replace(lambda e: isinstance(e, (EntropyTerm, MutualInformationTerm)), lambda e: e.doit()))


def copy_facts(
    copies: Mapping[sympy.Symbol, sympy.Symbol], over: Iterable[sympy.Symbol], universe: Iterable[Any]
) -> list[Boolean]:
    """The facts the copy lemma makes true: ``(S', T)`` distributed as ``(S, T)``, and ``S'`` independent of the
    universe U given T (``I(S'; U \\ T | T) = 0``). A check's list, and the prover's constraints.

    >>> from symkl.statements.entropic import rv
    >>> A, B, C = rv("A"), rv("B"), rv("C")
    >>> copy_facts({A: rv("A1")}, [B], [A, B, C])
    [Eq(H(A1), H(A)), Eq(H(A1, B), H(A, B)), Eq(I(A1; A, C | B), 0)]

    Parameters
    ----------
    copies : dict
        Variable S -> its copy S'.
    over : iterable
        The variables T the copy is made over.
    universe : iterable
        All variables U.

    Returns
    -------
    list of sympy.Equality
        ``(S', T)`` distributed as ``(S, T)``, and ``I(S'; U - T | T) = 0``.
    """
    over = sorted(set(over), key=sympy.default_sort_key)
    originals = sorted(copies, key=sympy.default_sort_key)
    facts: list[Boolean] = []
    for size in range(1, len(originals) + 1):
        for chosen in itertools.combinations(originals, size):
            for extra in range(len(over) + 1):
                for given in itertools.combinations(over, extra):
                    copied = [copies[v] for v in chosen] + list(given)
                    facts.append(sympy.Eq(EntropyTerm(copied), EntropyTerm([*chosen, *given]), evaluate=False))
    rest = [v for v in sorted(set(universe), key=sympy.default_sort_key) if v not in over]
    if rest:
        independent = MutualInformationTerm([copies[v] for v in originals], rest, over)
        facts.append(sympy.Eq(independent, 0, evaluate=False))
    return facts


@_rule
def copy_lemma(theorem: Theorem, copies: Mapping[Any, Any], over: Iterable[Any]) -> Theorem:
    """Discharge the facts of a copy: every random vector has a copy ``S'`` of some variables S over others T.

    For random variables U (those the theorem names, copies apart), S a part of U and T a part of U \\ S,
    there is a joint distribution of U and new variables S' in which ``(S', T)`` has the distribution of
    ``(S, T)`` and ``S'`` is independent of U given T (Zhang and Yeung's copy lemma). So a theorem whose
    statement does not mention S' holds without its assumptions that are those facts (each an equality
    whose gap is a nonzero rational multiple of one of :func:`copy_facts`); its other assumptions may not
    mention S'.

    >>> from symkl.statements.entropic import rv
    >>> A, A1 = rv("A"), rv("A1")
    >>> same = sympy.Eq(EntropyTerm([A1]), EntropyTerm([A]), evaluate=False)
    >>> copy_lemma(rewrite(EntropyTerm([A]), EntropyTerm([A1]), using=[assume(same)]), {A: A1}, [])
    Traceback (most recent call last):
    ...
    symkl.errors.KernelError: copy_lemma: the statement mentions the copy A1

    Parameters
    ----------
    theorem : Theorem
        A theorem made by this module's rules. Its statement does not mention the copies.
    copies : dict
        Variable -> its copy.
    over : iterable
        The variables the copy is made over.

    Returns
    -------
    Theorem
        The theorem without the assumptions that are the copy's facts.

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    (theorem,) = _theorems([theorem], "copy_lemma")
    copies = dict(copies)
    over = list(over)
    for key, value in [*copies.items(), *((v, v) for v in over)]:
        if type(key) is not sympy.Symbol or type(value) is not sympy.Symbol:
            raise KernelError(f"copy_lemma: {key!r} and {value!r} must be random variables (plain Symbols)")
    made = set(copies.values())
    if len(made) != len(copies) or made & (set(copies) | set(over)) or set(copies) & set(over):
        raise KernelError("copy_lemma: the copies, the copied variables and T must be distinct")
    parts = (theorem.statement, *theorem.assumptions)
    named = {v for part in parts for term in part.atoms(*_ABSTRACT) for v in term.atoms(sympy.Symbol)}
    universe = named - made
    if not set(copies) | set(over) <= universe:
        raise KernelError("copy_lemma: S and T must be variables the theorem names")
    if theorem.statement.free_symbols & made or any(
        v in made for term in theorem.statement.atoms(*_ABSTRACT) for v in term.atoms(sympy.Symbol)
    ):
        raise KernelError(f"copy_lemma: the statement mentions the copy {', '.join(sorted(map(str, made)))}")
    allowed = [_entropic_gap(fact) for fact in copy_facts(copies, over, universe)]
    kept = []
    for fact in theorem.assumptions:
        mentions = {v for term in fact.atoms(*_ABSTRACT) for v in term.atoms(sympy.Symbol)} | fact.free_symbols
        if not mentions & made:
            kept.append(fact)
            continue
        if not isinstance(fact, sympy.Equality) or not any(
            _rational_multiple(_entropic_gap(fact), gap) for gap in allowed
        ):
            raise KernelError(f"copy_lemma: {show(fact)} is not a fact of the copy")
    return _make(theorem.statement, kept, "copy_lemma", [theorem], detail="copy lemma")


def _rational_multiple(gap: Expr, model: Expr) -> bool:
    if gap == 0 or model == 0:
        return gap == model
    ratio = sympy.cancel(gap / model)
    return bool(ratio.is_Rational and ratio != 0)


# ---------------------------------------------------------------------------------------------
# axioms
LOG_BOUND_VARIABLE = sympy.Symbol("x", positive=True)


def _log_bound() -> Theorem:
    """log x <= x - 1 for x > 0: f = x - 1 - log x has f(1) = 0, f'(x) = 1 - 1/x, f'' = 1/x**2 > 0."""
    x = LOG_BOUND_VARIABLE
    f = x - 1 - sympy.log(x)
    first, second = sympy.diff(f, x), sympy.diff(f, x, 2)
    checks = (
        f.subs(x, 1) == 0,
        sympy.cancel(first - (x - 1) / x) == 0,  # f' < 0 on (0, 1), > 0 on (1, oo): f has its minimum f(1) = 0
        sympy.cancel(second - 1 / x**2) == 0 and bool(second.is_positive),
    )
    if not all(checks):  # pragma: no cover - SymPy's calculus changed under us
        raise RuntimeError("the calculus check of log x <= x - 1 failed")
    return _make(
        sympy.Le(sympy.log(x), x - 1, evaluate=False),
        [],
        "axiom",
        detail="log x <= x - 1 (calculus check: f(1) = 0, f'' > 0)",
    )


LOG_BOUND = _log_bound()


def _group(variables: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(variables)


def shannon_entropy(variables: Iterable[Any], given: Iterable[Any] = ()) -> Theorem:
    """Axiom instance: H(A | B) >= 0 for random variables (Cover & Thomas, Lemma 2.1.1 and Theorem 2.6.5).

    >>> from symkl.statements.entropic import rv
    >>> shannon_entropy((rv("X"),), given=(rv("Y"),))
    |- H(X | Y) >= 0

    Parameters
    ----------
    variables : iterable of random variables
        A.
    given : iterable of random variables, optional
        B.

    Returns
    -------
    Theorem
        ``|- H(A | B) >= 0`` (an axiom instance).

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    term = EntropyTerm(_group(variables), _group(given))
    admit(term, "shannon_entropy")
    return _make(sympy.Ge(term, 0, evaluate=False), [], "axiom", detail="Shannon: conditional entropy is nonnegative")


def shannon_mutual(first: Iterable[Any], second: Iterable[Any], given: Iterable[Any] = ()) -> Theorem:
    """Axiom instance: I(A; B | C) >= 0 for random variables (Cover & Thomas, Corollary to Theorem 2.6.3).

    >>> from symkl.statements.entropic import rv
    >>> shannon_mutual((rv("X"),), (rv("Y"),))
    |- I(X; Y) >= 0

    Parameters
    ----------
    first, second : iterable of random variables
        A and B.
    given : iterable of random variables, optional
        C.

    Returns
    -------
    Theorem
        ``|- I(A; B | C) >= 0`` (an axiom instance).

    Raises
    ------
    KernelError
        The input is outside the kernel's term language (a Float, an unknown node, a subclass), or the rule's check
        fails; the message names the node or the reason.
    """
    term = MutualInformationTerm(_group(first), _group(second), _group(given))
    admit(term, "shannon_mutual")
    return _make(
        sympy.Ge(term, 0, evaluate=False), [], "axiom", detail="Shannon: conditional mutual information is nonnegative"
    )
