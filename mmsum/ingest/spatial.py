"""A grid index of boxes on one page, so that "what lies near this box" costs what is near it.

Figure location asks, for every caption, which graphics and text blocks lie near it; asking
every item of the page each time makes a page with many captions quadratic. Boxes are
``(x0, y0, x1, y1)`` in PDF points, origin top-left.
"""
from __future__ import annotations

from typing import Callable, Generic, Iterable, TypeVar

from ..document import BBox

T = TypeVar("T")

CELL = 48.0  # points: about the height of a few text lines, the scale of a figure's parts


class GridIndex(Generic[T]):
    """Items filed under every grid cell their box touches; ``near`` returns each item once, in
    the order the items were given."""

    def __init__(self, items: Iterable[T], box: Callable[[T], BBox], cell: float = CELL) -> None:
        self._cell = cell
        self._box = box
        self._items: list[T] = list(items)
        self._cells: dict[tuple[int, int], list[int]] = {}
        for i, it in enumerate(self._items):
            for key in self._keys(box(it)):
                self._cells.setdefault(key, []).append(i)

    def _keys(self, b: BBox) -> Iterable[tuple[int, int]]:
        c = self._cell
        # a huge box (a page background) is filed once per cell it covers; cells are coarse
        for gx in range(int(b[0] // c), int(b[2] // c) + 1):
            for gy in range(int(b[1] // c), int(b[3] // c) + 1):
                yield gx, gy

    def near(self, b: BBox, margin: float = 0.0) -> list[T]:
        """Items whose box overlaps ``b`` grown by ``margin`` points on every side."""
        x0, y0, x1, y1 = b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin
        hits: set[int] = set()
        for key in self._keys((x0, y0, x1, y1)):
            hits.update(self._cells.get(key, ()))
        out = []
        for i in sorted(hits):
            ib = self._box(self._items[i])
            if ib[0] <= x1 and ib[2] >= x0 and ib[1] <= y1 and ib[3] >= y0:
                out.append(self._items[i])
        return out

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)
