"""Case-insensitive search in any alphabet on SQLite, and `id__in` with numbers SQLite cannot hold.

SQLite's own LIKE folds only ASCII letters, so searching the admin for «скляр» would not find «Скляр»
and «әлия» would not find «Әлия». PostgreSQL needs nothing of this. We replace LIKE on each new SQLite
connection with a Python version that folds case the way Python does (str.casefold).
"""

import functools
import re

from django.db.backends.signals import connection_created
from django.db.models import IntegerField
from django.db.models.lookups import In


@functools.lru_cache(maxsize=512)
def _like_pattern(pattern, escape):
    parts = []
    chars = iter(pattern)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "").casefold()))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char.casefold()))
    return re.compile("".join(parts), re.DOTALL)


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _like_pattern(pattern, escape).fullmatch(str(value).casefold()) is not None


def install_unicode_like(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return
    # SQLite calls like(pattern, value) for "value LIKE pattern", and like(pattern, value, escape)
    # when there is an ESCAPE clause (Django always adds one).
    connection.connection.create_function("like", 2, unicode_like, deterministic=True)
    connection.connection.create_function("like", 3, unicode_like, deterministic=True)


class InIntegerRange(In):
    """`id__in=[...]` leaves out numbers beyond the column's range on SQLite: they match no row, and
    SQLite cannot even bind them (OverflowError), so a posted id like 10**30 was a server error where
    the form says "Select a valid choice". Django does the same for `id=` itself.
    """

    def process_rhs(self, compiler, connection):
        if connection.vendor == "sqlite" and self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [value for value in self.rhs if not isinstance(value, int) or low <= value <= high]
        return super().process_rhs(compiler, connection)


def connect():
    connection_created.connect(install_unicode_like, dispatch_uid="ceremony.sqlite.unicode_like")
    IntegerField.register_lookup(InIntegerRange)
