"""The organisers' report after the event: meetings held, no-show rate, outcomes, by
country pair and by sector."""

from __future__ import annotations

from collections import Counter
from typing import Any

from kakehashi.events.models import Session

from . import queries
from .models import Meeting, MeetingRequest

NO_SHOW = Meeting.Outcome.NO_SHOW


def summary(session: Session) -> dict[str, Any]:
    meetings = list(queries.meetings_of(session).prefetch_related("request__requester__organisation__sectors", "request__receiver__organisation__sectors"))
    states = Counter(MeetingRequest.objects.filter(session=session).values_list("state", flat=True))
    outcomes: Counter[str] = Counter()
    pairs: dict[str, Counter[str]] = {}
    sectors: dict[str, Counter[str]] = {}
    held = no_show = reported = 0
    for meeting in meetings:
        answers = [o for o in (meeting.outcome_requester, meeting.outcome_receiver) if o]
        if not answers:
            status = "unreported"
        else:
            reported += 1
            status = NO_SHOW if NO_SHOW in answers else "held"
        held += status == "held"
        no_show += status == NO_SHOW
        outcomes.update(answers)
        a, b = meeting.request.requester.organisation, meeting.request.receiver.organisation
        pair = " ↔ ".join(sorted([a.country, b.country]))
        pairs.setdefault(pair, Counter())[status] += 1
        for sector in {s.code: s for s in [*a.sectors.all(), *b.sectors.all()]}.values():
            sectors.setdefault(str(sector), Counter())[status] += 1
    return {
        "meetings": len(meetings), "reported": reported, "held": held, "no_show": no_show,
        "no_show_rate": round(no_show / reported, 3) if reported else None,
        "requests": dict(states),
        "outcomes": [(choice.label, outcomes.get(choice.value, 0)) for choice in Meeting.Outcome],
        "pairs": sorted((k, dict(v)) for k, v in pairs.items()),
        "sectors": sorted((k, dict(v)) for k, v in sectors.items())[:30],
    }
