"""Whose address the access log and the rate limits see: X-Forwarded-For only through trusted proxies."""

import pytest
from django.test import RequestFactory

from tidlig.lib.net import client_ip

PROXY = "10.0.0.5"


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_it_ignores_x_forwarded_for_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_it_ignores_x_forwarded_for_from_an_untrusted_peer(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_it_takes_the_client_that_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    # the client wrote a fake address first; the proxy appended the real one
    assert client_ip(request(PROXY, "1.2.3.4, 198.51.100.1")) == "198.51.100.1"


def test_it_skips_a_chain_of_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request(PROXY, "198.51.100.1, 10.1.2.3")) == "198.51.100.1"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "198.51.100.1, <script>", "\u202e1.2.3.4"])
def test_it_stops_at_a_malformed_hop(settings, forwarded):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request(PROXY, forwarded)) == PROXY


def test_it_reads_ipv6(settings):
    settings.TRUSTED_PROXIES = ["fd00::/8"]
    assert client_ip(request("fd00::1", "2001:db8::7")) == "2001:db8::7"


def test_it_has_no_address_for_a_malformed_peer():
    assert client_ip(request("")) is None
