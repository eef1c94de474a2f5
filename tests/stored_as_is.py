"""Rows as stored before text was cleaned: written with SQL, which no field of ours cleans."""

from django.db import connection


def store_as_is(record, **values):
    """Write `values` ({attname: text}) into the record's row as they are."""
    if not values:
        return
    model = type(record)
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(model._meta.get_field(name).column)} = %s" for name in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} SET {columns} WHERE {quote(model._meta.pk.column)} = %s",  # noqa: S608
            [*values.values(), record.pk],
        )
