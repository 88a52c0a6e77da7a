"""The client's address, as seen through a configured number of trusted reverse proxies.

`TRUSTED_PROXY_COUNT` (env, default 0) says how many proxies in front of Kakehashi append
to `X-Forwarded-For`. With 0 the address is the TCP peer (`REMOTE_ADDR`). With N the
address is the N-th entry from the right of `X-Forwarded-For` — the one the outermost
trusted proxy saw; anything further left was written by the client and is ignored. A
header with fewer entries than N (a request that bypassed a proxy) falls back to the peer.
Sign-in limits, per-address limits and the local-only debug page all use this one answer.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1:value.index("]")]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address, or the peer's when no trusted proxy says otherwise."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        entries = [e for e in forwarded.split(",") if e.strip()]
        if len(entries) >= count:
            chosen = _clean(entries[-count])
            if chosen:
                return chosen
    return _clean(peer) or "0.0.0.0"


def is_loopback(request: HttpRequest) -> bool:
    """Whether the client (through trusted proxies) is this machine."""
    try:
        return ipaddress.ip_address(client_ip(request)).is_loopback
    except ValueError:
        return False
