"""Prover benchmark: Han's inequality for n = 4, 6, 8, 10 (goal: n = 10 under 10 s to an exact checked certificate).

    python benchmarks/prover.py

Prints, per n: the number of elemental inequalities, the time to an exact certificate checked in
rationals, its length in terms, and the time for the kernel Theorem (``combine`` with every quantity
unfolded). When psitip is installed (``pip install --no-deps psitip pylatexenc lark-parser``), its
time and its (floating-point) answer on the same statement are shown side by side; otherwise skipped.
"""

from __future__ import annotations

import time

from symkl.prover.certificate import search
from symkl.prover.forms import gap_form
from symkl.prover.grammar import parse_statement
from symkl.prover.kernel_bridge import relation, theorem_for
from symkl.prover.lp import Problem


def han(n: int) -> str:
    """H(X1..Xn) <= 1/(n-1) sum_i H(X without Xi)."""
    names = [f"X{i}" for i in range(1, n + 1)]
    rest = " + ".join(f"H({','.join(x for x in names if x != y)})" for y in names)
    return f"H({','.join(names)}) <= 1/{n - 1} ({rest})"


def _psitip(n: int) -> str:
    try:
        import psitip  # type: ignore[import-not-found]
    except ImportError:
        return "psitip not installed (skipped)"
    psitip.PsiOpts.setting(solver="scipy")
    X = [psitip.rv(f"X{i}") for i in range(1, n + 1)]
    joint = X[0]
    for x in X[1:]:
        joint = joint + x
    rest = None
    for i in range(n):
        others = [X[j] for j in range(n) if j != i]
        group = others[0]
        for x in others[1:]:
            group = group + x
        rest = psitip.H(group) if rest is None else rest + psitip.H(group)
    start = time.perf_counter()
    answer = bool(psitip.H(joint) * (n - 1) <= rest)
    return f"psitip {time.perf_counter() - start:.2f} s, answer {answer} (float LP)"


def run(sizes: tuple[int, ...] = (4, 6, 8, 10)) -> None:
    """Print one line per n."""
    for n in sizes:
        statement = parse_statement(han(n))
        start = time.perf_counter()
        problem = Problem(sorted(statement.names()), gap_form(statement), [])
        certificate = search(problem, problem.gap)
        seconds = time.perf_counter() - start
        assert certificate is not None and certificate.check()
        start = time.perf_counter()
        theorem_for(relation(statement), certificate, [])  # type: ignore[arg-type]
        kernel = time.perf_counter() - start
        print(
            f"  Han n = {n:2d}: {problem.elemental_count:6d} elementals, "
            f"exact checked certificate in {seconds:6.2f} s, "
            f"{len(certificate):4d} terms; kernel Theorem {kernel:6.2f} s; {_psitip(n)}"
        )


if __name__ == "__main__":
    run()
