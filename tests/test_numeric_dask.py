"""symkl.numeric on Dask arrays, on a real dask.distributed LocalCluster (process workers, a Client):
lazy results reduced chunk by chunk, compared with SciPy on the same NumPy numbers; errors at compute()."""

import numpy as np
import pytest
import scipy.special
import scipy.stats

import symkl as sk
from symkl import numeric

da = pytest.importorskip("dask.array", reason="dask is the optional extra: pip install 'symkl[dask]'")
distributed = pytest.importorskip("dask.distributed", reason="pip install 'symkl[dask]'")


@pytest.fixture(scope="module")
def client():
    import dask

    with (
        dask.config.set({"distributed.comm.timeouts.connect": "60s", "distributed.worker.daemon": True}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, memory_limit="1GB"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _pair(rng, shape):
    P, Q = rng.random(shape), rng.random(shape) + 1e-3
    P[rng.random(shape) < 0.1] = 0
    P[..., 0] += 1e-3
    return P / P.sum(-1, keepdims=True), Q / Q.sum(-1, keepdims=True)


def test_measures_are_lazy_and_match_scipy_on_the_cluster(client):
    rng = np.random.default_rng(7)
    P, Q = _pair(rng, (6, 5000))
    dP, dQ = da.from_array(P, chunks=(4, 1200)), da.from_array(Q, chunks=(3, 1000))  # chunks that do not align
    kl = numeric.kl_divergence(dP, dQ, base=2)
    assert isinstance(kl, da.Array) and kl.shape == (6,)
    np.testing.assert_allclose(kl.compute(), scipy.special.rel_entr(P, Q).sum(-1) / np.log(2), rtol=1e-12)
    checks = {
        "entropy": (numeric.entropy(dP), scipy.stats.entropy(P, axis=-1)),
        "cross_entropy": (numeric.cross_entropy(dP, dQ), -scipy.special.xlogy(P, Q).sum(-1)),
        "total_variation": (numeric.total_variation(dP, dQ), np.abs(P - Q).sum(-1) / 2),
        "hellinger": (numeric.hellinger(dP, dQ), np.sqrt(((np.sqrt(P) - np.sqrt(Q)) ** 2).sum(-1) / 2)),
        "chi_square": (numeric.chi_square(dP, dQ), ((P - Q) ** 2 / Q).sum(-1)),
        "js_divergence": (numeric.js_divergence(dP, dQ), scipy.spatial.distance.jensenshannon(P, Q, axis=-1) ** 2),
        "renyi": (numeric.renyi_divergence(dP, dQ, 2), np.log((P**2 / Q).sum(-1))),
    }
    for name, (lazy, reference) in checks.items():
        assert isinstance(lazy, da.Array), name
        np.testing.assert_allclose(lazy.compute(), reference, rtol=1e-11, err_msg=name)
    # one long distribution in many chunks: a 0-d lazy result
    one = numeric.kl_divergence(dP[0], dQ[0])
    assert one.shape == () and float(one.compute()) == pytest.approx(scipy.special.rel_entr(P[0], Q[0]).sum(), 1e-12)
    J = rng.random((4, 3, 5))
    J /= J.sum((-2, -1), keepdims=True)
    mi = numeric.mutual_information(da.from_array(J, chunks=(2, 3, 5)))
    row, column = J.sum(-1, keepdims=True), J.sum(-2, keepdims=True)
    np.testing.assert_allclose(mi.compute(), (J * np.log(J / (row * column))).sum((-2, -1)), rtol=1e-12)


def test_axis_and_float32(client):
    rng = np.random.default_rng(8)
    P, Q = _pair(rng, (3, 400))
    P32, Q32 = P.astype(np.float32), Q.astype(np.float32)
    lazy = numeric.kl_divergence(da.from_array(P32.T, chunks=100), da.from_array(Q32.T, chunks=100), axis=0)
    assert lazy.dtype == np.float32
    value = lazy.compute()
    assert value.dtype == np.float32
    np.testing.assert_allclose(value, scipy.special.rel_entr(P32.astype(float), Q32.astype(float)).sum(-1), rtol=1e-6)


def test_errors_are_raised_at_compute_and_name_chunk_and_position(client):
    rng = np.random.default_rng(9)
    P, Q = _pair(rng, (4, 1000))
    P[3, 700] = -0.25
    lazy = numeric.kl_divergence(da.from_array(P, chunks=(2, 300)), da.from_array(Q, chunks=(2, 300)))  # no error yet
    with pytest.raises(sk.InvalidDistribution, match=r"^P\[3, 700\] = -0.25 is negative.*chunk \(1, 2\) of P"):
        lazy.compute()
    P[3, 700] = 0.25
    with pytest.raises(sk.InvalidDistribution, match=r"P\[3, :\] sums to"):
        numeric.entropy(da.from_array(P, chunks=(2, 300))).compute()
    Q[0, 5] = np.nan
    with pytest.raises(sk.InvalidDistribution, match=r"^Q\[5, 0\] = nan is not a number"):
        numeric.cross_entropy(da.from_array(P.T, chunks=300), da.from_array(Q.T, chunks=300), axis=0).compute()
    drifted = numeric.kl_divergence(da.from_array(np.array([1.0, 1.0])), np.array([1.0, 3.0]), check=False)
    assert float(drifted.compute()) == pytest.approx(-np.log(3))  # sum p log(p/q) as written
