"""Failed sign-ins slow down the one address that makes them, for that one account.

Each (account, client address) pair has its own counter in the cache. The first
`LOGIN_FREE_FAILURES` failures cost nothing; each further failure makes the pair wait
`LOGIN_BACKOFF_BASE_SECONDS × 2^k` seconds (k = 0, 1, 2, …, capped at
`LOGIN_BACKOFF_MAX_SECONDS`) before the next password is even checked. A success clears the
pair. So an attacker guessing one member's password from one address slows down
exponentially, while a stranger elsewhere cannot lock the member out: the member's own
address has its own, untouched counter. allauth's per-address limit (`login_failed`, a
generous `…/m/ip`) still caps what one address tries across accounts. No CAPTCHA.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def _key(login: str, ip: str) -> str:
    digest = hashlib.sha256(f"{login.strip().lower()}|{ip}".encode()).hexdigest()
    return f"kk:signin:{digest}"


def _state(login: str, ip: str) -> dict:
    return cache.get(_key(login, ip)) or {"failures": 0, "until": 0.0, "delay": 0.0}


def wait_seconds(login: str, ip: str) -> float:
    """How long this address must still wait before it may try this account again."""
    return max(0.0, _state(login, ip)["until"] - time.time())


def delay_after(failures: int) -> float:
    """The wait imposed after the `failures`-th failure in a row."""
    free = settings.LOGIN_FREE_FAILURES
    if failures < free:
        return 0.0
    return float(min(settings.LOGIN_BACKOFF_BASE_SECONDS * 2 ** (failures - free), settings.LOGIN_BACKOFF_MAX_SECONDS))


def record_failure(login: str, ip: str) -> float:
    """Count one more failure for the pair; returns the wait it now imposes."""
    state = _state(login, ip)
    failures = state["failures"] + 1
    delay = delay_after(failures)
    keep = int(max(settings.LOGIN_BACKOFF_MAX_SECONDS * 4, 3600))
    cache.set(_key(login, ip), {"failures": failures, "until": time.time() + delay, "delay": delay}, keep)
    return delay


def record_success(login: str, ip: str) -> None:
    cache.delete(_key(login, ip))


def failures(login: str, ip: str) -> int:
    return _state(login, ip)["failures"]


def current_delay(login: str, ip: str) -> float:
    """The wait the pair's last failure imposed (0 before the free failures are used up)."""
    return _state(login, ip)["delay"]
