"""Single requests in-process against the benchmark database: median and fastest time, queries, bytes.

    .venv/bin/python bench/single_request.py [home] [course] [board] [dashboard] [floor]

The same users, pages and settings as `make bench` (DEBUG off, manifest static files: run
`manage.py collectstatic` once), through Django's test client, one request at a time, so a change
can be measured in a minute without the load run (docs/performance.md). Each request writes its
audit rows to the benchmark database, as under `make bench`. Settings: BENCH_DATABASE_URL,
BENCH_REQUESTS (15).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import DATABASE_URL, ENV  # noqa: E402

os.environ.update(ENV | {"DATABASE_URL": DATABASE_URL, "ALLOWED_HOSTS": "testserver"})

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tidlig.accounts.models import User  # noqa: E402
from tidlig.courses.models import Course  # noqa: E402
from tidlig.lib.dates import today  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "15"))


def pages() -> dict[str, tuple[Client, str]]:
    # as bench/run.py: the first leader, and the first worker with two open courses and the earliest of them
    leader = User.objects.filter(role=User.Role.LEADER).order_by("id").first()
    worker = (
        User.objects.filter(role=User.Role.WORKER, courses__status=Course.Status.OPEN)
        .annotate(n=Count("courses", filter=Q(courses__status=Course.Status.OPEN)))
        .filter(n__gte=2)
        .order_by("username")
        .first()
    )
    course = (
        Course.objects.filter(workers=worker, status=Course.Status.OPEN)
        .order_by("start_meeting_on", "id")
        .first()
    )
    year = today().year - 1
    results = f"/statistik/resultater/?unit={leader.unit_id}&start={year}-01-01&end={year}-12-31"
    as_worker, as_leader = Client(), Client()
    as_worker.force_login(worker)
    as_leader.force_login(leader)
    return {
        "floor": (as_worker, "/bench/gulv/"),
        "home": (as_worker, "/"),
        "course": (as_worker, f"/forloeb/{course.uuid}/"),
        "board": (as_leader, "/visitation/"),
        "dashboard": (as_leader, results),
    }


def main(names: list[str]) -> None:
    available = pages()
    for name in names or ["floor", "home", "course", "board", "dashboard"]:
        client, url = available[name]
        for _ in range(2):  # warm the template and translation caches
            status = client.get(url).status_code
            if status != 200:
                raise SystemExit(f"{name}: {url} answered {status}")
        times = []
        for _ in range(REQUESTS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
        print(
            f"{name:9} median {statistics.median(times):7.1f} ms  fastest {min(times):7.1f} ms  "
            f"queries {len(queries):3}  {len(response.content):7,} bytes"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
