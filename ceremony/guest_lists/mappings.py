"""What unknown words in an event's guest lists mean: ValueMapping, chosen in a preview or given to the
command line as --map "HEADER:VALUE=TARGET", and applied by every later check of the event's lists."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ceremony.models import ValueMapping

from .cells import CellError, clean_text, normalize_header
from .columns import COLUMNS_BY_ALIAS, MAPPABLE_COLUMNS


def event_mappings(event):
    """{column key: {value key: code}} of the event's mappings, in one query."""
    mappings = {}
    for column, value_key, target in ValueMapping.objects.filter(event=event).values_list(
        "column", "value_key", "target"
    ):
        mappings.setdefault(column, {})[value_key] = target
    return mappings


def mapping_target(column, target):
    """The code `target` names for `column` (a code, a label in any language or a word people write),
    or "" to leave the cell blank; ValidationError when it names none."""
    text = clean_text(target)
    if not text:
        if column.required:
            raise ValidationError(_("«%(column)s» cannot be left blank.") % {"column": column.label})
        return ""
    try:
        return column.parse(text, None)
    except CellError as reason:
        raise ValidationError(f"«{text}» {reason}") from None


def value_mapping_set(*, event, column_key, value, target, user=None):
    """Remember that `value` in column `column_key` means `target` for the event's lists; returns it."""
    column = MAPPABLE_COLUMNS.get(column_key)
    if column is None:
        raise ValidationError(_("Values of this column cannot be mapped."))
    shown = clean_text(value)[:255]
    value_key = normalize_header(shown)
    if not value_key:
        raise ValidationError(_("Give the value as the file writes it."))
    mapping, _created = ValueMapping.objects.update_or_create(
        event=event,
        column=column.key,
        value_key=value_key,
        defaults={"value": shown, "target": mapping_target(column, target), "created_by": user},
    )
    return mapping


def mapping_specs_parse(specs):
    """The command line's --map "HEADER:VALUE=TARGET" texts → [(column, value, code)], or
    ValidationError naming the first one that says nothing we can use."""
    parsed = []
    for spec in specs:
        header, colon, rest = spec.partition(":")
        value, equals, target = rest.partition("=")
        if not colon or not equals:
            raise ValidationError(_("--map “%(spec)s”: write it as HEADER:VALUE=TARGET.") % {"spec": spec})
        column = COLUMNS_BY_ALIAS.get(normalize_header(header))
        if column is None or not column.mappable:
            raise ValidationError(
                _("--map “%(spec)s”: «%(header)s» is not a column whose values can be mapped (%(known)s).")
                % {
                    "spec": spec,
                    "header": header.strip(),
                    "known": ", ".join(column.header for column in MAPPABLE_COLUMNS.values()),
                }
            )
        if not normalize_header(value):
            raise ValidationError(_("--map “%(spec)s”: the value is empty.") % {"spec": spec})
        try:
            code = mapping_target(column, target)
        except ValidationError as refusal:
            raise ValidationError(f"--map “{spec}”: {' '.join(refusal.messages)}") from None
        parsed.append((column, clean_text(value), code))
    return parsed


def mappings_with(mappings, specs):
    """`mappings` (as event_mappings gives them) with the parsed --map specs on top."""
    merged = {key: dict(values) for key, values in mappings.items()}
    for column, value, code in specs:
        merged.setdefault(column.key, {})[normalize_header(value)] = code
    return merged
