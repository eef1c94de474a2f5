"""What the ceremony's models share."""


def strip_spaces(value):
    """Trim surrounding spaces, non-breaking ones included (spreadsheets are full of them)."""
    return value.replace("\u00a0", " ").strip() if value else value


def enforce_rules(record):
    """Refuse the record if it breaks a rule of `ceremony.rules.blocking`; a model's clean() calls it."""
    # Deferred: the rules query these models, so they can only be imported once the models exist.
    from ceremony.rules import blocking

    blocking.enforce(record)
