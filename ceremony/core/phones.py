"""Phone numbers in one form (E.164, e.g. +77011234567), wherever they are typed or imported."""

import phonenumbers
from django.conf import settings


def normalize_phone(text):
    """The number in E.164, or None when `text` cannot be a phone number.

    Numbers without a country code are read as the default region's (Kazakhstan unless set otherwise).
    """
    try:
        number = phonenumbers.parse(text, settings.GUEST_IMPORT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
