"""Who may call every page of the meetings namespace.

Actors, relative to the session "ev-meet" that the Indo-Nippon Business Council (INBC) runs:
- visitor: not signed in; unapproved: signed in, approval pending
- member: approved member of INBC, not registered (a signed-in non-participant)
- other_org_member: owner of another organisation, registered but not taking part
- seller: a participant (Chennai Harness)
- org_admin: admin of INBC: organises; staff: organises every session
Participants' pages answer 404 to everyone else, organisers' pages too: nobody learns who takes part.
"""

import pytest
from django.test import Client
from django.urls import get_resolver

from kakehashi.meetings.models import Meeting, MeetingRequest, ScheduleRun, Slot

from ..factories import UserFactory
from ..permissions import assert_outcome, matrix_params

ACTORS = ["visitor", "unapproved", "member", "other_org_member", "seller", "org_admin", "staff"]
LOGIN = ("redirect", "login")
WELCOME = ("redirect", "/welcome/")


@pytest.fixture
def matrix(world):
    world.actors["unapproved"] = UserFactory(email="waiting@example.org", approval_status="pending")
    world.request = MeetingRequest.objects.create(session=world.session, requester=world.buyer, receiver=world.seller, state="accepted")
    world.meeting = Meeting.objects.create(request=world.request, slot=Slot.objects.filter(grid=world.grid).first(), table=1)
    world.run = ScheduleRun.objects.create(session=world.session, status="queued")
    return world


def participants(allowed, *, join=None) -> dict:
    """The seller's pages: everyone else 404 (or must sign in / wait for approval)."""
    return {"visitor": LOGIN, "unapproved": WELCOME, "member": 404, "other_org_member": join or 404, "seller": allowed, "org_admin": 404, "staff": 404}


def organisers(allowed) -> dict:
    return {"visitor": LOGIN, "unapproved": WELCOME, "member": 404, "other_org_member": 404, "seller": 404, "org_admin": allowed, "staff": allowed}


P = "/meetings/ev-meet"
ROWS = [
    ("get", f"{P}/", participants(200)),
    ("get", f"{P}/join/", participants(200, join=200)),
    ("post", f"{P}/join/", participants(400, join=400)),
    ("post", f"{P}/request/", participants(302)),
    ("get", f"{P}/requests/", participants(200)),
    ("post", f"{P}/requests/{{request}}/answer/", participants(302)),
    ("post", f"{P}/requests/{{request}}/cancel/", participants(302)),
    ("get", f"{P}/availability/", participants(200)),
    ("post", f"{P}/availability/", participants(302)),
    ("get", f"{P}/agenda/", participants(200)),
    ("get", f"{P}/agenda.ics", participants(200)),
    ("post", f"{P}/meetings/{{meeting}}/outcome/", participants(302)),
    ("get", f"{P}/manage/", organisers(200)),
    ("get", f"{P}/manage/grid/", organisers(200)),
    ("post", f"{P}/manage/grid/", organisers(400)),
    ("post", f"{P}/manage/runs/", organisers(302)),
    ("get", f"{P}/manage/runs/{{run}}/", organisers(200)),
    ("post", f"{P}/manage/runs/{{run}}/stop/", organisers(302)),
    ("post", f"{P}/manage/runs/{{run}}/publish/", organisers(302)),
    ("get", f"{P}/manage/print/", organisers(200)),
    ("get", f"{P}/manage/meetings.csv", organisers(200)),
    ("get", f"{P}/manage/meetings.xlsx", organisers(200)),
    ("get", f"{P}/manage/report/", organisers(200)),
]


@pytest.mark.parametrize(("method", "path", "actor", "expected"), list(matrix_params(ROWS, ACTORS)))
def test_meetings_permission_matrix(matrix, method, path, actor, expected):
    url = path.format(request=matrix.request.pk, meeting=matrix.meeting.pk, run=matrix.run.pk)
    client = Client()
    if matrix.actors[actor] is not None:
        client.force_login(matrix.actors[actor])

    response = getattr(client, method)(url, {} if method == "post" else None)

    assert_outcome(response, expected, url)


def test_meetings_permission_matrix_covers_every_url():
    resolver = get_resolver().namespace_dict["meetings"][1]
    names = {name for name in resolver.reverse_dict if isinstance(name, str)}

    assert len(names) == len(ROWS) - 3  # three routes take both GET and POST


@pytest.mark.parametrize("actor", ["member", "other_org_member", "org_admin"])
def test_non_participants_change_nothing(matrix, actor):
    client = Client()
    client.force_login(matrix.actors[actor])

    client.post(f"{P}/requests/{matrix.request.pk}/cancel/")
    client.post(f"{P}/request/", {"receiver": matrix.buyer.pk, "priority": "must"})
    client.post(f"{P}/meetings/{matrix.meeting.pk}/outcome/", {"outcome": "no_show"})

    matrix.request.refresh_from_db()
    matrix.meeting.refresh_from_db()
    assert (matrix.request.state, MeetingRequest.objects.count(), matrix.meeting.outcome_receiver) == ("accepted", 1, "")


@pytest.mark.parametrize("actor", ["member", "other_org_member", "seller"])
def test_non_organisers_cannot_run_or_publish(matrix, actor):
    client = Client()
    client.force_login(matrix.actors[actor])

    client.post(f"{P}/manage/runs/", {"time_limit": "5"})
    client.post(f"{P}/manage/runs/{matrix.run.pk}/stop/")

    matrix.run.refresh_from_db()
    assert (ScheduleRun.objects.count(), matrix.run.stop_requested) == (1, False)
