"""Who may call every page of the events namespace.

Actors, relative to the Indo-Nippon Business Council (INBC), which runs the series
"ev-matchmaking":

- visitor: not signed in
- unapproved: signed in, approval pending
- member: approved member (role "member") of INBC: not an organiser
- other_org_member: approved owner of another organisation (organises only its own series)
- org_admin: admin of INBC: organises INBC's series
- staff: staff of the running body: organises every series
"""

import pytest
from django.test import Client
from django.urls import get_resolver

from kakehashi.events import tokens
from kakehashi.events.models import Question, Registration

from ..permissions import assert_outcome, matrix_params
from .helpers import ACTORS

LOGIN = ("redirect", "login")
WELCOME = ("redirect", "/welcome/")


def client_as(world, actor: str) -> Client:
    client = Client()
    if world.actors[actor] is not None:
        client.force_login(world.actors[actor])
    return client


def fill(path: str, world) -> str:
    return path.format(
        question=world.question.pk, speaker=world.speaker.pk,
        cancel=tokens.make(world.guest, tokens.CANCEL_SALT), confirm=tokens.make(world.guest, tokens.CONFIRM_SALT),
    )


def everyone(expected) -> dict:
    return dict.fromkeys(ACTORS, expected)


def signed_in(expected) -> dict:
    return {"visitor": LOGIN, **{actor: expected for actor in ACTORS if actor != "visitor"}}


def organisers(allowed) -> dict:
    """INBC's organiser pages: its admins and staff; everyone else 404 (or must sign in)."""
    return {"visitor": LOGIN, "unapproved": WELCOME, "member": 404, "other_org_member": 404, "org_admin": allowed, "staff": allowed}


def staff_series(allowed) -> dict:
    return {**organisers(allowed), "org_admin": 404}


M = "/events/manage"
ROWS = [
    # (method, path, outcomes)
    ("get", "/events/", everyone(200)),
    ("get", "/events/calendar.ics", everyone(200)),
    ("get", "/events/feed/rss/", everyone(200)),
    ("get", "/events/feed/atom/", everyone(200)),
    ("get", "/events/my/", signed_in(200)),
    ("get", "/events/series/perspectives/", everyone(200)),
    ("get", "/events/series/nothing-here/", everyone(404)),
    ("get", "/events/series/perspectives/calendar.ics", everyone(200)),
    ("get", "/events/series/perspectives/rss/", everyone(200)),
    ("get", "/events/series/perspectives/atom/", everyone(200)),
    ("post", "/events/series/perspectives/follow/", signed_in(302)),
    ("get", "/events/sessions/open/", everyone(200)),
    ("get", "/events/sessions/org-draft/", {**organisers(200), "visitor": 404, "unapproved": 404}),
    ("get", "/events/sessions/open/calendar.ics", everyone(200)),
    ("get", "/events/sessions/org-draft/calendar.ics", everyone(404)),
    ("post", "/events/sessions/open/register/", {"visitor": ("redirect", "/accounts/login/?next=/events/sessions/open/"),
                                                 **dict.fromkeys(ACTORS[1:], ("redirect", "/events/sessions/open/"))}),
    ("post", "/events/sessions/org-draft/register/", {**organisers(400), "unapproved": 404, "visitor": 404}),
    ("post", "/events/sessions/open/cancel/", signed_in(302)),
    ("get", "/events/confirm/{confirm}/", everyone(200)),
    ("get", "/events/confirm/forged/", everyone(400)),
    ("get", "/events/cancel/{cancel}/", everyone(200)),
    ("get", "/events/cancel/forged/", everyone(400)),
    ("get", "/events/feedback/forged/", everyone(400)),
    ("get", f"{M}/", {**organisers(200), "member": 403, "other_org_member": 200}),
    ("get", f"{M}/series/new/", {**organisers(200), "member": 403, "other_org_member": 200}),
    ("post", f"{M}/series/new/", {**organisers(400), "member": 403, "other_org_member": 400}),
    ("get", f"{M}/series/ev-matchmaking/edit/", organisers(200)),
    ("post", f"{M}/series/ev-matchmaking/edit/", organisers(400)),
    ("get", f"{M}/series/perspectives/edit/", staff_series(200)),
    ("get", f"{M}/series/ev-matchmaking/speakers/new/", organisers(200)),
    ("post", f"{M}/series/ev-matchmaking/speakers/new/", organisers(400)),
    ("get", f"{M}/speakers/{{speaker}}/edit/", organisers(200)),
    ("post", f"{M}/speakers/{{speaker}}/edit/", organisers(400)),
    ("get", f"{M}/series/ev-matchmaking/sessions/new/", organisers(200)),
    ("post", f"{M}/series/ev-matchmaking/sessions/new/", organisers(400)),
    ("get", f"{M}/series/perspectives/sessions/new/", staff_series(200)),
    ("get", f"{M}/sessions/org-open/edit/", organisers(200)),
    ("post", f"{M}/sessions/org-open/edit/", organisers(400)),
    ("get", f"{M}/sessions/org-draft/edit/", organisers(200)),
    ("get", f"{M}/sessions/open/edit/", staff_series(200)),
    ("get", f"{M}/sessions/org-open/questions/", organisers(200)),
    ("post", f"{M}/sessions/org-open/questions/", organisers(400)),
    ("post", f"{M}/questions/{{question}}/delete/", organisers(302)),
    ("get", f"{M}/sessions/org-open/registrants/", organisers(200)),
    ("post", f"{M}/sessions/org-open/registrants/", organisers(302)),
    ("get", f"{M}/sessions/org-open/registrants.csv", organisers(200)),
    ("get", f"{M}/sessions/org-open/registrants.xlsx", organisers(200)),
    ("post", f"{M}/sessions/org-open/attendance/", organisers(302)),
    ("get", f"{M}/sessions/org-open/announce/", organisers(200)),
    ("post", f"{M}/sessions/org-open/announce/", organisers(400)),
    ("get", f"{M}/sessions/org-open/feedback/", organisers(200)),
    ("get", f"{M}/sessions/open/registrants/", staff_series(200)),
]


@pytest.mark.parametrize(("method", "path", "actor", "expected"), list(matrix_params(ROWS, ACTORS)))
def test_events_permission_matrix(world, method, path, actor, expected):
    url = fill(path, world)

    response = getattr(client_as(world, actor), method)(url, {} if method == "post" else None)

    assert_outcome(response, expected, url)


def test_events_permission_matrix_covers_every_events_url():
    resolver = get_resolver().namespace_dict["events"][1]
    names = {name for name in resolver.reverse_dict if isinstance(name, str)}
    route_of = {
        "index": "/events/", "calendar": "/events/calendar.ics", "feed_rss": "/events/feed/rss/", "feed_atom": "/events/feed/atom/",
        "mine": "/events/my/", "series": "/events/series/perspectives/", "series_calendar": "/events/series/perspectives/calendar.ics",
        "series_rss": "/events/series/perspectives/rss/", "series_atom": "/events/series/perspectives/atom/",
        "follow": "/events/series/perspectives/follow/", "session": "/events/sessions/open/",
        "session_calendar": "/events/sessions/open/calendar.ics", "register": "/events/sessions/open/register/",
        "cancel_own": "/events/sessions/open/cancel/", "confirm": "/events/confirm/{confirm}/",
        "cancel": "/events/cancel/{cancel}/", "feedback": "/events/feedback/forged/", "manage": f"{M}/",
        "series_create": f"{M}/series/new/", "series_edit": f"{M}/series/ev-matchmaking/edit/",
        "speaker_create": f"{M}/series/ev-matchmaking/speakers/new/", "session_create": f"{M}/series/ev-matchmaking/sessions/new/",
        "speaker_edit": f"{M}/speakers/{{speaker}}/edit/", "session_edit": f"{M}/sessions/org-open/edit/",
        "questions": f"{M}/sessions/org-open/questions/", "question_delete": f"{M}/questions/{{question}}/delete/",
        "registrants": f"{M}/sessions/org-open/registrants/", "registrants_csv": f"{M}/sessions/org-open/registrants.csv",
        "registrants_xlsx": f"{M}/sessions/org-open/registrants.xlsx", "attendance_import": f"{M}/sessions/org-open/attendance/",
        "announce": f"{M}/sessions/org-open/announce/", "feedback_results": f"{M}/sessions/org-open/feedback/",
    }
    tested = {path for _method, path, _outcomes in ROWS}

    assert names == set(route_of)
    assert {name for name, path in route_of.items() if path not in tested} == set()


def test_only_approved_members_register_through_the_matrix(world):
    for actor in ACTORS:
        client_as(world, actor).post("/events/sessions/open/register/", {})

    registered = set(world.open_session.registrations.values_list("email", flat=True))
    assert registered == {world.actors[a].email for a in ("member", "other_org_member", "org_admin", "staff")}


@pytest.mark.parametrize("actor", ["visitor", "unapproved", "member", "other_org_member"])
def test_strangers_change_nothing_on_an_organisations_session(world, actor):
    client = client_as(world, actor)
    before = (world.org_open.title, world.org_open.capacity)

    client.post("/events/manage/sessions/org-open/edit/", {"title": "Hijacked", "capacity": "1"})
    client.post(f"/events/manage/questions/{world.question.pk}/delete/")
    client.post("/events/manage/sessions/org-open/registrants/", {f"attended_{world.guest.pk}": "no"})
    client.post("/events/manage/sessions/org-open/announce/", {"subject": "Spam", "body": "Spam"})

    world.org_open.refresh_from_db()
    assert (world.org_open.title, world.org_open.capacity) == before
    assert Question.objects.filter(pk=world.question.pk).exists()
    assert Registration.objects.get(pk=world.guest.pk).attended is None
    assert world.org_open.announcements.count() == 0


@pytest.mark.parametrize("path", ["/events/manage/sessions/org-open/registrants/", "/events/manage/sessions/org-open/registrants.csv"])
def test_other_organisations_owner_cannot_learn_registrants(world, path):
    response = client_as(world, "other_org_member").get(path)

    assert response.status_code == 404
    assert b"guest@example.org" not in response.content
