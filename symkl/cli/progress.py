"""Progress of the long commands (``verify --all``, ``derive --all``) on stderr.

On a terminal: tqdm's bar, when tqdm is installed. Anywhere else (stderr redirected to a file or a
pipe, as in CI logs) or without tqdm: one plain line per finished item, never a ``\\r`` frame.

>>> import io
>>> log = io.StringIO()
>>> for item in progress(["a", "b"], "verify", "identity", stream=log):
...     pass
>>> print(log.getvalue(), end="")
verify [1/2] a
verify [2/2] b
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO, TypeVar

__all__ = ["progress"]

T = TypeVar("T")


def progress(
    items: Iterable[T],
    label: str,
    unit: str,
    total: int | None = None,
    name: Callable[[T], str] = str,
    stream: TextIO | None = None,
) -> Iterator[T]:
    """The items, reporting each one on ``stream`` (stderr) once the loop has finished with it.

    ``total`` is needed when ``items`` has no length (a generator); ``name`` says what an item is called.

    Parameters
    ----------
    items : iterable
        The items.
    label : str
        What is being done, such as ``verify``.
    unit : str
        What an item is, such as ``identity``.
    total : int or None, optional
        The number of items, when ``items`` has no length.
    name : callable, optional
        The name of an item.
    stream : TextIO or None, optional
        Where to report; stderr by default.

    Yields
    ------
    object
        Each item, in order.
    """
    stream = sys.stderr if stream is None else stream
    count = len(items) if total is None and hasattr(items, "__len__") else total  # type: ignore[arg-type]
    bar = _bar(label, unit, count, stream) if _is_terminal(stream) else None
    if bar is not None:
        try:
            for item in items:
                yield item
                bar.set_postfix_str(name(item), refresh=False)
                bar.update(1)
        finally:
            bar.close()
        return
    for index, item in enumerate(items, 1):
        yield item
        of = f"/{count}" if count is not None else ""
        print(f"{label} [{index}{of}] {name(item)}", file=stream, flush=True)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def _bar(label: str, unit: str, total: int | None, stream: TextIO) -> Any:
    """tqdm's bar, or None when tqdm is not installed (plain lines then, also on a terminal)."""
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc=label, unit=unit, file=stream)
