"""One page of a list that grows with the municipality's history (docs/architecture.md, paged lists)."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def read_page(rows: QuerySet, size: int, number) -> Page:
    """Page `number` (any text: out of range or not a number gives the nearest page) of `rows`, with its
    rows read once, so the caller can log exactly those before the page is rendered."""
    page = Paginator(rows, size).get_page(number)
    page.object_list = list(page.object_list)
    return page
