"""Applying and moving an application: each change recorded with time and actor, the other
side told by a notice and an e-mail in their own language, interview times in their zone plus
IST and JST with the .ics attached."""

import base64
import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kakehashi.core.models import AuditEntry
from kakehashi.mail.models import OutboxMessage
from kakehashi.notices.models import Notice
from kakehashi.talent.pipeline import services
from kakehashi.talent.pipeline.models import Application, EmployerNote

from ...factories import ApplicationFactory, SswJobFactory

pytestmark = pytest.mark.django_db

JST = zoneinfo.ZoneInfo("Asia/Tokyo")


def _next_year(hour=10):
    return dt.datetime(timezone.now().year + 1, 1, 18, hour, 0, tzinfo=JST)


def test_applying_records_the_event_and_tells_the_employer_in_japanese(candidate, job, employer):
    application = services.apply(candidate.user, job, "नमस्ते, I can start in April.")

    assert application.state == "applied"
    [event] = application.events.all()
    assert (event.side, event.source, event.target, event.actor) == ("candidate", "", "applied", candidate.user)
    [mail] = OutboxMessage.objects.filter(recipient="tanaka@sakura.example.jp")
    assert (mail.template, mail.locale) == ("talent/mail/application_changed", "ja")
    assert "調理スタッフ" in mail.subject and "応募" in mail.subject
    [notice] = Notice.objects.filter(recipient=employer)
    assert (notice.kind, notice.url) == ("ssw_candidate_update", f"/talent/applications/{application.pk}/")
    assert AuditEntry.objects.filter(action="talent.application_created", target_id=str(application.pk)).count() == 1


def test_applying_twice_to_one_job_is_refused(candidate, job):
    services.apply(candidate.user, job)

    with pytest.raises(ValidationError, match="already applied"):
        services.apply(candidate.user, job)
    assert Application.objects.count() == 1


def test_a_draft_job_takes_no_application(candidate, employer_org):
    draft = SswJobFactory(organisation=employer_org, status="draft")

    with pytest.raises(ValidationError):
        services.apply(candidate.user, draft)


def test_a_member_without_a_candidate_profile_cannot_apply(job, employer):
    with pytest.raises(PermissionDenied):
        services.apply(employer, job)


def test_the_employer_moves_to_screening_and_the_candidate_is_told_in_hindi(candidate, job, employer):
    application = ApplicationFactory(candidate=candidate, job=job)

    services.transition(employer, application, "screening")

    application.refresh_from_db()
    assert application.state == "screening"
    [mail] = OutboxMessage.objects.filter(recipient="priya@example.in")
    assert mail.locale == "hi"
    assert "आवेदन" in mail.subject and "Kitchen staff" in mail.subject
    assert Notice.objects.get(recipient=candidate.user).kind == "ssw_application_update"


def test_the_candidate_cannot_make_an_employer_move(candidate, job):
    application = ApplicationFactory(candidate=candidate, job=job)

    with pytest.raises(ValidationError):
        services.transition(candidate.user, application, "screening")
    application.refresh_from_db()
    assert application.state == "applied"


def test_an_employer_of_another_organisation_cannot_move_it(candidate, job, other_employer):
    application = ApplicationFactory(candidate=candidate, job=job)

    with pytest.raises(PermissionDenied):
        services.transition(other_employer, application, "screening")


def test_rejection_needs_a_reason_which_the_candidate_reads(candidate, job, employer):
    application = ApplicationFactory(candidate=candidate, job=job)

    with pytest.raises(ValidationError):
        services.transition(employer, application, "rejected", reason="  ")
    services.transition(employer, application, "rejected", reason="The post is filled.")

    application.refresh_from_db()
    assert (application.state, application.reason) == ("rejected", "The post is filled.")
    assert "The post is filled." in OutboxMessage.objects.get(recipient="priya@example.in").body_text


def test_withdrawal_by_the_candidate_tells_every_person_of_the_employer(candidate, job, employer, employer_org):
    from ...factories import MembershipFactory, UserFactory

    colleague = MembershipFactory(organisation=employer_org, user=UserFactory(email="suzuki@sakura.example.jp", language="en")).user
    application = ApplicationFactory(candidate=candidate, job=job, state="offer")

    services.transition(candidate.user, application, "withdrawn", reason="I accepted another offer.")

    assert sorted(OutboxMessage.objects.values_list("recipient", "locale")) == [
        ("suzuki@sakura.example.jp", "en"), ("tanaka@sakura.example.jp", "ja")]
    assert Notice.objects.filter(recipient__in=[employer, colleague]).count() == 2


def test_scheduling_the_interview_mails_times_in_the_candidates_zone_then_jst_with_the_ics(candidate, job, employer):
    application = ApplicationFactory(candidate=candidate, job=job, state="screening")
    at = _next_year(10)

    services.schedule_interview(employer, application, at, 45, "https://meet.example/ssw-1")

    application.refresh_from_db()
    assert (application.state, application.interview_at, application.interview_minutes) == ("interview", at, 45)
    [mail] = OutboxMessage.objects.filter(recipient="priya@example.in")
    year = at.year
    weekday = ["सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार", "रविवार"][at.weekday()]
    assert mail.context["interview"] == [f"{weekday}, 18 जनवरी {year} 06:30 IST", f"{weekday}, 18 जनवरी {year} 10:00 JST"]
    [attachment] = mail.attachments
    assert attachment["filename"] == f"ssw-interview-{application.pk}-{year}-01-18.ics"
    event = icalendar.Calendar.from_ical(base64.b64decode(attachment["content_b64"])).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == at
    assert event.decoded("DTEND") == at + dt.timedelta(minutes=45)
    assert event["SEQUENCE"] == 0


def test_moving_the_interview_raises_the_calendar_sequence(candidate, job, employer):
    application = ApplicationFactory(candidate=candidate, job=job, state="screening")
    services.schedule_interview(employer, application, _next_year(10))

    services.schedule_interview(employer, application, _next_year(14))

    application.refresh_from_db()
    assert (application.interview_sequence, application.interview_at) == (1, _next_year(14))
    assert list(application.events.values_list("source", "target")) == [("screening", "interview"), ("interview", "interview")]


def test_an_interview_in_the_past_or_of_impossible_length_is_refused(candidate, job, employer):
    application = ApplicationFactory(candidate=candidate, job=job, state="screening")

    with pytest.raises(ValidationError):
        services.schedule_interview(employer, application, timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.schedule_interview(employer, application, _next_year(), minutes=5)
    with pytest.raises(ValidationError):
        services.transition(employer, application, "interview")
    application.refresh_from_db()
    assert application.state == "screening"


def test_the_whole_line_to_employment_records_every_change_with_its_actor(candidate, job, employer):
    application = ApplicationFactory(candidate=candidate, job=job)
    services.transition(employer, application, "screening")
    services.schedule_interview(employer, application, _next_year())
    for target in ("offer", "coe_applied", "coe_issued"):
        services.transition(employer, application, target)
    for target in ("visa_applied", "visa_issued", "arrived"):
        services.transition(candidate.user, application, target)
    services.transition(employer, application, "employment_started")

    sides = list(application.events.values_list("target", "side"))
    assert sides == [("screening", "employer"), ("interview", "employer"), ("offer", "employer"), ("coe_applied", "employer"),
                     ("coe_issued", "employer"), ("visa_applied", "candidate"), ("visa_issued", "candidate"),
                     ("arrived", "candidate"), ("employment_started", "employer")]
    assert OutboxMessage.objects.filter(recipient="priya@example.in").count() == 6
    assert OutboxMessage.objects.filter(recipient="tanaka@sakura.example.jp").count() == 3


def test_employer_notes_are_only_for_the_employer(candidate, job, employer):
    application = ApplicationFactory(candidate=candidate, job=job)

    services.add_note(employer, application, "Good Japanese on the phone.")
    with pytest.raises(PermissionDenied):
        services.add_note(candidate.user, application, "me too")

    assert list(EmployerNote.objects.values_list("body", "author")) == [("Good Japanese on the phone.", employer.pk)]
