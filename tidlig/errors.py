"""Danish error pages without stack traces (ASVS 16.5.1). The 500 and 503 pages need no database."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

# Seconds a client is asked to wait when the database cannot be reached (a restart takes a few).
RETRY_AFTER_SECONDS = 10


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def _database_unreachable(error: BaseException | None) -> bool:
    """The database refused or dropped the connection (a restart, a failover, a full disk, SQLite's lock
    held too long), also when that error was wrapped by something on the way out."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def server_error(request):
    # why: Django calls handler500 inside its except block, so the error is still in sys.exc_info()
    if _database_unreachable(sys.exc_info()[1]):
        return database_unavailable(request)
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def database_unavailable(request):
    """503 with Retry-After instead of a 500: nothing is lost, the user can try again in a moment. The
    page is rendered without a request context, which would need the database for the user."""
    response = HttpResponse(loader.get_template("errors/503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request, reason=""):
    """A form sent without a valid security token: usually an old page or blocked cookies."""
    return render(request, "errors/csrf.html", status=403)


def method_not_allowed(request, allowed: str):
    """A GET on a URL that only takes a form's POST (an old bookmark, a reloaded result): Tidlig's own
    page with the Allow header, where Django would answer an empty 405."""
    response = render(request, "errors/405.html", status=405)
    response["Allow"] = allowed
    return response


class MethodNotAllowedMiddleware:
    """Every 405 a view answers (require_POST, require_http_methods, a class-based view) gets the Danish
    error page. Placed inside the security headers' middleware, so the page gets them too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            return method_not_allowed(request, response.get("Allow", ""))
        return response
