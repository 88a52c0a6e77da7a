"""`kakehashi seed_events` (run by `kakehashi seed-demo`): session series, sessions, speakers,
questions, registrations and feedback.

Fixture loading like `seed_accounts`: rows are written directly and no e-mail is sent (the
reminders of the demo registrations are scheduled, so `kakehashi run` sends them when they
fall due). Needs the accounts demo data; links the January 2021 session to the community's
session write-up when `seed_community` has run. Running it twice changes nothing.

The article's session: the online series "India-Japan Partnership Perspectives", 18 January
2021, with the Ambassador of India to Japan, H.E. Sanjay Kumar Verma, and an industry leader.
We are not sure of the industry speaker's name, so the demo uses an invented person and
company ("Hiroshi Tanabe" of "Tanabe Seiki K.K.") with an ordinary biography; the site's
footer says the content is demo data. The recording link is YouTube-style but made up.
"""

import datetime as dt
import zoneinfo

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kakehashi.accounts.models import Organisation, User
from kakehashi.community.models import Post
from kakehashi.core.markdown import render_markdown

from ... import reminders
from ...models import Feedback, Question, Registration, Series, SeriesFollow, Session, Speaker

JST = zoneinfo.ZoneInfo("Asia/Tokyo")
IST = zoneinfo.ZoneInfo("Asia/Kolkata")
SERIES_SLUG = "india-japan-partnership-perspectives"

PERSPECTIVES = """An online series in which leaders from government and industry in India and Japan
discuss how the two countries can **co-innovate, co-create and co-produce**. Every session
is recorded; recordings and write-ups appear on this page."""

WORKSHOPS = """Practical workshops for people who work across India and Japan: **language**,
technical skills, business culture and the ease of doing business."""

MATCHMAKING = """Matchmaking sessions of the Indo-Nippon Business Council, Chennai: short
pre-arranged meetings between Indian suppliers and Japanese buyers and partners."""

ARTICLE_SESSION = """The Ambassador of India to Japan and an industry leader discuss the
**India–Japan Digital Partnership**: joint research and pilot projects, startups and
investment, skilled workers, and resilient supply chains.

Held online and recorded: watch the full session and read the write-up from this page."""


def _at(days: int, hour: int, minute: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    day = (timezone.now() + dt.timedelta(days=days)).astimezone(zone).date()
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


class Command(BaseCommand):
    help = "Load the demo session series, sessions and registrations (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        if Series.objects.filter(slug=SERIES_SLUG).exists():
            self.stdout.write("Events demo data already loaded.")
            return
        staff = User.objects.filter(email="secretariat@kakehashi.example").first()
        council = Organisation.objects.filter(slug="indo-nippon-business-council-chennai", status="approved").first()

        perspectives = self._series(SERIES_SLUG, "India-Japan Partnership Perspectives", PERSPECTIVES, None, staff)
        ambassador = Speaker.objects.create(
            series=perspectives, name="H.E. Sanjay Kumar Verma", title="Ambassador of India to Japan",
            affiliation="Embassy of India, Tokyo",
        )
        industry = Speaker.objects.create(  # invented: see the module docstring
            series=perspectives, name="Hiroshi Tanabe", title="Chairman",
            affiliation="Tanabe Seiki K.K.",
            bio="Chairman of a precision-machinery maker in Osaka with plants in Chennai and Pune; "
                "chairs the India committee of a Kansai business federation.",
        )
        writeup = (
            Post.objects.filter(kind=Post.Kind.SESSION_WRITEUP, title__icontains="Partnership Perspectives").first()
            or Post.objects.filter(kind=Post.Kind.SESSION_WRITEUP).order_by("published_at").first()
        )
        article = self._session(
            perspectives, "india-japan-digital-partnership-2021-01-18",
            "The India–Japan Digital Partnership", ARTICLE_SESSION,
            kind=Session.Kind.DIGITAL, starts=dt.datetime(2021, 1, 18, 10, 0, tzinfo=JST), minutes=90,
            zone="Asia/Tokyo", fmt=Session.Format.ONLINE, languages=["en"], capacity=500,
            recorded=True, recording_url="https://www.youtube.com/watch?v=kKdEmO2021jp",
            writeup_post=writeup, feedback_requested_at=dt.datetime(2021, 1, 18, 3, 0, tzinfo=dt.UTC),
            staff=staff,
        )
        article.speakers.set([ambassador, industry])
        startups = self._session(
            perspectives, None, "Startups and investment: Japanese VCs meet Indian founders",
            "How Japanese venture capital invests in Indian startups, and what founders should prepare.",
            kind=Session.Kind.DIGITAL, starts=_at(14, 16, 0, JST), minutes=75, zone="Asia/Tokyo",
            fmt=Session.Format.ONLINE, languages=["en", "ja"], capacity=300, visitors=True,
            online_url="https://meet.example/kakehashi-startups", recorded=True, staff=staff,
        )
        Question.objects.create(session=startups, text="Which stage is your startup at?", required=False)

        workshops = self._series(
            "skills-and-language-workshops", "Skills and language workshops", WORKSHOPS, None, staff
        )
        language = self._session(
            workshops, None, "Japanese for Indian engineers: workplace Japanese and JLPT N4",
            "A hands-on workshop for engineers preparing to work in Japan: **JLPT N4** vocabulary, "
            "workplace phrases, e-mail etiquette and interview practice.",
            kind=Session.Kind.WORKSHOP, starts=_at(21, 18, 30, IST), minutes=120, zone="Asia/Kolkata",
            fmt=Session.Format.HYBRID, languages=["ja", "en", "hi"], capacity=30,
            venue="Kaveri Institute of Technology, Hosur Road, Bengaluru 560068",
            online_url="https://meet.example/kakehashi-nihongo", staff=staff,
        )
        Question.objects.create(session=language, text="Your Japanese level today (none, N5, N4 …)", required=True, position=0)
        Question.objects.create(session=language, text="What do you want to be able to do in Japanese?", position=1)

        matchmaking_series = self._series(
            "ev-components-matchmaking", "EV components matchmaking", MATCHMAKING, council, staff
        )
        self._session(
            matchmaking_series, None, "EV components: Indian suppliers meet Japanese OEMs",
            "Fifteen-minute meetings between Indian component makers and Japanese OEMs and Tier-1s "
            "looking for EV harness, motor and battery-pack suppliers.",
            kind=Session.Kind.MATCHMAKING, starts=_at(35, 10, 0, IST), minutes=240, zone="Asia/Kolkata",
            fmt=Session.Format.VENUE, languages=["en", "ja"], capacity=40,
            venue="Chennai Trade Centre, Nandambakkam, Chennai 600089", staff=staff,
        )
        self._people(article, startups, language, perspectives)
        self.stdout.write(
            f"Events: {Series.objects.count()} series, {Session.objects.count()} sessions, "
            f"{Registration.objects.count()} registrations."
        )

    def _series(self, slug, title, description, organisation, staff) -> Series:
        return Series.objects.create(
            slug=slug, title=title, description=description, description_html=render_markdown(description),
            language="en", organisation=organisation, created_by=staff,
        )

    def _session(self, series, slug, title, abstract, *, kind, starts, minutes, zone, fmt, languages, capacity,
                 staff, visitors=False, venue="", online_url="", recorded=False, recording_url="",
                 writeup_post=None, feedback_requested_at=None) -> Session:
        session = Session(
            series=series, slug=slug or slugify(f"{title} {starts:%Y-%m-%d}")[:300],
            title=title, abstract=abstract, abstract_html=render_markdown(abstract), kind=kind,
            languages=languages, starts_at=starts.astimezone(dt.UTC),
            ends_at=(starts + dt.timedelta(minutes=minutes)).astimezone(dt.UTC), timezone=zone, format=fmt,
            venue=venue, online_url=online_url, capacity=capacity, visitors_may_register=visitors,
            recorded=recorded, recording_url=recording_url, writeup_post=writeup_post,
            recording_added_at=timezone.now() if recording_url else None,
            feedback_requested_at=feedback_requested_at, created_by=staff,
        )
        session.full_clean()
        session.save()
        return session

    def _people(self, article: Session, startups: Session, language: Session, series: Series) -> None:
        members = list(
            User.objects.filter(approval_status="approved", is_staff=False, memberships__status="active")
            .order_by("email").distinct()[:24]
        )
        for index, user in enumerate(members[:12]):
            reg = Registration.objects.create(
                session=article, user=user, email=user.email, name=user.get_full_name(), language=user.language,
                timezone=user.timezone, status=Registration.Status.CONFIRMED, confirmed_at=article.starts_at,
                attended=index % 4 != 3,
            )
            if reg.attended:
                Feedback.objects.create(
                    registration=reg, rating=(5, 4, 5, 3)[index % 4],
                    comment=("Very useful; please cover SSW next.", "", "とても参考になりました。", "")[index % 4],
                    created_at=article.ends_at + dt.timedelta(hours=2 + index),
                )
        for user in members[4:16]:
            reg = Registration.objects.create(
                session=startups, user=user, email=user.email, name=user.get_full_name(), language=user.language,
                timezone=user.timezone, status=Registration.Status.CONFIRMED, confirmed_at=timezone.now(),
            )
            reminders.schedule(reg)
        for user in members[16:24]:
            SeriesFollow.objects.get_or_create(user=user, series=series)
        japanese_level = language.questions.get(position=0)
        for user in members[:3]:
            reg = Registration.objects.create(
                session=language, user=user, email=user.email, name=user.get_full_name(), language=user.language,
                timezone=user.timezone, status=Registration.Status.CONFIRMED, confirmed_at=timezone.now(),
            )
            reg.answers.create(question=japanese_level, text="N5")
            reminders.schedule(reg)
