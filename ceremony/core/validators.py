import zoneinfo

from django.conf import global_settings, settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Asia/Almaty or Europe/Moscow."),
            params={"value": value},
            code="invalid_time_zone",
        ) from None


def spoken_language_choices():
    """Every language Django knows, for video addresses and subtitles.

    A callable, so that the list stays out of migrations.
    """
    site_languages = [code for code, _name in settings.LANGUAGES]
    # Django marks these names for translation without translating them (gettext_noop): _() does.
    others = [(code, _(name)) for code, name in global_settings.LANGUAGES if "-" not in code]
    # The ceremony's own languages first, where the eye looks.
    return sorted(
        others,
        key=lambda choice: (
            choice[0] not in site_languages,
            site_languages.index(choice[0]) if choice[0] in site_languages else 0,
            str(choice[1]),
        ),
    )


def validate_language_codes(value):
    known = {code for code, _name in spoken_language_choices()}
    codes = [code.strip().lower() for code in value.split(",")]
    unknown = [code for code in codes if code and code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s."),
            params={"codes": ", ".join(unknown)},
            code="unknown_language",
        )


# Largest seating layouts, as callables for MaxValueValidator: the setting is read when a value is
# checked, and stays out of migrations.
def venue_max_rows():
    return settings.VENUE_MAX_ROWS


def venue_max_seats_per_row():
    return settings.VENUE_MAX_SEATS_PER_ROW
