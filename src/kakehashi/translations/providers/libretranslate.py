"""LibreTranslate (self-hostable): `POST /translate`, `GET /languages`.

https://libretranslate.com/docs : `q` may be a list of texts; `format` "text" keeps line
breaks as they are; `api_key` only when the server requires one.
"""

from __future__ import annotations

from .base import Provider, Rejected, Unavailable


class LibreTranslate(Provider):
    name = "libretranslate"

    def fetch_languages(self) -> frozenset[str]:
        answer = self.request("GET", "/languages")
        if not isinstance(answer, list):
            raise Unavailable("libretranslate: unexpected /languages answer")
        return frozenset(str(item.get("code", "")) for item in answer if isinstance(item, dict))

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        data: dict[str, object] = {"q": texts, "source": source, "target": target, "format": "text"}
        if self.api_key:
            data["api_key"] = self.api_key
        answer = self.request("POST", "/translate", data=data)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts) or not all(isinstance(t, str) for t in translated):
            raise Rejected("libretranslate: unexpected /translate answer")
        return translated
