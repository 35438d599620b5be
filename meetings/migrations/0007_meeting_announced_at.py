from django.db import migrations, models
from django.db.models import Min

QUIET = ("draft", "cancelled")


def fill_announced_at(apps, schema_editor):
    """A meeting was announced when its recorded history first shows it past draft; lacking history, when created."""
    Meeting = apps.get_model("meetings", "Meeting")
    HistoricalMeeting = apps.get_model("meetings", "HistoricalMeeting")
    first_live = dict(
        HistoricalMeeting.objects.exclude(status__in=QUIET)
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )
    meetings = list(Meeting.objects.filter(announced_at__isnull=True))
    for meeting in meetings:
        if meeting.pk in first_live:
            meeting.announced_at = first_live[meeting.pk]
        elif meeting.status not in QUIET:
            meeting.announced_at = meeting.agenda_published_at or meeting.created_at
    Meeting.objects.bulk_update([m for m in meetings if m.announced_at], ["announced_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_pdf_requeued_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="announced_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_announced_at, migrations.RunPython.noop),
    ]
