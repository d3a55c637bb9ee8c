"""Each result row carries its course result's unit and closing day, with an index over a period's rows
(decision 0020, addendum). Rows written before are filled in from their course result."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

PARTS = ("wellbeingresult", "fitresult", "metafeedbackresult")


def fill_in(apps, schema_editor):
    CourseResult = apps.get_model("courses", "CourseResult")
    for name in PARTS:
        result = CourseResult.objects.filter(pk=OuterRef("result_id"))
        apps.get_model("courses", name).objects.update(
            unit_id=Subquery(result.values("unit_id")[:1]), closed_on=Subquery(result.values("closed_on")[:1])
        )


def _add(model):
    return [
        migrations.AddField(
            model_name=model,
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                db_index=False,
            ),
        ),
        migrations.AddField(model_name=model, name="closed_on", field=models.DateField(null=True)),
    ]


def _require(model):
    return [
        migrations.AlterField(
            model_name=model,
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                db_index=False,
            ),
        ),
        migrations.AlterField(model_name=model, name="closed_on", field=models.DateField()),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_contact_deadline"),
        ("courses", "0003_open_course_index"),
    ]

    operations = [
        *(operation for model in PARTS for operation in _add(model)),
        migrations.RunPython(fill_in, migrations.RunPython.noop),
        *(operation for model in PARTS for operation in _require(model)),
        migrations.AddIndex(
            model_name="wellbeingresult",
            index=models.Index(fields=["unit", "closed_on", "start", "end"], name="wellbeingresult_period"),
        ),
        migrations.AddIndex(
            model_name="fitresult",
            index=models.Index(
                fields=["unit", "closed_on", "kind", "answers", "change", "reliable_change", "last_total"],
                name="fitresult_period",
            ),
        ),
        migrations.AddIndex(
            model_name="metafeedbackresult",
            index=models.Index(
                fields=["unit", "closed_on", "involved", "respect"], name="metafeedbackresult_period"
            ),
        ),
    ]
