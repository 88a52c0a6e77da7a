"""API of programme: the dashboard's figures as JSON for staff (member_auth, then 403 for
anyone else). Bad filters are a 400 JSON body listing the fields."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema

from kakehashi.accounts.auth import MemberRequest, member_auth, require_staff
from kakehashi.core.apicontract import InvalidOut

from . import filters, sections

router = Router(tags=["programme"])


class ProgrammeRowOut(Schema):
    code: str
    label: str
    value: int


class ProgrammeTableOut(Schema):
    key: str
    title: str
    note: str
    rows: list[ProgrammeRowOut]


class ProgrammeLineOut(Schema):
    label: str
    values: list[int]


class ProgrammeSeriesOut(Schema):
    key: str
    title: str
    months: list[str] = Field(description="YYYY-MM, every month of the range")
    lines: list[ProgrammeLineOut]


class ProgrammeSectionOut(Schema):
    key: str
    title: str
    tables: list[ProgrammeTableOut]
    series: list[ProgrammeSeriesOut]


class ProgrammeFiguresOut(Schema):
    start: str | None = Field(description="YYYY-MM-DD (UTC), included")
    end: str | None = Field(description="YYYY-MM-DD (UTC), included")
    country: str
    sections: list[ProgrammeSectionOut]


@router.get("/figures", response={200: ProgrammeFiguresOut, 400: InvalidOut}, auth=member_auth,
            summary="The programme dashboard's figures for a date range and country (staff); "
            "bad dates or country: 400 with the fields")
def figures(request: MemberRequest, start: str = "", end: str = "", country: str = "") -> dict[str, Any]:
    """`start`, `end`: days (YYYY-MM-DD, UTC), both included; `country`: IN, JP or XX (an
    organisation's country), empty for all."""
    require_staff(request)
    form = filters.FilterForm({"start": start, "end": end, "country": country})
    if not form.is_valid():
        raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    chosen = form.filters()
    return {
        "start": chosen.start.isoformat() if chosen.start else None,
        "end": chosen.end.isoformat() if chosen.end else None,
        "country": chosen.country,
        "sections": [part.as_dict() for part in sections.collect(request.auth, chosen)],
    }
