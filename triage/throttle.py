"""Sign-in throttling (django-axes): who a client is behind a proxy, and limits by address.

django-axes counts failed sign-ins per (username, address) and per address alone
(AXES_LOCKOUT_PARAMETERS). It has one limit for both; `SignInThrottle` gives the address its own,
higher one (AXES_ADDRESS_FAILURE_LIMIT), so that one device trying many usernames is stopped
without a venue's shared address locking every adviser out after a few typos.
"""

import ipaddress
from functools import lru_cache
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

ADDRESS_ONLY = "ip_address"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """TRUSTED_PROXIES as networks: each an address (10.0.0.5) or a network (10.0.0.0/24)."""
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def client_address(request: HttpRequest) -> str:
    """The address of the client signing in (AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR, unless it is one of TRUSTED_PROXIES: then X-Forwarded-For is read from the right
    (each proxy appends the address it was sent from), skipping trusted proxies, and the first
    address no trusted proxy vouches for is the client. Without TRUSTED_PROXIES the header is
    ignored, so a client cannot forge its way past the limits by sending one.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _within(_address(remote), networks):
        return remote
    client = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop.strip())
        if address is None:
            return client  # garbled: nothing to the left of it was written by a trusted proxy
        client = str(address)
        if not _within(address, networks):
            return client
    return client


def _address(value: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _within(address: IPAddress | None, networks: tuple[IPNetwork, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


class SignInThrottle(AxesDatabaseHandler):
    """django-axes' database handler, with the address's own limit and its own reset.

    Failures are counted in units of AXES_FAILURE_LIMIT: the address's count is scaled so that
    AXES_ADDRESS_FAILURE_LIMIT failures from one address, whatever the usernames, reach the limit,
    as AXES_FAILURE_LIMIT failures for one username from that address do.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == ADDRESS_ONLY:
                failures = failures * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT
            worst = max(worst, failures)
        return worst

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """A successful sign-in clears that username's failures at the address, not the address's:
        signing in to one account must not wipe the count of guesses at others."""
        attempts = self.filter_user_attempts(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        count = 0
        for parameter, queryset in zip(parameters, attempts, strict=True):
            if parameter != ADDRESS_ONLY:
                count += queryset.delete()[0]
        return count
