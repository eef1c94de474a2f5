from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CeremonyConfig(AppConfig):
    name = "ceremony"
    verbose_name = _("Ceremony")

    def ready(self):
        # Imported here, as Django asks: these modules need the models, which exist only now.
        from . import permissions
        from .core import history, languages, sqlite, storage, text

        sqlite.connect()
        storage.private_files_follow_their_records()
        post_migrate.connect(permissions.roles_on_migrate, dispatch_uid="ceremony.roles")
        history.record_changes(self)
        user_logged_in.connect(languages.language_on_login, dispatch_uid="ceremony.admin_language")
        # Control characters are removed from every text the models of ceremony and awards store.
        text.clean_stored_text()


class BackOfficeAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with our site (its home page is the events' dashboard)."""

    default = False  # named in INSTALLED_APPS; CeremonyConfig stays the ceremony app's config
    default_site = "ceremony.admin_site.BackOfficeSite"
