"""Statuses' usual percents to start with, as Decidim ships its statuses: not started 0%, complete 100%."""

from django.db import migrations


def add(apps, schema_editor):
    StatusPercent = apps.get_model("measures", "StatusPercent")
    for status, percent in (("not_started", 0), ("complete", 100)):
        StatusPercent.objects.get_or_create(status=status, defaults={"percent": percent})


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_plan_measures")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
