"""Backing up and restoring the whole database: pg_dump and pg_restore on PostgreSQL, the SQLite backup
API on SQLite. Both are consistent while the application runs; a restore replaces everything.

The CPR key (TIDLIG_CPR_KEY) is not in the database and so not in a backup: without it the restored CPR
numbers can be neither read nor found. It must be kept, separately, with the backups.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

SQLITE_HEADER = b"SQLite format 3\x00"
PG_HEADER = b"PGDMP"
DEFAULT_DIR = Path(settings.BASE_DIR) / "var" / "backups"


class BackupError(Exception):
    """Refused or failed; the message is Danish and says what to do."""


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(
            _("Sikkerhedskopier understøttes kun for SQLite og PostgreSQL, ikke %(vendor)s.")
            % {"vendor": vendor}
        )
    return vendor


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = _("%(tool)s findes ikke. Installér PostgreSQL-klienten (Debian: postgresql-client).")
        raise BackupError(message % {"tool": name})
    return path


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump and pg_restore, from the Django settings."""
    db = connections[alias].settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]  # why: never on the command line, where ps shows it
    return args, env


def backup_database(*, directory: Path = DEFAULT_DIR, alias: str = "default") -> Path:
    """Write a consistent copy of the database to a new timestamped file in `directory` and return it."""
    vendor = _vendor(alias)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    if vendor == "sqlite":
        target = directory / f"tidlig-{stamp}.sqlite3"
        connection = connections[alias]
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # why: the backup API copies a consistent snapshot page by page while others go on writing
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target
    target = directory / f"tidlig-{stamp}.dump"
    args, env = _pg_args(alias)
    command = [_pg_tool("pg_dump"), "--format=custom", "--file", str(target), *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(_("pg_dump fejlede: %(error)s") % {"error": result.stderr.strip()})
    return target


def _check_file(path: Path, vendor: str) -> None:
    if not path.is_file():
        raise BackupError(_("Filen %(file)s findes ikke.") % {"file": path})
    with path.open("rb") as f:
        header = f.read(len(SQLITE_HEADER))
    expected = SQLITE_HEADER if vendor == "sqlite" else PG_HEADER
    if not header.startswith(expected):
        kind = "SQLite" if vendor == "sqlite" else "PostgreSQL (pg_dump -Fc)"
        message = _("%(file)s er ikke en sikkerhedskopi fra %(kind)s. Intet er ændret.")
        raise BackupError(message % {"file": path, "kind": kind})
    if vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = source.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            ok = False
        finally:
            source.close()
        if not ok:
            raise BackupError(
                _("%(file)s er beskadiget (integrity_check fejlede). Intet er ændret.") % {"file": path}
            )


def restore_database(path: Path, *, alias: str = "default") -> None:
    """Replace the whole database with the backup, all or nothing. Stop the application first: its
    open connections would otherwise hold locks, or see tables vanish under them."""
    vendor = _vendor(alias)
    _check_file(path, vendor)
    connection = connections[alias]
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            # why: the backup API replaces the target's pages in one locked step, so no reader sees a mix
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()  # why: tables are dropped and made anew; a held connection keeps stale plans
    args, env = _pg_args(alias)
    command = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        *args,
        str(path),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("pg_restore fejlede, og intet er ændret: %(error)s") % {"error": result.stderr.strip()}
        )
