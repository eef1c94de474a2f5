from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CeremonyConfig(AppConfig):
    name = "ceremony"
    verbose_name = _("Ceremony")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import history, roles, sqlite, storage

        sqlite.connect()
        storage.private_files_follow_their_records()
        post_migrate.connect(roles.roles_on_migrate, dispatch_uid="ceremony.roles")
        history.record_changes(self)
