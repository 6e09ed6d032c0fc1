"""The geometry of a Venn-style diagram of 2 or 3 unit circles: each atom's region, and where its label goes.

>>> centres = CENTRES[2]
>>> outline = region(centres, {0, 1})  # the lens shared by both circles
>>> all(math.dist(point, centre) <= 1 + 1e-9 for point in outline for centre in centres)
True
>>> x, y = label_point(centres, {0, 1})
>>> abs(x) < 0.05 and abs(y) < 0.05
True

An atom is the set of circles (by index) that hold it; its region lies inside those circles and outside
the others. Regions are polygons through points of the circular arcs that bound them, so a picture
stays vector-sharp in SVG and PDF.
"""

from __future__ import annotations

import math

__all__ = ["CENTRES", "extent", "label_point", "region"]

#: Circle centres (radius 1): two circles side by side; three with X top left, Y top right, Z below.
CENTRES = {
    2: [(-0.58, 0.0), (0.58, 0.0)],
    3: [(-0.62, 0.36), (0.62, 0.36), (0.0, -0.72)],
}


def _inside(point: tuple[float, float], centre: tuple[float, float]) -> bool:
    """True when the point is strictly inside the unit circle around centre."""
    return math.dist(point, centre) < 1.0


def region(centres: list[tuple[float, float]], members: set[int]) -> list[tuple[float, float]]:
    """The boundary of {inside the circles in members, outside the others} as one closed polygon.

    >>> outline = region(CENTRES[3], {0})  # X alone: its own arc outside, Y's and Z's arcs inside
    >>> round(min(x for x, _ in outline), 6), round(max(math.dist(point, CENTRES[3][0]) for point in outline), 9)
    (-1.62, 1.0)

    Parameters
    ----------
    centres : list of (float, float)
        The centres of the unit circles (:data:`CENTRES`).
    members : set of int
        The circles the region lies inside (it lies outside the others).

    Returns
    -------
    list of (float, float)
        The region's boundary as one closed polygon.
    """
    arcs: list[list[tuple[float, float]]] = []
    for k, (cx, cy) in enumerate(centres):
        angles = []
        for j, (ox, oy) in enumerate(centres):
            if j == k:
                continue
            distance = math.dist((cx, cy), (ox, oy))
            base = math.atan2(oy - cy, ox - cx)
            half = math.acos(distance / 2)  # unit circles: the chord's half angle
            angles += [(base - half) % math.tau, (base + half) % math.tau]
        angles.sort()
        for start, end in zip(angles, [*angles[1:], angles[0] + math.tau]):
            middle = (start + end) / 2
            point = (cx + math.cos(middle), cy + math.sin(middle))
            if all(_inside(point, centres[j]) == (j in members) for j in range(len(centres)) if j != k):
                steps = max(8, int(48 * (end - start)))
                arcs.append(
                    [
                        (
                            cx + math.cos(start + (end - start) * i / steps),
                            cy + math.sin(start + (end - start) * i / steps),
                        )
                        for i in range(steps + 1)
                    ]
                )
    loop = arcs.pop(0)
    while arcs:
        tip = loop[-1]
        index = min(range(len(arcs)), key=lambda i: min(math.dist(tip, arcs[i][0]), math.dist(tip, arcs[i][-1])))
        arc = arcs.pop(index)
        if math.dist(tip, arc[-1]) < math.dist(tip, arc[0]):
            arc = arc[::-1]
        loop += arc[1:]
    return loop


def _member(point: tuple[float, float], centres: list[tuple[float, float]], members: set[int]) -> bool:
    return all(_inside(point, centre) == (k in members) for k, centre in enumerate(centres))


def label_point(centres: list[tuple[float, float]], members: set[int]) -> tuple[float, float]:
    """The point of the region farthest from its boundary (a grid search, fine enough for a label).

    >>> label_point(CENTRES[3], {0, 1, 2})  # the centre of the three-circle diagram
    (0.0, 0.0)

    Parameters
    ----------
    centres : list of (float, float)
        The centres of the unit circles (:data:`CENTRES`).
    members : set of int
        The circles the region lies inside (it lies outside the others).

    Returns
    -------
    tuple of (float, float)
        The point of the region farthest from its boundary.
    """
    import numpy as np

    axis = np.linspace(-2.0, 2.0, 241)
    x, y = np.meshgrid(axis, axis)
    inside = np.ones_like(x, dtype=bool)
    room = np.full_like(x, np.inf)
    for k, (cx, cy) in enumerate(centres):
        distance = np.hypot(x - cx, y - cy)
        inside &= (distance < 1.0) == (k in members)
        room = np.minimum(room, np.abs(distance - 1.0))
    best = int(np.argmax(np.where(inside, room, -1.0)))
    return float(x.flat[best]), float(y.flat[best])


def extent(centres: list[tuple[float, float]], members: set[int], point: tuple[float, float], axis: int) -> float:
    """The length of the region's chord through ``point``, horizontal (axis 0) or vertical (axis 1).

    >>> round(extent(CENTRES[2], {0, 1}, (0.0, 0.0), 0), 1)  # the lens is 2 - 2 * 0.58 wide
    0.8

    Parameters
    ----------
    centres : list of (float, float)
        The centres of the unit circles (:data:`CENTRES`).
    members : set of int
        The circles the region lies inside (it lies outside the others).
    point : tuple of (float, float)
        A point inside the region.
    axis : int
        0 for the horizontal chord, 1 for the vertical.

    Returns
    -------
    float
        The chord's length, to within 0.01.
    """
    step, length = 0.01, 0.0
    for direction in (-1, 1):
        moved = list(point)
        while _member((moved[0], moved[1]), centres, members) and abs(moved[axis]) < 3:
            moved[axis] += direction * step
            length += step
    return length
