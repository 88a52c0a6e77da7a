"""A daily e-mail to an opportunity's owners listing its new strong matches (opt-out per
opportunity with `notify_matches`, and by the member's "e-mail me about activity" switch).
Only approved members (or staff) of the owning organisation receive it: the matches name
members-only opportunities, which an unapproved member may not see.

Safe in several worker processes at once: the rows to announce are claimed with a
conditional UPDATE that stamps them, and only the rows carrying that stamp are mailed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kakehashi.accounts.models import ApprovalStatus, Membership
from kakehashi.mail.services import queue_mail, send_queued_after_commit

from ..models import Match, Opportunity, Visibility, live_q


def send_match_digests(now: dt.datetime | None = None) -> int:
    """Mail every owner their opportunities' new strong matches; returns messages queued."""
    now = now or timezone.now()
    live = Opportunity.objects.filter(live_q())
    pending = Match.objects.filter(notified_at__isnull=True)
    strong = pending.filter(
        score__gte=settings.MATCHING_STRONG_SCORE, opportunity__in=live.filter(notify_matches=True), other__in=live
    )
    # Weak matches, and those of opportunities that opted out, are never announced later either.
    pending.exclude(pk__in=strong.values("pk")).update(notified_at=now)
    ids = list(strong.values_list("pk", flat=True))
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
    sent = 0
    with transaction.atomic():
        memberships = Membership.objects.filter(
            organisation_id__in=list(by_organisation), status=Membership.Status.ACTIVE,
            user__is_active=True, user__email_notifications=True,
        ).filter(Q(user__approval_status=ApprovalStatus.APPROVED) | Q(user__is_staff=True)).select_related("user")
        for membership in memberships:
            user = membership.user
            items = [
                {
                    "mine": row.opportunity.title,
                    "title": row.other.title,
                    "reference": row.other.reference,
                    # Never the organisation of an anonymous opportunity; the country is not identifying.
                    "organisation": "" if row.other.visibility == Visibility.ANONYMOUS else row.other.organisation.name,
                    "country": row.other.organisation.country,
                    "score": round(row.score * 100),
                    "url": settings.SITE_URL + reverse("opportunities:detail", args=[row.other.reference]),
                }
                for row in by_organisation[membership.organisation_id]
            ]
            queue_mail(
                to=user.email, user=user, template="opportunities/mail/match_digest", locale=user.language,
                context={"name": user.get_short_name(), "items": items, "count": len(items),
                         "settings_url": settings.SITE_URL + reverse("opportunities:mine")},
                send=False,
            )
            sent += 1
        send_queued_after_commit()
    return sent
