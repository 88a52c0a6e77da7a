"""The events pages: what people see (times in three zones, seats, recordings) and what
they can do (register, cancel, organise), with bad input answered by clear errors."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.test import Client

from kakehashi.events import registration
from kakehashi.events.models import Question, Registration, Session

from ..factories import EventSessionFactory, PostFactory, SeriesFactory, StaffFactory, UserFactory
from .helpers import outbox

pytestmark = pytest.mark.django_db

JST = zoneinfo.ZoneInfo("Asia/Tokyo")
TEN_JST = dt.datetime(2031, 1, 18, 10, 0, tzinfo=JST)


def times_on(html: str, css: str) -> list[str]:
    block = re.search(rf'<dd class="{css}">(.*?)</dd>', html, re.S).group(1)
    return re.findall(r"<time [^>]*>([^<]+) <abbr>([^<]+)</abbr></time>", block)


@pytest.fixture
def ten_jst(db):
    return EventSessionFactory(slug="ten-jst", starts_at=TEN_JST, ends_at=TEN_JST + dt.timedelta(minutes=90), timezone="Asia/Tokyo")


def test_session_at_10_jst_is_shown_at_0630_ist_and_in_the_viewers_zone(ten_jst, client):
    client.force_login(UserFactory(timezone="Europe/Berlin"))

    html = client.get("/events/sessions/ten-jst/").content.decode()

    assert times_on(html, "starts") == [("Sat 18 Jan 2031 02:00", "Europe/Berlin"), ("Sat 18 Jan 2031 06:30", "IST"), ("Sat 18 Jan 2031 10:00", "JST")]
    assert times_on(html, "ends") == [("Sat 18 Jan 2031 03:30", "Europe/Berlin"), ("Sat 18 Jan 2031 08:00", "IST"), ("Sat 18 Jan 2031 11:30", "JST")]


def test_visitor_sees_ist_and_jst_and_a_japanese_member_sees_jst_first(ten_jst, client):
    visitor_html = Client().get("/events/sessions/ten-jst/").content.decode()
    client.force_login(UserFactory(timezone="Asia/Tokyo", language="ja"))
    member_html = client.get("/events/sessions/ten-jst/").content.decode()

    assert times_on(visitor_html, "starts") == [("Sat 18 Jan 2031 06:30", "IST"), ("Sat 18 Jan 2031 10:00", "JST")]
    assert times_on(member_html, "starts") == [("2031年1月18日(土) 10:00", "JST"), ("2031年1月18日(土) 06:30", "IST")]  # in Japanese


def test_session_page_shows_kind_languages_format_seats_and_not_recorded(session, client):
    registration.register_member(UserFactory(), session)

    html = Client().get(session.get_absolute_url()).content.decode()

    assert "Digital session" in html and "English" in html and "日本語" in html
    assert re.search(r'<dd class="seats">\s*1 seat left \(of 2\)\s*</dd>', html)
    assert "<dd>Will not be recorded</dd>" in html
    assert "Sent to registered participants." in html and "room-42" not in html


def test_joining_link_only_for_confirmed_registrants(session, client):
    user = UserFactory()
    client.force_login(user)
    before = client.get(session.get_absolute_url()).content.decode()
    registration.register_member(user, session)
    after = client.get(session.get_absolute_url()).content.decode()

    assert "https://meet.example/room-42" not in before
    assert 'class="join" href="https://meet.example/room-42"' in after


def test_past_session_shows_the_recording_and_the_write_up(client):
    post = PostFactory(slug="write-up", title="Write-up")
    past = EventSessionFactory(
        slug="past", starts_at=dt.datetime(2021, 1, 18, 1, 0, tzinfo=dt.UTC), ends_at=dt.datetime(2021, 1, 18, 2, 30, tzinfo=dt.UTC),
        recorded=True, recording_url="https://www.youtube.com/watch?v=abcdefghijk", writeup_post=post,
    )

    html = client.get("/events/sessions/past/").content.decode()

    assert 'href="https://www.youtube.com/watch?v=abcdefghijk" rel="noopener noreferrer">Watch the full session<' in html
    assert 'href="/community/posts/write-up/">Read the write-up<' in html
    assert "Registration is closed." in html
    assert past.title in client.get(past.series.get_absolute_url()).content.decode()


def test_members_only_write_up_is_not_linked_for_visitors(client):
    post = PostFactory(slug="members-write-up", visibility="members")
    EventSessionFactory(slug="s", writeup_post=post)

    assert "Read the write-up" not in Client().get("/events/sessions/s/").content.decode()
    client.force_login(UserFactory())
    assert "Read the write-up" in client.get("/events/sessions/s/").content.decode()


def test_index_and_series_page_list_upcoming_and_past_sessions(ten_jst, client):
    past = EventSessionFactory(series=ten_jst.series, slug="old", title="Old session",
                               starts_at=dt.datetime(2021, 1, 18, 1, 0, tzinfo=dt.UTC), ends_at=dt.datetime(2021, 1, 18, 2, 0, tzinfo=dt.UTC))
    EventSessionFactory(series=ten_jst.series, slug="hidden", title="Hidden draft", published=False)

    index = client.get("/events/")
    series = client.get(ten_jst.series.get_absolute_url())

    assert [s.slug for s in index.context["upcoming"]] == ["ten-jst"] and [s.slug for s in index.context["recent"]] == ["old"]
    assert ([s.slug for s in series.context["upcoming"]], [s.slug for s in series.context["past"]]) == (["ten-jst"], [past.slug])
    assert "Hidden draft" not in series.content.decode()


def test_feeds_list_published_sessions(ten_jst, client):
    EventSessionFactory(title="Hidden draft", published=False)

    rss = client.get("/events/feed/rss/").content.decode()
    atom = client.get(f"/events/series/{ten_jst.series.slug}/atom/").content.decode()

    assert ten_jst.title in rss and "Hidden draft" not in rss
    assert ten_jst.title in atom and "IST 2031-01-18 06:30–08:00" in atom


def test_member_registers_with_answers_then_cancels_on_the_page(session, client):
    question = Question.objects.create(session=session, text="Your level?", required=True)
    user = UserFactory()
    client.force_login(user)

    missing = client.post(f"{session.get_absolute_url()}register/", {})
    done = client.post(f"{session.get_absolute_url()}register/", {f"question_{question.pk}": "N4"})
    page = client.get(session.get_absolute_url()).content.decode()
    cancelled = client.post(f"{session.get_absolute_url()}cancel/")

    assert missing.status_code == 400
    assert missing.context["form"].errors == {f"question_{question.pk}": ["This field is required."]}
    assert (done.status_code, done["Location"]) == (302, session.get_absolute_url())
    assert "You are registered." in page
    assert cancelled.status_code == 302
    assert Registration.objects.get(user=user).status == "cancelled"


def test_full_session_offers_the_waiting_list(session, client):
    for user in (UserFactory(), UserFactory()):
        registration.register_member(user, session)
    client.force_login(UserFactory())

    html = client.get(session.get_absolute_url()).content.decode()

    assert "0 seats left (of 2)" in html and "Join the waiting list" in html


def test_visitor_registers_confirms_and_cancels_through_links(client):
    session = EventSessionFactory(slug="open-to-all", visitors_may_register=True, capacity=5)

    sent = client.post("/events/sessions/open-to-all/register/", {"name": "Mei Lin", "email": "mei@example.org"})
    body = outbox("confirm_address")[0].body_text
    confirm_path = re.search(r"/events/confirm/[^/\s]+/", body).group(0)
    confirm_page = client.get(confirm_path)
    confirmed = client.post(confirm_path)
    cancel_path = re.search(r"/events/cancel/[^/\s]+/", outbox("registered")[0].body_text).group(0)
    cancelled = client.post(cancel_path)

    assert sent.status_code == 200 and "We have sent a link to mei@example.org" in sent.content.decode()
    assert "Confirm and register" in confirm_page.content.decode()
    assert confirmed.status_code == 200 and "You are registered." in confirmed.content.decode()
    assert "is cancelled" in cancelled.content.decode()
    assert session.registrations.get().status == "cancelled"


def test_visitor_without_permission_is_sent_to_sign_in(session, client):
    response = client.post(f"{session.get_absolute_url()}register/", {"name": "X", "email": "x@example.org"})

    assert response["Location"] == f"/accounts/login/?next={session.get_absolute_url()}"
    assert session.registrations.count() == 0


def test_my_registrations_lists_active_ones(session, client):
    user = UserFactory()
    registration.register_member(user, session)
    registration.cancel(registration.register_member(user, EventSessionFactory(title="Cancelled one")))
    client.force_login(user)

    html = client.get("/events/my/").content.decode()

    assert session.title in html and "Cancelled one" not in html


def test_follow_toggle(session, client):
    user = UserFactory()
    client.force_login(user)

    client.post(f"/events/series/{session.series.slug}/follow/", {"follow": "on"})
    on = session.series.follows.get(user=user).active
    client.post(f"/events/series/{session.series.slug}/follow/", {"follow": "off"})

    assert (on, session.series.follows.get(user=user).active) == (True, False)


# --- organisers: forms and bad input --------------------------------------------------------


def session_form(**overrides) -> dict:
    data = {
        "title": "Semiconductors: India–Japan supply chains", "abstract": "**Fabs** and *packaging*.", "kind": "digital_session",
        "languages": ["en", "ja"], "timezone": "Asia/Tokyo", "starts_at": "2031-01-18T10:00", "ends_at": "2031-01-18T11:30",
        "format": "online", "online_url": "https://meet.example/semi", "venue": "", "capacity": "100",
        "published": "on", "recording_url": "", "writeup_post": "", "reminder_hours": "24, 1", "feedback_survey": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff_client(db):
    client = Client()
    client.force_login(StaffFactory(timezone="Asia/Kolkata"))
    return client


def test_organiser_creates_a_session_in_its_own_zone(staff_client):
    series = SeriesFactory(slug="perspectives")

    response = staff_client.post("/events/manage/series/perspectives/sessions/new/", session_form(reminder_hours="48, 0.25"))

    session = Session.objects.get()
    assert (response.status_code, response["Location"]) == (302, session.get_absolute_url())
    assert (session.starts_at, session.ends_at) == (dt.datetime(2031, 1, 18, 1, 0, tzinfo=dt.UTC), dt.datetime(2031, 1, 18, 2, 30, tzinfo=dt.UTC))
    assert (session.series, session.languages, session.reminder_offsets, session.capacity) == (series, ["en", "ja"], [2880, 15], 100)
    assert session.abstract_html == "<p><strong>Fabs</strong> and <em>packaging</em>.</p>\n"


def test_edit_form_shows_times_in_the_sessions_zone(staff_client, ten_jst):
    html = staff_client.get(f"/events/manage/sessions/{ten_jst.slug}/edit/").content.decode()

    assert 'value="2031-01-18T10:00"' in html and 'value="2031-01-18T11:30"' in html and 'value="24, 1"' in html


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"ends_at": "2031-01-18T09:00"}, {"ends_at": ["The session must end after it starts."]}),
        ({"online_url": "javascript:alert(1)"}, {"online_url": ["Enter a web address starting with http:// or https://."]}),
        ({"recording_url": "ftp://example.org/video"}, {"recording_url": ["Enter a web address starting with http:// or https://."]}),
        ({"capacity": "0"}, {"capacity": ["Ensure this value is greater than or equal to 1."]}),
        ({"title": "x" * 301}, {"title": ["Ensure this value has at most 300 characters (it has 301)."]}),
        ({"reminder_hours": "soon"}, {"reminder_hours": ["Write hours as numbers separated by commas, e.g. 24, 1."]}),
        ({"reminder_hours": "1000"}, {"reminder_hours": ["Each reminder must be between 1 minute and 30 days before the start."]}),
        ({"format": "venue"}, {"venue": ["Give the venue's address for a session held at a venue."]}),
        ({"timezone": "Mars/Olympus"}, {"timezone": ["Select a valid choice. Mars/Olympus is not one of the available choices."]}),
        ({"starts_at": "tomorrow"}, {"starts_at": ["Enter a valid date/time."]}),
    ],
    ids=["end-before-start", "javascript-url", "ftp-recording", "capacity-zero", "long-title", "bad-hours",
         "too-many-hours", "venue-missing", "unknown-zone", "bad-date"],
)
def test_session_form_bad_input_gives_field_errors(staff_client, overrides, errors):
    SeriesFactory(slug="perspectives")

    response = staff_client.post("/events/manage/series/perspectives/sessions/new/", session_form(**overrides))

    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert Session.objects.count() == 0


def test_capacity_below_registrations_is_a_form_error_and_nothing_changes(staff_client, session):
    for user in (UserFactory(), UserFactory()):
        registration.register_member(user, session)
    local = session.starts_at.astimezone(JST)
    data = session_form(title=session.title, starts_at=f"{local:%Y-%m-%dT%H:%M}",
                        ends_at=f"{local + dt.timedelta(minutes=90):%Y-%m-%dT%H:%M}", capacity="1")

    response = staff_client.post(f"/events/manage/sessions/{session.slug}/edit/", data)

    assert response.status_code == 400
    assert response.context["form"].errors == {"capacity": ["2 people already have a seat: the capacity cannot be lower."]}
    assert Session.objects.get(pk=session.pk).capacity == 2


def test_over_long_question_is_refused_and_a_good_one_added(staff_client, session):
    url = f"/events/manage/sessions/{session.slug}/questions/"

    long = staff_client.post(url, {"text": "?" * 301})
    good = staff_client.post(url, {"text": "Which parts do you make?", "required": "on"})

    assert long.status_code == 400
    assert long.context["form"].errors == {"text": ["Ensure this value has at most 300 characters (it has 301)."]}
    assert list(session.questions.values_list("text", "required")) == [("Which parts do you make?", True)]
    assert good.status_code == 302


def test_over_long_answer_on_the_registration_form_is_refused(session, client):
    question = Question.objects.create(session=session, text="Level?")
    client.force_login(UserFactory())

    response = client.post(f"{session.get_absolute_url()}register/", {f"question_{question.pk}": "x" * 2001})

    assert response.status_code == 400
    assert response.context["form"].errors == {f"question_{question.pk}": ["Ensure this value has at most 2000 characters (it has 2001)."]}
    assert session.registrations.count() == 0


def test_org_admin_creates_a_series_only_for_their_organisation(org_series, org_admin, client):
    from ..factories import OrganisationFactory

    client.force_login(org_admin)
    foreign = OrganisationFactory()

    refused = client.post("/events/manage/series/new/", {"title": "Mine", "language": "en", "organisation": foreign.pk})
    created = client.post("/events/manage/series/new/", {"title": "Mine", "language": "en", "organisation": org_series.organisation.pk})

    assert refused.status_code == 400 and "organisation" in refused.context["form"].errors
    assert created.status_code == 302
    assert list(org_series.organisation.event_series.values_list("title", flat=True)) == ["EV matchmaking", "Mine"]


def test_user_text_is_escaped_on_pages(client):
    EventSessionFactory(slug="x", title="<script>alert(1)</script>", abstract="<img src=x onerror=alert(1)>")

    html = client.get("/events/sessions/x/").content.decode()

    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _png(size=(8, 8)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (179, 38, 30)).save(out, "PNG")
    return out.getvalue()


def test_organiser_adds_a_speaker_with_a_photo_and_bad_files_are_refused(staff_client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    series = SeriesFactory(slug="perspectives")
    url = "/events/manage/series/perspectives/speakers/new/"
    fields = {"name": "H.E. Sanjay Kumar Verma", "title": "Ambassador of India to Japan", "affiliation": "Embassy of India"}

    not_an_image = staff_client.post(url, {**fields, "photo": SimpleUploadedFile("x.png", b"<script>", content_type="image/png")})
    too_large = staff_client.post(url, {**fields, "photo": SimpleUploadedFile("big.png", _png() + b"\0" * (2 * 1024 * 1024), content_type="image/png")})
    created = staff_client.post(url, {**fields, "photo": SimpleUploadedFile("verma.png", _png(), content_type="image/png")})

    assert not_an_image.status_code == 400 and list(not_an_image.context["form"].errors) == ["photo"]
    assert too_large.context["form"].errors == {"photo": ["The photo is too large (at most 2 MB)."]}
    assert (created.status_code, created["Location"]) == (302, series.get_absolute_url())
    speaker = series.speakers.get()
    assert (speaker.title, speaker.photo.name.startswith("events/speakers/verma")) == ("Ambassador of India to Japan", True)
    assert f'<img src="/media/{speaker.photo.name}"' in staff_client.get(series.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("language", "label"), [("en", "Will be recorded"), ("ja", "録画予定"), ("hi", "रिकॉर्ड किया जाएगा")])
def test_upcoming_recorded_session_says_it_will_be_recorded(client, language, label):
    EventSessionFactory(slug="soon", recorded=True)
    client.cookies.load({"kakehashi_language": language})

    page = client.get("/events/sessions/soon/").content.decode()
    index = client.get("/events/").content.decode()

    assert f"<dd>{label}</dd>" in page
    assert f'<span class="tag">{label}</span>' in index
    assert "रिकॉर्ड किया गया" not in page + index
    assert ">Recorded<" not in page + index
