"""Validation shared by every app's API schemas."""

from typing import Annotated

from django.utils.translation import gettext
from pydantic import AfterValidator


def _refuse_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; Django's forms refuse it, so the API does too.
    if "\x00" in value:
        raise ValueError(gettext("Null characters are not allowed."))
    return value


PlainText = Annotated[str, AfterValidator(_refuse_nul)]


def without_nul(value: str) -> str:
    """For query-string filters: drop NUL instead of refusing the search."""
    return value.replace("\x00", "")


SearchText = Annotated[str, AfterValidator(without_nul)]
