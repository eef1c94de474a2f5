"""Make sure a local superuser exists, and say how to log in.

`make run` calls this. The password comes from DJANGO_ADMIN_PASSWORD, or is generated once and kept in
var/admin-password.txt (outside git, readable only by its owner) so the next run can show it again.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create the local admin account if it is missing and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/admin/", help="Where the admin is served."
        )

    @transaction.atomic
    def handle(self, *args, url, **options):
        username = os.environ.get("DJANGO_ADMIN_USERNAME") or "admin"
        email = os.environ.get("DJANGO_ADMIN_EMAIL") or "admin@localhost"
        password = os.environ.get("DJANGO_ADMIN_PASSWORD") or ""
        password_file = settings.BASE_DIR / "var" / "admin-password.txt"

        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            if not password:
                password = secrets.token_urlsafe(12)
                password_file.parent.mkdir(parents=True, exist_ok=True)
                password_file.write_text(password + "\n")
                password_file.chmod(0o600)
            user_model.objects.create_superuser(username=username, email=email, password=password)
            action = "Created"
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
            action = "Reset the password of"
        else:
            stored = password_file.read_text().strip() if password_file.exists() else ""
            password = stored if stored and user.check_password(stored) else ""
            action = "Found"

        shown = password or "(unchanged; set DJANGO_ADMIN_PASSWORD to reset it)"
        self.stdout.write(self.style.SUCCESS(f"{action} the admin account."))
        self.stdout.write(f"  Log in at {url}\n  user:     {username}\n  password: {shown}")
