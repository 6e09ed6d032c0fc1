"""Exact KL at scale: symkl's exact KL (canonical form + 15 guaranteed digits) against a float loop.

    python benchmarks/exact_kl.py [--sizes 1000 10000 100000] [--no-old]

For two random rational distributions of n entries (integer weights up to 10**6, as in issue 22):

* float loop: ``sum(p * math.log(p / q))`` over Python floats of the same numbers (the unit);
* symkl: ``sk.kl_divergence(P, Q)`` (the exact canonical form, one log term per prime) and
  ``sk.decimal_string(value, 15)`` (15 guaranteed digits), cold: symkl's caches, the prime sieve and
  the cached prime logs cleared before each run (and warm, with them kept, as a second figure);
* old path: the same with the bulk route switched off (terms summed one at a time, the expression
  sorted by SymPy, digits by mpmath interval arithmetic), which is what symkl did before; its value
  must be identical (the same SymPy expression) and its digits the same;
* naive SymPy: ``expand_log(Add(p*log(p/q)), force=True)``, for n <= 1000 only (it took 90 s at n = 10**4,
  about 47,000x the float loop, and runs for many minutes at 10**5).

The Distributions are built before the clock starts (their validation is timed separately).
Target (issue 22): n = 10**5 in about a second, under 40x the float loop.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable
from typing import Any

import sympy
from sympy import Rational, log

import symkl as sk
from symkl.exact import canonical, measures, primes


def random_distribution(rng: random.Random, n: int) -> list[Rational]:
    weights = [rng.randint(1, 10**6) for _ in range(n)]
    total = sum(weights)
    return [Rational(w, total) for w in weights]


def cold() -> None:
    from sympy.core.cache import clear_cache

    clear_cache()
    canonical._split.cache_clear()
    canonical._parsed.cache_clear()
    canonical._FORMS.clear()
    primes._LOGS.clear()
    primes._sieve = None


def timed(function: Callable[[], Any], repeats: int, reset: bool = True) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeats):
        if reset:
            cold()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


#: Largest n for which naive expand_log is run.
NAIVE_UP_TO = 1000


class OldPath:
    """Switch the bulk route off: what symkl computed before (the reference for identical results)."""

    def __enter__(self) -> None:
        self.saved = (
            measures.kl_form,
            measures.cross_entropy_form,
            measures.entropy_form,
            canonical.BULK,
            canonical._FAST_TERMS,
        )
        measures.kl_form = measures.cross_entropy_form = lambda p, q: None  # type: ignore[assignment]
        measures.entropy_form = lambda p: None  # type: ignore[assignment]
        canonical.BULK = canonical._FAST_TERMS = 10**12

    def __exit__(self, *exc: object) -> None:
        (
            measures.kl_form,
            measures.cross_entropy_form,
            measures.entropy_form,
            canonical.BULK,
            canonical._FAST_TERMS,
        ) = self.saved


def exact_kl(P: Any, Q: Any) -> tuple[Any, str]:
    value = sk.kl_divergence(P, Q)
    return value, sk.decimal_string(value, 15)


def case(n: int, old: bool) -> None:
    rng = random.Random(n)
    P_values, Q_values = random_distribution(rng, n), random_distribution(rng, n)
    start = time.perf_counter()
    P, Q = sk.Distribution(P_values), sk.Distribution(Q_values)
    building = time.perf_counter() - start
    floats = [(float(p), float(q)) for p, q in zip(P_values, Q_values)]

    def float_loop() -> float:
        total = 0.0
        for p, q in floats:
            if p > 0:
                total += p * math.log(p / q)
        return total

    # the float loop (best of 5) and symkl, cold, in turns, so that both see the same load; best of each
    repeats = 3 if n >= 10**5 else 5
    unit = ours = math.inf
    for _ in range(repeats):
        loop_time, approximate = timed(float_loop, 5, reset=False)
        exact_time, (value, digits) = timed(lambda: exact_kl(P, Q), 1)
        unit, ours = min(unit, loop_time), min(ours, exact_time)
    warm, _ = timed(lambda: exact_kl(P, Q), repeats, reset=False)
    line = (
        f"  n = {n:6d}: float loop {unit * 1e3:8.1f} ms | symkl exact + 15 digits {ours:7.3f} s "
        f"= {ours / unit:6.1f}x the loop | {len(value.args)} log terms, {digits} (float {approximate:.15g})"
    )
    print(line)
    details = [
        f"warm (sieve, prime logs and SymPy's cache kept) {warm:.3f} s = {warm / unit:.1f}x",
        f"Distributions built in {building:.2f} s (not timed above)",
    ]
    if old:
        with OldPath():
            before, (old_value, old_digits) = timed(lambda: exact_kl(P, Q), 1)
        same = old_value == value and old_digits == digits
        details.append(
            f"old path {before:.2f} s = {before / unit:.0f}x the loop ({before / ours:.1f}x slower); identical: {same}"
        )
    if n <= NAIVE_UP_TO:
        naive, _ = timed(
            lambda: sympy.expand_log(sympy.Add(*[p * log(p / q) for p, q in zip(P_values, Q_values)]), force=True),
            1,
        )
        details.append(f"naive expand_log {naive:.2f} s = {naive / unit:.0f}x the loop")
    print("           " + "; ".join(details))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--no-old", action="store_true", help="skip the old path (about 20 s at n = 10**5)")
    arguments = parser.parse_args()
    try:
        import gmpy2

        logs = f"prime logs by MPFR (gmpy2 {gmpy2.version()})"
    except ImportError:
        logs = "prime logs by mpmath (install gmpy2, the 'fast' extra, for MPFR)"
    print(f"Exact KL at scale (Python {sys.version.split()[0]}, SymPy {sympy.__version__}, {logs}); target: under 40x")
    run(arguments.sizes, old=not arguments.no_old)


def run(sizes: list[int], old: bool = True) -> None:
    """One line per size (called by benchmarks/run.py too)."""
    for n in sizes:
        case(n, old)


if __name__ == "__main__":
    main()
