"""Remembers the client address of the current request for the access log."""

from tidlig.audit.context import current_ip


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # REMOTE_ADDR only: a proxy's X-Forwarded-For is trusted once the deployment sets it up.
        token = current_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
