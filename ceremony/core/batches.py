"""Writing and reading many records by id, in batches any database accepts."""


def chunks(items, size=900):
    """Slices of a list small enough for one IN (...) on any database (old SQLite allows 999 values)."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
