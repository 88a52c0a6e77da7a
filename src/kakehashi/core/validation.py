"""Validation shared by every app's API schemas."""

from typing import Annotated

from django.utils.translation import gettext
from pydantic import AfterValidator, Field


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


# Integers the databases can hold (a signed 64-bit integer, SQLite's and PostgreSQL's
# bigint): anything outside is a 422 before it reaches a query, where SQLite would raise
# OverflowError (a 500) and PostgreSQL would compare it as a numeric.
DB_INT_MIN = -(2**63)
DB_INT_MAX = 2**63 - 1

DbInt = Annotated[int, Field(ge=DB_INT_MIN, le=DB_INT_MAX)]
# A primary key: positive and within the database's range.
Id = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
