from django.db import migrations


def load_toolkit(apps, schema_editor):
    from assurance.toolkit import SHIPPED, create_framework

    models = [apps.get_model("assurance", name) for name in ("Framework", "Area", "Criterion")]
    create_framework(
        models,
        name="Prevent duty toolkit for local authorities",
        version="2026",
        text=SHIPPED.read_text(encoding="utf-8"),
        is_current=True,
    )


def unload_toolkit(apps, schema_editor):
    apps.get_model("assurance", "Framework").objects.filter(version="2026", cycles__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("assurance", "0001_prevent_assurance")]

    operations = [migrations.RunPython(load_toolkit, unload_toolkit)]
