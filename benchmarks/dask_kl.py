"""KL divergence over two arrays of 10**9 float64 entries (16 GB together) on a dask.distributed LocalCluster.

    python benchmarks/dask_kl.py                 # n = 10**9, workers = CPUs, 2 GB memory limit each
    python benchmarks/dask_kl.py --n 1e8 --numpy-n 1e8
    python benchmarks/dask_kl.py --scheduler tcp://host:8786   # the same code on a real cluster

P and Q are generated chunk by chunk with ``da.random`` (each chunk from its own seed, so no worker ever
holds the whole arrays); one pass computes their sums, the timed pass computes
``sk.numeric.kl_divergence(P / sum P, Q / sum Q)`` with the default checks (entries and sums), regenerating
each chunk. Reported: entries per second, against single-process NumPy (generation with
``np.random.default_rng`` and plain ``np.sum(p * np.log(p / q))``, and ``sk.numeric.kl_divergence``) on the
largest size that fits in this machine's memory (``--numpy-n``). With a GPU and CuPy the same could run
on CUDA chunks; this script does not try.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

import symkl as sk


def _dask(n: int, chunk: int, scheduler: str | None, memory: str) -> tuple[float, float, int]:
    import dask.array as da
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        workers = os.cpu_count() or 1
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, memory_limit=memory, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
        workers = len(client.scheduler_info()["workers"])
    try:
        rng = da.random.default_rng(20261202)
        P = rng.random(n, chunks=chunk)
        Q = rng.random(n, chunks=chunk) + 1e-3
        start = time.perf_counter()
        total_p, total_q = (float(v) for v in da.compute(P.sum(), Q.sum()))
        sums = time.perf_counter() - start
        start = time.perf_counter()
        value = float(sk.numeric.kl_divergence(P / total_p, Q / total_q).compute())
        elapsed = time.perf_counter() - start
        print(
            f"dask ({workers} process workers, memory limit {memory} each, chunks of {chunk:.0e}): "
            f"n = {n:.0e}: KL = {value:.12g} in {elapsed:.1f} s = {n / elapsed:.3g} entries/s "
            f"(the pass computing the sums took {sums:.1f} s)"
        )
        return elapsed, value, workers
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _numpy(n: int) -> None:
    rng = np.random.default_rng(20261202)
    start = time.perf_counter()
    P = rng.random(n)
    Q = rng.random(n) + 1e-3
    P /= P.sum()
    Q /= Q.sum()
    generated = time.perf_counter() - start
    start = time.perf_counter()
    with np.errstate(all="ignore"):
        plain = float(np.sum(P * np.log(P / Q)))
    plain_time = time.perf_counter() - start
    start = time.perf_counter()
    ours = float(sk.numeric.kl_divergence(P, Q))
    ours_time = time.perf_counter() - start
    print(
        f"numpy (one process): n = {n:.0e}: generation {n / generated:.3g} entries/s; plain np.sum(p log(p/q)) "
        f"{n / plain_time:.3g} entries/s ({plain_time:.1f} s); sk.numeric.kl_divergence {n / ours_time:.3g} "
        f"entries/s ({ours_time:.1f} s); generation + symkl KL {n / (generated + ours_time):.3g} entries/s; "
        f"values {plain:.12g}, {ours:.12g}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=float, default=1e9, help="entries of each of P and Q on the cluster")
    parser.add_argument("--chunk", type=float, default=1e7, help="entries per chunk")
    parser.add_argument("--numpy-n", type=float, default=2e8, help="entries for the single-process NumPy run")
    parser.add_argument("--memory", default="2GB", help="memory limit per LocalCluster worker")
    parser.add_argument("--scheduler", help="address of an existing dask.distributed scheduler")
    args = parser.parse_args(argv)
    _numpy(int(args.numpy_n))
    _dask(int(args.n), int(args.chunk), args.scheduler, args.memory)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
