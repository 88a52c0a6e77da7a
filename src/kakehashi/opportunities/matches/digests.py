"""A daily e-mail to the people of an opportunity's organisation (`accounts.people`: approved
members acting for it) listing its new strong matches (opt-out per opportunity with
`notify_matches`, and by the member's "e-mail me about activity" and "new strong matches"
switches); every one of those people also gets a notice per new strong match. A match the
organisation dismissed as not relevant is never announced, even when recomputed.

Safe in several worker processes at once: the rows to announce are claimed with a
conditional UPDATE that stamps them, and only the rows carrying that stamp are mailed; the
claim and the e-mails commit in one transaction, so a run killed midway is redone whole.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from kakehashi.accounts import people
from kakehashi.core.links import absolute_url
from kakehashi.mail.services import queue_mail, send_queued_after_commit
from kakehashi.notices import services as notices

from ..models import Match, MatchFeedback, Opportunity, Visibility, live_q
from . import ranking


def send_match_digests(now: dt.datetime | None = None) -> int:
    """Mail every owner their opportunities' new strong matches; returns messages queued."""
    now = now or timezone.now()
    live = Opportunity.objects.filter(live_q())
    pending = Match.objects.filter(notified_at__isnull=True)
    dismissed = MatchFeedback.objects.filter(
        opportunity=OuterRef("opportunity"), other=OuterRef("other"), verdict=MatchFeedback.Verdict.DISMISSED
    )
    strong = pending.filter(
        score__gte=settings.MATCHING_STRONG_SCORE, opportunity__in=live.filter(notify_matches=True), other__in=live
    ).exclude(Exists(dismissed))
    # Weak matches, and those of opportunities that opted out, are never announced later either.
    pending.exclude(pk__in=strong.values("pk")).update(notified_at=now)
    ids = list(strong.values_list("pk", flat=True))
    sent = 0
    # The claim commits with the e-mails: a worker killed in between leaves the matches
    # unclaimed for the next run (not claimed and never mailed).
    with transaction.atomic():
        if not Match.objects.filter(pk__in=ids, notified_at__isnull=True).update(notified_at=now):
            return 0
        rows = (
            Match.objects.filter(pk__in=ids, notified_at=now)
            .select_related("opportunity", "other__organisation")
            .order_by("opportunity_id", "-score")
        )
        by_organisation: dict[int, list[Match]] = defaultdict(list)
        for row in rows:
            by_organisation[row.opportunity.organisation_id].append(row)
        # The people of each organisation (`accounts.people`: approved members acting for an
        # approved organisation); an unapproved member never reads members-only titles.
        everyone = people.people_by_organisation(by_organisation)
        for organisation_id, users in everyone.items():  # the notification centre: everyone, mail or not
            for row in by_organisation[organisation_id]:
                notices.notify(
                    users, "new_match", key=f"match:{row.opportunity_id}:{row.other_id}",
                    url=reverse("opportunities:detail", args=[row.other.reference]),
                    mine=row.opportunity.title, title=row.other.title,
                )
        recipients = [
            (organisation_id, user)
            for organisation_id, users in everyone.items()
            for user in notices.email_recipients([u for u in users if u.email_notifications], "new_match")
        ]
        for organisation_id, user in recipients:
            items = [
                {
                    "mine": row.opportunity.title,
                    "title": row.other.title,
                    "reference": row.other.reference,
                    # Never the organisation of an anonymous opportunity; the country is not identifying.
                    "organisation": "" if row.other.visibility == Visibility.ANONYMOUS else row.other.organisation.name,
                    "country": row.other.organisation.country,
                    "strength": ranking.strength(row.score),  # a plain label, never a percentage
                    "url": absolute_url("opportunities:detail", row.other.reference),
                }
                for row in by_organisation[organisation_id]
            ]
            queue_mail(
                to=user.email, user=user, template="opportunities/mail/match_digest", locale=user.language,
                context={"name": user.get_short_name(), "items": items, "count": len(items),
                         "settings_url": absolute_url("opportunities:mine")},
                send=False,
            )
            sent += 1
        send_queued_after_commit()
    return sent
