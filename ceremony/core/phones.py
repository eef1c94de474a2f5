"""Phone numbers in one form (E.164, e.g. +77011234567), wherever they are typed or imported."""

import re

import phonenumbers
from django.conf import settings

# A number of Kazakhstan or Russia already in E.164: +7 and ten digits, which phonenumbers finds possible
# whatever the ten (country code 7 numbers are ten digits long). Most cells of a list exported from
# another system look like this; parsing each one costs ~50 µs, a second for a list of 20,000.
E164_OF_COUNTRY_CODE_7 = re.compile(r"\+7\d{10}")


def normalize_phone(text):
    """The number in E.164, or None when `text` cannot be a phone number.

    Numbers without a country code are read as the default region's (Kazakhstan unless set otherwise).
    """
    if E164_OF_COUNTRY_CODE_7.fullmatch(text):
        return text
    try:
        number = phonenumbers.parse(text, settings.GUEST_IMPORT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
