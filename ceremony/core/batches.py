"""Writing and reading many records by id, in batches any database accepts."""

import gc
from contextlib import contextmanager


def chunks(items, size=900):
    """Slices of a list small enough for one IN (...) on any database (old SQLite allows 999 values)."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def collection_paused():
    """Within the block, Python's cyclic garbage collector does not run.

    Building tens of thousands of rows, guests and model instances (none of them in a cycle) sets it off
    again and again, each time walking every object still alive: time spent finding no garbage.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
