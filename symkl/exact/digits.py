"""Printing integers of any length: exact atoms can exceed Python's 4300-digit ``str()`` limit.

>>> with unlimited_int_digits():
...     len(str(10**5000))
5001
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

__all__ = ["unlimited_int_digits"]


@contextlib.contextmanager
def unlimited_int_digits() -> Iterator[None]:
    """Allow printing integers beyond Python's 4300-digit str() limit (exact atoms can be huge).

    Returns
    -------
    contextlib.AbstractContextManager
        A context in which the digit limit is lifted; it is restored on exit.
    """
    getter = getattr(sys, "get_int_max_str_digits", None)
    if getter is None:
        yield
        return
    saved = getter()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(saved)
