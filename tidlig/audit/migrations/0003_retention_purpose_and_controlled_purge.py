"""A controlled purge for the log's own retention (decision 0016), and the retention job's purpose.

PostgreSQL still refuses UPDATE always, and DELETE unless the transaction has set `tidlig.purge` to 'on'
with SET LOCAL, which only `audit.services.purge_access_log` does. SQLite keeps refusing UPDATE; the
application refuses DELETE there (AccessLogQuerySet), and the purge uses plain SQL.
"""

from django.db import migrations, models

GUARDED_DELETE = """
CREATE OR REPLACE FUNCTION tidlig_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('tidlig.purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the access log is append-only';
END;
$$ LANGUAGE plpgsql;
"""

NEVER = """
CREATE OR REPLACE FUNCTION tidlig_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def allow_purge(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARDED_DELETE)


def refuse_purge(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NEVER)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.AlterField(
            model_name="accesslog",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("preventive_work", "Tidlig forebyggende indsats for familien"),
                    ("triage", "Visitation og fordeling af henvendelser"),
                    ("cooperation", "Samarbejde med skole eller dagtilbud"),
                    ("consent", "Registrering af samtykke"),
                    ("registration", "Registrering af familiens oplysninger"),
                    ("access_request", "Behandling af anmodning om indsigt"),
                    ("supervision", "Ledelsestilsyn og kvalitetssikring"),
                    ("authentication", "Log ind og log ud"),
                    ("access_control", "Adgangskontrol"),
                    ("retention", "Sletning og anonymisering efter de fastsatte frister"),
                ],
                max_length=40,
                verbose_name="formål",
            ),
        ),
        migrations.RunPython(allow_purge, refuse_purge),
    ]
