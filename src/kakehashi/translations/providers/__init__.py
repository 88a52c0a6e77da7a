"""The configured machine-translation provider, if any (`TRANSLATION_PROVIDER`).

Empty (the embedded default): no machine translation; readers see human versions only and
no "Translate" button. A provider is one module; register a new one in `PROVIDERS`.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from .base import Provider, ProviderError, Rejected, Unavailable
from .deepl import DeepL
from .libretranslate import LibreTranslate

__all__ = ["PROVIDERS", "Provider", "ProviderError", "Rejected", "Unavailable", "configured", "current"]

PROVIDERS: dict[str, type[Provider]] = {"libretranslate": LibreTranslate, "deepl": DeepL}


@lru_cache(maxsize=4)
def _build(name: str, url: str, key: str, timeout: float, max_chars: int) -> Provider:
    return PROVIDERS[name](url, api_key=key, timeout=timeout, max_chars=max_chars or None)


def current() -> Provider | None:
    """The provider the operator chose, or None."""
    name = settings.TRANSLATION_PROVIDER
    if not name:
        return None
    return _build(
        name, settings.TRANSLATION_URL, settings.TRANSLATION_API_KEY,
        float(settings.TRANSLATION_TIMEOUT_SECONDS), int(settings.TRANSLATION_MAX_CHARS),
    )


def configured() -> bool:
    return bool(settings.TRANSLATION_PROVIDER)
