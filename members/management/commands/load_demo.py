import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_PASSWORD = "partnership-demo"  # noqa: S105 - published demo password, refused with DEBUG off


class Command(BaseCommand):
    help = "Load the fictional demo partnership. Idempotent; refuses to run with DEBUG off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo only runs with DEBUG on: it creates accounts with a published password.")
        # Each app may ship a `demo` module with load(stdout); run them in INSTALLED_APPS order so
        # members come before the meetings and plans that refer to them.
        with transaction.atomic():
            for app in apps.get_app_configs():
                module_name = f"{app.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).load(stdout=self.stdout, password=DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at /accounts/login/ with:"))
        for email, role in [
            ("admin@example.org", "council admin"),
            ("partner@example.org", "partner"),
            ("partner2@example.org", "partner"),
        ]:
            self.stdout.write(f"  {email:24} {role:14} password: {DEMO_PASSWORD}")
