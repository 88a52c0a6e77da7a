"""The post-session survey: e-mailed once after the session, answered by signed link,
summarised for organisers."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kakehashi.events import feedback, queries, registration, services
from kakehashi.events.models import Feedback, Session

from ..factories import EventSessionFactory, StaffFactory, UserFactory
from .helpers import outbox

pytestmark = pytest.mark.django_db


def _ended_session_with(users, **kwargs) -> Session:
    session = EventSessionFactory(capacity=10, **kwargs)
    for user in users:
        registration.register_member(user, session)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    return Session.objects.get(pk=session.pk)


def _token(recipient: str) -> str:
    mail = next(m for m in outbox("feedback") if m.recipient == recipient)
    return re.search(r"/events/feedback/([^/\s]+)/", mail.body_text).group(1)


def test_survey_is_emailed_once_to_confirmed_registrants_not_marked_absent():
    present, absent, unknown = UserFactory(language="hi"), UserFactory(), UserFactory()
    session = _ended_session_with([present, absent, unknown])
    services.mark_attendance(StaffFactory(), session, {session.registrations.get(user=absent).pk: False})

    first = feedback.send_due_feedback_requests()
    again = feedback.send_due_feedback_requests()

    assert (first, again) == (2, 0)
    assert sorted((m.recipient, m.locale) for m in outbox("feedback")) == sorted([(present.email, "hi"), (unknown.email, "en")])


def test_no_survey_before_the_end_or_when_switched_off(session):
    registration.register_member(UserFactory(), session)
    _ended_session_with([UserFactory()], feedback_survey=False)

    assert feedback.send_due_feedback_requests() == 0


def test_survey_is_not_sent_for_sessions_that_ended_over_a_week_ago():
    session = _ended_session_with([UserFactory()])

    assert feedback.send_due_feedback_requests(now=session.ends_at + dt.timedelta(days=8)) == 0


def test_answer_is_stored_and_a_second_answer_replaces_it():
    user = UserFactory()
    _ended_session_with([user])
    feedback.send_due_feedback_requests()
    token = _token(user.email)

    feedback.submit(token, rating=3, comment="Good")
    feedback.submit(token, rating=5, comment="  Very useful  ")

    assert list(Feedback.objects.values_list("rating", "comment")) == [(5, "Very useful")]


def test_rating_outside_1_to_5_and_long_comment_are_refused():
    user = UserFactory()
    _ended_session_with([user])
    feedback.send_due_feedback_requests()

    with pytest.raises(ValidationError) as exc:
        feedback.submit(_token(user.email), rating=6, comment="x" * 2001)

    assert exc.value.message_dict == {
        "rating": ["Choose a rating from 1 to 5."],
        "comment": ["Comments can be at most 2000 characters long."],
    }
    assert Feedback.objects.count() == 0


def test_feedback_page_takes_an_answer_without_sign_in():
    user = UserFactory()
    _ended_session_with([user])
    feedback.send_due_feedback_requests()
    url = f"/events/feedback/{_token(user.email)}/"

    page = Client().get(url)
    bad = Client().post(url, {"rating": "9"})
    done = Client().post(url, {"rating": "4", "comment": "<b>Thanks</b>"})

    assert page.status_code == 200 and 'name="rating"' in page.content.decode()
    assert bad.status_code == 400
    assert done.status_code == 200 and "Thank you for your feedback." in done.content.decode()
    assert list(Feedback.objects.values_list("rating", "comment")) == [(4, "<b>Thanks</b>")]


def test_feedback_page_with_a_forged_token_says_so():
    response = Client().get("/events/feedback/forged/")

    assert response.status_code == 400
    assert "This link is not valid." in response.content.decode()


def test_summary_gives_average_distribution_and_comments():
    users = [UserFactory() for _ in range(3)]
    session = _ended_session_with(users)
    feedback.send_due_feedback_requests()
    for user, (rating, comment) in zip(users, [(5, "Great"), (4, ""), (3, "Too short")], strict=False):
        feedback.submit(_token(user.email), rating=rating, comment=comment)

    summary = queries.feedback_summary(session)

    assert (summary["count"], summary["average"]) == (3, 4.0)
    assert summary["distribution"] == [(5, 1), (4, 1), (3, 1), (2, 0), (1, 0)]
    assert sorted(f.comment for f in summary["comments"]) == ["Great", "Too short"]


def test_organiser_sees_the_results_page():
    users = [UserFactory()]
    session = _ended_session_with(users)
    feedback.send_due_feedback_requests()
    feedback.submit(_token(users[0].email), rating=5, comment="Great")
    client = Client()
    client.force_login(StaffFactory())

    html = client.get(f"/events/manage/sessions/{session.slug}/feedback/").content.decode()

    assert "Average 5.0 out of 5 from 1 answer" in html and "Great" in html
