"""Prover benchmark: Han's inequality at n = 8, 10, 12 and a false variant, beside psitip when it is installed.

    python benchmarks/prover.py [--sizes 8 10 12] [--psitip-limit SECONDS]

Per n, symkl's columns: the time to an exact certificate checked in rationals (normalisation, column
generation over the elemental inequalities, sparse least-cost and reweighted-L1 rounds, exact rebuilding),
its length in terms (the chain rule's proof, the shortest, has n(n-1)/2), the time for the kernel Theorem
(every row of the proof checked by the kernel), and the verdict and time of ``prove`` on the false variant
``H(all) <= 1/n sum H(all but Xi)`` (1/n for 1/(n-1): refuted, or not proved, never proved). When psitip is
importable (``apt-get install -y libcdd-dev && pip install psitip``; a benchmark peer only, never a dependency)
its time and floating-point answer on both statements are shown for its GLOP (OR-Tools) and SciPy solvers,
each run in a subprocess stopped after ``--psitip-limit`` seconds, with the ratio psitip / symkl.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from symkl.prover.api import prove
from symkl.prover.certificate import Certificate, search
from symkl.prover.forms import gap_form
from symkl.prover.grammar import parse_statement
from symkl.prover.kernel_bridge import kernel_proof, relation
from symkl.prover.lp import Problem

PSITIP = """
import time, warnings
warnings.simplefilter("ignore")
import psitip
psitip.PsiOpts.setting(solver={solver!r})
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
answer = bool(psitip.H(joint) * {factor} <= rest)
print(f"{{time.perf_counter() - start:.3f}} {{answer}}")
"""

#: psitip's solvers shown: OR-Tools' GLOP (its default when OR-Tools is installed) and SciPy's.
SOLVERS = (("GLOP", "ortools.GLOP"), ("scipy", "scipy"))


def han(n: int, false: bool = False) -> str:
    """H(X1..Xn) <= 1/(n-1) sum_i H(X without Xi); with ``false``, 1/n (false for independent bits)."""
    names = [f"X{i}" for i in range(1, n + 1)]
    rest = " + ".join(f"H({','.join(x for x in names if x != y)})" for y in names)
    return f"H({','.join(names)}) <= 1/{n if false else n - 1} ({rest})"


def psitip_available() -> bool:
    """True when psitip imports."""
    try:
        import psitip  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        return False
    return True


def psitip_run(n: int, solver: str, false: bool, limit: float) -> tuple[float | None, str]:
    """(seconds or None, answer or why there is none) for psitip on Han's inequality (or its false variant)."""
    factor = n if false else n - 1
    try:
        done = subprocess.run(
            [sys.executable, "-c", PSITIP.format(n=n, solver=solver, factor=factor)],
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None, f"no answer in {limit:g} s"
    except subprocess.CalledProcessError as error:
        return None, f"failed ({error.stderr.strip().splitlines()[-1][:60] if error.stderr.strip() else error})"
    seconds, answer = done.stdout.split()[-2:]
    return float(seconds), "proved" if answer == "True" else "not proved"


def measure(n: int) -> tuple[int, int, float, float]:
    """(elementals, proof terms, seconds to the exact checked certificate, seconds to the kernel Theorem)."""
    statement = parse_statement(han(n))
    start = time.perf_counter()
    problem = Problem(sorted(statement.names()), gap_form(statement), [])
    certificate = search(problem, problem.gap)
    assert isinstance(certificate, Certificate) and certificate.check()
    exact = time.perf_counter() - start
    start = time.perf_counter()
    kernel_proof(relation(statement), certificate, [])
    return problem.elemental_count, len(certificate), exact, time.perf_counter() - start


def measure_false(n: int) -> tuple[str, float]:
    """(verdict, seconds) of prove() on the false variant (Shannon's inequalities only, no copies)."""
    start = time.perf_counter()
    result = prove(han(n, false=True), copies=False)
    assert result.verdict != "proved"
    return result.verdict, time.perf_counter() - start


def _cell(seconds: float | None, answer: str, ours: float, limit: float) -> str:
    """psitip's time and answer, and its ratio to symkl's time (a lower bound when it gave no answer)."""
    if seconds is None:
        return f"{answer} (> {limit / ours:.0f}x symkl)" if answer.startswith("no answer") else answer
    return f"{seconds:7.2f} s, {answer} ({seconds / ours:.1f}x symkl)"


def run(sizes: tuple[int, ...] = (8, 10, 12), psitip_limit: float = 120.0) -> None:
    """Print one block per n."""
    measure(3)  # warm up: SciPy's and the kernel's imports are not charged to the first n
    peer = psitip_available()
    print("Han's inequality H(X1..Xn) <= 1/(n-1) sum_i H(X_-i), and the false variant with 1/n")
    print("symkl: exact certificate checked in rationals, then the kernel Theorem; psitip: float LP, no exact check")
    if not peer:
        print("psitip not installed: its columns are skipped")
    for n in sizes:
        elementals, terms, exact, kernel = measure(n)
        verdict, false_seconds = measure_false(n)
        total = exact + kernel
        print(
            f"n = {n:2d} ({elementals} elementals): proved {exact:6.2f} s + kernel {kernel:5.2f} s = {total:6.2f} s, "
            f"{terms} terms (shortest {n * (n - 1) // 2}) | false variant: {verdict} in {false_seconds:6.2f} s",
            flush=True,
        )
        if peer:
            for label, solver in SOLVERS:
                true_seconds, true_answer = psitip_run(n, solver, False, psitip_limit)
                bad_seconds, bad_answer = psitip_run(n, solver, True, psitip_limit)
                print(
                    f"    psitip {label:5s}: Han {_cell(true_seconds, true_answer, total, psitip_limit)} | "
                    f"false variant {_cell(bad_seconds, bad_answer, false_seconds, psitip_limit)}",
                    flush=True,
                )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 10, 12], help="numbers of variables")
    parser.add_argument("--psitip-limit", type=float, default=120.0, help="seconds allowed to psitip per run")
    arguments = parser.parse_args()
    run(tuple(arguments.sizes), arguments.psitip_limit)
