"""Per-member rate limits on writes that reach other people (comments, posts, expressions of
interest, thread messages, event registrations), counted in the Django cache.

`MEMBER_RATE_LIMITS` maps an action to "N/period" (period: s, m, h, d, or a number of
seconds such as 30s); each is read from the environment (`RATE_LIMIT_<ACTION>`). The
pages and API operations call `check(user, action)` just before the service: services stay
free of it, so commands and seeders are not limited. Past the limit `RateLimited` is
raised: a `ValidationError`, so a page shows it as a form error or message, and the API
answers 429 JSON with `Retry-After` (kakehashi/api.py).
"""

import re
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


class RateLimited(ValidationError):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(
            _("You are doing this too often. Try again in %(seconds)s seconds.") % {"seconds": retry_after},
            code="rate_limited",
        )


def status_for(exc: ValidationError) -> int:
    """The status of a page that shows `exc` as a form error: 429 when rate-limited."""
    return 429 if isinstance(exc, RateLimited) else 400


def parse(rate: str) -> tuple[int, int]:
    """"10/m" → (10, 60); "5/30s" → (5, 30). Raises ValueError on anything else."""
    match = RATE.match(rate)
    if not match:
        raise ValueError(f"Not a rate (N/period, e.g. 10/m): {rate!r}")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * UNITS[unit]


def check(user: Any, action: str) -> None:
    """Count one `action` by `user`; raise RateLimited once the window's allowance is used."""
    rate = settings.MEMBER_RATE_LIMITS.get(action)
    if not rate or not getattr(user, "is_authenticated", False):
        return
    limit, period = parse(rate)
    now = time.time()
    window = int(now // period)
    key = f"kk:rl:{action}:{user.pk}:{period}:{window}"
    cache.add(key, 0, period + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period + 5)
        used = 1
    if used > limit:
        raise RateLimited(retry_after=max(1, int((window + 1) * period - now) + 1))
