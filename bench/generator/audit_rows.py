"""Historical access-log rows for the benchmark generator, shaped as audit.services._write shapes them.

The generator's history happened before the database existed, so its reads and changes cannot be
logged by calling record_access/record_change at the moment they happen. These rows carry what those
calls would have written: the actor's snapshot (username, role, unit), the action, event, object,
purpose and detail, and one subject row per person (deduplicated in order, as _write does), with no IP.

On PostgreSQL the rows go in with COPY: at `large` the history is over a million rows, and bulk_create
would add several minutes to the load. COPY is an insert, and the append-only triggers (audit
migrations 0002/0003) guard only UPDATE and DELETE, so no guard is touched. The log ids are taken from
the table's own sequence first, so the subjects can name them. Elsewhere (SQLite, the tests) the same
rows go in through bulk_create.
"""

import json
import time
from dataclasses import dataclass, field

from django.db import connection

from tidlig.audit.models import AccessLog, AccessLogSubject

# The log's columns as `add` fills them; the IP stays empty (NULL): the history has none.
LOG_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "actor_role",
    "actor_unit",
    "action",
    "event",
    "object_type",
    "object_id",
    "purpose",
    "detail",
)


@dataclass
class AuditRows:
    """One batch's log rows; `add` mirrors record_change/record_access, `save` inserts them."""

    logs: list[tuple] = field(default_factory=list)
    persons: list[list[tuple[str, object]]] = field(default_factory=list)

    def add(self, *, at, actor, action, event, target=None, persons=(), purpose, detail=None) -> None:
        if target is None:
            object_type, object_id = "", ""
        else:
            object_type = target._meta.label_lower
            object_id = str(getattr(target, "uuid", None) or target.pk)
        self.logs.append(
            (
                at,
                actor.pk if actor else None,
                actor.username if actor else "",
                actor.role if actor else "",
                actor.unit.name if actor and actor.unit_id else "",
                action,
                event,
                object_type,
                object_id,
                purpose,
                detail or {},
            )
        )
        self.persons.append(list(dict.fromkeys(persons)))

    def view(self, *, at, actor, target, persons, purpose, action=AccessLog.Action.VIEW) -> None:
        """What record_access writes for a page showing the target: event `<app>.<model>.<action>`."""
        self.add(
            at=at,
            actor=actor,
            action=action,
            event=f"{target._meta.label_lower}.{action}",
            target=target,
            persons=persons,
            purpose=purpose,
        )

    def save(self, stats) -> None:
        if not self.logs:
            return
        # why: ids in time order, as the log gets them when the history happens
        order = sorted(range(len(self.logs)), key=lambda i: self.logs[i][0])
        logs = [self.logs[i] for i in order]
        persons = [self.persons[i] for i in order]
        if connection.vendor == "postgresql":
            self._copy(stats, logs, persons)
        else:
            self._bulk_create(stats, logs, persons)
        self.logs, self.persons = [], []

    def _copy(self, stats, logs, persons) -> None:
        log_table, subject_table = AccessLog._meta.db_table, AccessLogSubject._meta.db_table
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [log_table, len(logs)],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
            raw = cursor.cursor
            with raw.copy(f"COPY {log_table} (id, {', '.join(LOG_FIELDS)}) FROM STDIN") as copy:
                for log_id, row in zip(ids, logs, strict=True):
                    copy.write_row((log_id, *row[:-1], json.dumps(row[-1])))
            stats.seconds[log_table] += time.perf_counter() - began
            stats.rows[log_table] += len(logs)
            began = time.perf_counter()
            subjects = 0
            with raw.copy(f"COPY {subject_table} (log_id, person_type, person_id) FROM STDIN") as copy:
                for log_id, names in zip(ids, persons, strict=True):
                    for person_type, person_id in names:
                        copy.write_row((log_id, person_type, person_id))
                        subjects += 1
            stats.seconds[subject_table] += time.perf_counter() - began
            stats.rows[subject_table] += subjects

    def _bulk_create(self, stats, logs, persons) -> None:
        rows = [AccessLog(**dict(zip(LOG_FIELDS, row, strict=True))) for row in logs]
        stats.insert(AccessLog, rows)
        stats.insert(
            AccessLogSubject,
            [
                AccessLogSubject(log_id=log.pk, person_type=person_type, person_id=person_id)
                for log, names in zip(rows, persons, strict=True)
                for person_type, person_id in names
            ],
        )
