"""Every standing item now has its group (0010 gave them one), and a position once per group.

Apart from 0010 because PostgreSQL will not alter a table with the data migration's row changes still pending.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0015_groups_edited_with_their_own_standing_items"),
    ]

    operations = [
        migrations.AlterField(
            model_name="standingitem",
            name="group",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="standing_items",
                to="meetings.group",
            ),
        ),
        migrations.AlterModelOptions(name="standingitem", options={"ordering": ["group", "position"]}),
        migrations.AddConstraint(
            model_name="standingitem",
            constraint=models.UniqueConstraint(fields=("group", "position"), name="one_standing_item_per_position"),
        ),
    ]
