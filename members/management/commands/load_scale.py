import importlib.util
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction


class Command(BaseCommand):
    help = (
        "Add a large fictional data set for benchmarks (300 organisations, 2,000 people, 10 years of quarterly "
        "meetings with 30 items and 40 invitees, 2,000 meeting actions, 500 plan actions with 5,000 updates). "
        "Bulk inserts; refuses to run with DEBUG off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_scale only runs with DEBUG on: it fills the database with fictional records.")
        started = time.monotonic()
        # Each app may ship a `scale` module with build(stdout); run them in INSTALLED_APPS order.
        with transaction.atomic():
            for app in apps.get_app_configs():
                module_name = f"{app.name}.scale"
                if importlib.util.find_spec(module_name) is not None:
                    importlib.import_module(module_name).build(stdout=self.stdout)
        if connection.vendor == "postgresql":
            # Fresh statistics, as after any bulk load: without them the planner guesses one row per
            # table and picks plans that production, where autovacuum has analysed, would not.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Scale data loaded in {time.monotonic() - started:.1f} s."))
