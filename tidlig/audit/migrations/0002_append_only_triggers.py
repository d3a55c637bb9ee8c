"""The database itself refuses to change access-log rows, so no code path (nor a slip in the ORM) can.

PostgreSQL refuses UPDATE and DELETE; TRUNCATE stays possible for the retention job and test flushes.
SQLite refuses UPDATE; its test flushes use DELETE, so deletion there is refused by the application.
"""

from django.db import migrations

TABLES = ["audit_accesslog", "audit_accesslogsubject"]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                """
                CREATE OR REPLACE FUNCTION tidlig_append_only() RETURNS trigger AS $$
                BEGIN
                    RAISE EXCEPTION 'the access log is append-only';
                END;
                $$ LANGUAGE plpgsql;
                """
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION tidlig_append_only();"
            )
        elif vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
            )


def drop(apps, schema_editor):
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only" + (
            f" ON {table}" if schema_editor.connection.vendor == "postgresql" else ""
        ))


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_access_log")]
    operations = [migrations.RunPython(create, drop)]
