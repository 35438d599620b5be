"""The lists the app starts with, as data admins then edit (`dutyreturns/national.py`)."""

from django.db import migrations


def load(apps, schema_editor):
    # `ensure` only adds what is missing, so running the lists as they stand now is safe at any point in history.
    from dutyreturns import national

    national.ensure(apps)


class Migration(migrations.Migration):
    dependencies = [("dutyreturns", "0001_partner_returns_and_channel_assurance")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
