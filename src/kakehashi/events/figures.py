"""Programme figures of events (staff only): registrations by status, attendance and
feedback ratings. A registration counts when it was made; attendance and feedback belong
to the registrations made in the range. The country filter keeps registrations of people
acting for an organisation of that country (visitors have none)."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, QuerySet
from django.utils.translation import gettext as _

from kakehashi.core.figures import Filters, Row, Table, counts, labelled, require_staff

from .models import Feedback, Registration


def registrations(viewer: Any, filters: Filters) -> QuerySet[Registration]:
    require_staff(viewer)
    qs = Registration.objects.filter(filters.within("created_at"))
    if filters.country:
        qs = qs.filter(user__memberships__status="active", user__memberships__organisation__country=filters.country)
    return qs.distinct()


def tables(viewer: Any, filters: Filters) -> list[Table]:
    regs = registrations(viewer, filters)
    held = regs.exclude(status__in=[Registration.Status.PENDING, Registration.Status.CANCELLED])
    attendance = counts(held.filter(attended__isnull=False), "attended")
    feedback = Feedback.objects.filter(registration__in=regs)
    average = feedback.aggregate(avg=Avg("rating"))["avg"]
    ratings = counts(feedback, "rating")
    return [
        Table("registrations_by_status", _("Event registrations by status"),
              labelled(Registration.Status.choices, counts(regs, "status"))),
        Table("attendance", _("Attendance (registrations marked by organisers)"), [
            Row("attended", _("Attended"), attendance.get(True, 0)),
            Row("absent", _("Did not attend"), attendance.get(False, 0)),
            Row("unmarked", _("Not marked"), held.filter(attended__isnull=True).count()),
        ]),
        Table("feedback_ratings", _("Feedback ratings (1 to 5)"),
              [Row(str(n), f"{n} ★", ratings.get(n, 0)) for n in range(5, 0, -1)],
              note=_("Average rating: %(average)s") % {"average": f"{average:.1f}" if average is not None else "–"}),
    ]
