"""The languages Kakehashi speaks, in one table: codes and native names (pretalx's habit).

`settings.LANGUAGES`, every model's and form's `language` choices and every check of a
language code read this module; nothing else spells the codes out.
"""

from typing import Literal, get_args

from django.db.models import TextChoices


class Language(TextChoices):
    EN = "en", "English"
    JA = "ja", "日本語"
    HI = "hi", "हिन्दी"


LANGUAGES: list[tuple[str, str]] = [(str(code), str(name)) for code, name in Language.choices]
CODES: tuple[str, ...] = tuple(code for code, _name in LANGUAGES)  # ("en", "ja", "hi")
DEFAULT = Language.EN.value
NATIVE_NAMES: dict[str, str] = dict(LANGUAGES)

# The same codes as a type, for API schemas (pydantic turns it into an OpenAPI enum).
Code = Literal["en", "ja", "hi"]
assert get_args(Code) == CODES, "core.languages.Code must list the codes of Language"


def supported(code: str | None) -> str:
    """`code` if Kakehashi speaks it, else the default language."""
    return code if code in CODES else DEFAULT
