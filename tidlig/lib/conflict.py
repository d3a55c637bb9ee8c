"""Optimistic locking in the views: what a conflict (409) shows the user."""

from collections.abc import Callable

from django import forms
from django.http import HttpRequest

CONFLICT = 409


def rebind_to_saved(
    request: HttpRequest,
    saved,
    make_form: Callable[[dict], forms.Form],
    *,
    version_field: str = "version",
) -> forms.Form:
    """The user's input, bound again with the saved row's version: the page shows both versions, nothing
    typed is lost, and saving again is a deliberate overwrite. The caller adds the conflict's message."""
    post = request.POST.copy()
    post[version_field] = str(saved.version)
    form = make_form(post)
    form.is_valid()
    return form
