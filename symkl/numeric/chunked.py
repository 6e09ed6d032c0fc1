"""Dask arrays: the array measures as lazy reductions, chunk by chunk, on whatever scheduler is active.

>>> import dask.array as da  # doctest: +SKIP
>>> from symkl import numeric  # doctest: +SKIP
>>> P = da.from_array(np.full(10**6, 1e-6), chunks=10**5)  # doctest: +SKIP
>>> numeric.entropy(P)  # lazy: a dask array of shape (); .compute() runs it  # doctest: +SKIP
dask.array<...>

:func:`reduce` maps a NumPy kernel over the chunks (each returns, per row, the sum of its terms and the
sums of the inputs), adds the per-chunk rows in a tree (``Array.sum``) and finishes per row: the sum
check, the drift of KL, the base. Nothing is computed until ``compute()``; then entries that are not
probabilities raise :class:`~symkl.errors.InvalidDistribution` naming the position in the whole array
and the chunk, and bad sums name the row. With a ``dask.distributed`` ``Client`` active, the work runs
on its cluster, as any Dask computation does. :func:`per_row` runs a NumPy measure on each chunk of
rows, with the outcome axes rechunked into one chunk (Rényi, mutual information).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import InvalidDistribution, InvalidInput

__all__ = ["per_row", "reduce"]

#: A NumPy kernel: outcome-last float64 blocks in, per-row sums of the measure's terms out.
Terms = Callable[..., np.ndarray]


def _read(arrays: Sequence[tuple[Any, str]], axis: int) -> tuple[list[Any], list[Any], Any]:
    """The inputs as Dask arrays (floats), broadcast; their originals (for error positions); the dtype."""
    import dask.array as da

    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise InvalidInput(f"axis must be an integer, got {type(axis).__name__}")
    originals = []
    for value, name in arrays:
        array = value if isinstance(value, da.Array) else da.from_array(np.asarray(value, dtype=np.float64))
        if array.dtype.kind in "biu":
            array = array.astype(np.float64)
        elif array.dtype.kind != "f":
            raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
        if array.ndim == 0:
            raise InvalidInput(f"{name} must have at least one dimension, got a scalar")
        if not -array.ndim <= axis < array.ndim:
            raise InvalidInput(f"axis {axis} is out of range for {name} with {array.ndim} dimension(s)")
        originals.append(array)
    names = [name for _, name in arrays]
    try:
        shape = np.broadcast_shapes(*(array.shape for array in originals))
    except ValueError:
        shapes = " and ".join(f"{name} has shape {array.shape}" for array, name in zip(originals, names))
        raise InvalidInput(f"{shapes}; they do not broadcast") from None
    for array, name in zip(originals, names):
        if array.shape[axis] != shape[axis]:
            raise InvalidInput(f"{name} has {array.shape[axis]} outcomes along axis {axis}, expected {shape[axis]}")
        if array.shape[axis] == 0:
            raise InvalidDistribution(f"{name} is empty: no outcomes along axis {axis}")
    broadcast = list(da.broadcast_arrays(*originals)) if len(originals) > 1 else originals
    return broadcast, originals, np.result_type(*(array.dtype for array in originals))


def _where(moved_index: Sequence[int], axis: int, original_shape: Sequence[int]) -> str:
    """The position in the user's array of an index into the broadcast array with `axis` moved last."""
    ndim = len(moved_index)
    order = [a for a in range(ndim) if a != axis % ndim] + [axis % ndim]
    index = [0] * ndim
    for k, a in enumerate(order):
        index[a] = int(moved_index[k])
    index = index[ndim - len(original_shape) :]
    return ", ".join(str(i if size != 1 else 0) for i, size in zip(index, original_shape))


def _check_block(block: np.ndarray, name: str, info: dict[str, Any], axis: int, original_shape: Sequence[int]) -> None:
    """Raise :class:`InvalidDistribution` naming the first entry of the chunk that is negative, NaN or infinite."""
    if not block.size or (block.min() >= 0 and block.max() < np.inf):
        return
    with np.errstate(invalid="ignore"):
        bad = ~((block >= 0) & (block < np.inf))
    local = np.unravel_index(int(np.argmax(bad)), block.shape)
    value = float(block[local])
    start = [begin for begin, _ in info["array-location"]]
    position = _where([s + i for s, i in zip(start, local)], axis, original_shape)
    what = "not a number" if math.isnan(value) else "infinite" if math.isinf(value) else "negative"
    chunk = tuple(int(c) for c in info["chunk-location"])
    raise InvalidDistribution(
        f"{name}[{position}] = {value:.6g} is {what}: probabilities must be finite and non-negative "
        f"(chunk {chunk} of {name}, entry {tuple(int(i) for i in local)} within it)"
    )


def reduce(
    arrays: Sequence[tuple[Any, str]],
    axis: int,
    check: bool,
    validate: bool,
    terms: Terms,
    finish: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
    drift: bool = False,
) -> Any:
    """The lazy per-row ``finish(sum of terms(blocks), sums of the inputs)`` over `axis` of Dask inputs.

    `terms` gets each chunk's blocks (outcomes last, float64) and returns the per-row sum of its terms.
    With `check`, the inputs' sums must be within 4 n eps of 1 (raised at compute, naming the row); with
    `drift` (KL) and ``check=False``, a row whose sums are not both within it gets sum p - sum q added.

    >>> import dask.array as da
    >>> P = da.from_array(np.array([[0.5, 0.5], [1.0, 0.0]]), chunks=(1, 1))
    >>> total = reduce([(P, "P")], -1, True, True, lambda p: p.sum(axis=-1) * 0 + 1)
    >>> total.compute()  # one per chunk along the outcomes, two chunks
    array([2., 2.])

    Parameters
    ----------
    arrays : sequence of (dask array or array_like, str)
        The inputs and the names their errors use.
    axis : int
        The axis holding the outcomes.
    check : bool
        Check that each row sums to 1 within 4 n eps.
    validate : bool
        Check entries finite and non-negative.
    terms : callable
        Given each chunk's blocks (outcomes last, float64), the per-row sum of the measure's terms.
    finish : callable, optional
        ``finish(total, sums)``: the row's value from the summed terms and the inputs' sums (default: the
        total).
    drift : bool, optional
        Add sum p - sum q to a row whose sums are not within tolerance when ``check=False`` (KL).

    Returns
    -------
    dask.array.Array
        One lazy value per row.

    Raises
    ------
    InvalidDistribution
        An entry is not a probability or a sum is off 1 (raised at compute, naming the row).
    InvalidInput
        The inputs do not broadcast or `axis` is out of range.
    """
    import dask.array as da

    broadcast, originals, dtype = _read(arrays, axis)
    names = [name for _, name in arrays]
    shapes = [tuple(array.shape) for array in originals]
    moved = [da.moveaxis(array, axis, -1) for array in broadcast]
    if len(moved) > 1:
        moved = list(da.core.unify_chunks(*(x for array in moved for x in (array, _letters(array.ndim))))[1])
    ndim = moved[0].ndim
    n = moved[0].shape[-1]
    count = len(moved)
    validate = bool(validate or check)

    def chunk(*blocks: np.ndarray, block_info: dict[int, Any] | None = None) -> np.ndarray:
        if validate and block_info is not None:
            for k, block in enumerate(blocks):
                _check_block(block, names[k], block_info[k], axis, shapes[k])
        wide = [np.asarray(block, dtype=np.float64) for block in blocks]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            stats = [terms(*wide), *(block.sum(axis=-1) for block in wide)]
        return np.stack(stats, axis=-1)[..., None, :]

    chunks = (*moved[0].chunks[:-1], (1,) * len(moved[0].chunks[-1]), (count + 1,))
    stats = da.map_blocks(
        chunk, *moved, new_axis=ndim, chunks=chunks, dtype=np.float64, meta=np.empty((0,) * (ndim + 1))
    )
    totals = stats.sum(axis=-2)
    tolerances = [4 * max(1, n) * float(np.finfo(array.dtype).eps) for array in originals]
    dtypes = [str(array.dtype) for array in originals]  # the tasks must not capture the arrays themselves

    def final(block: np.ndarray, block_info: dict[int, Any] | None = None) -> np.ndarray:
        value, sums = block[..., 0], [block[..., 1 + k] for k in range(count)]
        offs = [np.abs(total - 1) for total in sums]
        if check:
            for k, off in enumerate(offs):
                if off.size and not np.max(off) <= tolerances[k]:
                    worst = np.unravel_index(int(np.argmax(off)), off.shape)
                    start = [0] * off.ndim if block_info is None else [b for b, _ in block_info[0]["array-location"]]
                    rest = iter(s + int(i) for s, i in zip(start, worst))
                    position = ", ".join(":" if a == axis % ndim else str(next(rest)) for a in range(ndim))
                    raise InvalidDistribution(
                        f"{names[k]} does not sum to 1 along axis {axis}: {names[k]}[{position}] sums to "
                        f"{float(sums[k][worst])!r}, off by {float(off[worst]):.3g} (tolerance {tolerances[k]:.2g} "
                        f"= 4 n eps for n = {n} {dtypes[k]} entries); normalise {names[k]}, "
                        "or pass check=False"
                    )
        elif drift:
            free = np.logical_and.reduce([off <= tolerance for off, tolerance in zip(offs, tolerances)])
            value = np.where(free, value, value + (sums[0] - sums[1]))
        if finish is not None:
            value = finish(value, np.stack(sums, axis=-1))
        return np.asarray(value, dtype=np.float64)

    result = da.map_blocks(final, totals, drop_axis=ndim - 1, dtype=np.float64, meta=np.empty((0,) * (ndim - 1)))
    return result.astype(dtype)


def _letters(ndim: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[:ndim]


def per_row(arrays: Sequence[tuple[Any, str]], axis: int, measure: Callable[..., np.ndarray], trailing: int = 1) -> Any:
    """The NumPy `measure` (outcomes in the last `trailing` axes) on each chunk of rows, lazily.

    The outcome axes are rechunked into one chunk; errors name the chunk of rows they come from.

    >>> import dask.array as da
    >>> P = da.from_array(np.array([[0.5, 0.5], [1.0, 0.0]]), chunks=(1, 1))
    >>> per_row([(P, "P")], -1, lambda p: p.max(axis=-1)).compute()
    array([0.5, 1. ])

    Parameters
    ----------
    arrays : sequence of (dask array or array_like, str)
        The inputs and the names their errors use.
    axis : int
        The axis holding the outcomes.
    measure : callable
        The NumPy measure, outcomes in the last `trailing` axes, one value per row.
    trailing : int, optional
        How many trailing axes hold the outcomes (default 1; 2 for joint tables).

    Returns
    -------
    dask.array.Array
        One lazy value per row.

    Raises
    ------
    InvalidDistribution
        `measure` refuses a chunk (raised at compute, naming the chunk of rows).
    InvalidInput
        The inputs do not broadcast or `axis` is out of range.
    """
    import dask.array as da

    broadcast, _, dtype = _read(arrays, axis)
    moved = [da.moveaxis(array, axis, -1) for array in broadcast] if trailing == 1 else broadcast
    ndim = moved[0].ndim
    whole = {a: -1 for a in range(ndim - trailing, ndim)}
    moved = [array.rechunk(whole) for array in moved]

    def chunk(*blocks: np.ndarray, block_info: dict[int, Any] | None = None) -> np.ndarray:
        try:
            return np.asarray(measure(*blocks), dtype=np.float64)
        except InvalidDistribution as error:
            where = "" if block_info is None else f" (in the chunk of rows {tuple(block_info[0]['chunk-location'])})"
            raise InvalidDistribution(f"{error}{where}") from None

    drop = list(range(ndim - trailing, ndim))
    result = da.map_blocks(chunk, *moved, drop_axis=drop, dtype=np.float64, meta=np.empty((0,) * (ndim - trailing)))
    return result.astype(dtype)
