"""Facts about this instance that commands write and pages read (`InstanceFlag` rows).

- `DEMO_DATA`: set by `kakehashi seed-demo`; the footer of every page then says the
  organisations, people and opportunities shown are invented.

`is_set` is read on every page, so its answer is cached (`FLAG_CACHE_SECONDS`; `set_flag`
and deleting the row in the admin clear it at once for the processes sharing the cache)."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from .models import InstanceFlag

DEMO_DATA = "demo_data"
FLAG_CACHE_SECONDS = 60


def _key(name: str) -> str:
    return f"kakehashi:flag:{name}"


def set_flag(name: str) -> None:
    """Set the flag (idempotent)."""
    InstanceFlag.objects.get_or_create(name=name)
    cache.delete(_key(name))


def is_set(name: str) -> bool:
    cached = cache.get(_key(name))
    if cached is None:
        cached = InstanceFlag.objects.filter(name=name).exists()
        cache.set(_key(name), cached, FLAG_CACHE_SECONDS)
    return bool(cached)


def _forget(sender: type[InstanceFlag], instance: InstanceFlag, **kwargs: object) -> None:
    cache.delete(_key(instance.name))


post_save.connect(_forget, sender=InstanceFlag, dispatch_uid="kakehashi.core.flags.saved")
post_delete.connect(_forget, sender=InstanceFlag, dispatch_uid="kakehashi.core.flags.deleted")
