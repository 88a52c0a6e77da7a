"""The events API: behaviour, bad input (4xx JSON, never 500) and who may call each operation."""

import datetime as dt

import pytest
from django.test import Client

from kakehashi.events import registration
from kakehashi.events.models import Question, Registration, Session

from ..api import FORBIDDEN, JSON, NOT_FOUND, UNAUTHENTICATED, bearer_client
from ..factories import EventSessionFactory, PostFactory, UserFactory
from .helpers import ACTORS


def api_client(world, actor: str, *, session: bool = False) -> Client:
    """A bearer-token client; `session=True`: signed in with the session cookie instead (public
    operations read the session user only, as in the community API)."""
    user = world.actors[actor]
    if user is None:
        return Client()
    if session:
        client = Client()
        client.force_login(user)
        return client
    return bearer_client(user)


# --- reading ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sessions_list_upcoming_with_times_in_ist_and_jst(client):
    start = dt.datetime(2031, 1, 18, 1, 0, tzinfo=dt.UTC)
    EventSessionFactory(slug="ten-jst", starts_at=start, ends_at=start + dt.timedelta(minutes=90), capacity=3)
    EventSessionFactory(slug="draft", published=False)
    EventSessionFactory(slug="past", starts_at=dt.datetime(2021, 1, 18, 1, 0, tzinfo=dt.UTC), ends_at=dt.datetime(2021, 1, 18, 2, 0, tzinfo=dt.UTC))

    body = client.get("/api/v1/events/sessions").json()
    past = client.get("/api/v1/events/sessions?when=past").json()

    assert [s["slug"] for s in body["results"]] == ["ten-jst"]
    first = body["results"][0]
    assert first["times"] == [{"zone": "IST", "start": "2031-01-18 06:30", "end": "08:00"}, {"zone": "JST", "start": "2031-01-18 10:00", "end": "11:30"}]
    assert (first["starts_at"], first["seats_left"], first["timezone"]) == ("2031-01-18T01:00:00Z", 3, "Asia/Tokyo")
    assert [s["slug"] for s in past["results"]] == ["past"]


@pytest.mark.django_db
def test_series_lists_its_feeds_and_sessions(client, session):
    series = client.get("/api/v1/events/series").json()
    detail = client.get(f"/api/v1/events/series/{session.series.slug}").json()
    feeds = client.get("/api/v1/events/feeds").json()

    assert series[0]["feeds"]["calendar"] == f"http://127.0.0.1:8000/events/series/{session.series.slug}/calendar.ics"
    assert [s["slug"] for s in detail["sessions"]] == [session.slug]
    assert feeds == {"calendar": "http://127.0.0.1:8000/events/calendar.ics", "rss": "http://127.0.0.1:8000/events/feed/rss/",
                     "atom": "http://127.0.0.1:8000/events/feed/atom/"}


@pytest.mark.django_db
def test_session_detail_gives_the_joining_link_only_to_confirmed_registrants(session):
    user = UserFactory()
    api = bearer_client(user)
    Question.objects.create(session=session, text="Level?", required=True)

    anonymous = Client().get(f"/api/v1/events/sessions/{session.slug}").json()
    registration.register_member(user, session, answers={session.questions.get().pk: "N4"})
    mine = Client()
    mine.force_login(user)
    registered = mine.get(f"/api/v1/events/sessions/{session.slug}").json()

    assert (anonymous["join_url"], anonymous["my_status"]) == (None, None)
    assert (registered["join_url"], registered["my_status"]) == ("https://meet.example/room-42", "confirmed")
    assert anonymous["questions"] == [{"id": session.questions.get().pk, "text": "Level?", "required": True}]
    assert api.get("/api/v1/events/registrations").json()[0]["status"] == "confirmed"


# --- registering ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_register_list_and_cancel_through_the_api(session):
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    question = Question.objects.create(session=session, text="Level?")
    url = f"/api/v1/events/sessions/{session.slug}/registrations"

    a = bearer_client(first).post(url, {"answers": [{"question": question.pk, "text": "N4"}]}, content_type=JSON)
    bearer_client(second).post(url, {}, content_type=JSON)
    c = bearer_client(third).post(url, {}, content_type=JSON)
    again = bearer_client(first).post(url, {}, content_type=JSON)
    cancelled = bearer_client(first).delete(f"/api/v1/events/registrations/{a.json()['id']}")

    assert (a.status_code, a.json()["status"], c.json()["status"]) == (201, "confirmed", "waitlisted")
    assert (again.status_code, again.json()) == (400, {"detail": "You are already registered for this session."})
    assert cancelled.status_code == 204
    assert Registration.objects.get(user=third).status == "confirmed"
    assert bearer_client(first).get("/api/v1/events/registrations").json() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"answers": [{"question": 1, "text": "x" * 2001}]}, 422),
        ({"answers": [{"question": 1, "text": "a\x00b"}]}, 422),
        ({"answers": "N4"}, 422),
    ],
    ids=["answer-too-long", "nul", "not-a-list"],
)
def test_registration_bad_input_is_a_4xx_json_error(session, payload, status):
    response = bearer_client(UserFactory()).post(f"/api/v1/events/sessions/{session.slug}/registrations", payload, content_type=JSON)

    assert response.status_code == status and "detail" in response.json()
    assert session.registrations.count() == 0


@pytest.mark.django_db
def test_answer_to_another_sessions_question_is_refused(session):
    foreign = Question.objects.create(session=EventSessionFactory(), text="?")

    response = bearer_client(UserFactory()).post(
        f"/api/v1/events/sessions/{session.slug}/registrations", {"answers": [{"question": foreign.pk, "text": "x"}]}, content_type=JSON
    )

    assert (response.status_code, response.json()) == (400, {"detail": "That question belongs to another session."})


@pytest.mark.django_db
def test_cancelling_someone_elses_registration_is_not_found(session):
    reg = registration.register_member(UserFactory(), session)

    response = bearer_client(UserFactory()).delete(f"/api/v1/events/registrations/{reg.pk}")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert Registration.objects.get(pk=reg.pk).status == "confirmed"


# --- organisers ---------------------------------------------------------------------------------


def new_session(**overrides) -> dict:
    data = {"title": "Batteries", "starts_at": "2031-01-18T10:00:00+09:00", "ends_at": "2031-01-18T11:30:00+09:00",
            "timezone": "Asia/Tokyo", "capacity": 50, "languages": ["en", "ja"]}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_organiser_creates_and_updates_a_session_and_adds_the_recording(world):
    api = api_client(world, "org_admin")
    speaker = world.speaker
    post = PostFactory(slug="write-up")

    created = api.post("/api/v1/events/series/ev-matchmaking/sessions", new_session(speakers=[speaker.pk]), content_type=JSON)
    slug = created.json()["slug"]
    patched = api.patch(f"/api/v1/events/sessions/{slug}", {"recording_url": "https://www.youtube.com/watch?v=abcdefghijk",
                                                            "writeup_post": "write-up", "capacity": None}, content_type=JSON)

    session = Session.objects.get(slug=slug)
    assert created.status_code == 201
    assert (session.starts_at, session.timezone, list(session.speakers.all())) == (dt.datetime(2031, 1, 18, 1, 0, tzinfo=dt.UTC), "Asia/Tokyo", [speaker])
    assert patched.status_code == 200
    assert (patched.json()["recording_url"], patched.json()["writeup_post"], patched.json()["capacity"]) == (
        "https://www.youtube.com/watch?v=abcdefghijk", post.slug, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "status", "detail"),
    [
        ({"ends_at": "2031-01-18T09:00:00+09:00"}, 400, [{"loc": ["body", "ends_at"], "msg": "The session must end after it starts."}]),
        ({"online_url": "javascript:alert(1)"}, 400, [{"loc": ["body", "online_url"], "msg": "Enter a web address starting with http:// or https://."}]),
        ({"timezone": "Mars/Olympus"}, 400, [{"loc": ["body", "timezone"], "msg": "Choose a time zone from the list."}]),
        ({"reminder_offsets": [0]}, 400, [{"loc": ["body", "reminder_offsets"], "msg": "Give at most 5 reminders, each between 1 minute and 30 days before the start."}]),
        ({"writeup_post": "nope"}, 400, [{"loc": ["body", "writeup_post"], "msg": "No post has this address."}]),
        ({"speakers": [999999]}, 400, [{"loc": ["body", "speakers"], "msg": "Choose speakers of this series."}]),
        ({"starts_at": "2031-01-18T10:00:00"}, 422, None),
        ({"capacity": 0}, 422, None),
        ({"title": "x" * 301}, 422, None),
        ({"kind": "party"}, 422, None),
    ],
    ids=["end-before-start", "javascript-url", "unknown-zone", "reminder-zero", "unknown-post", "foreign-speaker",
         "naive-time", "capacity-zero", "long-title", "unknown-kind"],
)
def test_session_bad_input_is_a_clear_4xx(world, overrides, status, detail):
    response = api_client(world, "staff").post("/api/v1/events/series/ev-matchmaking/sessions", new_session(**overrides), content_type=JSON)

    assert response.status_code == status
    if detail is not None:
        assert response.json() == {"detail": detail}
    assert Session.objects.filter(title="Batteries").count() == 0


@pytest.mark.django_db
def test_capacity_below_registrations_through_the_api_is_a_400(world):
    registration.register_member(UserFactory(), world.org_open)

    response = api_client(world, "org_admin").patch("/api/v1/events/sessions/org-open", {"capacity": 1}, content_type=JSON)

    assert (response.status_code, response.json()) == (
        400, {"detail": [{"loc": ["body", "capacity"], "msg": "2 people already have a seat: the capacity cannot be lower."}]}
    )
    assert Session.objects.get(pk=world.org_open.pk).capacity == 10


@pytest.mark.django_db
def test_registrants_list_for_organisers(world):
    body = api_client(world, "org_admin").get("/api/v1/events/sessions/org-open/registrants").json()

    assert [(r["email"], r["status"]) for r in body] == [("guest@example.org", "confirmed")]


# --- permission matrix ---------------------------------------------------------------------------

ALL_OK = dict.fromkeys(ACTORS, 200)


def signed_in(ok: int) -> dict:
    return {"visitor": 401, **dict.fromkeys(ACTORS[1:], ok)}


def organisers(ok: int) -> dict:
    return {"visitor": 401, "unapproved": 403, "member": 404, "other_org_member": 404, "org_admin": ok, "staff": ok}


API_ROWS = [
    ("get", "/api/v1/events/series", None, ALL_OK),
    ("get", "/api/v1/events/series/ev-matchmaking", None, ALL_OK),
    ("get", "/api/v1/events/series/nothing", None, dict.fromkeys(ACTORS, 404)),
    ("get", "/api/v1/events/sessions", None, ALL_OK),
    ("get", "/api/v1/events/sessions/org-open", None, ALL_OK),
    ("get", "/api/v1/events/sessions/org-draft", None, {**organisers(200), "visitor": 404, "unapproved": 404}),
    ("get", "/api/v1/events/feeds", None, ALL_OK),
    ("post", "/api/v1/events/sessions/open/registrations", {}, {**signed_in(201), "unapproved": 403}),
    ("get", "/api/v1/events/registrations", None, signed_in(200)),
    ("delete", "/api/v1/events/registrations/{guest}", None, {**signed_in(404)}),
    ("put", "/api/v1/events/series/perspectives/follow", {"active": True}, signed_in(200)),
    ("post", "/api/v1/events/series/ev-matchmaking/sessions", new_session(), organisers(201)),
    ("patch", "/api/v1/events/sessions/org-open", {"title": "Renamed"}, organisers(200)),
    ("get", "/api/v1/events/sessions/org-open/registrants", None, organisers(200)),
]


PUBLIC_ROWS = {(m, p) for m, p, _payload, outcomes in API_ROWS if outcomes.get("visitor") != 401}


def _api_params():
    for method, path, payload, outcomes in API_ROWS:
        for actor in ACTORS:
            yield pytest.param(method, path, payload, actor, outcomes[actor], id=f"{method} {path} {actor}")


@pytest.mark.parametrize(("method", "path", "payload", "actor", "expected"), list(_api_params()))
def test_events_api_permission_matrix(world, method, path, payload, actor, expected):
    url = path.format(guest=world.guest.pk)
    client = api_client(world, actor, session=(method, path) in PUBLIC_ROWS)

    kwargs = {"content_type": JSON} if payload is not None else {}
    response = getattr(client, method)(url, payload, **kwargs) if payload is not None else getattr(client, method)(url)

    assert response.status_code == expected
    body = response.json() if response.content else None
    if expected == 401:
        assert body == UNAUTHENTICATED
    elif expected == 403:
        assert body == FORBIDDEN
    elif expected == 404:
        assert body == NOT_FOUND


def test_events_api_matrix_covers_every_operation():
    from kakehashi.api import api

    operations = {
        (method, path)
        for path, ops in api.get_openapi_schema()["paths"].items() if path.startswith("/api/v1/events/")
        for method in ops
    }
    tested = {(method, path.replace("{guest}", "{registration_id}").replace("ev-matchmaking", "{slug}")
               .replace("perspectives", "{slug}").replace("org-open", "{slug}").replace("org-draft", "{slug}")
               .replace("nothing", "{slug}").replace("/open/", "/{slug}/"))
              for method, path, _p, _o in API_ROWS}

    assert operations == tested


def test_public_event_operations_are_listed_as_public():
    from kakehashi.api import api

    schema = api.get_openapi_schema()["paths"]
    public = {(m, p) for p, ops in schema.items() if p.startswith("/api/v1/events/") for m, op in ops.items() if {} in op["security"]}

    assert public == {
        ("get", "/api/v1/events/series"), ("get", "/api/v1/events/series/{slug}"), ("get", "/api/v1/events/sessions"),
        ("get", "/api/v1/events/sessions/{slug}"), ("get", "/api/v1/events/feeds"),
    }
