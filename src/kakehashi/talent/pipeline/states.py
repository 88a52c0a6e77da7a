"""The application pipeline as a pure state machine (no database): the states, the allowed
transitions and which side may make each. services.transition asks `transition_for` before
it writes anything; pages and the API offer exactly `moves_for(state, side)`.

    applied → screening → interview → offer → coe_applied → coe_issued
            → visa_applied → visa_issued → arrived → employment_started
    any open state → withdrawn (by the candidate, with a reason)
    any open state → rejected  (by the employer, with a reason)

The employer runs the hiring and the Certificate of Eligibility (it files the CoE in Japan);
the visa is the candidate's application at the Japanese embassy in India, so either side may
record it; arrival likewise; only the employer records the start of employment.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

APPLIED = "applied"
SCREENING = "screening"
INTERVIEW = "interview"
OFFER = "offer"
COE_APPLIED = "coe_applied"
COE_ISSUED = "coe_issued"
VISA_APPLIED = "visa_applied"
VISA_ISSUED = "visa_issued"
ARRIVED = "arrived"
EMPLOYMENT_STARTED = "employment_started"
WITHDRAWN = "withdrawn"
REJECTED = "rejected"

CANDIDATE = "candidate"
EMPLOYER = "employer"
SIDES = (CANDIDATE, EMPLOYER)

# The main line, in order: its index is the funnel's stage.
LINE = (APPLIED, SCREENING, INTERVIEW, OFFER, COE_APPLIED, COE_ISSUED, VISA_APPLIED, VISA_ISSUED, ARRIVED, EMPLOYMENT_STARTED)
FINAL = frozenset({EMPLOYMENT_STARTED, WITHDRAWN, REJECTED})
OPEN = tuple(s for s in LINE if s not in FINAL)

LABELS: dict[str, Promise] = {
    APPLIED: pgettext_lazy("application state", "Applied"),
    SCREENING: pgettext_lazy("application state", "Screening"),
    INTERVIEW: pgettext_lazy("application state", "Interview"),
    OFFER: pgettext_lazy("application state", "Offer"),
    COE_APPLIED: pgettext_lazy("application state", "Certificate of Eligibility applied for"),
    COE_ISSUED: pgettext_lazy("application state", "Certificate of Eligibility issued"),
    VISA_APPLIED: pgettext_lazy("application state", "Visa applied for"),
    VISA_ISSUED: pgettext_lazy("application state", "Visa issued"),
    ARRIVED: pgettext_lazy("application state", "Arrived in Japan"),
    EMPLOYMENT_STARTED: pgettext_lazy("application state", "Employment started"),
    WITHDRAWN: pgettext_lazy("application state", "Withdrawn"),
    REJECTED: pgettext_lazy("application state", "Rejected"),
}
CHOICES = [(state, LABELS[state]) for state in (*LINE, WITHDRAWN, REJECTED)]

# Documents (passport, certificates) open to the employer from this stage on.
DOCUMENTS_FROM = INTERVIEW


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    sides: frozenset[str]
    needs_reason: bool = False
    needs_interview: bool = False  # an interview time must come with the move

    @property
    def verb(self) -> Promise:
        return VERBS[self.target]


VERBS: dict[str, Promise] = {
    SCREENING: _("Start screening"),
    INTERVIEW: _("Schedule an interview"),
    OFFER: _("Make an offer"),
    COE_APPLIED: _("Record: Certificate of Eligibility applied for"),
    COE_ISSUED: _("Record: Certificate of Eligibility issued"),
    VISA_APPLIED: _("Record: visa applied for"),
    VISA_ISSUED: _("Record: visa issued"),
    ARRIVED: _("Record: arrived in Japan"),
    EMPLOYMENT_STARTED: _("Record: employment started"),
    WITHDRAWN: _("Withdraw my application"),
    REJECTED: _("Reject"),
}

_STEP_SIDES = {
    SCREENING: {EMPLOYER}, INTERVIEW: {EMPLOYER}, OFFER: {EMPLOYER}, COE_APPLIED: {EMPLOYER}, COE_ISSUED: {EMPLOYER},
    VISA_APPLIED: {CANDIDATE, EMPLOYER}, VISA_ISSUED: {CANDIDATE, EMPLOYER}, ARRIVED: {CANDIDATE, EMPLOYER},
    EMPLOYMENT_STARTED: {EMPLOYER},
}


def _table() -> dict[tuple[str, str], Transition]:
    table: dict[tuple[str, str], Transition] = {}
    for source, target in zip(LINE, LINE[1:], strict=False):
        table[source, target] = Transition(source, target, frozenset(_STEP_SIDES[target]), needs_interview=target == INTERVIEW)
    for source in OPEN:
        table[source, WITHDRAWN] = Transition(source, WITHDRAWN, frozenset({CANDIDATE}), needs_reason=True)
        table[source, REJECTED] = Transition(source, REJECTED, frozenset({EMPLOYER}), needs_reason=True)
    return table


TRANSITIONS = _table()


def transition_for(source: str, target: str, side: str) -> Transition | None:
    """The transition from `source` to `target` when `side` may make it, else None."""
    move = TRANSITIONS.get((source, target))
    return move if move is not None and side in move.sides else None


def moves_for(state: str, side: str) -> list[Transition]:
    """What `side` may do next from `state`, the main line first."""
    order = {s: i for i, s in enumerate((*LINE, WITHDRAWN, REJECTED))}
    moves = [t for (source, _target), t in TRANSITIONS.items() if source == state and side in t.sides]
    return sorted(moves, key=lambda t: order[t.target])


def stage(state: str) -> int:
    """The furthest point on the main line a state stands for (-1 for withdrawn/rejected)."""
    return LINE.index(state) if state in LINE else -1


def reached(state: str, milestone: str) -> bool:
    """Whether an application in `state` is at `milestone` of the main line or beyond."""
    return stage(state) >= LINE.index(milestone)
