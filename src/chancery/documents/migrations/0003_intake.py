"""Schema of intake: the signature check of files received, resumable OCR."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_document_types")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="documentfile",
            name="signature_report",
            field=models.JSONField(blank=True, default=dict, verbose_name="signature report"),
        ),
        migrations.AddField(
            model_name="documentfile",
            name="ocr_pages",
            field=models.JSONField(blank=True, default=list, verbose_name="pages read so far"),
        ),
        migrations.AddField(
            model_name="documentfile",
            name="signature_verdict",
            field=models.CharField(blank=True, max_length=16, verbose_name="signature check"),
        ),
    ]
