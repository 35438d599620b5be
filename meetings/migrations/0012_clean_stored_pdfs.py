"""Papers stored before common.pdfclean are cleaned in place, so nothing served was stored as uploaded."""

from django.db import migrations


def clean_stored_papers(apps, schema_editor):
    from common.uploads import reclean_stored

    Paper = apps.get_model("meetings", "Paper")
    for paper in Paper.objects.filter(kind="pdf").exclude(file="").iterator():
        cleaned = reclean_stored(paper.file)
        if cleaned is not None:
            name, size = cleaned
            Paper.objects.filter(pk=paper.pk).update(file=name, size=size)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0011_action_progress_from_owners_signed_in_or_by_link")]

    operations = [migrations.RunPython(clean_stored_papers, migrations.RunPython.noop, elidable=True)]
