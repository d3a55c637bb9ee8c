"""A group's rules as pure functions of the facts: no database, no clock. The services call them before
they write; the benchmark's generator, which writes a history in bulk, calls the same functions."""

from tidlig.groups.models import Enrollment


def enrolment_status(*, taken: int, capacity: int) -> str:
    """A place while the group has one (`taken` of `capacity` are enrolled), otherwise the waiting list."""
    return Enrollment.Status.ENROLLED if taken < capacity else Enrollment.Status.WAITING


def first_waiting(enrollments):
    """Who moves up when a place frees: the first on the waiting list, in the order they enrolled
    (`enrollments` ordered by when they enrolled)."""
    return next((e for e in enrollments if e.status == Enrollment.Status.WAITING), None)
