"""CSV exports of the programme view, streamed row by row through `core.spreadsheets`.

Cells that a spreadsheet would read as a formula (starting with = + - @, or a tab or
carriage return before one) get a leading apostrophe (OWASP "CSV injection"). The file
starts with a UTF-8 byte-order mark so spreadsheet programs read Japanese and Hindi."""

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone

from kakehashi.core import spreadsheets

from . import queries


def cell(value: Any) -> Any:
    """`value` as written to the file: times in UTC (ISO 8601, "Z"), dates in ISO, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def stream(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    return spreadsheets.csv_lines(itertools.chain([header], ([cell(v) for v in row] for row in rows)))


def filename(name: str, today: dt.date | None = None) -> str:
    return f"kakehashi-{name}-{(today or timezone.localdate()).isoformat()}.csv"


OPPORTUNITY_HEADER = [
    "reference", "title", "kind", "aim", "status", "visibility", "language", "organisation", "organisation_country",
    "sectors", "target_countries", "created_at", "published_at", "expires_on", "closed_at", "outcome",
    "interests", "accepted_interests",
]


def opportunities() -> Iterator[list[Any]]:
    for o in queries.opportunity_rows().iterator(chunk_size=500):
        yield [
            o.reference, o.title, o.kind, o.aim, o.status, o.visibility, o.language, o.organisation.name,
            o.organisation.country, " ".join(s.code for s in o.sectors.all()), " ".join(o.target_countries or []),
            o.created_at, o.published_at, o.expires_on, o.closed_at, o.outcome, o.interest_count, o.accepted_count,
        ]


INTEREST_HEADER = [
    "interest_id", "opportunity_reference", "opportunity_title", "owner_organisation", "owner_country",
    "sender_organisation", "sender_country", "state", "created_at", "answered_at", "reminder_sent_at",
    "decline_reason", "introduction_id", "introduced_at", "messages", "outcomes",
]


def interests() -> Iterator[list[Any]]:
    for i in queries.interest_rows().iterator(chunk_size=500):
        intro = getattr(i, "introduction", None)
        yield [
            i.pk, i.opportunity.reference, i.opportunity.title, i.opportunity.organisation.name,
            i.opportunity.organisation.country, i.organisation.name, i.organisation.country, i.state, i.created_at,
            i.answered_at, i.reminder_sent_at, i.decline_reason, intro.pk if intro else None,
            intro.created_at if intro else None, i.message_count, i.outcome_count,
        ]


OUTCOME_HEADER = [
    "outcome_id", "introduction_id", "opportunity_reference", "owner_organisation", "sender_organisation",
    "recorded_by_organisation", "outcome", "note", "recorded_at",
]


def outcomes() -> Iterator[list[Any]]:
    for r in queries.outcome_rows().iterator(chunk_size=500):
        interest = r.introduction.interest
        yield [
            r.pk, r.introduction_id, r.opportunity_reference, interest.opportunity.organisation.name,
            interest.organisation.name, r.organisation.name, r.outcome, r.note, r.created_at,
        ]


EXPORTS = {
    "opportunities": (OPPORTUNITY_HEADER, opportunities),
    "interests": (INTEREST_HEADER, interests),
    "outcomes": (OUTCOME_HEADER, outcomes),
}
