"""The meetings API: behaviour, bad input (4xx JSON, never 500) and who may call each operation."""

import pytest

from kakehashi.meetings.models import Meeting, MeetingRequest, ScheduleRun, Slot

from ..api import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, bearer_client, json_request
from ..factories import UserFactory

pytestmark = pytest.mark.django_db
S = "/api/v1/meetings/sessions/ev-meet"


def call(world, actor, method, path, body=None):
    client = bearer_client(world.actors[actor] if actor else None)
    return json_request(client, method, f"{S}{path}", body)


def test_request_answer_and_agenda_through_the_api(world, django_capture_on_commit_callbacks):
    sent = call(world, "seller", "post", "/requests", {"receiver": world.buyer.pk, "priority": "must", "message": "Samples?"})
    assert sent.status_code == 201
    request_id = sent.json()["id"]
    answered = call(world, "buyer", "post", f"/requests/{request_id}/answer", {"accept": True})
    assert answered.json()["state"] == "accepted"
    with django_capture_on_commit_callbacks(execute=True):
        run = call(world, "staff", "post", "/schedule/runs", {"time_limit": 5})
    assert run.status_code == 201
    result = call(world, "staff", "get", f"/schedule/runs/{run.json()['id']}").json()
    assert (result["status"], result["placed"], result["weight"] == result["bound"]) == ("optimal", 1, True)
    with django_capture_on_commit_callbacks(execute=True):
        assert call(world, "staff", "post", f"/schedule/runs/{result['id']}/publish").status_code == 200
    agenda = call(world, "buyer", "get", "/agenda").json()
    slot = Slot.objects.get(pk=result["assignment"][str(request_id)])
    assert [(m["with_organisation"], m["where"]) for m in agenda] == [("Chennai Harness", "Table 1")]
    assert [t["zone"] for t in agenda[0]["times"]] == ["JST", "IST"]
    assert agenda[0]["starts_at"].replace("Z", "+00:00") == slot.starts_at.isoformat()


def test_availability_is_replaced_and_foreign_slots_refused(world):
    slots = list(Slot.objects.filter(grid=world.grid).values_list("pk", flat=True))
    ok = call(world, "seller", "put", "/availability", {"unavailable": slots[:2]})
    bad = call(world, "seller", "put", "/availability", {"unavailable": [999_999]})
    assert (ok.status_code, ok.json()["unavailable"]) == (200, sorted(slots[:2]))
    assert (bad.status_code, bad.json()) == (400, {"detail": [{"loc": ["body", "slots"], "msg": "Choose slots of this session's grid."}]})


@pytest.mark.parametrize(("body", "status"), [
    ({"receiver": "x"}, 422), ({"receiver": 1, "priority": "urgent"}, 422), ({"receiver": 0}, 422),
    ({"receiver": 1, "message": "x" * 2001}, 422),
])
def test_bad_request_bodies_are_refused_with_json(world, body, status):
    response = call(world, "seller", "post", "/requests", body)
    assert response.status_code == status
    assert "detail" in response.json()


def test_self_request_is_a_400_with_the_reason(world):
    response = call(world, "seller", "post", "/requests", {"receiver": world.seller.pk})
    assert (response.status_code, response.json()) == (400, {"detail": "You cannot request a meeting with yourself."})


def test_run_time_limit_out_of_range_is_refused(world):
    assert call(world, "staff", "post", "/schedule/runs", {"time_limit": 601}).status_code == 422


OPS = [
    ("get", "/participants", None, "participant"),
    ("get", "/requests", None, "participant"),
    ("post", "/requests", {"receiver": 1}, "participant"),
    ("post", "/requests/{request}/answer", {"accept": True}, "participant"),
    ("delete", "/requests/{request}", None, "participant"),
    ("get", "/availability", None, "participant"),
    ("put", "/availability", {"unavailable": []}, "participant"),
    ("get", "/agenda", None, "participant"),
    ("get", "/schedule", None, "organiser"),
    ("post", "/schedule/runs", {"time_limit": 5}, "organiser"),
    ("get", "/schedule/runs/{run}", None, "organiser"),
    ("post", "/schedule/runs/{run}/stop", None, "organiser"),
    ("post", "/schedule/runs/{run}/publish", None, "organiser"),
]


@pytest.mark.parametrize(("method", "path", "body", "who"), OPS, ids=[f"{m} {p}" for m, p, _b, _w in OPS])
@pytest.mark.parametrize("actor", [None, "unapproved", "member", "other_org_member", "seller", "org_admin"])
def test_meetings_api_permission_matrix(world, method, path, body, who, actor):
    world.actors["unapproved"] = UserFactory(approval_status="pending")
    request = MeetingRequest.objects.create(session=world.session, requester=world.buyer, receiver=world.seller)
    run = ScheduleRun.objects.create(session=world.session, status="queued")
    url = path.format(request=request.pk, run=run.pk)

    response = call(world, actor, method, url, body)

    allowed = {"participant": {"seller"}, "organiser": {"org_admin"}}[who]
    if actor is None:
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)
    elif actor == "unapproved":
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
    elif actor in allowed:
        assert response.status_code in (200, 201, 204, 400)
    else:
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert (Meeting.objects.count(), ScheduleRun.objects.filter(stop_requested=True).count() if actor not in allowed else 0) == (0, 0)
