"""The `kkref` path converter: an opportunity's reference (KK- and eight hex digits) in page
and API paths, so other paths of the app (`mine/`, `interests/` …) never collide with it.
Registered on import; `urls.py` and `api.py` both import this module."""

from django.urls import register_converter


class ReferenceConverter:
    regex = "[Kk][Kk]-[0-9A-Fa-f]{8}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "kkref")
