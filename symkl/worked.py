r"""Worked answers as checked derivations: definition, substitution, each term, exact form, decimal with unit.

>>> import symkl as sk
>>> A = sk.Distribution(["1/2", "1/2"], name="A")
>>> B = sk.Distribution(["1/4", "3/4"], name="B")
>>> print(sk.derive_kl(A, B, base=2).to_text())
D_KL(A || B) in bits
  D_KL(A || B)
  = sum_i p_i log2(p_i/q_i)                        [definition of the KL divergence; proved]
  = 1/2 log2((1/2)/(1/4)) + 1/2 log2((1/2)/(3/4))  [substitution of the probabilities; proved]
  = 1/2 log2(2) + 1/2 log2(2/3)                    [each ratio simplified; proved]
  = 1 - log(3)/(2*log(2))                          [log laws: log(a/b) = log a - log b, one term per prime; proved]
  ~ 0.2075 bits                                    [4 significant digits, all guaranteed; proved]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sympy
from sympy import Expr, Rational, S

from .derivation import Derivation
from .distribution import Distribution, DistributionLike, JointDistribution, as_distribution, common_support
from .errors import KernelError
from .measures import checked_base, cross_entropy, entropy, js_divergence, kl_divergence, mutual_information, unit_name
from .printing import exact_str, latex
from .proof.algebra import gap_of as kernel_gap
from .proof.catalogue import instance_facts, prove
from .proof.kernel import combine, rewrite, show
from .proof.lemmas import unfolds
from .verification import lookup

__all__ = [
    "derive_cross_entropy",
    "derive_entropy",
    "derive_identity",
    "derive_js",
    "derive_kl",
    "derive_mutual_information",
]

Term = tuple[Expr, Expr, Expr]  # coefficient c, numerator a, denominator b: c log_b(a / b)


def _log_latex(base: Expr) -> str:
    return r"\log" if base is S.Exp1 else rf"\log_{{{latex(base)}}}"


def _log_text(base: Expr) -> str:
    return "log" if base is S.Exp1 else f"log{exact_str(base)}"


def _rational_text(value: Expr) -> str:
    text = exact_str(value)
    return f"({text})" if ("/" in text or "-" in text) else text


def _argument_latex(numerator: Expr, denominator: Expr) -> str:
    if denominator == 1:
        return latex(numerator) if numerator.is_Integer else rf"\left({latex(numerator)}\right)"
    return rf"\frac{{{exact_str(numerator)}}}{{{exact_str(denominator)}}}"


def _argument_text(numerator: Expr, denominator: Expr) -> str:
    if denominator == 1:
        return f"({exact_str(numerator)})"
    return f"({_rational_text(numerator)}/{_rational_text(denominator)})"


def _joined(parts: list[str]) -> str:
    text = " + ".join(parts) if parts else "0"
    return text.replace("+ -", "- ")


def _coefficient(c: Expr, printer: Callable[[Any], str]) -> str:
    """The coefficient in front of a log: nothing for 1, a bare minus for -1."""
    if c == 1:
        return ""
    if c == -1:
        return "-"
    return printer(c) + " "


def _term_value(c: Expr, ratio: Expr, base: Expr) -> Expr:
    value = c * sympy.log(ratio)
    return value if base is S.Exp1 else value / sympy.log(base)


def _worked(
    title: str,
    statement: tuple[str, str],
    definition: tuple[str, str, str],
    terms: Sequence[Term],
    base: Expr,
    final: Expr,
    unit: str,
    digits: int,
    dropped: str = "",
) -> Derivation:
    derivation = Derivation(final, title=title, unit=unit, latex_form=statement[0], text_form=statement[1])
    derivation.step(final, definition[2], latex_form=definition[0], text_form=definition[1])
    if final is S.Infinity:
        return derivation
    kept = [(c, a, b) for c, a, b in terms if c != 0]
    log_l, log_t = _log_latex(base), _log_text(base)
    substituted = sympy.Add(*(_term_value(c, a / b, base) for c, a, b in kept))
    justification = "substitution of the probabilities" + (f" ({dropped})" if dropped else "")
    derivation.step(
        substituted,
        justification,
        latex_form=_joined([f"{_coefficient(c, latex)}{log_l} {_argument_latex(a, b)}" for c, a, b in kept]),
        text_form=_joined([f"{_coefficient(c, exact_str)}{log_t}{_argument_text(a, b)}" for c, a, b in kept]),
    )
    if any(b != 1 for _, _, b in kept):
        derivation.step(
            substituted,
            "each ratio simplified",
            latex_form=_joined([f"{_coefficient(c, latex)}{log_l} {_argument_latex(a / b, 1)}" for c, a, b in kept]),
            text_form=_joined([f"{_coefficient(c, exact_str)}{log_t}{_argument_text(a / b, 1)}" for c, a, b in kept]),
        )
    derivation.step(final, "log laws: log(a/b) = log a - log b, one term per prime")
    return derivation.approximately(digits)


def _pair_title(symbol: str, P: Distribution, Q: Distribution | None, base: Expr) -> str:
    inner = str(P) if Q is None else f"{P}{' || ' if symbol.startswith('D') else ', '}{Q}"
    return f"{symbol}({inner}) in {unit_name(None if base is S.Exp1 else base)}"


def _check_exact(*distributions: Distribution) -> None:
    for distribution in distributions:
        if distribution.is_symbolic:
            raise ValueError("worked answers need exact numbers; use the measures directly for symbolic inputs")


def derive_kl(P: DistributionLike, Q: DistributionLike, base: Any = None, digits: int = 4) -> Derivation:
    """The worked computation of D(P || Q), ending in its exact form and a guaranteed decimal."""
    P, Q = common_support(as_distribution(P, "P"), as_distribution(Q, "Q"))
    _check_exact(P, Q)
    b = checked_base(base)
    final = kl_divergence(P, Q, base=base)
    named = (P.name or "P", Q.name or "Q")
    statement = (rf"D_{{\mathrm{{KL}}}}({named[0]} \parallel {named[1]})", f"D_KL({named[0]} || {named[1]})")
    log_l, log_t = _log_latex(b), _log_text(b)
    definition = (
        rf"\sum_{{i}} p_i {log_l} \frac{{p_i}}{{q_i}}",
        f"sum_i p_i {log_t}(p_i/q_i)",
        "definition of the KL divergence",
    )
    if final is S.Infinity:
        index = next(i for i, (p, q) in enumerate(zip(P.probabilities, Q.probabilities)) if p > 0 and q == 0)
        derivation = _worked(_pair_title("D_KL", P, Q, b), statement, definition, [], b, final, unit_name(base), digits)
        return derivation.step(
            S.Infinity,
            f"p_{index + 1} > 0 = q_{index + 1}: P is not absolutely continuous w.r.t. Q, and p log(p/0) = oo",
        )
    terms = [(p, p, q) for p, q in zip(P.probabilities, Q.probabilities)]
    dropped = "terms with p_i = 0 vanish: 0 log(0/q) = 0" if any(p == 0 for p in P.probabilities) else ""
    return _worked(
        _pair_title("D_KL", P, Q, b), statement, definition, terms, b, final, unit_name(base), digits, dropped
    )


def derive_entropy(P: DistributionLike, base: Any = None, digits: int = 4) -> Derivation:
    """The worked computation of H(P).

    >>> print(derive_entropy(["1/2", "1/4", "1/8", "1/8"], base=2).to_text().splitlines()[-2])
      = 7/4                                          [log laws: log(a/b) = log a - log b, one term per prime; proved]
    """
    P = as_distribution(P)
    _check_exact(P)
    b = checked_base(base)
    name = P.name or "P"
    definition = (rf"-\sum_{{i}} p_i {_log_latex(b)} p_i", f"-sum_i p_i {_log_text(b)}(p_i)", "definition of entropy")
    terms = [(-p, p, Rational(1)) for p in P.probabilities]
    dropped = "terms with p_i = 0 vanish: 0 log 0 = 0" if any(p == 0 for p in P.probabilities) else ""
    title = f"H({name}) in {unit_name(base)}"
    return _worked(
        title, (f"H({name})", f"H({name})"), definition, terms, b, entropy(P, base), unit_name(base), digits, dropped
    )


def derive_cross_entropy(P: DistributionLike, Q: DistributionLike, base: Any = None, digits: int = 4) -> Derivation:
    """The worked computation of H(P, Q)."""
    P, Q = common_support(as_distribution(P, "P"), as_distribution(Q, "Q"))
    _check_exact(P, Q)
    b = checked_base(base)
    named = (P.name or "P", Q.name or "Q")
    definition = (
        rf"-\sum_{{i}} p_i {_log_latex(b)} q_i",
        f"-sum_i p_i {_log_text(b)}(q_i)",
        "definition of cross-entropy",
    )
    final = cross_entropy(P, Q, base)
    terms = [(-p, q, Rational(1)) for p, q in zip(P.probabilities, Q.probabilities)]
    statement = (f"H({named[0]}, {named[1]})", f"H({named[0]}, {named[1]})")
    title = f"H({named[0]}, {named[1]}) in {unit_name(base)}"
    if final is S.Infinity:
        derivation = _worked(title, statement, definition, [], b, final, unit_name(base), digits)
        return derivation.step(S.Infinity, "some q_i = 0 < p_i, and -p log 0 = oo")
    dropped = "terms with p_i = 0 vanish" if any(p == 0 for p in P.probabilities) else ""
    return _worked(title, statement, definition, terms, b, final, unit_name(base), digits, dropped)


def derive_js(P: DistributionLike, Q: DistributionLike, base: Any = None, digits: int = 4) -> Derivation:
    """The worked computation of the Jensen-Shannon divergence, through M = (P + Q)/2."""
    P, Q = common_support(as_distribution(P, "P"), as_distribution(Q, "Q"))
    _check_exact(P, Q)
    b = checked_base(base)
    M = [(p + q) / 2 for p, q in zip(P.probabilities, Q.probabilities)]
    log_l, log_t = _log_latex(b), _log_text(b)
    definition = (
        rf"\frac{{1}}{{2}} \sum_{{i}} p_i {log_l} \frac{{p_i}}{{m_i}}"
        rf" + \frac{{1}}{{2}} \sum_{{i}} q_i {log_l} \frac{{q_i}}{{m_i}},"
        rf"\ m = \left({', '.join(latex(m) for m in M)}\right)",
        f"1/2 sum_i p_i {log_t}(p_i/m_i) + 1/2 sum_i q_i {log_t}(q_i/m_i), m = ({', '.join(exact_str(m) for m in M)})",
        "definition: (D(P || M) + D(Q || M))/2 with M = (P + Q)/2",
    )
    terms = [(p / 2, p, m) for p, m in zip(P.probabilities, M)] + [(q / 2, q, m) for q, m in zip(Q.probabilities, M)]
    named = (P.name or "P", Q.name or "Q")
    statement = (rf"D_{{\mathrm{{JS}}}}({named[0]} \parallel {named[1]})", f"D_JS({named[0]} || {named[1]})")
    title = f"D_JS({named[0]} || {named[1]}) in {unit_name(base)}"
    return _worked(title, statement, definition, terms, b, js_divergence(P, Q, base), unit_name(base), digits)


def derive_mutual_information(
    J: JointDistribution, first: str, second: str, base: Any = None, digits: int = 4
) -> Derivation:
    """The worked computation of I(X; Y) from a joint table."""
    if J.joint.is_symbolic:
        raise ValueError("worked answers need exact numbers; use the measures directly for symbolic inputs")
    b = checked_base(base)
    x_cells, y_cells = J.marginal_cells([first]), J.marginal_cells([second])
    pair_cells = J.marginal_cells([first, second])
    terms = [(value, value, x_cells[key[:1]] * y_cells[key[1:]]) for key, value in pair_cells.items()]
    log_l, log_t = _log_latex(b), _log_text(b)
    definition = (
        rf"\sum_{{x, y}} p(x, y) {log_l} \frac{{p(x, y)}}{{p(x) p(y)}}",
        f"sum_(x,y) p(x,y) {log_t}(p(x,y)/(p(x) p(y)))",
        "definition of mutual information",
    )
    statement = (f"I({first}; {second})", f"I({first}; {second})")
    title = f"I({first}; {second}) in {unit_name(base)}"
    dropped = "cells with p(x, y) = 0 vanish" if any(v == 0 for v in pair_cells.values()) else ""
    final = mutual_information(J, first, second, base)
    return _worked(title, statement, definition, terms, b, final, unit_name(base), digits, dropped)


def derive_identity(name: str, n: int = 2) -> Derivation | None:
    """The derivation of a catalogued result from its kernel proof, or None when it has none.

    Equalities: the left side, its definitions written out, the right side's, the right side,
    each row a kernel ``rewrite``. Inequalities: the gap, the combination of proved
    inequalities it equals (``rewrite``), and >= 0 (``combine``).
    """
    entry = lookup(name)
    size = entry.size(n)
    instance = entry.instance(size)
    claim = entry.claim(instance)
    try:
        proof = prove(entry, instance)
    except KernelError:
        return None
    if proof.theorem.statement != claim:
        return None
    facts = instance_facts(instance)
    scope = "closed numbers" if entry.kind == "fixed" else f"n = {size}, every entry > 0"
    assumptions = "; ".join(kernel_show(fact) for fact in proof.theorem.hypotheses()) or "none"
    title = f"{entry.name}: {entry.text}"
    header = f"{entry.source}. Proved by the kernel for {scope}. Assumptions: {assumptions}"
    lhs, rhs = claim.lhs, claim.rhs
    if entry.relation == "==":
        derivation = Derivation(lhs, title=title, assumptions=header, facts=facts)
        if entry.kind == "fixed":
            return derivation.step(rhs, by=proof.theorem)
        middle = [definition.statement.rhs for definition in unfolds(lhs)]
        left = lhs.xreplace({u.statement.lhs: u.statement.rhs for u in unfolds(lhs)})
        right = rhs.xreplace({u.statement.lhs: u.statement.rhs for u in unfolds(rhs)})
        del middle
        derivation.step(left, by=_rewrite(lhs, left, facts), justification="definitions")
        derivation.step(right, by=_rewrite(left, right, facts), justification="algebra and log laws (entries > 0)")
        return derivation.step(rhs, by=_rewrite(right, rhs, facts), justification="definitions")
    gap = rhs - lhs if entry.relation == "<=" else lhs - rhs
    combination = sympy.Add(*(c * gap_of(t.statement)[0] for c, t in proof.premises))
    derivation = Derivation(gap, title=title, assumptions=header, facts=facts)
    derivation.intertext(
        f"The gap of the inequality is a combination of quantities proved >= 0 ({_premise_words(proof)}):"
    )
    derivation.step(combination, by=_rewrite(gap, combination, facts), justification="definitions, log laws")
    target = sympy.Ge(combination, 0, evaluate=False)
    premises = list(proof.premises)
    derivation.step(S.Zero, ">= 0 term by term", relation=">=", by=_combine(target, premises, facts))
    return derivation


def kernel_show(fact: Any) -> str:
    return show(fact)


def _premise_words(proof: Any) -> str:
    rules = {t.rule for _, t in proof.premises}
    if proof.method == "witness":
        return "each D_KL >= 0 by Gibbs' inequality"
    if "instantiate" in rules:
        return "log x <= x - 1 at each term"
    return "the premises"


def _rewrite(lhs: Expr, rhs: Expr, facts: Sequence[Any]) -> Any:
    return rewrite(lhs, rhs, facts, using=unfolds(lhs, rhs))


def _combine(target: Any, premises: Sequence[Any], facts: Sequence[Any]) -> Any:
    measures = [target.lhs, *(t.statement.lhs for _, t in premises)]
    return combine(target, premises, using=unfolds(*measures), facts=facts)


def gap_of(statement: Any) -> Any:
    return kernel_gap(statement)
