"""The client's address, as far as it can be trusted (ASVS 5.0 V16.2: the log names the real client).

Behind a reverse proxy, REMOTE_ADDR is the proxy. Only when REMOTE_ADDR is one of the deployment's
trusted proxies (settings.TRUSTED_PROXIES, from TIDLIG_TRUSTED_PROXIES) is X-Forwarded-For read, and
then from the right: each trusted hop is skipped and the first address that is not a trusted proxy is
the client. Anything a client wrote further left is never believed, and a malformed entry stops the walk.
"""

import ipaddress
from functools import cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_ip(request) -> str | None:
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    client = remote
    hops = (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
