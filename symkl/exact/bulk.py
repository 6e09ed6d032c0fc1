"""Building many SymPy objects at once: pause the cyclic garbage collector meanwhile.

>>> import gc
>>> with paused_collection():
...     gc.isenabled()
False
>>> gc.isenabled()
True

An exact KL of two distributions with 10**5 entries makes about 130,000 SymPy objects (a Rational,
an Integer, a log and a Mul per prime). Every 700 new container objects CPython runs a young
collection, and every so often a full one that walks every live object, the 10**5 entries of both
distributions included: measured at n = 10**5, the collector took more than half of the time.
None of these objects form reference cycles, so nothing is lost by pausing it; reference counting
still frees everything, and the collector runs as before once the block ends.

At the end the objects made in the block are handed to the oldest generation, as if they had
survived the young collections (``gc.freeze()`` then ``gc.unfreeze()``, which moves lists, not
objects): otherwise the first young collection after the block walks all of them once more (0.05 to
0.1 s at n = 10**5). This is skipped when the program has frozen objects of its own
(``gc.get_freeze_count()``), which stay frozen. The pause is process-wide, as ``gc`` is: cyclic
garbage made meanwhile waits for a later collection (the next full one, for what the block handed
on); it is delayed, never kept.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_collection"]


@contextlib.contextmanager
def paused_collection() -> Iterator[None]:
    """Disable ``gc`` for the block and enable it again after, only if it was enabled before.

    >>> import gc
    >>> gc.disable()
    >>> with paused_collection():
    ...     pass
    >>> gc.isenabled()  # left as the caller had it
    False
    >>> gc.enable()

    Returns
    -------
    contextlib.AbstractContextManager
        A context manager; nested uses leave the collector to the outermost one.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()
