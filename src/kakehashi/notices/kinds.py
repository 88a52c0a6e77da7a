"""Every kind of notice: the sentence a member reads (in their language, at read time) and,
for kinds that come with an e-mail, the label of its switch on the settings page.

A sentence names its parameters (`%(title)s` …); the app that notifies stores them as
strings on the notice. A missing parameter reads as an empty string, never an error. A
`date` parameter stored as `YYYY-MM-DD` is written as the reader's language writes dates.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kakehashi.core.dates import format_day


@dataclass(frozen=True)
class Kind:
    key: str
    sentence: Promise
    switch: Promise | None = None  # the e-mail switch's label; None: no e-mail of its own here


KINDS: dict[str, Kind] = {
    k.key: k
    for k in [
        Kind("interest_received", _("%(organisation)s expressed interest in “%(title)s”."),
             _("Someone expresses interest in my organisation's opportunity")),
        Kind("interest_accepted", _("Your interest in “%(title)s” was accepted: the introduction thread is open."),
             _("An expression of interest is accepted (introductions)")),
        Kind("interest_declined", _("Your interest in “%(title)s” was declined."),
             _("My organisation's expression of interest is declined")),
        Kind("interest_expiring", _("The interest of %(organisation)s in “%(title)s” expires on %(date)s unless you answer."),
             _("An expression of interest waits for our answer (reminder)")),
        Kind("interest_expired", _("Your interest in “%(title)s” expired without an answer."),
             _("My organisation's expression of interest expires unanswered")),
        Kind("thread_message", _("%(actor_name)s wrote in the introduction thread about “%(title)s”."),
             _("A new message in an introduction thread")),
        Kind("new_match", _("New strong match for “%(mine)s”: “%(title)s”."),
             _("New strong matches for my organisation's opportunities (daily)")),
        Kind("registration_confirmed", _("Your seat at “%(title)s” is confirmed."),
             _("My seat at a session is confirmed")),
        Kind("registration_promoted", _("A seat came free at “%(title)s”: you moved up from the waiting list."),
             _("I move up from a waiting list")),
        Kind("registration_cancelled", _("Your registration for “%(title)s” is cancelled.")),
        Kind("recording_available", _("The recording of “%(title)s” is online."),
             _("A recording of a session I registered for or follow is online")),
        # Staff review of a submitted opportunity: always e-mailed (no switch), like the decision itself.
        Kind("opportunity_published", _("Your opportunity “%(title)s” was approved and is published.")),
        Kind("opportunity_returned", _("Staff returned your opportunity “%(title)s” with comments: edit it and submit it again.")),
        Kind("moderation_warned", _("A moderator warned you about your contribution to “%(title)s”."),
             _("A moderator warns me about something I wrote")),
        Kind("moderation_hidden", _("A moderator hid your contribution to “%(title)s”.")),
        Kind("moderation_deleted", _("A moderator removed your contribution to “%(title)s”.")),
        # Community activity: its e-mails have their own switches (follows, replies, mentions).
        Kind("reply", _("%(actor_name)s replied to you on “%(title)s”.")),
        Kind("mention", _("%(actor_name)s mentioned you on “%(title)s”.")),
        Kind("comment", _("%(actor_name)s commented on “%(title)s”, which you follow.")),
        Kind("new_post", _("%(actor_name)s published “%(title)s” in a tag you follow.")),
        # SSW applications (talent): each change of stage, to the other side.
        Kind("ssw_application_update", _("Your application for “%(title)s”: %(state)s."),
             _("My SSW job application moves to a new stage")),
        Kind("ssw_candidate_update", _("%(actor_name)s, application for “%(title)s”: %(state)s."),
             _("A candidate applies to or acts on my organisation's SSW job")),
        # The "SSW employer" flag (talent): the request to staff, staff's decision to the
        # organisation's people; always e-mailed (no switch), like the opportunity review.
        Kind("ssw_employer_requested", _("%(organisation)s asks to be approved as an SSW employer.")),
        Kind("ssw_employer_approved", _("%(organisation)s is approved as an SSW employer: you can post SSW jobs.")),
        Kind("ssw_employer_declined", _("Staff declined the request of %(organisation)s to be an SSW employer.")),
    ]
}

SWITCHES: list[Kind] = [k for k in KINDS.values() if k.switch is not None]


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return ""


def sentence(kind: str, params: dict) -> str:
    """The notice in the active language."""
    known = KINDS.get(kind)
    if known is None:
        return ""
    return str(known.sentence) % _Params({k: _shown(k, v) for k, v in (params or {}).items()})


def _shown(key: str, value: object) -> str:
    if key == "date":
        try:
            return format_day(dt.date.fromisoformat(str(value)))
        except ValueError:
            pass
    return str(value)
