"""What a user of the back office chose for themselves."""

from django.db import transaction

from ceremony.models import AdminPreference


def admin_language_set(*, user, language):
    """Remember the language `user` reads the back office in; returns their preference."""
    with transaction.atomic():
        preference, created = AdminPreference.objects.select_for_update().get_or_create(
            user=user, defaults={"language": language}
        )
        if not created and preference.language != language:
            preference.language = language
            preference.save()
    return preference
