"""Danish error pages without stack traces (ASVS 16.5.1). The 500 page needs no database."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    """A form sent without a valid security token: usually an old page or blocked cookies."""
    return render(request, "errors/csrf.html", status=403)
