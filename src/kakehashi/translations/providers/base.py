"""The provider interface, and the HTTP every provider speaks through.

A provider is one module with one class: `languages()` (the codes it translates, asked once
and remembered) and `translate(texts, source, target)` (one request, a list of texts in, the
same number out). Everything else (splitting long texts, retries with back-off, the cache,
who may read what) is the provider-independent part in `translations.engine`; adding Google
or Microsoft is one module here and one line in `providers.PROVIDERS`.

Errors: `Unavailable` for what may pass (connection refused, time-out, 429, 5xx): retried,
then "not available right now"; `Rejected` for what will not (any other 4xx, a body that is
not what the API documents): not retried. API keys come from the environment and never
appear in an error message or a log line.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

USER_AGENT = "Kakehashi translation client"


class ProviderError(Exception):
    retry_after: float | None = None


class Unavailable(ProviderError):
    """Transient: the provider is down, slow or rate-limiting; try again later."""


class Rejected(ProviderError):
    """Permanent for this text: the provider refuses it (bad request, unsupported language, key refused)."""


class Provider:
    name = ""
    # Characters sent in one request at most (texts are split on paragraphs to fit).
    max_chars = 2000

    def __init__(self, url: str, api_key: str = "", timeout: float = 10.0, max_chars: int | None = None) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        if max_chars:
            self.max_chars = max_chars
        self._languages: frozenset[str] | None = None
        self._languages_at = 0.0
        self._lock = threading.Lock()

    # --- what a provider module implements -----------------------------------------------------

    def fetch_languages(self) -> frozenset[str]:  # pragma: no cover - each provider implements it
        raise NotImplementedError

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:  # pragma: no cover
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------------------

    LANGUAGES_TTL = 3600.0

    def languages(self) -> frozenset[str]:
        """The language codes (en, ja, hi …) the provider translates; asked at most hourly."""
        with self._lock:
            if self._languages is None or time.monotonic() - self._languages_at > self.LANGUAGES_TTL:
                self._languages = self.fetch_languages()
                self._languages_at = time.monotonic()
            return self._languages

    def supports(self, source: str, target: str) -> bool:
        codes = self.languages()
        return source in codes and target in codes and source != target

    def request(self, method: str, path: str, *, data: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Any:
        """One HTTP exchange with a JSON answer; errors as `Unavailable` / `Rejected`."""
        body = json.dumps(data).encode("utf-8") if data is not None else None
        request = urllib.request.Request(self.url + path, data=body, method=method)
        request.add_header("User-Agent", USER_AGENT)
        request.add_header("Accept", "application/json")
        if body is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            status = error.code
            retry_after = error.headers.get("Retry-After") if error.headers else None
            error.close()
            if status == 429 or status >= 500:
                failure: ProviderError = Unavailable(f"{self.name} answered HTTP {status}")
                try:
                    failure.retry_after = float(retry_after) if retry_after else None
                except ValueError:
                    failure.retry_after = None
                raise failure from None
            raise Rejected(f"{self.name} refused the request: HTTP {status}") from None
        except TimeoutError:
            raise Unavailable(f"{self.name} did not answer within {self.timeout:g} s") from None
        except (urllib.error.URLError, ConnectionError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise Unavailable(f"{self.name} cannot be reached: {type(reason).__name__}") from None
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Unavailable(f"{self.name} answered something that is not JSON") from None
