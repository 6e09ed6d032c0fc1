r"""Worked answers as checked derivations: from the measure asked for, through its definition, to a decimal.

>>> import symkl as sk
>>> A = sk.Distribution(["1/2", "1/2"], name="A")
>>> B = sk.Distribution(["1/4", "3/4"], name="B")
>>> print(sk.derive_kl(A, B, base=2).to_text())  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
D_KL(A ‖ B) in bits
  D_KL(A ‖ B) [bits]
  By definition, D_KL(P ‖ Q) = sum_i p_i log₂(p_i/q_i):
  = (1/2) log₂((1/2)/(1/4)) + (1/2) log₂((1/2)/(3/4))  [definition of D_KL(A ‖ B) [bits], ...; proved]
  = (1/2) log₂ 2 + (1/2) log₂(2/3)                     [algebra (rewrite); proved]
  = 1 - (1/2) log₂ 3                                   [algebra (rewrite); proved]
  ≈ 0.2075 bits                                        [4 significant digits, guaranteed (compute); proved]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy
from sympy import Expr, Rational, S

from ..continuous.closed_forms import dummy_for, expectation
from ..continuous.families import log_density
from ..continuous.measures import kinds_of, kl_divergence_rv
from ..errors import KernelError
from ..exact.distribution import Distribution, DistributionLike, JointDistribution, as_distribution, common_support
from ..exact.measures import checked_base, unit_name
from ..exact.printing import TextPrinter, latex, log_name, text
from ..proof import kernel
from ..proof.algebra import gap_of as kernel_gap
from ..proof.catalogue import instance_facts
from ..proof.derivation import Derivation, Math
from ..proof.lemmas import unfolds
from ..proof.verification import lookup
from ..prover.engine import prove_entry
from ..statements.unevaluated import JS, KL, CrossEntropy, Entropy, MutualInformation

__all__ = [
    "derive_cross_entropy",
    "derive_entropy",
    "derive_identity",
    "derive_js",
    "derive_kl",
    "derive_kl_rv",
    "derive_mutual_information",
]

Term = tuple[Expr, Expr, Expr]  # coefficient c, numerator a, denominator b: c log_b(a / b)


def _log_latex(base: Expr) -> str:
    return r"\log" if base is S.Exp1 else rf"\log_{{{latex(base)}}}"


def _log_text(base: Expr) -> str:
    return log_name(base)


def _written(c: Expr, a: Expr, b: Expr, base: Expr) -> Expr:
    """``c log_base(a / b)`` as written, unevaluated: the quotient a / b is kept when b != 1."""
    argument = a if b == 1 else sympy.Mul(a, sympy.Pow(b, -1, evaluate=False), evaluate=False)
    factors: list[Expr] = [c, sympy.log(argument, evaluate=False)]
    if base is not S.Exp1:
        factors.append(sympy.Pow(sympy.log(base), -1, evaluate=False))
    return sympy.Mul(*factors, evaluate=False)


def _sum(terms: Sequence[Expr]) -> Expr:
    return sympy.Add(*terms, evaluate=False) if len(terms) > 1 else (terms[0] if terms else S.Zero)


def _worked(
    measure: Expr,
    title: tuple[Any, ...],
    definition: Math,
    terms: Sequence[Term],
    base: Expr,
    unit: str,
    digits: int,
    infinite: str = "",
) -> Derivation:
    """From the measure asked for: its definition (kernel ``unfold``), each term written out, exact form, decimal."""
    definition_theorem = kernel.unfold(measure)
    final = definition_theorem.statement.rhs
    derivation = Derivation(measure, title=title, unit=unit)
    derivation.intertext("By definition, ", definition, ":")
    if final is S.Infinity:
        derivation.intertext(infinite)
        return derivation.step(final, by=definition_theorem)
    kept = [(c, a, b) for c, a, b in terms if c != 0]
    written = _sum([_written(c, a, b, base) for c, a, b in kept])
    derivation.step(written, by=kernel.rewrite(measure, written, using=[definition_theorem]), order="none")
    if any(b != 1 for _, _, b in kept):
        ratios = _sum([_written(c, a / b, Rational(1), base) for c, a, b in kept])
        derivation.step(ratios, by=kernel.rewrite(written, ratios), order="none")
        written = ratios
    derivation.step(final, by=kernel.rewrite(written, final))
    return derivation.approximately(digits)


def _named(distribution: Distribution, default: str) -> Distribution:
    """The distribution with a name for formulas (its own, else ``default``)."""
    if distribution.name:
        return distribution
    return Distribution(list(distribution.probabilities), name=default)


def _unit_title(measure: Expr, base: Any) -> tuple[Any, ...]:
    return (measure, f" in {unit_name(base)}")


def _check_exact(*distributions: Distribution) -> None:
    for distribution in distributions:
        if distribution.is_symbolic:
            raise ValueError("worked answers need exact numbers; use the measures directly for symbolic inputs")


def derive_kl(P: DistributionLike, Q: DistributionLike, base: Any = None, digits: int = 4) -> Derivation:
    r"""The worked computation of D(P || Q), from the measure to its exact form and a guaranteed decimal.

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
    digits : int, optional
        Significant digits of the decimal row, every one guaranteed.

    Returns
    -------
    Derivation
        Rows from the measure to its exact value and a decimal; each row is a kernel Theorem (its rule shown as
        the justification). Renders as LaTeX (``to_latex``), Markdown, text and a standalone ``.tex``.

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

        D(P \parallel Q) = \sum_i p_i \log \frac{p_i}{q_i}
    """
    P, Q = common_support(as_distribution(P, "P"), as_distribution(Q, "Q"))
    _check_exact(P, Q)
    P, Q = _named(P, "P"), _named(Q, "Q")
    b = checked_base(base)
    log_l, log_t = _log_latex(b), _log_text(b)
    definition = Math(
        rf"D_{{\mathrm{{KL}}}}(P \parallel Q) = \sum_{{i}} p_i {log_l} \frac{{p_i}}{{q_i}}",
        f"D_KL(P {_parallel()} Q) = sum_i p_i {log_t}(p_i/q_i)",
    )
    infinite = ""
    for index, (p, q) in enumerate(zip(P.probabilities, Q.probabilities)):
        if p > 0 and q == 0:
            infinite = (
                f"here p_{index + 1} > 0 = q_{index + 1}: {P.name} is not absolutely continuous "
                f"with respect to {Q.name}, and p log(p/0) = ∞"
            )
            break
    terms = [(p, p, q) for p, q in zip(P.probabilities, Q.probabilities)]
    title = _unit_title(KL(P, Q), base)
    return _worked(KL(P, Q, base=b), title, definition, terms, b, unit_name(base), digits, infinite)


def derive_entropy(P: DistributionLike, base: Any = None, digits: int = 4) -> Derivation:
    r"""The worked computation of H(P).

    >>> print(derive_entropy(["1/2", "1/4", "1/8", "1/8"], base=2).to_text().splitlines()[-2])
      = 7/4                                                                         [algebra (rewrite); proved]

    Parameters
    ----------
    P : Distribution or sequence or dict
        The distribution. A :class:`~symkl.Distribution`, a sequence of exact probabilities (int, ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).
    digits : int, optional
        Significant digits of the decimal row, every one guaranteed.

    Returns
    -------
    Derivation
        Rows from the measure to its exact value and a decimal; each row is a kernel Theorem (its rule shown as
        the justification). Renders as LaTeX (``to_latex``), Markdown, text and a standalone ``.tex``.

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

        H(P) = -\sum_i p_i \log p_i
    """
    P = as_distribution(P)
    _check_exact(P)
    P = _named(P, "P")
    b = checked_base(base)
    definition = Math(rf"H(P) = -\sum_{{i}} p_i {_log_latex(b)} p_i", f"H(P) = -sum_i p_i {_log_text(b)}(p_i)")
    terms = [(-p, p, Rational(1)) for p in P.probabilities]
    return _worked(Entropy(P, base=b), _unit_title(Entropy(P), base), definition, terms, b, unit_name(base), digits)


def derive_cross_entropy(P: DistributionLike, Q: DistributionLike, base: Any = None, digits: int = 4) -> Derivation:
    r"""The worked computation of H(P, Q).

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
    digits : int, optional
        Significant digits of the decimal row, every one guaranteed.

    Returns
    -------
    Derivation
        Rows from the measure to its exact value and a decimal; each row is a kernel Theorem (its rule shown as
        the justification). Renders as LaTeX (``to_latex``), Markdown, text and a standalone ``.tex``.

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

        H(P, Q) = -\sum_i p_i \log q_i
    """
    P, Q = common_support(as_distribution(P, "P"), as_distribution(Q, "Q"))
    _check_exact(P, Q)
    P, Q = _named(P, "P"), _named(Q, "Q")
    b = checked_base(base)
    definition = Math(rf"H(P, Q) = -\sum_{{i}} p_i {_log_latex(b)} q_i", f"H(P, Q) = -sum_i p_i {_log_text(b)}(q_i)")
    terms = [(-p, q, Rational(1)) for p, q in zip(P.probabilities, Q.probabilities)]
    infinite = "here some q_i = 0 < p_i, and -p log 0 = ∞"
    measure = CrossEntropy(P, Q, base=b)
    title = _unit_title(CrossEntropy(P, Q), base)
    return _worked(measure, title, definition, terms, b, unit_name(base), digits, infinite)


def derive_js(P: DistributionLike, Q: DistributionLike, base: Any = None, digits: int = 4) -> Derivation:
    r"""The worked computation of the Jensen-Shannon divergence, through M = (P + Q)/2.

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
    digits : int, optional
        Significant digits of the decimal row, every one guaranteed.

    Returns
    -------
    Derivation
        Rows from the measure to its exact value and a decimal; each row is a kernel Theorem (its rule shown as
        the justification). Renders as LaTeX (``to_latex``), Markdown, text and a standalone ``.tex``.

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

        D_{\mathrm{JS}}(P, Q) = \tfrac12 D(P \parallel M) + \tfrac12 D(Q \parallel M), \quad M = \tfrac12 (P + Q)
    """
    P, Q = common_support(as_distribution(P, "P"), as_distribution(Q, "Q"))
    _check_exact(P, Q)
    P, Q = _named(P, "P"), _named(Q, "Q")
    b = checked_base(base)
    M = [(p + q) / 2 for p, q in zip(P.probabilities, Q.probabilities)]
    log_l, log_t = _log_latex(b), _log_text(b)
    definition = Math(
        rf"D_{{\mathrm{{JS}}}}(P \parallel Q) = \frac{{1}}{{2}} \sum_{{i}} p_i {log_l} \frac{{p_i}}{{m_i}}"
        rf" + \frac{{1}}{{2}} \sum_{{i}} q_i {log_l} \frac{{q_i}}{{m_i}}"
        rf" \text{{ with }} m = \left({', '.join(latex(m) for m in M)}\right)",
        f"D_JS(P {_parallel()} Q) = 1/2 sum_i p_i {log_t}(p_i/m_i) + 1/2 sum_i q_i {log_t}(q_i/m_i) "
        f"with m = ({', '.join(text(m) for m in M)})",
    )
    terms = [(p / 2, p, m) for p, m in zip(P.probabilities, M)] + [(q / 2, q, m) for q, m in zip(Q.probabilities, M)]
    return _worked(JS(P, Q, base=b), _unit_title(JS(P, Q), base), definition, terms, b, unit_name(base), digits)


def derive_mutual_information(
    J: JointDistribution, first: str, second: str, base: Any = None, digits: int = 4
) -> Derivation:
    r"""The worked computation of I(X; Y) from a joint table.

    Parameters
    ----------
    J : JointDistribution
        The joint table of named variables.
    first, second : str
        The two variables.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).
    digits : int, optional
        Significant digits of the decimal row, every one guaranteed.

    Returns
    -------
    Derivation
        Rows from the measure to its exact value and a decimal; each row is a kernel Theorem (its rule shown as
        the justification). Renders as LaTeX (``to_latex``), Markdown, text and a standalone ``.tex``.

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

        I(X; Y) = \sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x)\, p(y)}
    """
    if J.joint.is_symbolic:
        raise ValueError("worked answers need exact numbers; use the measures directly for symbolic inputs")
    b = checked_base(base)
    x_cells, y_cells = J.marginal_cells([first]), J.marginal_cells([second])
    pair_cells = J.marginal_cells([first, second])
    terms = [(value, value, x_cells[key[:1]] * y_cells[key[1:]]) for key, value in pair_cells.items()]
    log_l, log_t = _log_latex(b), _log_text(b)
    definition = Math(
        rf"I(X; Y) = \sum_{{x, y}} p(x, y) {log_l} \frac{{p(x, y)}}{{p(x) p(y)}}",
        f"I(X; Y) = sum_(x,y) p(x,y) {log_t}(p(x,y)/(p(x) p(y)))",
    )
    measure = MutualInformation(J, first, second, base=b)
    title = _unit_title(MutualInformation(J, first, second), base)
    return _worked(measure, title, definition, terms, b, unit_name(base), digits)


def derive_kl_rv(first: Any, second: Any) -> Derivation:
    r"""The derivation of D(P || Q) for random variables: the log-density ratio, then its expectation.

    The kernel proves the log laws on the densities; the expectation under
    X (SymPy's integration) has no kernel rule, so that row is shown
    flagged unproved and the derivation is not ``proved``.

    >>> import sympy
    >>> from sympy.stats import Exponential
    >>> l1, l2 = sympy.symbols("l1 l2", positive=True)
    >>> print(derive_kl_rv(Exponential("X", l1), Exponential("Y", l2)).to_text())  # doctest: +NORMALIZE_WHITESPACE
    D_KL(X ‖ Y)
    Assumptions: l1 > 0, l2 > 0, x ≥ 0.
    By definition, D_KL(X ‖ Y) = E_X[log p(X) - log q(X)]; here, for x in the support of X:
      log(l1 exp(-l1 x)) - log(l2 exp(-l2 x))
      = l2 x + log(l1) - l1 x - log(l2)              [algebra (rewrite); proved]
      Taking the expectation under X term by term:
      D_KL(X ‖ Y) = log(l1) + l2/l1 - log(l2) - 1    [UNPROVED: SymPy's expectation, no kernel rule]

    Parameters
    ----------
    first, second : sympy.stats random variables
        P and Q, with symbolic parameters allowed.

    Returns
    -------
    Derivation
        The log-density ratio simplified by the kernel (``rewrite``), then its expectation (SymPy's, flagged as not
        proved by a kernel rule).

    Raises
    ------
    NotImplementedError
        No closed form is derived for this pair.

    Notes
    -----
    .. math::

        D(P \parallel Q) = \mathbb{E}_P\left[\log p(X) - \log q(X)\right]
    """
    from sympy.stats import density

    kinds = kinds_of(first, second)
    if "finite" in kinds or "joint" in kinds:
        raise NotImplementedError(
            "derive_kl_rv covers continuous and countable families; for finite ones use symkl.derive_kl on "
            "Distributions"
        )
    final = kl_divergence_rv(first, second)
    label = Math(
        rf"D_{{\mathrm{{KL}}}}({latex(first)} \parallel {latex(second)})", f"D_KL({first} {_parallel()} {second})"
    )
    definition = Math(
        rf"{label.latex} = \mathbb{{E}}_{{{latex(first)}}}\left[\log p({latex(first)}) - \log q({latex(first)})\right]",
        f"{label.text} = E_{first}[log p({first}) - log q({first})]",
    )
    dummy = dummy_for(first)
    x = sympy.Symbol("x", **dummy.assumptions0)
    p, q = (_on_support(density(variable)(x)) for variable in (first, second))
    lead = ("By definition, ", definition, f"; here, for x in the support of {first}:")
    derivation = Derivation(sympy.log(p) - sympy.log(q), title=(label,), source=lead)
    if final is S.Infinity or isinstance(final, sympy.Piecewise):
        derivation.intertext(f"The support of {first} is not inside the support of {second}, so:")
        return derivation.unchecked(label, final, "SymPy's support comparison; the kernel has no rule for supports")
    ratio = log_density(first, x) - log_density(second, x)
    derivation.step(ratio)
    derivation.intertext(f"Taking the expectation under {first} term by term:")
    return derivation.unchecked(label, expectation(first, ratio, x), "SymPy's expectation, no kernel rule")


def _on_support(value: Expr) -> Expr:
    """The branch of a piecewise density that holds on the support."""
    return value.args[0][0] if isinstance(value, sympy.Piecewise) else value


def derive_identity(name: str, n: int = 2) -> Derivation | None:
    """The derivation of a catalogued result from its kernel proof, or None when it has none.

    Equalities: the left side, its definitions written out, the right side's, the right side,
    each row a kernel ``rewrite``. Inequalities: the gap, the combination of proved
    inequalities it equals (``rewrite``), and >= 0 (``combine``).

    Parameters
    ----------
    name : str
        A catalogued result (``symkl list``).
    n : int, optional
        The size of the symbolic distributions.

    Returns
    -------
    Derivation or None
        The kernel's proof as rows, or ``None`` when the result has no kernel proof at that size.

    Raises
    ------
    KeyError
        Unknown name.
    """

    entry = lookup(name)
    size = entry.size(n)
    instance = entry.instance(size)
    claim = entry.claim(instance)
    try:
        proof = prove_entry(entry, instance)
    except KernelError:
        return None
    if proof.theorem.statement != claim:
        return None
    facts = instance_facts(instance)
    scope = "closed numbers" if entry.kind == "fixed" else f"n = {size}, every entry > 0"
    header: dict[str, Any] = {
        "title": (f"{entry.name}: ", claim),
        "source": f"{entry.source}. Proved by the kernel for {scope}",
        "assumptions": proof.theorem.hypotheses(),
        "facts": facts,
    }
    lhs, rhs = claim.lhs, claim.rhs
    if proof.method in _METHODS:  # a proof by cases or by calculus: one step, the theorem, and how it was made
        derivation = Derivation(lhs, **header)
        derivation.intertext(*_METHODS[proof.method])
        relation = {"==": "=", ">=": ">=", "<=": "<="}[entry.relation]
        return derivation.step(rhs, relation=relation, by=proof.theorem)
    if entry.relation == "==":
        derivation = Derivation(lhs, **header)
        if entry.kind == "fixed":
            return derivation.step(rhs, by=proof.theorem)
        left = lhs.xreplace({u.statement.lhs: u.statement.rhs for u in unfolds(lhs)})
        right = rhs.xreplace({u.statement.lhs: u.statement.rhs for u in unfolds(rhs)})
        derivation.step(left, by=_rewrite(lhs, left, facts))
        if right != left:
            derivation.step(right, by=_rewrite(left, right, facts))
        return derivation.step(rhs, by=_rewrite(right, rhs, facts))
    gap = rhs - lhs if entry.relation == "<=" else lhs - rhs
    combination = sympy.Add(*(c * gap_of(t.statement)[0] for c, t in proof.premises))
    derivation = Derivation(gap, **header)
    proved = Math(r"\ge 0", ">= 0")
    derivation.intertext("The gap is a combination of quantities proved ", proved, " (", *_premise_words(proof), "):")
    derivation.step(combination, by=_rewrite(gap, combination, facts))
    target = sympy.Ge(combination, 0, evaluate=False)
    premises = list(proof.premises)
    derivation.step(S.Zero, relation=">=", by=_combine(target, premises, facts))
    return derivation


_P_MINUS_Q = Math("p_i - q_i", "p_i - q_i")
_METHODS: dict[str, tuple[Any, ...]] = {
    "cases": (
        "By cases on the sign of each ",
        _P_MINUS_Q,
        ": in each case the absolute values open and the relation is a combination of proved "
        "inequalities (the kernel's rules for cases, nonnegative combinations and monotone functions).",
    ),
    "limit": (
        "By l'Hopital's rule at ",
        Math(r"\alpha = 1", "alpha = 1"),
        ": the numerator and the denominator of the definition vanish there, their derivatives are "
        "continuous, and the quotient of the derivatives is the right side (the kernel's l'Hopital rule).",
    ),
    "shannon": (
        "By the Shannon prover: the inequality holds for all random variables (an exact combination of "
        "Shannon's inequalities, checked by the kernel), read in this table (the kernel's interpretation rule), with "
        "the Markov condition ",
        Math(r"I(X; Z \mid Y) = 0", "I(X; Z | Y) = 0"),
        " proved on the table and discharged (the kernel's cut rule).",
    ),
    "mean-value": (
        "Two outcomes: ",
        Math(r"h(t) = D - 2\,\mathrm{TV}^2", "h(t) = D - 2 TV^2"),
        " as a function of ",
        Math("q_1 = t", "q_1 = t"),
        " vanishes at ",
        Math("t = p_1", "t = p_1"),
        " and ",
        Math(r"(t - p_1)\, h'(t) \ge 0", "(t - p_1) h'(t) >= 0"),
        ", so ",
        Math(r"h \ge 0", "h >= 0"),
        " (the kernel's mean-value rule).",
    ),
}
_NOTES: dict[str, tuple[Any, ...]] = {
    "hellinger-termwise": (
        "each ",
        Math(r"|p_i - q_i| \ge (\sqrt{p_i} - \sqrt{q_i})^2", "|p_i - q_i| >= (sqrt p_i - sqrt q_i)^2"),
        ", by cases on the sign of ",
        _P_MINUS_Q,
    ),
}


def _premise_words(proof: Any) -> tuple[Any, ...]:
    rules = {t.rule for _, t in proof.premises}
    if proof.method == "witness":
        return ("each ", Math(r"D_{\mathrm{KL}} \ge 0", "D_KL >= 0"), " by Gibbs' inequality")
    if proof.method in _NOTES:
        return _NOTES[proof.method]
    if "instantiate" in rules:
        return (Math(r"\log x \le x - 1", "log x <= x - 1"), " at each term")
    return ("the premises",)


def _rewrite(lhs: Expr, rhs: Expr, facts: Sequence[Any]) -> Any:

    return kernel.rewrite(lhs, rhs, facts, using=unfolds(lhs, rhs))


def _combine(target: Any, premises: Sequence[Any], facts: Sequence[Any]) -> Any:

    measures = [target.lhs, *(t.statement.lhs for _, t in premises)]
    return kernel.combine(target, premises, using=unfolds(*measures), facts=facts)


def gap_of(statement: Any) -> Any:

    return kernel_gap(statement)


def _parallel() -> str:
    """``‖`` between the two distributions of a divergence, as the human printer writes it (ASCII ``||``)."""
    return TextPrinter().measure_separator("||")
