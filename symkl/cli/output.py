"""Printing answers: the exact value, its decimal, the unit; as text, LaTeX or JSON.

>>> unit_noun({"unit": "bits", "_value": 1})
'bit'
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..exact.canonical import decimal_string
from ..exact.intervals import proven
from ..exact.measures import unit_name
from ..exact.printing import ascii_output, exact_str, latex, text


def answer_report(label: str, value: Any, base: Any, args: argparse.Namespace, measure: str) -> dict[str, Any]:
    """The JSON fields of one answer; ``_value`` (the SymPy value) is dropped when printing JSON.

    Parameters
    ----------
    label : str
        The statement answered, such as ``D_KL(P || Q)``.
    value : sympy.Expr
        The exact answer.
    base : sympy.Expr
        The base of the log.
    args : argparse.Namespace
        The parsed command line.
    measure : str
        The name of the measure.

    Returns
    -------
    dict
        The fields of the answer.
    """
    from sympy import S

    return {
        "measure": measure,
        "statement": label,
        "base": "e" if base is None or base is S.Exp1 else exact_str(base),
        "unit": unit_name(base, ascii=getattr(args, "ascii", False)),
        "exact": exact_str(value),  # SymPy syntax, parseable; "text" is what a reader sees
        "text": text(value, collect=True, ascii=getattr(args, "ascii", False)),
        "latex": latex(value),
        "value": decimal_string(value, args.digits),
        "digits": args.digits,
        "guaranteed": proven(value),  # False: some digits rest on SymPy's evalf (zeta, Ei, ...), not on a proof
        "_value": value,
    }


def public_fields(report: dict[str, Any]) -> dict[str, Any]:
    """The fields of a report that are printed as JSON: those not starting with ``_``.

    >>> public_fields({"value": "1", "_value": 1})
    {'value': '1'}

    Parameters
    ----------
    report : dict
        The report of :func:`answer_report`.

    Returns
    -------
    dict
        The public fields.
    """
    return {key: value for key, value in report.items() if not key.startswith("_")}


def unit_noun(report: dict[str, Any]) -> str:
    """The unit as a noun agreeing with the value: 1 bit, 0 bits, 1/2 bits.

    >>> unit_noun({"unit": "bits", "_value": 1}), unit_noun({"unit": "units of log₅", "_value": 1})
    ('bit', 'unit of log₅')

    Parameters
    ----------
    report : dict
        The report of :func:`answer_report`.

    Returns
    -------
    str
        The unit, singular or plural.
    """
    unit: str = report["unit"]
    if report["_value"] != 1:
        return unit
    return "unit" + unit.removeprefix("units") if unit.startswith("units ") else unit.removesuffix("s")


def answer_text(report: dict[str, Any]) -> str:
    """'<exact> <unit> ≈ <decimal> <unit>', or ∞ (in every base) for an infinite value.

    Parameters
    ----------
    report : dict
        The report of :func:`answer_report`.

    Returns
    -------
    str
        The answer as text.
    """
    from sympy import oo

    if report["_value"] in (oo, -oo):
        return report["text"]
    unit = unit_noun(report)
    caveat = "" if report.get("guaranteed", True) else " (digits from SymPy's evalf, not guaranteed)"
    return f"{report['text']} {unit} ≈ {report['value']} {unit}{caveat}"


def answer_latex(report: dict[str, Any]) -> str:
    r"""The answer as LaTeX: the exact value, ``\approx`` the decimal, and the unit; ``\infty`` when infinite.

    Parameters
    ----------
    report : dict
        The report of :func:`answer_report`.

    Returns
    -------
    str
        The LaTeX source.
    """
    from sympy import oo

    if report["_value"] in (oo, -oo):
        return r"\infty" if report["_value"] == oo else r"-\infty"
    return rf"{report['latex']} \approx {report['value']}\ \text{{{unit_noun(report)}}}"


def print_report(report: dict[str, Any], statement_latex: str, args: argparse.Namespace, steps: Any = None) -> None:
    """Print one answer as text, JSON or LaTeX, as the command line asks, with its steps when asked.

    Parameters
    ----------
    report : dict
        The report of :func:`answer_report`.
    statement_latex : str
        The statement in LaTeX.
    args : argparse.Namespace
        The parsed command line.
    steps : callable or None, optional
        Returns the derivation, called only when ``--steps`` is given.
    """
    with ascii_output(getattr(args, "ascii", False)):
        _print_report(report, statement_latex, args, steps)


def _print_report(report: dict[str, Any], statement_latex: str, args: argparse.Namespace, steps: Any = None) -> None:
    if getattr(args, "steps", False) and steps is not None:
        derivation = steps()
        if args.json:  # still one JSON object: the rows go into it
            report["steps"] = derivation.to_text().splitlines()
            report["steps_latex"] = derivation.to_latex()
        else:
            print(derivation.to_latex() if args.latex else derivation.to_text())
            return
    if args.json:
        print(json.dumps(public_fields(report), ensure_ascii=False))
    elif args.latex:
        print(f"{statement_latex} = {answer_latex(report)}")
    else:
        print(f"{report['statement']} = {answer_text(report)}")


def vector_text(distribution: Any) -> str:
    """The probabilities of a distribution as a tuple in text.

    Parameters
    ----------
    distribution : Distribution
        The distribution.

    Returns
    -------
    str
        The probabilities, such as ``(1/2, 1/2)``.
    """
    return "(" + ", ".join(text(p) for p in distribution.probabilities) + ")"
