"""DeepL API: `POST /v2/translate`, `GET /v2/languages` (https://developers.deepl.com/docs).

The key goes in the `Authorization: DeepL-Auth-Key …` header. DeepL names target languages
with regions for some (EN-GB, EN-US) and source languages without: `EN` as a target is sent
as `EN-GB`. `preserve_formatting` keeps line breaks and punctuation as written.
"""

from __future__ import annotations

from .base import Provider, Rejected, Unavailable

TARGET_NAMES = {"en": "EN-GB"}


class DeepL(Provider):
    name = "deepl"
    max_chars = 5000

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"DeepL-Auth-Key {self.api_key}"} if self.api_key else {}

    def fetch_languages(self) -> frozenset[str]:
        answer = self.request("GET", "/v2/languages?type=target", headers=self._headers())
        if not isinstance(answer, list):
            raise Unavailable("deepl: unexpected /v2/languages answer")
        return frozenset(str(item.get("language", "")).split("-")[0].lower() for item in answer if isinstance(item, dict))

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        data = {
            "text": texts,
            "source_lang": source.upper(),
            "target_lang": TARGET_NAMES.get(target, target.upper()),
            "preserve_formatting": True,
        }
        answer = self.request("POST", "/v2/translate", data=data, headers=self._headers())
        items = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(items, list) or len(items) != len(texts):
            raise Rejected("deepl: unexpected /v2/translate answer")
        return [str(item.get("text", "")) if isinstance(item, dict) else "" for item in items]
