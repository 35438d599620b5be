"""Each group has its own standing items, and groups are edited in the browser (with a version against lost edits).

The global standing items become the main board's; every other group starts with a copy of them.
"""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

FIELDS = ("position", "title", "presenter", "minutes_allowed", "purpose", "kind")


def give_each_group_its_standing_items(apps, schema_editor):
    Group = apps.get_model("meetings", "Group")
    StandingItem = apps.get_model("meetings", "StandingItem")
    items = list(StandingItem.objects.filter(group__isnull=True).order_by("position"))
    if not items:
        return
    groups = list(Group.objects.order_by("-is_main_board", "name"))
    if not groups:
        # Nothing meets yet: the defaults are stored again when a group's list is first opened.
        StandingItem.objects.filter(group__isnull=True).delete()
        return
    owner, others = groups[0], groups[1:]
    StandingItem.objects.filter(group__isnull=True).update(group=owner)
    StandingItem.objects.bulk_create(
        StandingItem(group=group, **{name: getattr(item, name) for name in FIELDS})
        for group in others
        for item in items
    )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0014_minutes_keep_what_they_print"),
    ]

    operations = [
        # A float default (0.33) failed full_clean ("no more than 2 decimal places") on every group the form made.
        migrations.AlterField(
            model_name="group",
            name="quorum_fraction",
            field=models.DecimalField(decimal_places=2, default=Decimal("0.33"), max_digits=3),
        ),
        migrations.AddField(
            model_name="group",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="standingitem",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AlterField(
            model_name="standingitem",
            name="position",
            field=models.PositiveIntegerField(),
        ),
        migrations.AddField(
            model_name="standingitem",
            name="group",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="standing_items",
                to="meetings.group",
            ),
        ),
        migrations.RunPython(give_each_group_its_standing_items, migrations.RunPython.noop),
    ]
