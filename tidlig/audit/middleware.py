"""Remembers the client address of the current request for the access log."""

from tidlig.audit.context import current_ip
from tidlig.lib.net import client_ip


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The proxy's X-Forwarded-For only when the proxy is one of settings.TRUSTED_PROXIES.
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
