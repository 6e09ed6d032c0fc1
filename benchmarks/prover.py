"""Prover benchmark: Han's inequality for n = 4, 6, 8, 10 (goal: n = 10 under 10 s to an exact checked certificate).

    python benchmarks/prover.py [--psitip-limit SECONDS]

Prints, per n: the number of elemental inequalities, the time to an exact certificate checked in
rationals (LP, reweighted least-L1 pruning, exact rebuilding), its length in terms (the shortest proof,
by the chain rule, has n(n-1)/2), the time for the kernel Theorem (every row of the proof checked by the
kernel), separately. When psitip is installed (``pip install --no-deps psitip pylatexenc lark-parser``;
a benchmark peer only, never a dependency), its time and its (floating-point) answer on the same
statement are shown side by side, each run in a subprocess stopped after ``--psitip-limit`` seconds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from symkl.prover.certificate import search
from symkl.prover.forms import gap_form
from symkl.prover.grammar import parse_statement
from symkl.prover.kernel_bridge import kernel_proof, relation
from symkl.prover.lp import Problem

PSITIP = """
import time, warnings
warnings.simplefilter("ignore")
import psitip
psitip.PsiOpts.setting(solver="scipy")
n = {n}
X = [psitip.rv(f"X{{i}}") for i in range(1, n + 1)]
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
print(f"{{time.perf_counter() - start:.2f}} {{answer}}")
"""


def han(n: int) -> str:
    """H(X1..Xn) <= 1/(n-1) sum_i H(X without Xi)."""
    names = [f"X{i}" for i in range(1, n + 1)]
    rest = " + ".join(f"H({','.join(x for x in names if x != y)})" for y in names)
    return f"H({','.join(names)}) <= 1/{n - 1} ({rest})"


def psitip_column(n: int, limit: float) -> str:
    """psitip's time and answer on Han's inequality, or why there is none."""
    try:
        import psitip  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return "psitip not installed (skipped)"
    try:
        done = subprocess.run(
            [sys.executable, "-c", PSITIP.format(n=n)], capture_output=True, text=True, timeout=limit, check=True
        )
    except subprocess.TimeoutExpired:
        return f"psitip: no answer within {limit:g} s"
    seconds, answer = done.stdout.split()
    return f"psitip {float(seconds):7.2f} s, answer {answer} (float LP, no exact check)"


def measure(n: int) -> tuple[Problem, int, float, float]:
    """(problem, proof terms, seconds to the exact checked certificate, seconds to the kernel Theorem)."""
    statement = parse_statement(han(n))
    start = time.perf_counter()
    problem = Problem(sorted(statement.names()), gap_form(statement), [])
    certificate = search(problem, problem.gap)
    assert certificate is not None and certificate.check()  # type: ignore[union-attr]
    exact = time.perf_counter() - start
    start = time.perf_counter()
    kernel_proof(relation(statement), certificate, [])  # type: ignore[arg-type]
    return problem, len(certificate), exact, time.perf_counter() - start  # type: ignore[arg-type]


def run(sizes: tuple[int, ...] = (4, 6, 8, 10), psitip_limit: float = 120.0) -> None:
    """Print one line per n."""
    measure(3)  # warm up: SciPy's and the kernel's imports are not charged to n = 4
    print("Han's inequality; proofs pruned by reweighted least L1 (the shortest has n(n-1)/2 terms)")
    for n in sizes:
        problem, terms, exact, kernel = measure(n)
        print(
            f"  n = {n:2d}: {problem.elemental_count:6d} elementals | exact checked certificate {exact:6.2f} s, "
            f"{terms:4d} terms (shortest {n * (n - 1) // 2}) | kernel Theorem {kernel:5.2f} s | "
            f"{psitip_column(n, psitip_limit)}",
            flush=True,
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--psitip-limit", type=float, default=120.0, help="seconds allowed to psitip per n")
    run(psitip_limit=parser.parse_args().psitip_limit)
