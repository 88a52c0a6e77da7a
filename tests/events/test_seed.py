"""The demo seed: the article's series and session, upcoming sessions, a language workshop."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kakehashi.events.models import Registration, Series, Session, Speaker

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_accounts", stdout=io.StringIO())
    call_command("seed_community", stdout=io.StringIO())
    call_command("seed_events", stdout=out)
    return out.getvalue()


def test_seed_loads_the_article_session_linked_to_the_write_up():
    _seed()

    series = Series.objects.get(slug="india-japan-partnership-perspectives")
    article = series.sessions.get(starts_at__date=dt.date(2021, 1, 18))
    assert series.title == "India-Japan Partnership Perspectives"
    assert (article.recorded, article.recording_url.startswith("https://www.youtube.com/watch?v=")) == (True, True)
    assert article.starts_at == dt.datetime(2021, 1, 18, 1, 0, tzinfo=dt.UTC)  # 10:00 JST, 06:30 IST
    assert [(s.name, s.title) for s in article.speakers.order_by("name")] == [
        ("H.E. Sanjay Kumar Verma", "Ambassador of India to Japan"), ("Hiroshi Tanabe", "Chairman"),
    ]
    assert article.writeup_post.kind == "session_writeup"


def test_seed_has_upcoming_sessions_a_language_workshop_and_matchmaking():
    _seed()

    upcoming = Session.objects.filter(starts_at__gt=timezone.now())
    assert upcoming.count() == 3
    workshop = upcoming.get(kind="workshop")
    assert "Japanese for Indian engineers" in workshop.title and workshop.languages == ["ja", "en", "hi"]
    assert upcoming.filter(kind="matchmaking").get().series.organisation.slug == "indo-nippon-business-council-chennai"
    assert Registration.objects.filter(session__in=upcoming, reminders__state="pending").distinct().count() == 15


def test_seed_is_idempotent():
    _seed()
    counts = (Series.objects.count(), Session.objects.count(), Registration.objects.count())

    second = io.StringIO()
    call_command("seed_events", stdout=second)

    assert (Series.objects.count(), Session.objects.count(), Registration.objects.count()) == counts == (3, 4, 27)
    assert second.getvalue().strip() == "Events demo data already loaded."


def test_seeded_speakers_carry_no_meta_text_about_being_made_up():
    _seed()

    shown = " ".join(f"{s.name} {s.title} {s.affiliation} {s.bio}" for s in Speaker.objects.all()).lower()
    assert [word for word in ("fictional", "standing in", "example industries") if word in shown] == []
