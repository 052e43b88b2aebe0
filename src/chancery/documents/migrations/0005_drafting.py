"""Schema of drafting: where an operator finds what a dispatch sent (``Recipient.reference``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_handling")]

    operations = [
        migrations.AddField(
            model_name="recipient",
            name="reference",
            field=models.CharField(blank=True, max_length=255, verbose_name="reference"),
        ),
    ]
