"""The audit chain becomes append-only in the database, and gains signed checkpoints."""

from django.db import migrations, models

# One function serves every append-only table: row-level BEFORE UPDATE/DELETE and
# statement-level BEFORE TRUNCATE triggers. Only TRUNCATE has a way through, for test databases
# that pytest-django empties after transactional tests (conf/test.py sets the option on its
# connections); an UPDATE or DELETE is refused whatever the session says.
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION chancery_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE'
     AND coalesce(current_setting('chancery.allow_audit_truncate', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION '% on %: the audit chain is append-only; % is refused', TG_OP, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'P0001',
          HINT = 'Audit entries and checkpoints are never changed or removed. Record a new entry '
                 'that corrects or explains the old one.';
END;
$$;
"""

TRIGGERS = """
CREATE TRIGGER {table}_append_only
  BEFORE UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION chancery_append_only();
CREATE TRIGGER {table}_no_truncate
  BEFORE TRUNCATE ON {table}
  FOR EACH STATEMENT EXECUTE FUNCTION chancery_append_only();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
"""

TABLES = ("core_auditentry", "core_auditcheckpoint")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_notifications"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.BigIntegerField(editable=False, unique=True, verbose_name="sequence")),
                ("head_hash", models.CharField(editable=False, max_length=64, verbose_name="head hash")),
                ("created", models.DateTimeField(editable=False, verbose_name="created")),
                ("key_id", models.CharField(editable=False, max_length=64, verbose_name="key fingerprint")),
                ("signature", models.CharField(editable=False, max_length=128, verbose_name="signature")),
            ],
            options={
                "verbose_name": "audit checkpoint",
                "verbose_name_plural": "audit checkpoints",
                "ordering": ["-seq"],
            },
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["actor_label", "seq"], name="core_audit_actor_seq"),
        ),
        # Fewer indexes to maintain on every append: the object index covers object_type, and
        # the hash needs uniqueness, not LIKE.
        migrations.AlterField(
            model_name="auditentry",
            name="object_type",
            field=models.CharField(blank=True, max_length=80, verbose_name="object type"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(editable=False, max_length=64),
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(fields=("hash",), name="core_audit_hash_unique"),
        ),
        migrations.RunSQL(
            APPEND_ONLY_FUNCTION + "".join(TRIGGERS.format(table=table) for table in TABLES),
            reverse_sql="".join(DROP_TRIGGERS.format(table=table) for table in TABLES)
            + "DROP FUNCTION IF EXISTS chancery_append_only();",
        ),
    ]
