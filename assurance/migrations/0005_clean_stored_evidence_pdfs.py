"""Evidence documents stored before common.pdfclean are cleaned in place: they were stored as uploaded."""

from django.db import migrations


def clean_stored_evidence(apps, schema_editor):
    from common.uploads import reclean_stored

    Evidence = apps.get_model("assurance", "Evidence")
    for evidence in Evidence.objects.exclude(document="").iterator():
        cleaned = reclean_stored(evidence.document)
        if cleaned is not None:
            Evidence.objects.filter(pk=evidence.pk).update(document=cleaned[0])


class Migration(migrations.Migration):
    dependencies = [("assurance", "0004_evidence_snapshots")]

    operations = [migrations.RunPython(clean_stored_evidence, migrations.RunPython.noop, elidable=True)]
