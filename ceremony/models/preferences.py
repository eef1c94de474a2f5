"""What each user of the back office chose for themselves: the language its pages are read in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ceremony.core.locking import Versioned


class AdminPreference(Versioned):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="admin_preference",
    )
    # Set by the language switcher in the admin's header (ceremony.views.language_set).
    language = models.CharField(_("language of the back office"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("admin preference")
        verbose_name_plural = _("admin preferences")

    def __str__(self):
        return str(self.user)
